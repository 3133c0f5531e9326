"""Visits: the lists, logging one on a phone, its page, correcting it, and its change history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin, is_ipae_staff
from core.forms import apply_service_errors
from core.pagination import count_up_to, keyset_page
from schools.selectors import schools_visible_to

from .. import permissions, selectors, services
from ..forms import VisitFilterForm, VisitForm, VisitStartForm

# visit_recent_idx's order (date and created_at newest first, then id): a page is one range of it.
VISIT_ORDER = ("-date", "-created_at", "id")
# The visit list says how many visits its filters select up to this many ("Más de 1,000 visitas" past it).
VISIT_COUNT_LIMIT = 1000


def visit_filter(request, **scope):
    """The filter form of a visit history (from the URL) and the visits it selects, newest first."""
    form = VisitFilterForm(request.GET or None)
    filters = form.valid_filters()
    visits = selectors.visit_list(
        user=request.user,
        kind=filters.get("kind"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        **scope,
    )
    return form, visits


def visit_page(request, visits):
    """The page of `visits` that the URL's cursor points at (keyset: no count, any depth in ~1 ms),
    and the URL's other parameters for the links to the pages beside it."""
    page = keyset_page(
        visits,
        ordering=VISIT_ORDER,
        cursor=request.GET.get("cursor"),
        # A coordinator's visits are a small share of the table: sort them rather than walk the index.
        scope_is_small=not is_ipae_staff(request.user),
    )
    query = request.GET.copy()
    query.pop("cursor", None)
    query.pop("page", None)  # bookmarks from the numbered pages open the first page
    return page, query.urlencode()


def filtered_visits(request, **scope):
    """The filter form of a visit history (from the URL), the page of visits it selects, and the query."""
    form, visits = visit_filter(request, **scope)
    page, query = visit_page(request, visits)
    return form, page, query


class VisitListView(PermissionGateMixin, TemplateView):
    """Staff: every visit. Coordinators: the visits they can see, including their own from former networks."""

    gate = staticmethod(permissions.can_use_field_work)
    template_name = "networks/visit_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, visits = visit_filter(self.request)
        page, query = visit_page(self.request, visits)
        context.update(
            filter_form=form,
            page=page,
            query=query,
            visits_shown=count_up_to(visits, VISIT_COUNT_LIMIT),
            count_limit=VISIT_COUNT_LIMIT,
        )
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
        scored = list(selectors.visit_scores(visit).values_list("competency_id", flat=True)) if visit else []
        competencies = selectors.competencies_for(program_year, keep=scored) if program_year else []
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
        curriculum = selectors.visit_curriculum(visit)
        context.update(
            visit=visit,
            focus=curriculum["focus"],
            # The rubric with the competencies' words of the visit's day (staff may have edited them since).
            scores=[
                (curriculum["competency_names"].get(s.competency_id, s.competency.name), s.score)
                for s in selectors.visit_scores(visit)
            ],
            photos=selectors.photos_visible_to(user).filter(visit=visit),
            can_edit=permissions.can_edit_visit(user, visit),
            # Staff may always correct a visit; a coordinator until the deadline.
            edit_deadline=None if is_ipae_staff(user) else permissions.visit_edit_deadline(visit),
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
            **{f"score_{s.competency_id}": str(s.score) for s in selectors.visit_scores(visit)},
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
            "focus": selectors.visit_curriculum(visit)["focus"],
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
