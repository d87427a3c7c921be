from ninja import Router

router = Router(tags=["programmes"])
