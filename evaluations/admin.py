"""The data admin for goals, assessment results and monitoring reports.

Goals and results are written here through the same services as the app's pages (their rules, the
reason a goal's baseline or target needs once its school year has started, the history). A goal's
progress entries are shown read-only: they are recorded on the app's progress page, which also keeps
the goal's latest value.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin

from .models import AssessmentResult, GoalProgress, MonitoringReport, SchoolGoal
from .services.goals import GOAL_FIELDS, REASON_MAX_LENGTH, goal_create, goal_reason_check, goal_update
from .services.results import RESULT_FIELDS, result_check, result_create, result_update


class GoalProgressInline(admin.TabularInline):
    """Read-only for everyone: a measure is recorded on the app's page, which keeps the goal's latest value."""

    model = GoalProgress
    extra = 0
    fields = ["measured_on", "value", "note", "recorded_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SchoolGoalAdminForm(forms.ModelForm):
    """The goal with the reason for a change, held to the rules of `goal_update`."""

    change_reason = forms.CharField(
        label=_("Motivo del cambio"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        help_text=_("Obligatorio si cambia la línea de base o la meta después del 1 de marzo del año escolar."),
    )

    class Meta:
        model = SchoolGoal
        fields = ["school", "school_year", *GOAL_FIELDS]

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk is None or self.errors:
            return
        saved = SchoolGoal.objects.get(pk=self.instance.pk)
        changes = {name: getattr(self.instance, name) for name in GOAL_FIELDS}
        try:
            goal_reason_check(goal=saved, changes=changes, change_reason=self.cleaned_data.get("change_reason", ""))
        except ValidationError as error:
            self._update_errors(error)


@admin.register(SchoolGoal)
class SchoolGoalAdmin(HistoryAdmin):
    form = SchoolGoalAdminForm
    list_display = ["school", "school_year", "area", "indicator", "baseline", "target", "latest_value"]
    list_filter = ["school_year", "area"]
    search_fields = ["school__name", "school__codigo_modular", "indicator"]
    list_select_related = ["school"]
    autocomplete_fields = ["school"]
    inlines = [GoalProgressInline]

    def get_readonly_fields(self, request, obj=None):
        # A goal stays with its school and year; its latest value follows its progress entries.
        fixed = ["school", "school_year"] if obj is not None else []
        return [*fixed, "latest_value", "latest_measured_on"]

    def save_model(self, request, obj, form, change):
        fields = {name: getattr(obj, name) for name in GOAL_FIELDS}
        if change:
            goal_update(user=request.user, goal=obj, change_reason=form.cleaned_data.get("change_reason", ""), **fields)
        else:
            goal = goal_create(user=request.user, school=obj.school, school_year=obj.school_year, **fields)
            obj.pk = goal.pk
            obj._state.adding = False


class AssessmentResultAdminForm(forms.ModelForm):
    """A result held to the rules of `result_check` (levels add up, evaluated not above programmed...)."""

    class Meta:
        model = AssessmentResult
        fields = ["school", *RESULT_FIELDS]

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            result_check(self.instance)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(AssessmentResult)
class AssessmentResultAdmin(HistoryAdmin):
    form = AssessmentResultAdminForm
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

    def get_readonly_fields(self, request, obj=None):
        return ["school"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        fields = {name: getattr(obj, name) for name in RESULT_FIELDS}
        if change:
            result_update(user=request.user, result=obj, **fields)
        else:
            result = result_create(user=request.user, school=obj.school, **fields)
            obj.pk = result.pk
            obj._state.adding = False


@admin.register(MonitoringReport)
class MonitoringReportAdmin(admin.ModelAdmin):
    """Read only: reports are requested, retried and versioned on their own pages (evaluations.services.reports),
    the one write path; the admin shows the jobs and their deliveries to whoever keeps the data right."""

    list_display = ["created_at", "scope", "key", "version", "format", "status", "attempts", "requested_by"]
    list_filter = ["status", "scope", "format", "scheduled"]
    search_fields = ["key", "region__name", "network__name", "sponsor__name", "error"]
    list_select_related = ["region", "network", "sponsor", "requested_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
