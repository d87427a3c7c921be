"""The service navigation: which links a user sees depends on their roles.

Each item names a permission (see rules.py); later features add their items here.
"""

from dataclasses import dataclass

from django.urls import reverse

from earlyhelp.accounts.models import User


@dataclass(frozen=True)
class NavigationItem:
    label: str
    url_name: str
    permission: str


NAVIGATION = [
    NavigationItem("My work", "dashboard", "accounts.use_service"),
    NavigationItem("Due and overdue", "oversight:due", "accounts.use_service"),
    NavigationItem("Families", "people:family-list", "accounts.use_service"),
    NavigationItem("Front door", "frontdoor:queue", "frontdoor.decide_requests"),
    NavigationItem("Requests", "frontdoor:request-list", "frontdoor.make_request"),
    NavigationItem("Support Line", "support:call-list", "support.view_calls"),
    NavigationItem("Interventions", "support:intervention-list", "support.allocate_interventions"),
    NavigationItem("Programmes", "programmes:programme-list", "programmes.view_programmes"),
    NavigationItem("Training", "programmes:training-list", "programmes.view_training"),
    NavigationItem("Coding", "coding:review", "coding.review_codes"),
    NavigationItem("Safeguarding", "coding:flags", "coding.view_flags"),
    NavigationItem("Reports", "reports:dashboard", "reports.view_reports"),
    NavigationItem("Planning", "planning:planning", "planning.view_planning"),
    NavigationItem("Monitoring", "oversight:monitoring", "oversight.view_monitoring"),
    NavigationItem("Service gaps", "directory_staff:gaps", "directory.view_gaps"),
    NavigationItem("My teams", "accounts:my-teams", "accounts.list_managed_teams"),
    NavigationItem("Levels of need", "need:framework", "accounts.use_service"),
    NavigationItem("Access log", "accounts:access-log", "accounts.read_access_log"),
    NavigationItem("Administration", "admin:index", "accounts.use_admin_site"),
]


def navigation_for(user: User, current_path: str) -> list[dict[str, object]]:
    items = []
    for item in NAVIGATION:
        if not user.has_perm(item.permission):
            continue
        href = reverse(item.url_name)
        items.append(
            {
                "text": item.label,
                "href": href,
                "active": current_path == href or (href != "/" and current_path.startswith(href)),
            }
        )
    return items
