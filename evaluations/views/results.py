"""A school's assessment results: the trend page (table and chart), and entering or correcting one result
(staff, one at a time; files are imported on another page)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin
from core.forms import apply_service_errors

from .. import permissions, selectors, services
from ..forms import ResultForm
from ..models import AssessmentResult
from ..national import NATIONAL_SATISFACTORIO, SOURCE
from .charts import NARROW, WIDE, trend_chart


def latest_national() -> list[dict]:
    """The most recent national figure per grade and subject, for the note under the tables."""
    labels = dict(AssessmentResult.Subject.choices)
    latest = []
    for (grade, subject), by_year in NATIONAL_SATISFACTORIO.items():
        year = max(by_year)
        latest.append({"grade": grade, "subject": labels[subject], "year": year, "value": by_year[year]})
    return latest


class SchoolResultsView(PermissionGateMixin, TemplateView):
    """The school's % per level by year, per grade and subject, against the country and its own first year."""

    gate = staticmethod(permissions.can_see_school_tier)
    template_name = "evaluations/school_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        school = selectors.school_tier_school_get(user=user, pk=kwargs["pk"])
        trend = selectors.school_results_trend(school=school)
        for item in trend["trends"]:
            item.chart, item.narrow_chart = trend_chart(item, WIDE), trend_chart(item, NARROW)
        context.update(
            school=school,
            first_year=trend["first_year"],
            trends=trend["trends"],
            levels=trend["levels"],
            national_source=SOURCE,
            latest_national=latest_national(),
            can_enter=permissions.can_enter_results(user),
        )
        return context


class ResultCreateView(PermissionGateMixin, View):
    gate = staticmethod(permissions.can_enter_results)
    template_name = "evaluations/result_form.html"

    def get(self, request, pk):
        school = selectors.school_tier_school_get(user=request.user, pk=pk)
        return self.render(ResultForm(), school=school)

    def post(self, request, pk):
        school = selectors.school_tier_school_get(user=request.user, pk=pk)
        form = ResultForm(request.POST)
        if form.is_valid():
            try:
                services.result_create(user=request.user, school=school, **form.result_fields)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Resultado guardado."))
                return redirect("evaluations:school-results", pk=school.pk)
        return self.render(form, school=school, status=400)

    def render(self, form, *, school, result=None, status=200):
        context = {"form": form, "school": school, "result": result}
        return render(self.request, self.template_name, context, status=status)


class ResultEditView(ResultCreateView):
    """Staff correct a result (its history keeps who changed what)."""

    def get(self, request, pk):
        result = selectors.result_get(user=request.user, pk=pk)
        initial = {name: getattr(result, name) for name in services.results.RESULT_FIELDS}
        return self.render(ResultForm(initial=initial), school=result.school, result=result)

    def post(self, request, pk):
        result = selectors.result_get(user=request.user, pk=pk)
        form = ResultForm(request.POST)
        if form.is_valid():
            try:
                services.result_update(user=request.user, result=result, **form.result_fields)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Cambios guardados."))
                return redirect("evaluations:school-results", pk=result.school_id)
        return self.render(form, school=result.school, result=result, status=400)
