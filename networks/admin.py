from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Competency,
    CoordinatorAssignment,
    CurriculumYear,
    Network,
    NetworkMeeting,
    Visit,
    VisitPhoto,
    VisitScore,
)


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 0


@admin.register(CurriculumYear)
class CurriculumYearAdmin(admin.ModelAdmin):
    list_display = ["number", "focus_es", "focus_en"]
    search_fields = ["focus_es", "focus_en"]
    inlines = [CompetencyInline]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["year", "order", "name_es"]
    list_filter = ["year"]
    search_fields = ["name_es", "name_en"]


class AssignmentInline(admin.TabularInline):
    model = CoordinatorAssignment
    extra = 0
    autocomplete_fields = ["coordinator"]


@admin.register(Network)
class NetworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "cohort_start_year"]
    list_filter = ["region", "cohort_start_year"]
    search_fields = ["name", "region__name"]
    list_select_related = ["region"]
    inlines = [AssignmentInline]


@admin.register(CoordinatorAssignment)
class CoordinatorAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["network", "coordinator", "starts_on", "ends_on"]
    list_filter = ["network__region"]
    search_fields = ["network__name", "coordinator__username", "coordinator__last_name"]
    list_select_related = ["network", "coordinator"]
    autocomplete_fields = ["network", "coordinator"]


def photo_link(photo):
    """Photos are private: the admin links to the scoped view that serves them, never to a file URL."""
    url = reverse("networks:visit-photo", args=[photo.pk])
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Ver foto"))


class VisitScoreInline(admin.TabularInline):
    model = VisitScore
    extra = 0
    autocomplete_fields = ["competency"]


class VisitPhotoInline(admin.TabularInline):
    model = VisitPhoto
    extra = 0
    fields = ["photo_link", "width", "height", "consent_recorded", "approved_at", "approved_by"]
    readonly_fields = ["photo_link", "width", "height", "approved_at", "approved_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # photos arrive with the visit, re-encoded by the service

    @admin.display(description=_("foto"))
    def photo_link(self, photo):
        return photo_link(photo)


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "school", "teacher", "coordinator", "program_year"]
    list_filter = ["kind", "program_year", "school__district__province__region"]
    search_fields = ["school__name", "school__codigo_modular", "teacher__last_name", "coordinator__username"]
    list_select_related = ["school", "teacher", "coordinator"]
    autocomplete_fields = ["school", "teacher", "coordinator"]
    date_hierarchy = "date"
    readonly_fields = ["client_uuid", "version"]
    inlines = [VisitScoreInline, VisitPhotoInline]


@admin.register(VisitPhoto)
class VisitPhotoAdmin(SimpleHistoryAdmin):
    list_display = ["visit", "created_at", "consent_recorded", "approved_at", "approved_by"]
    list_filter = ["consent_recorded", ("approved_at", admin.EmptyFieldListFilter)]
    search_fields = ["visit__school__name", "visit__school__codigo_modular"]
    list_select_related = ["visit__school", "approved_by"]
    fields = ["visit", "photo_link", "width", "height", "size_bytes", "consent_recorded", "approved_at", "approved_by"]
    readonly_fields = ["visit", "photo_link", "width", "height", "size_bytes", "approved_at", "approved_by"]

    def has_add_permission(self, request):
        return False  # photos arrive with the visit, re-encoded by the service

    @admin.display(description=_("foto"))
    def photo_link(self, photo):
        return photo_link(photo)


@admin.register(NetworkMeeting)
class NetworkMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "network", "coordinator", "directors", "teachers", "parents"]
    list_filter = ["network__region"]
    search_fields = ["network__name", "decisions", "agreements"]
    list_select_related = ["network", "coordinator"]
    autocomplete_fields = ["network", "coordinator"]
    date_hierarchy = "date"
    readonly_fields = ["client_uuid"]
