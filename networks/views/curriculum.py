"""The five-year curriculum: a page for everyone signed in, and staff's edit of one year."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin
from core.forms import apply_service_errors

from .. import permissions, selectors, services
from ..forms.curriculum import CompetencyFormSet, CurriculumYearForm
from ..models import CurriculumYear


class CurriculumView(PermissionGateMixin, TemplateView):
    """Each program year: its focus, what it asks of coordinators and of schools, and its rubric."""

    gate = staticmethod(permissions.can_read_curriculum)
    template_name = "networks/curriculum.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "years": selectors.curriculum(),
            "can_edit": permissions.can_edit_curriculum(self.request.user),
        }


class CurriculumYearEditView(PermissionGateMixin, View):
    """Staff change a program year's words and rubric, with a reason kept in history."""

    gate = staticmethod(permissions.can_edit_curriculum)
    template_name = "networks/curriculum_edit.html"

    def _year(self, number) -> CurriculumYear:
        year = selectors.curriculum_year(number)
        if year is None:
            raise Http404
        return year

    def _forms(self, year, data=None):
        initial = [
            {"id": c.pk, "name_es": c.name_es, "name_en": c.name_en, "is_active": c.is_active}
            for c in year.competencies.all()
        ]
        return CurriculumYearForm(data=data, instance=year), CompetencyFormSet(data=data, initial=initial)

    def _render(self, year, form, formset, status=200):
        context = {"year": year, "form": form, "formset": formset}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, number):
        year = self._year(number)
        return self._render(year, *self._forms(year))

    def post(self, request, number):
        year = self._year(number)
        form, formset = self._forms(year, data=request.POST)
        if form.is_valid() and formset.is_valid():
            competencies = [
                {k: f.cleaned_data.get(k) for k in ("id", "name_es", "name_en", "is_active")}
                for f in formset.forms
                if f.has_changed() or f.cleaned_data.get("id")
                if not f.is_new_and_blank
            ]
            changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.curriculum_year_update(
                    user=request.user,
                    year=year,
                    reason=form.cleaned_data["reason"],
                    competencies=competencies,
                    **changes,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Currículo actualizado. El cambio quedó en el historial."))
                return redirect("networks:curriculum")
        return self._render(year, form, formset, status=400)
