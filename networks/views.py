"""Field work screens: coordinators on phones, IPAE staff on laptops. Views parse, call the core, render."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from accounts.models import Role
from accounts.permissions import RoleRequiredMixin
from schools.models import Region
from schools.selectors import schools_visible_to, teachers_visible_to

from . import permissions, selectors, services
from .forms import MeetingForm, PhotoApproveForm, ReassignForm, VisitFilterForm, VisitForm
from .models import ProgramYear, Visit

FIELD_ROLES = (Role.STAFF, Role.ADMIN, Role.COORDINATOR)
STAFF_ROLES = (Role.STAFF, Role.ADMIN)
PAGE_SIZE = 25


def _apply_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (or on top of the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def paginate_deferred(queryset, number, per_page=PAGE_SIZE):
    """A page of a large queryset: the offset walks ids only, then the page's rows are fetched whole.

    With a million visits, OFFSET over the joined rows costs seconds on the last pages; over the
    ordering index's ids it costs milliseconds.
    """
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    rows = queryset.in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page


def _filtered_visits(request, **scope):
    form = VisitFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
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


class SchoolDetailView(RoleRequiredMixin, TemplateView):
    """A school: its network and year, its teachers, and its visit history filtered by period and kind."""

    allowed_roles = FIELD_ROLES
    template_name = "networks/school_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        school = get_object_or_404(
            schools_visible_to(user).select_related("network", "district__province__region"), pk=kwargs["pk"]
        )
        today = timezone.localdate()
        form, page, query = _filtered_visits(self.request, school=school)
        last_visit_on = (
            selectors.visit_list(user=user, school=school).filter(date__lte=today).values_list("date", flat=True)[:1]
        )
        days_since, is_overdue = selectors.visit_recency(next(iter(last_visit_on), None), today)
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


class TeacherDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = FIELD_ROLES
    template_name = "networks/teacher_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        teacher = get_object_or_404(teachers_visible_to(self.request.user).select_related("school"), pk=kwargs["pk"])
        form, page, query = _filtered_visits(self.request, teacher=teacher)
        context.update(teacher=teacher, filter_form=form, page=page, query=query)
        return context


class VisitListView(RoleRequiredMixin, TemplateView):
    """Staff: every visit. Coordinators: the visits they can see, including their own from former networks."""

    allowed_roles = FIELD_ROLES
    template_name = "networks/visit_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, page, query = _filtered_visits(self.request)
        context.update(filter_form=form, page=page, query=query)
        return context


class VisitFormMixin:
    """Shared by logging and editing: the form bound to the person's schools and the year's rubric."""

    def build_form(self, *, data=None, files=None, initial=None, school=None, program_year=None, photo_slots=None):
        user = self.request.user
        schools = schools_visible_to(user).select_related("network").order_by("name")
        teachers = selectors.teachers_for_visit_form(schools if school is None else schools.filter(pk=school.pk))
        competencies = selectors.competencies_for(program_year) if program_year else []
        return VisitForm(
            data=data,
            files=files,
            initial=initial,
            schools=schools,
            teachers=teachers,
            competencies=competencies,
            photo_slots=photo_slots,
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


class VisitCreateView(RoleRequiredMixin, VisitFormMixin, View):
    """Log a visit in under a minute. A repeated submit (same client UUID) lands on the same visit."""

    allowed_roles = (Role.COORDINATOR,)
    template_name = "networks/visit_form.html"

    def _school_and_year(self, school_id, date_text=None):
        """The chosen school and its program year on the visit's date (today until a date is posted)."""
        if not school_id:
            return None, None
        school = schools_visible_to(self.request.user).select_related("network").filter(pk=school_id).first()
        if school is None or school.network is None:
            return school, None
        today = timezone.localdate()
        try:
            date = forms.DateField().clean(date_text) if date_text else today
        except ValidationError:
            date = today

        def in_program(day):
            year = school.network.program_year_on(day)
            return year if year in ProgramYear.values else None

        # A date the form will refuse anyway (future, before the program): keep today's rubric on screen.
        return school, in_program(date) or in_program(today)

    def get(self, request):
        school, year = self._school_and_year(request.GET.get("school"))
        initial = {"school": school} if school else {}
        form = self.build_form(initial=initial, school=school, program_year=year)
        return self.render(form, school, year)

    def post(self, request):
        school, year = self._school_and_year(request.POST.get("school"), request.POST.get("date"))
        form = self.build_form(data=request.POST, files=request.FILES, school=school, program_year=year)
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
                    _apply_service_errors(form, error)
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


class VisitDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = FIELD_ROLES
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
            saved_uuid=self.request.GET.get("saved", ""),
        )
        return context


