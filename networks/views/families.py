"""Meetings of parents and teachers: recording one on a phone, its page, and following it up."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin
from core.forms import apply_service_errors
from schools.selectors import schools_visible_to

from .. import permissions, selectors, services
from ..forms.families import FamilyMeetingForm
from ..forms.visits import VisitStartForm


class FamilyMeetingCreateView(PermissionGateMixin, View):
    """A coordinator records a meeting at one of their schools (`?school=` preselects it)."""

    gate = staticmethod(permissions.can_log_family_meetings)
    template_name = "networks/family_meeting_form.html"

    def _schools(self):
        return schools_visible_to(self.request.user).order_by("name")

    def get(self, request):
        school, _date, refused = VisitStartForm(request.GET, schools=self._schools()).parsed()
        if refused:
            messages.warning(
                request, _("La institución del enlace no existe o no está a su cargo: elíjala de la lista.")
            )
        form = FamilyMeetingForm(schools=self._schools(), initial={"school": school} if school else {})
        return render(request, self.template_name, {"form": form, "is_edit": False})

    def post(self, request):
        form = FamilyMeetingForm(request.POST, schools=self._schools())
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting, created = services.family_meeting_log(
                    user=request.user, client_uuid=data["client_uuid"], school=data["school"], **form.record
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if created:
                    messages.success(request, _("Reunión con familias guardada."))
                else:
                    messages.info(request, _("Esta reunión ya estaba guardada: no se duplicó."))
                return redirect("networks:family-meeting-detail", pk=meeting.pk)
        return render(request, self.template_name, {"form": form, "is_edit": False}, status=400)


class FamilyMeetingDetailView(PermissionGateMixin, TemplateView):
    gate = staticmethod(permissions.can_use_field_work)
    template_name = "networks/family_meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        meeting = selectors.family_meeting_get(user=user, pk=kwargs["pk"])
        context.update(
            meeting=meeting,
            can_update=permissions.can_update_family_meeting(user, meeting),
            school_in_scope=schools_visible_to(user).filter(pk=meeting.school_id).exists(),
        )
        return context


class FamilyMeetingEditView(PermissionGateMixin, View):
    """Follow the agreements up, or record that the problem was resolved; a concurrent change is reported."""

    gate = staticmethod(permissions.can_use_field_work)
    template_name = "networks/family_meeting_form.html"

    def _meeting(self, pk):
        meeting = selectors.family_meeting_get(user=self.request.user, pk=pk)
        if not permissions.can_update_family_meeting(self.request.user, meeting):
            raise PermissionDenied
        return meeting

    def _form(self, meeting, data=None):
        initial = {name: getattr(meeting, name) for name in services.families.FIELDS}
        initial |= {"client_uuid": meeting.client_uuid, "version": meeting.version}
        return FamilyMeetingForm(data, initial=initial, schools=schools_visible_to(self.request.user), is_edit=True)

    def _render(self, meeting, form, current=None, status=200):
        context = {"form": form, "meeting": meeting, "is_edit": True, "current": current}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        meeting = self._meeting(pk)
        return self._render(meeting, self._form(meeting))

    def post(self, request, pk):
        meeting = self._meeting(pk)
        form = self._form(meeting, data=request.POST)
        current = None
        if "version" in form.errors and form.is_bound:
            current = selectors.family_meeting_get(user=request.user, pk=meeting.pk)
        elif form.is_valid():
            try:
                services.family_meeting_update(
                    user=request.user,
                    meeting=meeting,
                    expected_version=form.cleaned_data.get("version") or 0,
                    **form.record,
                )
            except services.FamilyMeetingConflictError as conflict:
                form.add_error(None, conflict.messages)
                current = selectors.family_meeting_get(user=request.user, pk=meeting.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Cambios guardados."))
                return redirect("networks:family-meeting-detail", pk=meeting.pk)
        if current is not None:
            form.data = form.data.copy()
            form.data["version"] = current.version
        return self._render(meeting, form, current=current, status=409 if current else 400)
