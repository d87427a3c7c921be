"""Who may do what, as `rules` predicates. Object rules for families arrive with them."""

import rules

from earlyhelp.accounts.models import Role, User


def _has_role(role: Role) -> rules.Predicate:
    @rules.predicate(name=f"is_{role.value}")
    def predicate(user: User) -> bool:
        return bool(user.is_authenticated and user.has_role(role))

    return predicate


is_practitioner = _has_role(Role.PRACTITIONER)
is_family_support_worker = _has_role(Role.FAMILY_SUPPORT_WORKER)
is_targeted_support_officer = _has_role(Role.TARGETED_SUPPORT_OFFICER)
is_front_door_officer = _has_role(Role.FRONT_DOOR_OFFICER)
is_analyst = _has_role(Role.ANALYST)
is_manager = _has_role(Role.MANAGER)
is_administrator = _has_role(Role.ADMINISTRATOR)
is_directory_editor = _has_role(Role.DIRECTORY_EDITOR)


@rules.predicate
def is_staff_member(user: User) -> bool:
    """Signed in, active and holding at least one role."""
    return bool(user.is_authenticated and user.is_active and user.roles)


rules.add_perm("accounts.use_service", is_staff_member)
rules.add_perm("accounts.read_access_log", is_administrator | is_manager)
rules.add_perm("accounts.list_managed_teams", is_manager)
rules.add_perm("accounts.use_admin_site", is_administrator)