class VisitEditView(RoleRequiredMixin, VisitFormMixin, View):
    """Change a visit; a concurrent change by someone else is reported, and nothing typed is lost."""

    allowed_roles = FIELD_ROLES
    template_name = "networks/visit_form.html"

    def _visit(self, pk):
        visit = selectors.visit_get(user=self.request.user, pk=pk)
        if not permissions.can_edit_visit(self.request.user, visit):
            raise PermissionDenied(_("Esta visita ya no se puede editar."))
        return visit

    def _form(self, visit, data=None, files=None):
        initial = {field: getattr(visit, field) for field in services.visits.EDITABLE_FIELDS}
        initial.update(
            school=visit.school,
            client_uuid=visit.client_uuid,
            version=visit.version,
            **{f"score_{s.competency_id}": str(s.score) for s in visit.scores.all()},
        )
        slots = max(0, settings.CEE_VISIT_MAX_PHOTOS - visit.photos.count())
        form = self.build_form(
            data=data,
            files=files,
            initial=initial,
            school=visit.school,
            program_year=visit.program_year,
            photo_slots=slots,
        )
        form.fields["school"].disabled = True
        return form

    def get(self, request, pk):
        visit = self._visit(pk)
        return self.render(self._form(visit), visit)

    def post(self, request, pk):
        visit = self._visit(pk)
        form = self._form(visit, data=request.POST, files=request.FILES)
        current = None
        if form.is_valid():
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
                    # Keep what the person typed; the next save knowingly replaces the current version.
                    form.data = form.data.copy()
                    form.data["version"] = current.version
                except ValidationError as error:
                    _apply_service_errors(form, error)
                else:
                    messages.success(request, _("Cambios guardados."))
                    return redirect(f"{reverse('networks:visit-detail', args=[visit.pk])}?saved={visit.client_uuid}")
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


class VisitHistoryView(RoleRequiredMixin, TemplateView):
    """Who changed what in a visit and when (staff)."""

    allowed_roles = STAFF_ROLES
    template_name = "networks/visit_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = selectors.visit_get(user=self.request.user, pk=kwargs["pk"])
        records = list(visit.history.select_related("history_user").order_by("-history_date"))
        changes = []
        for newer, older in zip(records, [*records[1:], None], strict=True):
            delta = newer.diff_against(older).changes if older is not None else []
            changes.append(
                {
                    "record": newer,
                    # An edit with nothing before it: the visit was loaded in bulk, without history.
                    "no_earlier_record": older is None and newer.history_type == "~",
                    "changes": [
                        {"label": Visit._meta.get_field(c.field).verbose_name, "old": c.old, "new": c.new}
                        for c in delta
                        if c.field != "version"
                    ],
                }
            )
        context.update(visit=visit, changes=changes)
        return context


@never_cache
def visit_photo(request, pk):
    """Serve a photo only to someone who may see it; sponsors only once staff approved it. Otherwise 404."""
    photo = get_object_or_404(selectors.photos_visible_to(request.user), pk=pk)
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = f'inline; filename="visita-{photo.visit_id}-{photo.pk}.jpg"'
    return response


class PhotoListView(RoleRequiredMixin, TemplateView):
    """Staff: photos waiting for approval before sponsors may see them."""

    allowed_roles = STAFF_ROLES
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


class PhotoApproveView(RoleRequiredMixin, View):
    allowed_roles = STAFF_ROLES

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


class MeetingCreateView(RoleRequiredMixin, View):
    allowed_roles = (Role.COORDINATOR,)
    template_name = "networks/meeting_form.html"

    def _form(self, data=None):
        networks = selectors.networks_visible_to(self.request.user).order_by("name")
        return MeetingForm(data=data, networks=networks, initial={"network": self.request.GET.get("network")})

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
                _apply_service_errors(form, error)
            else:
                messages.success(request, _("Reunión de red guardada."))
                return redirect("networks:meeting-list")
        return render(request, self.template_name, {"form": form}, status=400)


class MeetingListView(RoleRequiredMixin, TemplateView):
    allowed_roles = FIELD_ROLES
    template_name = "networks/meeting_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings = (
            selectors.meetings_visible_to(self.request.user).select_related("network", "coordinator").order_by("-date")
        )
        context.update(
            page=Paginator(meetings, PAGE_SIZE).get_page(self.request.GET.get("page")),
            can_log=self.request.user.is_coordinator,
        )
        return context


class NetworkListView(RoleRequiredMixin, TemplateView):
    """Staff: every network with its coordinator today, its year and its size."""

    allowed_roles = STAFF_ROLES
    template_name = "networks/network_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        networks = (
            selectors.networks_visible_to(self.request.user)
            .select_related("region")
            .annotate(school_count=Count("schools", distinct=True))
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


class NetworkReassignView(RoleRequiredMixin, View):
    allowed_roles = STAFF_ROLES
    template_name = "networks/network_reassign.html"

    def _context(self, network, form):
        history = network.coordinator_assignments.select_related("coordinator").order_by("-starts_on")
        return {"network": network, "form": form, "assignments": history}

    def get(self, request, pk):
        network = get_object_or_404(selectors.networks_visible_to(request.user), pk=pk)
        return render(request, self.template_name, self._context(network, ReassignForm()))

    def post(self, request, pk):
        network = get_object_or_404(selectors.networks_visible_to(request.user), pk=pk)
        form = ReassignForm(request.POST)
        if form.is_valid():
            try:
                services.network_coordinator_reassign(
                    user=request.user,
                    network=network,
                    coordinator=form.cleaned_data["coordinator"],
                    starts_on=form.cleaned_data["starts_on"],
                )
            except ValidationError as error:
                _apply_service_errors(form, error)
            else:
                messages.success(request, _("Coordinación de la red actualizada."))
                return redirect("networks:network-list")
        return render(request, self.template_name, self._context(network, form), status=400)
