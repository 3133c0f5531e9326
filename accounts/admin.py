from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "sponsor", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff", "sponsor"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["sponsor"]
    autocomplete_fields = ["sponsor"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Programa CEE"), {"fields": ("role", "sponsor", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Programa CEE"), {"fields": ("role", "sponsor", "first_name", "last_name", "email")}),
    )
