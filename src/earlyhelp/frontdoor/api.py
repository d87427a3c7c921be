from ninja import Router

router = Router(tags=["front door"])
