"""A workshop's attendance on a phone: tick who came, count the parents per school, save (again, later)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import PermissionGateMixin
from core.forms import apply_service_errors

from .. import permissions, selectors, services
from ..forms import AttendanceForm
from ..services.attendance import future_message
from .workshops import visible_workshop


class AttendanceView(PermissionGateMixin, View):
    """Staff for any workshop, a coordinator for their networks' ones; from the workshop's first day."""

    gate = staticmethod(permissions.can_record_attendances)
    template_name = "workshops/attendance_form.html"

    def workshop(self, pk):
        workshop = visible_workshop(self.request.user, pk)
        if not permissions.can_record_attendance(self.request.user, workshop):
            raise PermissionDenied
        return workshop

    def render_form(self, workshop, form, *, status=200, conflict=False):
        context = {
            "workshop": workshop,
            "form": form,
            "rows": form.rows() if form is not None else [],
            "future": future_message(workshop) if workshop.is_future(timezone.localdate()) else None,
            "conflict": conflict,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        workshop = self.workshop(pk)
        if workshop.is_future(timezone.localdate()):
            return self.render_form(workshop, None)
        return self.render_form(workshop, AttendanceForm(roster=selectors.attendance_roster(workshop)))

    def post(self, request, pk):
        workshop = self.workshop(pk)
        form = AttendanceForm(request.POST, roster=selectors.attendance_roster(workshop))
        if form.is_valid():
            try:
                services.attendance_record(
                    user=request.user,
                    workshop=workshop,
                    expected_version=form.cleaned_data["version"],
                    attended=form.cleaned_data["attended"],
                    parents=form.parents,
                )
            except services.AttendanceConflictError as conflict:
                return self.conflict(workshop, form, conflict.messages)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                # The same words when nothing changed: after a double tap the second answer is the one shown.
                messages.success(request, _("Asistencia guardada."))
                return redirect(workshop)
        if workshop.is_future(timezone.localdate()):
            return self.render_form(workshop, None, status=400)
        return self.render_form(workshop, form, status=400)

    def conflict(self, workshop, form, errors):
        """Keep the person's ticks over the list as it is now; the next save goes against this version."""
        workshop.refresh_from_db()
        data = form.data.copy()
        data["version"] = str(workshop.attendance_version)
        fresh = AttendanceForm(data, roster=selectors.attendance_roster(workshop))
        fresh.is_valid()
        fresh.add_error(None, errors)
        return self.render_form(workshop, fresh, status=409, conflict=True)
