from django.contrib.auth.backends import BaseBackend

# IPAE staff keep the program's data right: every permission on these apps' models.
PROGRAM_APPS = ("schools", "networks", "workshops", "evaluations")
# ...and they manage people's accounts, but never delete one (deactivate instead: history stays).
ACCOUNT_PERMISSIONS = ("accounts.view_user", "accounts.add_user", "accounts.change_user")


class RolePermissionBackend(BaseBackend):
    """Permissions that follow from the role, so no one has to hand them out model by model."""

    def _is_program_staff(self, user_obj) -> bool:
        return bool(user_obj.is_active and getattr(user_obj, "is_ipae_staff", False))

    def has_perm(self, user_obj, perm, obj=None):
        if not self._is_program_staff(user_obj):
            return False
        return perm.split(".", 1)[0] in PROGRAM_APPS or perm in ACCOUNT_PERMISSIONS

    def has_module_perms(self, user_obj, app_label):
        return self._is_program_staff(user_obj) and (app_label in PROGRAM_APPS or app_label == "accounts")
