from django.http import HttpRequest
from ninja import Router, Schema

from earlyhelp.need import selectors

router = Router(tags=["need"])


class BandOut(Schema):
    band: str
    label: str
    description: str
    who_helps: str


class IssueCodeOut(Schema):
    code: str
    headline_outcome: str
    need: str
    local: bool


@router.get("/bands", response=list[BandOut], summary="The five bands with your authority's labels")
def bands(request: HttpRequest) -> list[BandOut]:
    return [
        BandOut(band=b.band, label=b.label, description=b.description, who_helps=b.who_helps)
        for b in selectors.band_labels_for(request.user.authority)
    ]


@router.get("/issue-codes", response=list[IssueCodeOut], summary="Issue codes in use")
def issue_codes(request: HttpRequest) -> list[IssueCodeOut]:
    return [
        IssueCodeOut(
            code=code.code,
            headline_outcome=code.headline_outcome.label,
            need=code.need,
            local=code.local_to_id is not None,
        )
        for code in selectors.issue_codes_for(request.user.authority)
    ]
