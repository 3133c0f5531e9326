"""Staff: every network with its coordinator, and handing a network to another coordinator."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin
from core.forms import apply_service_errors

from .. import permissions, selectors, services
from ..forms import CoordinatorSearchForm, ReassignForm


class NetworkListView(PermissionGateMixin, TemplateView):
    """Staff: every network with its coordinator today, its year and its size."""

    gate = staticmethod(permissions.can_manage_networks)
    template_name = "networks/network_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        region = self.request.GET.get("region", "")
        networks, region_name = selectors.network_list(user=self.request.user, region_code=region, on=today)
        page = Paginator(networks, 50).get_page(self.request.GET.get("page"))
        focus_map = selectors.focus_by_year()
        for network in page:
            network.program_year = network.program_year_on(today)
            network.graduated = network.is_graduated_on(today)
            network.focus = selectors.program_year_focus(network.program_year, focus_map)
            network.current = network.current_assignments[0] if network.current_assignments else None
        context.update(page=page, region=region, region_name=region_name, query=f"region={region}" if region else "")
        return context


class NetworkDetailView(PermissionGateMixin, TemplateView):
    """A network: its coordinator, its program year this year and before, what this year asks, its schools."""

    gate = staticmethod(permissions.can_use_field_work)
    template_name = "networks/network_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        network = get_object_or_404(selectors.networks_visible_to(user).select_related("region"), pk=kwargs["pk"])
        today = timezone.localdate()
        program_year = network.program_year_on(today)
        year = selectors.curriculum().filter(number=program_year).first() if program_year else None
        context.update(
            network=network,
            program_year=program_year,
            year=year,
            focus=year.focus if year and network.program_year_in_force(today) else None,
            years=selectors.network_years(network, today=today),
            coordinator=selectors.coordinator_of(network, today),
            schools=selectors.network_schools(network, today),
            can_reassign=permissions.can_manage_networks(user),
        )
        return context


class NetworkReassignView(PermissionGateMixin, View):
    """Staff hand a network to another coordinator; the choice is the region's people, or a search."""

    gate = staticmethod(permissions.can_manage_networks)
    template_name = "networks/network_reassign.html"

    def _render(self, network, form, search_form, status=200):
        history = selectors.assignment_history(network)
        context = {"network": network, "form": form, "search_form": search_form, "assignments": history}
        return render(self.request, self.template_name, context, status=status)

    def _search(self):
        search_form = CoordinatorSearchForm(self.request.GET)
        search_form.is_valid()
        return search_form, search_form.cleaned_data.get("buscar", "")

    def get(self, request, pk):
        network = get_object_or_404(selectors.networks_visible_to(request.user), pk=pk)
        search_form, search = self._search()
        coordinators = selectors.coordinators_for_network(network, search=search)
        return self._render(network, ReassignForm(coordinators=coordinators), search_form)

    def post(self, request, pk):
        network = get_object_or_404(selectors.networks_visible_to(request.user), pk=pk)
        search_form, search = self._search()
        # Anyone a search could offer may be chosen; after an error the page shows the list searched for.
        form = ReassignForm(request.POST, coordinators=selectors.coordinators_for_network(network, everyone=True))
        if form.is_valid():
            try:
                services.network_coordinator_reassign(
                    user=request.user,
                    network=network,
                    coordinator=form.cleaned_data["coordinator"],
                    starts_on=form.cleaned_data["starts_on"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Coordinación de la red actualizada."))
                return redirect("networks:network-list")
        form.fields["coordinator"].queryset = selectors.coordinators_for_network(
            network, search=search, including=form.cleaned_data.get("coordinator")
        )
        return self._render(network, form, search_form, status=400)
