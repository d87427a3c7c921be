from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from earlyhelp.accounts.decorators import staff_page
from earlyhelp.accounts.models import Role
from earlyhelp.need import selectors


@staff_page("accounts.use_service")
def framework(request: HttpRequest) -> HttpResponse:
    authority = request.user.authority
    return render(
        request,
        "need/framework.html",
        {
            "bands": selectors.band_labels_for(authority),
            "outcomes": selectors.headline_outcomes_with_codes(authority),
            "can_edit": request.user.has_role(Role.ADMINISTRATOR),
        },
    )
