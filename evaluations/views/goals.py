"""A school's goals: the list by school year, setting and changing a goal, a goal's page with its measures
and history, and recording a measure (on a phone, in the field)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin
from core.forms import apply_service_errors
from networks.selectors import network_of

from .. import permissions, selectors, services
from ..forms import GoalForm, ProgressForm, YearChoiceForm
from ..models import school_year_has_started


class SchoolGoalListView(PermissionGateMixin, TemplateView):
    """The goals of one school for one school year (`?year=`), each with its status and latest measure."""

    gate = staticmethod(permissions.can_see_school_tier)
    template_name = "evaluations/goal_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        school = selectors.school_tier_school_get(user=user, pk=kwargs["pk"])
        today = timezone.localdate()
        year, refused = YearChoiceForm(self.request.GET).year_or(today.year)
        if refused:
            messages.warning(
                self.request, _("El año indicado no es válido: se muestran las metas de %(year)s.") % {"year": year}
            )
        goals = selectors.goal_list(school=school, year=year)
        school.network = network_of(school, today)
        context.update(
            school=school,
            year=year,
            years=selectors.goal_years(school, today),
            goals=goals,
            status_counts=selectors.goal_status_counts(goals),
            can_record=permissions.can_record_goal(user, school),
        )
        return context


class GoalFormView(PermissionGateMixin, View):
    gate = staticmethod(permissions.can_record_goals)
    template_name = "evaluations/goal_form.html"

    def render(self, form, *, school, goal=None, status=200):
        started = goal is not None and school_year_has_started(goal.school_year, timezone.localdate())
        context = {"form": form, "school": school, "goal": goal, "year_started": started}
        return render(self.request, self.template_name, context, status=status)


class GoalCreateView(GoalFormView):
    """Record a goal the school agreed. The school comes from the URL; `?year=` proposes the school year."""

    def _school(self, pk):
        school = selectors.school_tier_school_get(user=self.request.user, pk=pk)
        if not permissions.can_record_goal(self.request.user, school):
            raise PermissionDenied
        return school

    def get(self, request, pk):
        school = self._school(pk)
        form = GoalForm(editing=False)
        year, _refused = YearChoiceForm(request.GET).year_or(timezone.localdate().year)
        if form.fields["school_year"].min_value <= year <= form.fields["school_year"].max_value:
            form.initial["school_year"] = year
        return self.render(form, school=school)

    def post(self, request, pk):
        school = self._school(pk)
        form = GoalForm(request.POST, editing=False)
        if form.is_valid():
            try:
                goal = services.goal_create(
                    user=request.user, school=school, school_year=form.cleaned_data["school_year"], **form.goal_fields
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Meta guardada."))
                return redirect("evaluations:goal-detail", pk=goal.pk)
        return self.render(form, school=school, status=400)


class GoalEditView(GoalFormView):
    """Change a goal; after 1 March of its school year, a new baseline or target needs a reason."""

    def _goal(self, pk):
        goal = selectors.goal_get(user=self.request.user, pk=pk)
        if not permissions.can_record_goal(self.request.user, goal.school):
            raise PermissionDenied
        return goal

    def get(self, request, pk):
        goal = self._goal(pk)
        initial = {name: getattr(goal, name) for name in services.goals.GOAL_FIELDS}
        return self.render(GoalForm(initial=initial, editing=True), school=goal.school, goal=goal)

    def post(self, request, pk):
        goal = self._goal(pk)
        form = GoalForm(request.POST, editing=True)
        if form.is_valid():
            try:
                services.goal_update(
                    user=request.user,
                    goal=goal,
                    change_reason=form.cleaned_data["change_reason"],
                    **form.goal_fields,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Cambios guardados."))
                return redirect("evaluations:goal-detail", pk=goal.pk)
        return self.render(form, school=goal.school, goal=goal, status=400)


class GoalDetailView(PermissionGateMixin, TemplateView):
    """A goal: who agreed it, its status, its measures through the year and who changed what."""

    gate = staticmethod(permissions.can_see_school_tier)
    template_name = "evaluations/goal_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        goal = selectors.goal_get(user=user, pk=kwargs["pk"])
        context.update(
            goal=goal,
            school=goal.school,
            entries=selectors.goal_progress_entries(goal),
            changes=selectors.goal_changes(goal),
            can_record=permissions.can_record_goal(user, goal.school),
        )
        return context


class GoalProgressCreateView(PermissionGateMixin, View):
    """Record a measure of a goal, on a phone. A repeated submit (same client UUID) records it once."""

    gate = staticmethod(permissions.can_record_goals)
    template_name = "evaluations/goal_progress_form.html"

    def _goal(self, pk):
        goal = selectors.goal_get(user=self.request.user, pk=pk)
        if not permissions.can_record_goal(self.request.user, goal.school):
            raise PermissionDenied
        return goal

    def get(self, request, pk):
        goal = self._goal(pk)
        return self.render(ProgressForm(), goal)

    def post(self, request, pk):
        goal = self._goal(pk)
        form = ProgressForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                _entry, created = services.goal_progress_record(
                    user=request.user,
                    goal=goal,
                    client_uuid=data["client_uuid"],
                    measured_on=data["measured_on"],
                    value=data["value"],
                    note=data["note"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if created:
                    messages.success(request, _("Avance guardado."))
                else:
                    messages.info(request, _("Este avance ya estaba guardado: no se duplicó."))
                return redirect(reverse("evaluations:goal-detail", args=[goal.pk]))
        return self.render(form, goal, status=400)

    def render(self, form, goal, status=200):
        context = {"form": form, "goal": goal, "school": goal.school}
        return render(self.request, self.template_name, context, status=status)
