"""The data admin for workshops.

Workshops are planned and corrected here through the same services as the app's pages (their rules,
their history). Attendance, of people and of parents, is shown here but written only by the app's
attendance page: its save sets the whole roster at once and guards against an older form undoing a
newer save, which a row edited here would skip. Their change pages link to that page.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin import AppLinksAdmin, ReadOnlyAdmin, WrittenByTheApp

from .models import Attendance, ParentAttendance, Workshop
from .permissions import can_record_attendance
from .services import EDITABLE_FIELDS, workshop_check, workshop_plan, workshop_update


def attendance_link(request, workshop) -> list[dict]:
    if not can_record_attendance(request.user, workshop):
        return []
    url = reverse("workshops:attendance", args=[workshop.pk])
    return [{"url": url, "label": _("Registrar o corregir la asistencia en la aplicación")}]


class AttendanceInline(WrittenByTheApp, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["teacher", "attended"]


class ParentAttendanceInline(WrittenByTheApp, admin.TabularInline):
    model = ParentAttendance
    extra = 0
    fields = ["school", "count"]


class WorkshopAdminForm(forms.ModelForm):
    """The admin's workshop form, held to the same rules as the services that save it."""

    def _post_clean(self):
        super()._post_clean()
        original = Workshop.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        try:
            workshop_check(self.instance, original=original)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Workshop)
class WorkshopAdmin(AppLinksAdmin):
    form = WorkshopAdminForm
    list_display = ["title", "starts_on", "modality", "program_year", "region", "network"]
    list_filter = ["modality", "program_year", "region", "for_directors", "for_teachers", "for_parents"]
    search_fields = ["title", "network__name", "region__name", "facilitator"]
    list_select_related = ["region", "network"]
    autocomplete_fields = ["region", "network"]
    date_hierarchy = "starts_on"
    inlines = [AttendanceInline, ParentAttendanceInline]
    app_notice = _("La asistencia se registra y corrige en la aplicación (botón de arriba), que guarda el historial.")

    def app_links(self, request, obj):
        return attendance_link(request, obj)

    def save_model(self, request, obj, form, change):
        fields = {name: getattr(obj, name) for name in EDITABLE_FIELDS}
        if change:
            saved = workshop_update(user=request.user, workshop=obj, **fields)
        else:
            saved = workshop_plan(user=request.user, **fields)
        obj.pk, obj.created_at, obj.updated_at = saved.pk, saved.created_at, saved.updated_at


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["workshop", "teacher", "attended"]
    list_filter = ["attended", "workshop__modality"]
    search_fields = ["workshop__title", "teacher__last_name", "teacher__first_name"]
    list_select_related = ["workshop", "teacher"]
    fields = ["workshop", "teacher", "attended", "created_at", "updated_at"]

    def app_links(self, request, obj):
        return attendance_link(request, obj.workshop)


@admin.register(ParentAttendance)
class ParentAttendanceAdmin(ReadOnlyAdmin):
    list_display = ["workshop", "school", "count"]
    search_fields = ["workshop__title", "school__name", "school__codigo_modular"]
    list_select_related = ["workshop", "school"]
    fields = ["workshop", "school", "count", "created_at", "updated_at"]

    def app_links(self, request, obj):
        return attendance_link(request, obj.workshop)
