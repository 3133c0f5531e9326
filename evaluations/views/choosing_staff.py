"""Choosing schools, IPAE's side: the candidate groups (would-be networks), their schools found in the
padrón by código modular or name, their facts, publishing them; the requests are answered on the
request's own page (evaluations.views.choosing). Staff only (403 for everyone else); every write goes
through schools.services (or evaluations.services.candidates, which adds the results)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import PermissionGateMixin
from core.forms import apply_service_errors
from schools import permissions
from schools.models import Candidate, CandidateGroup, School, SchoolRequest, SchoolRequestItem
from schools.selectors import (
    candidate_groups_visible_to,
    candidates_visible_to,
    committed_school_ids,
    committed_sponsorships,
    school_requests_visible_to,
)
from schools.services import (
    FACT_FIELDS,
    candidate_facts_set,
    candidate_group_create,
    candidate_group_publish,
    candidate_group_unpublish,
    candidate_group_update,
    candidate_remove,
)

from ..forms.choosing import AddCandidateForm, CandidateFactsForm, CandidateGroupForm, SchoolSearchForm
from ..services.candidates import candidate_add_with_results, candidate_group_facts_refresh

SEARCH_RESULTS = 20
PENDING = SchoolRequest.Status.PENDING


def no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


def group_get(user, pk) -> CandidateGroup:
    return get_object_or_404(candidate_groups_visible_to(user).select_related("region"), pk=pk)


def candidate_get(user, pk) -> Candidate:
    return get_object_or_404(
        candidates_visible_to(user).select_related("group__region", "school__district__province"), pk=pk
    )


class StaffGate(PermissionGateMixin):
    gate = staticmethod(permissions.can_manage_candidates)


# --- Groups -------------------------------------------------------------------------------
class GroupListView(StaffGate, View):
    """Every group with its state, schools (offered, or funded since) and the pending requests for them."""

    template_name = "evaluations/choosing/group_list.html"

    def get(self, request):
        active = Q(candidates__withdrawn_at__isnull=True)
        offered = active & ~Q(candidates__school_id__in=committed_school_ids())
        pending = (
            SchoolRequest.objects.filter(status=PENDING, items__candidate__group=OuterRef("pk"))
            .order_by()
            .values("items__candidate__group")
            .annotate(n=Count("pk", distinct=True))
            .values("n")
        )
        groups = (
            candidate_groups_visible_to(request.user)
            .select_related("region")
            .annotate(
                schools=Count("candidates", filter=active),
                offered=Count("candidates", filter=offered),
                pending=Coalesce(Subquery(pending), 0),
            )
            .order_by("-published_at", "region__name", "name")
        )
        context = {
            "groups": list(groups),
            "pending_requests": school_requests_visible_to(request.user).filter(status=PENDING).count(),
        }
        return no_store(render(request, self.template_name, context))


class GroupCreateView(StaffGate, View):
    template_name = "evaluations/choosing/group_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": CandidateGroupForm(), "group": None})

    def post(self, request):
        form = CandidateGroupForm(request.POST)
        if form.is_valid():
            try:
                group = candidate_group_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Grupo creado. Agregue sus instituciones y publíquelo."))
                return redirect(group)
        return render(request, self.template_name, {"form": form, "group": None}, status=400)


class GroupEditView(StaffGate, View):
    template_name = "evaluations/choosing/group_form.html"

    def get(self, request, pk):
        group = group_get(request.user, pk)
        initial = {f: getattr(group, f) for f in ("name", "region", "description", "internal_note")}
        return render(request, self.template_name, {"form": CandidateGroupForm(initial=initial), "group": group})

    def post(self, request, pk):
        group = group_get(request.user, pk)
        form = CandidateGroupForm(request.POST)
        if form.is_valid():
            try:
                group = candidate_group_update(user=request.user, group=group, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Cambios guardados."))
                return redirect(group)
        return render(request, self.template_name, {"form": form, "group": group}, status=400)


def search_padron(group: CandidateGroup, query: str) -> list[School]:
    """Padrón schools of the group's region by código modular (exact, or its start) or by name; each with
    where it stands: already offered in a group, or funded (agreement in force or ahead)."""
    query = query.strip()
    schools = School.objects.filter(district__province__region=group.region)
    if query.isascii() and query.isdigit():
        by_code = Q(codigo_modular__startswith=query)
        if len(query) < 7:  # some exports drop the leading zeros
            by_code |= Q(codigo_modular=query.zfill(7))
        schools = schools.filter(by_code)
    else:
        schools = schools.filter(name__icontains=query)
    offered = Candidate.objects.active().filter(school=OuterRef("pk"))
    return list(
        schools.select_related("district__province")
        .annotate(
            offered_in=Subquery(offered.values("group__name")[:1]),
            funded=Exists(committed_sponsorships().filter(school=OuterRef("pk"))),
        )
        .order_by("name", "pk")[:SEARCH_RESULTS]
    )


class GroupDetailView(StaffGate, View):
    """A group: its state and texts, its schools with their facts and where each stands (offered, funded
    since, removed; the pending requests naming it), the padrón search to add more, publish or withdraw."""

    template_name = "evaluations/choosing/group_detail.html"

    def get(self, request, pk):
        return self.render(group_get(request.user, pk))

    def render(self, group, *, status=200):
        request = self.request
        search = SchoolSearchForm(request.GET or None)
        results = None
        if search.is_valid() and search.cleaned_data["q"].strip():
            results = search_padron(group, search.cleaned_data["q"])
        elif search.errors:
            status = 400 if status == 200 else status
        pending = (
            SchoolRequestItem.objects.filter(candidate=OuterRef("pk"), request__status=PENDING)
            .order_by()
            .values("candidate")
            .annotate(n=Count("pk"))
            .values("n")
        )
        candidates = list(
            group.candidates.select_related("school__district__province")
            .annotate(
                pending=Coalesce(Subquery(pending), 0),
                funded=Exists(committed_sponsorships().filter(school=OuterRef("school"))),
            )
            .order_by("withdrawn_at", "school__name", "pk")
        )
        funders = {}
        if any(c.funded for c in candidates):
            for sponsorship in (
                committed_sponsorships()
                .filter(school__in=[c.school_id for c in candidates if c.funded])
                .select_related("sponsor")
                .order_by("start_year")
            ):
                funders.setdefault(sponsorship.school_id, sponsorship)
        for candidate in candidates:
            candidate.agreement = funders.get(candidate.school_id)
        context = {
            "group": group,
            "candidates": candidates,
            "active": sum(1 for c in candidates if c.withdrawn_at is None),
            "search": search,
            "results": results,
            "fact_fields": FACT_FIELDS,
        }
        return no_store(render(request, self.template_name, context, status=status))


class GroupPublishView(StaffGate, View):
    """Publish a group (`action=publish`) or take it out of the offer (`action=unpublish`)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        group = group_get(request.user, pk)
        action = request.POST.get("action")
        if action == "publish":
            try:
                candidate_group_publish(user=request.user, group=group)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Grupo publicado: las empresas ya pueden verlo y pedir sus instituciones."))
        elif action == "unpublish":
            candidate_group_unpublish(user=request.user, group=group)
            messages.success(
                request,
                _("El grupo ya no se ofrece. Las solicitudes ya enviadas siguen pendientes para su respuesta."),
            )
        else:
            messages.error(request, _("No se entendió la acción: no se cambió nada."))
        return redirect(group)


