"""Model permissions for the admin site, from the administrator role.

Administrators keep reference data and accounts in the admin site. They get model-level
permissions for those apps only, never object permissions: seeing a family always needs
a rule of its own, whoever you are. This is why administrators are not superusers.
"""

from django.contrib.auth.backends import BaseBackend

from earlyhelp.accounts.models import Role, User

ADMINISTERED_APPS = {"need", "accounts", "auth", "otp_totp", "axes"}
ACTIONS = {"view", "add", "change", "delete"}
READ_ONLY_MODELS = {"accesslog", "group", "accessattempt", "accessfailurelog", "totpdevice"}
# Of the read-only models, those an administrator may delete: a lockout (to unlock an
# account) and an authenticator (to reset a lost phone).
DELETABLE_READ_ONLY_MODELS = {"accessattempt", "totpdevice"}


class AdministratorBackend(BaseBackend):
    def has_perm(self, user_obj: User, perm: str, obj: object = None) -> bool:  # type: ignore[override]
        if obj is not None or not _is_administrator(user_obj):
            return False
        app_label, _, codename = perm.partition(".")
        action, _, model = codename.partition("_")
        if app_label not in ADMINISTERED_APPS or action not in ACTIONS:
            return False
        if model in READ_ONLY_MODELS and action != "view":
            return action == "delete" and model in DELETABLE_READ_ONLY_MODELS
        return True

    def has_module_perms(self, user_obj: User, app_label: str) -> bool:  # type: ignore[override]
        return _is_administrator(user_obj) and app_label in ADMINISTERED_APPS


def _is_administrator(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.ADMINISTRATOR))
