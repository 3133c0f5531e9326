"""Accounts in the data admin. Who manages whose account, and what they may set, is accounts.permissions' rule."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Role, User
from .permissions import (
    can_grant_admin_access,
    can_grant_permissions,
    can_manage_user,
    roles_assignable_by,
    users_manageable_by,
)
from .services import user_sessions_end

# Fields that reach past the roles, by the predicate that lets someone see and set them.
PERMISSION_FIELDS = ("is_superuser", "groups", "user_permissions")
ADMIN_ACCESS_FIELDS = ("is_staff",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """IPAE staff manage coordinator and sponsor accounts; administrators manage everyone.

    An account the person may not manage does not exist for them here (get_queryset), so its change,
    password, history and delete pages answer as for a missing object. Fields that would hand out more
    than a role gives are not in the form of someone who may not give them, so a posted value is ignored,
    and the role offers only the roles the person may give.
    """

    list_display = ["username", "get_full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email"]
    # A sponsor user is invited, and linked to the company, on the company's page (/auspiciadores/).
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Programa CEE"), {"fields": ("role", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Programa CEE"), {"fields": ("role", "first_name", "last_name", "email")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_sessions_end(user=obj)  # switched off here too: their open sessions end at once

    def get_queryset(self, request):
        return users_manageable_by(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or can_manage_user(request.user, obj))

    # The password page asks this too (with the user looked up through get_queryset).
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or can_manage_user(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or can_manage_user(request.user, obj))

    def _hidden_fields(self, request) -> set[str]:
        hidden = set()
        if not can_grant_permissions(request.user):
            hidden.update(PERMISSION_FIELDS)
        if not can_grant_admin_access(request.user):
            hidden.update(ADMIN_ACCESS_FIELDS)
        return hidden

    def get_fieldsets(self, request, obj=None):
        # The form is built from these fieldsets: a hidden field is not in it, so a posted value is ignored.
        hidden = self._hidden_fields(request)
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [field for field in options["fields"] if field not in hidden]
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def get_list_filter(self, request):
        hidden = self._hidden_fields(request)
        return [name for name in super().get_list_filter(request) if name not in hidden]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            assignable = roles_assignable_by(request.user)
            kwargs["choices"] = [(value, label) for value, label in Role.choices if value in assignable]
            if db_field.default not in assignable and assignable:
                kwargs["initial"] = assignable[0]
        return super().formfield_for_choice_field(db_field, request, **kwargs)
