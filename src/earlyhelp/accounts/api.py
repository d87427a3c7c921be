from django.http import HttpRequest
from ninja import Router, Schema

from earlyhelp.accounts import selectors

router = Router(tags=["accounts"])


class TeamOut(Schema):
    id: str
    name: str
    district: str | None


class MeOut(Schema):
    email: str
    name: str
    authority: str | None
    agency: str | None
    roles: list[str]
    teams: list[TeamOut]


@router.get("/me", response=MeOut, summary="The signed-in user, their roles and teams")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        email=user.email,
        name=user.get_full_name(),
        authority=user.authority.name if user.authority else None,
        agency=user.agency.name if user.agency else None,
        roles=sorted(user.roles),
        teams=[
            TeamOut(
                id=str(team.public_id),
                name=team.name,
                district=team.district.name if team.district else None,
            )
            for team in selectors.teams_of(user)
        ],
    )