class GroupRefreshView(StaffGate, View):
    """Bring the group's enrolment and results up to date with the data the system holds."""

    http_method_names = ["post"]

    def post(self, request, pk):
        group = group_get(request.user, pk)
        changed = candidate_group_facts_refresh(user=request.user, group=group)
        messages.success(
            request,
            _("Cifras actualizadas: cambiaron %(n)s instituciones.") % {"n": changed}
            if changed
            else _("Las cifras ya estaban al día."),
        )
        return redirect(group)


# --- Candidates ---------------------------------------------------------------------------
class CandidateAddView(StaffGate, View):
    """Add a padrón school (found by the group page's search) to the group, with its latest figures."""

    http_method_names = ["post"]

    def post(self, request, pk):
        group = group_get(request.user, pk)
        form = AddCandidateForm(request.POST)
        school = None
        if form.is_valid():
            school = School.objects.filter(pk=form.cleaned_data["school"]).first()
        if school is None:
            messages.error(request, _("No se encontró esa institución en el padrón: búsquela de nuevo."))
            return redirect(group)
        try:
            candidate = candidate_add_with_results(user=request.user, group=group, school=school)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(group)
        messages.success(
            request,
            _("Se agregó %(school)s. Complete su pobreza y revise sus cifras.") % {"school": school.name},
        )
        return redirect(reverse("evaluations:candidate-edit", args=[candidate.pk]))


class CandidateEditView(StaffGate, View):
    """The facts a candidate is shown with: poverty (typed from INEI/MIDIS), distance, enrolment, results."""

    template_name = "evaluations/choosing/candidate_form.html"

    def get(self, request, pk):
        candidate = candidate_get(request.user, pk)
        return self.render(candidate, CandidateFactsForm(instance=candidate))

    def render(self, candidate, form, *, status=200):
        context = {"candidate": candidate, "form": form, "group": candidate.group}
        return render(self.request, self.template_name, context, status=status)

    def post(self, request, pk):
        candidate = candidate_get(request.user, pk)
        # Read into a copy: the service writes, never the form.
        form = CandidateFactsForm(request.POST, instance=Candidate.objects.get(pk=candidate.pk))
        if candidate.withdrawn_at is not None:
            form.add_error(None, _("Esta institución ya no está en el grupo: no se puede cambiar."))
        elif form.is_valid():
            facts = {name: form.cleaned_data[name] for name in FACT_FIELDS}
            try:
                candidate_facts_set(user=request.user, candidate=candidate, **facts)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Cifras de %(school)s guardadas.") % {"school": candidate.school.name})
                return redirect(candidate.group)
        return self.render(candidate, form, status=400)


class CandidateRemoveView(StaffGate, View):
    """Take a school out of its group (kept, marked removed, when a request named it)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        candidate = candidate_get(request.user, pk)
        candidate_remove(user=request.user, candidate=candidate)
        messages.success(request, _("%(school)s ya no está en el grupo.") % {"school": candidate.school.name})
        return redirect(candidate.group)
