from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Competency, CoordinatorAssignment, CurriculumYear, Network, NetworkMeeting, Visit


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


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "school", "teacher", "coordinator", "program_year"]
    list_filter = ["kind", "program_year", "school__district__province__region"]
    search_fields = ["school__name", "school__codigo_modular", "teacher__last_name", "coordinator__username"]
    list_select_related = ["school", "teacher", "coordinator"]
    autocomplete_fields = ["school", "teacher", "coordinator"]
    date_hierarchy = "date"
    readonly_fields = ["client_uuid"]


@admin.register(NetworkMeeting)
class NetworkMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "network", "coordinator", "directors", "teachers", "parents"]
    list_filter = ["network__region"]
    search_fields = ["network__name", "decisions", "agreements"]
    list_select_related = ["network", "coordinator"]
    autocomplete_fields = ["network", "coordinator"]
    date_hierarchy = "date"
    readonly_fields = ["client_uuid"]
