"""Coverage of the workshops in a school year: per network (coordinators, staff) and per region (staff)."""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin
from networks.models import program_year_label
from networks.selectors import networks_visible_to

from .. import permissions, selectors
from ..forms import CoverageYearForm


class CoverageMixin:
    def year_form(self) -> CoverageYearForm:
        return CoverageYearForm(self.request.GET or None)


class NetworkCoverageView(PermissionGateMixin, CoverageMixin, TemplateView):
    """A network's people reached and parents per school; who missed every workshop, to act on."""

    gate = staticmethod(permissions.can_see_workshops)
    template_name = "workshops/coverage_network.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        network = get_object_or_404(networks_visible_to(user).select_related("region"), pk=kwargs["pk"])
        form = self.year_form()
        coverage = selectors.network_coverage(user=user, network=network, year=form.year)
        context.update(
            network=network,
            form=form,
            coverage=coverage,
            program_year=program_year_label(network.program_year_on(coverage.on)),
            can_see_region=permissions.can_see_region_coverage(user),
            can_plan=permissions.can_plan_workshop(user, network),
        )
        return context


class RegionCoverageView(PermissionGateMixin, CoverageMixin, TemplateView):
    """Staff: a region's networks side by side, each linking to its own coverage page."""

    gate = staticmethod(permissions.can_see_region_coverage)
    template_name = "workshops/coverage_region.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = get_object_or_404(selectors.regions_visible_to(self.request.user), pk=kwargs["pk"])
        form = self.year_form()
        coverage = selectors.region_coverage(region=region, year=form.year)
        for row in coverage.rows:
            row.program_year_label = program_year_label(row.program_year)
        context.update(region=region, form=form, coverage=coverage)
        return context
