"""Network meetings: logging one, and the list."""

import contextlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin
from core.forms import apply_service_errors
from core.pagination import PAGE_SIZE

from .. import permissions, selectors, services
from ..forms import MeetingForm


class MeetingCreateView(PermissionGateMixin, View):
    gate = staticmethod(permissions.can_log_meetings)
    template_name = "networks/meeting_form.html"

    def _form(self, data=None):
        networks = selectors.networks_visible_to(self.request.user).order_by("name")
        form = MeetingForm(data=data, networks=networks)
        if data is None:
            # ?network= preselects one of my networks; anything else is ignored.
            with contextlib.suppress(ValidationError):
                form.initial["network"] = form.fields["network"].clean(self.request.GET.get("network"))
        return form

    def get(self, request):
        return render(request, self.template_name, {"form": self._form()})

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.meeting_log(
                    user=request.user,
                    client_uuid=data["client_uuid"],
                    network=data["network"],
                    date=data["date"],
                    decisions=data["decisions"],
                    agreements=data["agreements"],
                    **form.participants,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Reunión de red guardada."))
                return redirect("networks:meeting-list")
        return render(request, self.template_name, {"form": form}, status=400)


class MeetingListView(PermissionGateMixin, TemplateView):
    gate = staticmethod(permissions.can_use_field_work)
    template_name = "networks/meeting_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings = selectors.meeting_list(self.request.user)
        context.update(
            page=Paginator(meetings, PAGE_SIZE).get_page(self.request.GET.get("page")),
            can_log=permissions.can_log_meetings(self.request.user),
        )
        return context
