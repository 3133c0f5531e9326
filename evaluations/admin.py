from django.contrib import admin

from core.admin import HistoryAdmin

from .models import AssessmentResult, MonitoringReport, SchoolGoal


@admin.register(SchoolGoal)
class SchoolGoalAdmin(HistoryAdmin):
    list_display = ["school", "school_year", "area", "indicator", "baseline", "target", "latest_value"]
    list_filter = ["school_year", "area"]
    search_fields = ["school__name", "school__codigo_modular", "indicator"]
    list_select_related = ["school"]
    autocomplete_fields = ["school"]


@admin.register(AssessmentResult)
class AssessmentResultAdmin(HistoryAdmin):
    list_display = [
        "school",
        "year",
        "grade",
        "subject",
        "students_evaluated",
        "level_satisfactorio",
        "mean_score",
    ]
    list_filter = ["year", "grade", "subject", "school__area_type"]
    search_fields = ["school__name", "school__codigo_modular"]
    list_select_related = ["school"]
    autocomplete_fields = ["school"]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "scope", "period_start", "period_end", "format", "status", "attempts"]
    list_filter = ["status", "scope", "format"]
    search_fields = ["region__name", "network__name", "sponsor__name", "school__name", "error"]
    list_select_related = ["region", "network", "sponsor", "school"]
    autocomplete_fields = ["region", "network", "sponsor", "school", "requested_by"]
    readonly_fields = ["started_at", "finished_at", "error", "attempts"]
