"""Field work screens: coordinators on phones, IPAE staff on laptops. Views parse, call the core, render."""

import contextlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin
from core.forms import apply_service_errors
from core.pagination import PAGE_SIZE, paginate_deferred
from schools.models import Region
from schools.selectors import schools_visible_to, teachers_visible_to

from . import permissions, selectors, services
from .forms import (
    CoordinatorSearchForm,
    MeetingForm,
    PhotoApproveForm,
    ReassignForm,
    VisitFilterForm,
    VisitForm,
    VisitStartForm,
)


def _filtered_visits(request, **scope):
    form = VisitFilterForm(request.GET or None)
    filters = form.valid_filters()
    visits = selectors.visit_list(
        user=request.user,
        kind=filters.get("kind"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        **scope,
    )
    page = paginate_deferred(visits, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return form, page, query.urlencode()


class SchoolDetailView(PermissionGateMixin, TemplateView):
    """A school: its network and year, its teachers, and its visit history filtered by period and kind."""

    gate = staticmethod(permissions.can_use_field_work)
    template_name = "networks/school_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        school = get_object_or_404(
            schools_visible_to(user).select_related("district__province__region"), pk=kwargs["pk"]
        )
        today = timezone.localdate()
        form, page, query = _filtered_visits(self.request, school=school)
        last_visit_on = (
            selectors.visit_list(user=user, school=school).filter(date__lte=today).values_list("date", flat=True)[:1]
        )
        days_since, is_overdue = selectors.visit_recency(next(iter(last_visit_on), None), today)
        school.network = selectors.network_of(school, today)
        program_year = school.network.program_year_on(today) if school.network else None
        context.update(
            school=school,
            teachers=school.teachers.filter(is_active=True).order_by("position", "last_name"),
            program_year=program_year,
            focus=selectors.program_year_focus(program_year),
            days_since=days_since,
            is_overdue=is_overdue,
            filter_form=form,
            page=page,
            query=query,
            can_log_visit=permissions.can_log_visit(user, school),
        )
        return context


class TeacherDetailView(PermissionGateMixin, TemplateView):
    gate = staticmethod(permissions.can_use_field_work)
    template_name = "networks/teacher_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        teacher = get_object_or_404(teachers_visible_to(self.request.user).select_related("school"), pk=kwargs["pk"])
        form, page, query = _filtered_visits(self.request, teacher=teacher)
        context.update(teacher=teacher, filter_form=form, page=page, query=query)
        return context


class VisitListView(PermissionGateMixin, TemplateView):
    """Staff: every visit. Coordinators: the visits they can see, including their own from former networks."""

    gate = staticmethod(permissions.can_use_field_work)
    template_name = "networks/visit_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, page, query = _filtered_visits(self.request)
        context.update(filter_form=form, page=page, query=query)
        return context


class VisitFormMixin:
    """Shared by logging and editing: the form bound to the person's schools and the year's rubric."""

    def build_form(
        self, *, data=None, files=None, initial=None, schools=None, school=None, program_year=None, visit=None
    ):
        """The visit form. `schools` are offered (logging); `school`, when known, narrows the teachers.

        Editing passes the `visit`: its school is fixed (shown as text) and its teacher stays selectable.
        """
        scoped = schools_visible_to(self.request.user)
        teacher_schools = scoped.filter(pk=school.pk) if school is not None else schools
        teachers = selectors.teachers_for_visit_form(teacher_schools, keep=visit.teacher_id if visit else None)
        competencies = selectors.competencies_for(program_year) if program_year else []
        return VisitForm(
            data=data,
            files=files,
            initial=initial,
            schools=schools if schools is not None else teacher_schools,
            teachers=teachers,
            competencies=competencies,
            photo_slots=services.photo_slots_left(visit),
            fixed_school=visit.school if visit else None,
        )

    def prepare_photos(self, form) -> list | None:
        """Re-encode uploaded photos; on a bad file, put the error on the form and return None."""
        prepared = []
        for upload in form.cleaned_data.get("photos") or []:
            try:
                prepared.append(services.photo_prepare(upload))
            except ValidationError as error:
                form.add_error("photos", error.messages)
        return None if form.errors else prepared


class VisitCreateView(PermissionGateMixin, VisitFormMixin, View):
    """Log a visit in under a minute. A repeated submit (same client UUID) lands on the same visit."""

    gate = staticmethod(permissions.can_log_visits)
    template_name = "networks/visit_form.html"

    def _schools(self):
        return schools_visible_to(self.request.user).order_by("name")

    def _school_and_year(self, data):
        """The chosen school and its program year on the visit's date (today until a valid date is posted).

        Returns (school, year, school_refused): a malformed or foreign school id gives no school.
        """
        school, date, refused = VisitStartForm(data, schools=self._schools()).parsed()
        if school is None:
            return school, None, refused
        today = timezone.localdate()
        # A date the form will refuse anyway (future, before the program): keep today's rubric on screen.
        for day in (date if date and date <= today else today, today):
            network = selectors.network_of(school, day)
            year = network.program_year_in_force(day) if network else None
            if year:
                return school, year, refused
        return school, None, refused

    def get(self, request):
        school, year, refused = self._school_and_year(request.GET)
        initial = {"school": school} if school else {}
        form = self.build_form(initial=initial, schools=self._schools(), school=school, program_year=year)
        if refused:
            messages.warning(
                request, _("La institución del enlace no existe o no está a su cargo: elíjala de la lista.")
            )
        return self.render(form, school, year)

    def post(self, request):
        school, year, _refused = self._school_and_year(request.POST)
        form = self.build_form(
            data=request.POST, files=request.FILES, schools=self._schools(), school=school, program_year=year
        )
        valid = form.is_valid()
        expected = {f"score_{c.pk}" for c in form.competencies}
        if year and any(k.startswith("score_") and k not in expected and request.POST[k] for k in request.POST):
            # The date moved the visit into another program year: its rubric has other competencies.
            form.add_error(
                None,
                _("En esa fecha la red estaba en el año %(year)s del programa: complete la rúbrica de ese año.")
                % {"year": year},
            )
            valid = False
        if valid:
            prepared = self.prepare_photos(form)
            if prepared is not None:
                data = form.cleaned_data
                try:
                    visit, created = services.visit_log(
                        user=request.user,
                        client_uuid=data["client_uuid"],
                        school=data["school"],
                        kind=data["kind"],
                        date=data["date"],
                        teacher=data.get("teacher"),
                        duration_minutes=data.get("duration_minutes"),
                        observations=data["observations"],
                        agreements=data["agreements"],
                        follow_up_on=data.get("follow_up_on"),
                        latitude=data.get("latitude"),
                        longitude=data.get("longitude"),
                        scores=form.scores,
                        photos=prepared,
                    )
                except ValidationError as error:
                    apply_service_errors(form, error)
                else:
                    if created:
                        messages.success(request, _("Visita guardada."))
                    else:
                        messages.info(request, _("Esta visita ya estaba guardada: no se duplicó."))
                    return redirect(f"{reverse('networks:visit-detail', args=[visit.pk])}?saved={visit.client_uuid}")
        if form.errors and request.FILES:
            form.add_error(None, _("Por seguridad, el navegador no conserva las fotos: vuelva a elegirlas."))
        return self.render(form, school, year, status=400)

    def render(self, form, school, year, status=200):
        context = {
            "form": form,
            "school": school,
            "program_year": year,
            "focus": selectors.program_year_focus(year),
            "is_edit": False,
        }
        return render(self.request, self.template_name, context, status=status)


class VisitDetailView(PermissionGateMixin, TemplateView):
    gate = staticmethod(permissions.can_use_field_work)
    template_name = "networks/visit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        visit = selectors.visit_get(user=user, pk=kwargs["pk"])
        context.update(
            visit=visit,
            scores=visit.scores.select_related("competency").order_by("competency__order"),
            photos=selectors.photos_visible_to(user).filter(visit=visit),
            can_edit=permissions.can_edit_visit(user, visit),
            edit_deadline=permissions.visit_edit_deadline(visit),
            can_approve=permissions.can_approve_photo(user),
            can_see_history=permissions.can_see_visit_history(user),
            # A coordinator keeps their past visits after leaving a network, not its school's pages.
            school_in_scope=schools_visible_to(user).filter(pk=visit.school_id).exists(),
            saved_uuid=self.request.GET.get("saved", ""),
        )
        return context


class VisitEditView(PermissionGateMixin, VisitFormMixin, View):
    """Change a visit; a concurrent change by someone else is reported, and nothing typed is lost.

    The school is shown, not offered: a visit stays at the school where it happened. Its teacher stays
    selectable even if they have since left the school.
    """

    gate = staticmethod(permissions.can_use_field_work)
    template_name = "networks/visit_form.html"

    def _visit(self, pk):
        visit = selectors.visit_get(user=self.request.user, pk=pk)
        if not permissions.can_edit_visit(self.request.user, visit):
            raise PermissionDenied(_("Esta visita ya no se puede editar."))
        return visit

    def _form(self, visit, data=None, files=None):
        initial = {field: getattr(visit, field) for field in services.visits.EDITABLE_FIELDS}
        initial.update(
            client_uuid=visit.client_uuid,
            version=visit.version,
            **{f"score_{s.competency_id}": str(s.score) for s in visit.scores.all()},
        )
        form = self.build_form(
            data=data,
            files=files,
            initial=initial,
            school=visit.school,
            program_year=visit.program_year,
            visit=visit,
        )
        del form.fields["school"]
        return form

    def get(self, request, pk):
        visit = self._visit(pk)
        return self.render(self._form(visit), visit)

    def post(self, request, pk):
        visit = self._visit(pk)
        form = self._form(visit, data=request.POST, files=request.FILES)
        current = None
        valid = form.is_valid()
        if "version" in form.errors:
            # A damaged version: show the saved visit beside what was typed, as for a conflict.
            current = selectors.visit_get(user=request.user, pk=visit.pk)
        elif valid:
            prepared = self.prepare_photos(form)
            if prepared is not None:
                data = form.cleaned_data
                try:
                    services.visit_update(
                        user=request.user,
                        visit=visit,
                        expected_version=data.get("version") or 0,
                        scores=form.scores,
                        photos=prepared,
                        **{f: data.get(f) for f in services.visits.EDITABLE_FIELDS},
                    )
                except services.VisitConflictError as conflict:
                    form.add_error(None, conflict.messages)
                    current = selectors.visit_get(user=request.user, pk=visit.pk)
                except ValidationError as error:
                    apply_service_errors(form, error)
                else:
                    messages.success(request, _("Cambios guardados."))
                    return redirect(f"{reverse('networks:visit-detail', args=[visit.pk])}?saved={visit.client_uuid}")
        if current is not None:
            # Keep what the person typed; the next save knowingly replaces the current version.
            form.data = form.data.copy()
            form.data["version"] = current.version
        return self.render(form, visit, current=current, status=409 if current else 400)

    def render(self, form, visit, current=None, status=200):
        context = {
            "form": form,
            "visit": visit,
            "school": visit.school,
            "program_year": visit.program_year,
            "focus": visit.focus,
            "is_edit": True,
            "current": current,
        }
        return render(self.request, self.template_name, context, status=status)


class VisitHistoryView(PermissionGateMixin, TemplateView):
    """Who changed what in a visit and when (staff), with names rather than ids."""

    gate = staticmethod(permissions.can_see_visit_history)
    template_name = "networks/visit_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = selectors.visit_get(user=self.request.user, pk=kwargs["pk"])
        context.update(visit=visit, changes=selectors.visit_changes(visit))
        return context


@never_cache
@require_GET
def visit_photo(request, pk):
    """Serve a photo only to someone who may see it; sponsors only once staff approved it. Otherwise 404."""
    photo = get_object_or_404(selectors.photos_visible_to(request.user), pk=pk)
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    # Photos may show children: never kept in a shared cache or on a phone that others use.
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = f'inline; filename="visita-{photo.visit_id}-{photo.pk}.jpg"'
    return response


class PhotoListView(PermissionGateMixin, TemplateView):
    """Staff: photos waiting for approval before sponsors may see them."""

    gate = staticmethod(permissions.can_approve_photo)
    template_name = "networks/photo_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = (
            selectors.photos_visible_to(self.request.user)
            .filter(approved_at__isnull=True)
            .select_related("visit__school", "visit__coordinator")
            .order_by("created_at")
        )
        context.update(
            page=Paginator(pending, PAGE_SIZE).get_page(self.request.GET.get("page")), form=PhotoApproveForm()
        )
        return context


