"""Workshops: the list (filtered in the URL), a workshop's page, planning one and changing it."""

import contextlib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin, is_ipae_staff
from core.forms import apply_service_errors
from core.pagination import PAGE_SIZE
from networks.selectors import networks_visible_to

from .. import permissions, selectors, services
from ..forms import WorkshopFilterForm, WorkshopForm


def visible_workshop(user, pk) -> object:
    """The workshop if the person sees it (404 otherwise, the same as a missing one)."""
    workshops = selectors.workshops_visible_to(user).select_related("network__region", "region")
    return get_object_or_404(workshops, pk=pk)


class WorkshopListView(PermissionGateMixin, TemplateView):
    """The workshops a person sees, newest first, by year and network or region; links to coverage."""

    gate = staticmethod(permissions.can_see_workshops)
    template_name = "workshops/workshop_list.html"

    @staticmethod
    def networks_offered(networks, filters):
        """The network filter lists the chosen region's networks; all of them only while they are few."""
        chosen = Q(pk=filters["network"].pk) if "network" in filters else Q(pk__in=[])
        if "region" in filters:
            return networks.filter(Q(region=filters["region"]) | chosen)
        if networks.count() > settings.CEE_LONG_CHOICE:
            return networks.filter(chosen)
        return networks

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        networks = networks_visible_to(user).select_related("region").order_by("name")
        regions = selectors.regions_visible_to(user).filter(is_program_region=True).order_by("name")
        form = WorkshopFilterForm(self.request.GET or None, networks=networks, regions=regions)
        filters = form.valid_filters()
        form.fields["network"].queryset = self.networks_offered(networks, filters)
        workshops = selectors.workshop_list(
            user=user, year=filters.get("year"), network=filters.get("network"), region=filters.get("region")
        )
        page = Paginator(workshops, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        year = filters.get("year") or timezone.localdate().year
        staff = is_ipae_staff(user)
        context.update(
            filter_form=form,
            page=page,
            query=query.urlencode(),
            coverage_year=min(year, timezone.localdate().year),
            coverage_networks=[filters["network"]] if "network" in filters else ([] if staff else list(networks)),
            coverage_region=filters.get("region") if staff else None,
            coverage_regions=list(regions) if staff and "region" not in filters else [],
            can_plan=permissions.can_plan_workshops(user),
            today=timezone.localdate(),
        )
        return context


class WorkshopDetailView(PermissionGateMixin, TemplateView):
    """A workshop: what, when, where, for whom; the invited schools and who came from each."""

    gate = staticmethod(permissions.can_see_workshops)
    template_name = "workshops/workshop_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        workshop = visible_workshop(user, kwargs["pk"])
        roster = selectors.attendance_roster(workshop)
        context.update(
            workshop=workshop,
            roster=roster,
            summary=roster.summary,
            is_future=workshop.is_future(timezone.localdate()),
            can_update=permissions.can_update_workshop(user, workshop),
            can_record=permissions.can_record_attendance(user, workshop),
        )
        return context


class WorkshopFormView(PermissionGateMixin, View):
    """What planning and changing share: the form offers the person's networks (and regions, for staff)."""

    gate = staticmethod(permissions.can_plan_workshops)
    template_name = "workshops/workshop_form.html"

    def build_form(self, data=None, initial=None, region_code=""):
        """The plan's form. Posted, it accepts any network the person may plan for; shown, it offers the
        networks of the region chosen in the URL (`?region=`) when there are too many to list at once."""
        user = self.request.user
        networks = selectors.networks_for_planning(user)
        self.regions_first = False
        if data is None:
            region = region_code or self.request.GET.get("region", "")[:2]
            if region:
                networks = selectors.networks_for_planning(user, region_code=region)
            elif networks.count() > settings.CEE_LONG_CHOICE:
                networks, self.regions_first = networks.none(), True
        return WorkshopForm(data=data, initial=initial, networks=networks, regions=selectors.regions_for_planning(user))

    def render_form(self, form, workshop=None, status=200):
        context = {"form": form, "workshop": workshop, "regions_first": getattr(self, "regions_first", False)}
        if context["regions_first"]:
            context["planning_regions"] = selectors.regions_for_planning(self.request.user)
        return render(self.request, self.template_name, context, status=status)


class WorkshopCreateView(WorkshopFormView):
    def get(self, request):
        form = self.build_form()
        # ?network= preselects one of the networks offered; anything else is ignored.
        with contextlib.suppress(ValidationError):
            form.initial["network"] = form.fields["network"].clean(request.GET.get("network"))
        return self.render_form(form)

    def post(self, request):
        form = self.build_form(request.POST)
        if form.is_valid():
            try:
                workshop = services.workshop_plan(user=request.user, **form.service_arguments())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Taller planificado."))
                return redirect(workshop)
        return self.render_form(form, status=400)


class WorkshopEditView(WorkshopFormView):
    def workshop(self, pk):
        workshop = visible_workshop(self.request.user, pk)
        if not permissions.can_update_workshop(self.request.user, workshop):
            raise PermissionDenied
        return workshop

    def get(self, request, pk):
        workshop = self.workshop(pk)
        region = workshop.network.region.code if workshop.network_id else ""
        return self.render_form(
            self.build_form(initial=WorkshopForm.initial_for(workshop), region_code=region), workshop
        )

    def post(self, request, pk):
        workshop = self.workshop(pk)
        form = self.build_form(request.POST)
        if form.is_valid():
            try:
                services.workshop_update(user=request.user, workshop=workshop, **form.service_arguments())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Cambios del taller guardados."))
                return redirect(workshop)
        return self.render_form(form, workshop, status=400)