class PhotoApproveView(PermissionGateMixin, View):
    gate = staticmethod(permissions.can_approve_photo)

    def post(self, request, pk):
        photo = get_object_or_404(selectors.photos_visible_to(request.user), pk=pk)
        form = PhotoApproveForm(request.POST)
        if form.is_valid():
            services.photo_approve(user=request.user, photo=photo, consent_recorded=True)
            messages.success(request, _("Foto aprobada: ya es visible para la empresa auspiciadora."))
        else:
            messages.error(request, " ".join(form.errors["consent_recorded"]))
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("networks:photo-list")
        return redirect(next_url)


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
        meetings = (
            selectors.meetings_visible_to(self.request.user).select_related("network", "coordinator").order_by("-date")
        )
        context.update(
            page=Paginator(meetings, PAGE_SIZE).get_page(self.request.GET.get("page")),
            can_log=permissions.can_log_meetings(self.request.user),
        )
        return context


class NetworkListView(PermissionGateMixin, TemplateView):
    """Staff: every network with its coordinator today, its year and its size."""

    gate = staticmethod(permissions.can_manage_networks)
    template_name = "networks/network_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        networks = (
            selectors.with_school_counts(
                selectors.networks_visible_to(self.request.user).select_related("region"), today
            )
            .prefetch_related(selectors.current_assignments_prefetch(today))
            .order_by("region__name", "name")
        )
        region = self.request.GET.get("region")
        region_name = None
        if region:
            networks = networks.filter(region__code=region)
            region_name = Region.objects.filter(code=region).values_list("name", flat=True).first()
        page = Paginator(networks, 50).get_page(self.request.GET.get("page"))
        for network in page:
            network.program_year = network.program_year_on(today)
            network.graduated = network.is_graduated_on(today)
            network.focus = selectors.program_year_focus(network.program_year)
            network.current = network.current_assignments[0] if network.current_assignments else None
        context.update(page=page, region=region, region_name=region_name, query=f"region={region}" if region else "")
        return context


class NetworkReassignView(PermissionGateMixin, View):
    """Staff hand a network to another coordinator; the choice is the region's people, or a search."""

    gate = staticmethod(permissions.can_manage_networks)
    template_name = "networks/network_reassign.html"

    def _render(self, network, form, search_form, status=200):
        history = network.coordinator_assignments.select_related("coordinator").order_by("-starts_on")
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
        offered = selectors.coordinators_for_network(network, search=search)
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
        chosen = form.cleaned_data.get("coordinator")
        form.fields["coordinator"].queryset = offered | offered.model.objects.filter(pk=getattr(chosen, "pk", None))
        return self._render(network, form, search_form, status=400)
