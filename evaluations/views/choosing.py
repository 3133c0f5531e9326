"""Choosing schools, the sponsor's side: the offer (a list grouped as would-be networks, and a map), the
comparison, asking for schools, and the requests with their state. Staff open the same pages (the offer
as companies see it, and every request, where they confirm or decline).

Every read goes through the schools app's scoping functions: a company sees only what is published and
offered, and only its own requests (another company's request answers 404, like a missing one). A
company never reads another company's name, request or interest in a school. Writes go through
schools.services; their refusals are shown in words next to the form, and nothing is saved.
"""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import PermissionGateMixin, is_ipae_staff
from core.forms import apply_service_errors
from core.pagination import keyset_page
from schools import permissions
from schools.models import SchoolRequest, SchoolRequestItem
from schools.selectors import (
    candidates_offered_to,
    school_requests_visible_to,
    sponsor_of,
    sponsor_usual_currency,
)
from schools.services import (
    MAX_SCHOOLS_PER_REQUEST,
    school_request_confirm,
    school_request_create,
    school_request_decline,
    school_request_withdraw,
)

from ..dashboard.geo import region_labels
from ..forms.choosing import ConfirmForm, DeclineForm, OfferFilterForm, RequestFilterForm, SchoolRequestForm
from ..selectors.candidates import GROUP_COLORS, POINT_FIELDS, compare_rows, offer_for, offer_regions, request_items

MAX_COMPARED = 6
Status = SchoolRequest.Status
# Each state's look: a badge and a sign, always with its words (never colour alone).
STATUS_LOOK = {
    Status.PENDING: ("text-bg-warning", "…"),
    Status.CONFIRMED: ("text-bg-success", "✓"),
    Status.DECLINED: ("text-bg-secondary", "✗"),
    Status.WITHDRAWN: ("text-bg-light border", "↩"),
}


def no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


def ids_query(ids) -> str:
    return urlencode([("c", pk) for pk in ids])


def default_start_year(today=None) -> int:
    """An agreement starts with a school year (March): this one until February, the next one after."""
    today = today or timezone.localdate()
    return today.year if today.month < 3 else today.year + 1


def map_words() -> dict[str, str]:
    """The words the offer's map script writes (popups, legend), in the page's language."""
    return {
        "students": _("Estudiantes: %(n)s"),
        "quintile": _("Quintil de pobreza del distrito: %(q)s"),
        "distance": _("A %(km)s km de la capital regional"),
        "reading": _("Lectura, nivel satisfactorio: %(p)s %%"),
        "math": _("Matemática, nivel satisfactorio: %(p)s %%"),
        "select": _("Elegir para comparar o pedir"),
        "loading": _("Cargando el mapa…"),
        "empty": _("Ninguna institución de estos filtros tiene coordenadas."),
        "drawn": _("%(n)s instituciones en el mapa"),
        "row": _("Ver en la lista"),
    }


# --- The offer -----------------------------------------------------------------------------
class OfferView(PermissionGateMixin, View):
    """The candidate schools on offer, grouped as would-be networks: filters, a map, the list with a
    checkbox per school; "Comparar" and "Pedir" send the ticked ones on (GET forms: no JavaScript needed)."""

    gate = staticmethod(permissions.can_browse_candidates)
    template_name = "evaluations/choosing/offer.html"

    def get(self, request):
        user = request.user
        form = OfferFilterForm(request.GET or None, regions=offer_regions(user))
        values, refused = form.values()
        if refused:
            messages.warning(
                request,
                _("No se aplicó el filtro «%(names)s»: su valor no es válido.") % {"names": ", ".join(refused)},
            )
        filters = {
            "region": values.get("region"),
            "area": values.get("area") or "",
            "poverty": values.get("pobreza") or "",
        }
        offer = offer_for(user, **filters)
        selected = list(values.get("c") or [])
        shown = {c.pk for entry in offer.groups for c in entry.candidates}
        applied = {
            key: value
            for key, value in (
                ("region", filters["region"].code if filters["region"] else ""),
                ("area", filters["area"]),
                ("pobreza", filters["poverty"]),
            )
            if value
        }
        context = {
            "form": form,
            "offer": offer,
            # The ticked schools travel in the URL: through the filters, to the comparison and back.
            "selected": set(selected),
            "selected_ids": selected,
            "selected_query": ids_query(selected),
            "hidden_selected": [pk for pk in selected if pk not in shown],
            "filtered": bool(applied),
            "query": urlencode(applied),
            "staff_preview": is_ipae_staff(user),
            "can_request": permissions.can_request_schools(user),
            "pending_requests": school_requests_visible_to(user).filter(status=Status.PENDING).count(),
            "max_request": MAX_SCHOOLS_PER_REQUEST,
            "max_compared": MAX_COMPARED,
            "group_colors": GROUP_COLORS,
            "map_data": {
                "fields": POINT_FIELDS,
                "points": offer.points,
                "legend": offer.legend,
                "regions": region_labels(),
                "words": map_words(),
            },
        }
        return no_store(render(request, self.template_name, context))


class CompareView(PermissionGateMixin, View):
    """The ticked schools side by side (`?c=` up to six), with the national figures beside their results,
    and the form to ask for them. Ids no longer offered (or never offered) are left out, in words."""

    gate = staticmethod(permissions.can_browse_candidates)
    template_name = "evaluations/choosing/compare.html"

    def get(self, request):
        user = request.user
        form = OfferFilterForm(request.GET, regions=offer_regions(user))
        values, _refused = form.values()
        ids = values.get("c") or []
        if "c" in form.errors:
            messages.warning(request, form.errors["c"][0])
        if len(ids) > MAX_COMPARED:
            messages.info(
                request,
                _("Se comparan las primeras %(n)s instituciones elegidas.") % {"n": MAX_COMPARED},
            )
            ids = ids[:MAX_COMPARED]
        rows, missing = compare_rows(user, ids)
        if missing:
            messages.warning(
                request,
                _("Algunas de las instituciones elegidas ya no están disponibles: no se muestran."),
            )
        shown_ids = [row.candidate.pk for row in rows]
        askable = [row.candidate.pk for row in rows if row.pending_request is None]
        for row in rows:
            row.remove_query = ids_query([pk for pk in shown_ids if pk != row.candidate.pk])
        context = {
            "rows": rows,
            "ids_query": ids_query(shown_ids),
            "can_request": permissions.can_request_schools(user),
            "staff_preview": is_ipae_staff(user),
            "request_form": SchoolRequestForm(initial={"c": askable, "client_uuid": uuid.uuid4()}),
            "askable": len(askable),
        }
        return no_store(render(request, self.template_name, context))


# --- Asking for schools -----------------------------------------------------------------------
class RequestCreateView(PermissionGateMixin, View):
    """GET `?c=`: the chosen schools to review, and a message for IPAE. POST: the request is made for the
    person's own company and its page opens; or the form comes back with the reason (nothing saved)."""

    gate = staticmethod(permissions.can_request_schools)
    template_name = "evaluations/choosing/request_create.html"

    def render(self, form, ids, *, status=200):
        rows, missing = compare_rows(self.request.user, ids)
        context = {
            "form": form,
            "rows": rows,
            "missing": missing,
            "sponsor": sponsor_of(self.request.user),
            "back_query": ids_query([row.candidate.pk for row in rows]),
            "askable": sum(1 for row in rows if not row.pending_request),
        }
        return no_store(render(self.request, self.template_name, context, status=status))

    def get(self, request):
        form = OfferFilterForm(request.GET, regions=offer_regions(request.user))
        values, _refused = form.values()
        ids = (values.get("c") or [])[:MAX_SCHOOLS_PER_REQUEST]
        if "c" in form.errors:
            messages.warning(request, form.errors["c"][0])
        initial = {"c": ids, "client_uuid": uuid.uuid4()}
        return self.render(SchoolRequestForm(initial=initial), ids)

    def post(self, request):
        form = SchoolRequestForm(request.POST)
        valid = form.is_valid()
        ids = form.cleaned_data.get("c") or []
        if valid:
            candidates = list(candidates_offered_to(request.user).filter(pk__in=ids))
            if len(candidates) != len(ids):
                form.add_error("c", _("Alguna de las instituciones elegidas ya no está disponible. Vuelva a elegir."))
            else:
                try:
                    school_request, created = school_request_create(
                        user=request.user,
                        candidates=candidates,
                        client_uuid=form.cleaned_data["client_uuid"],
                        message=form.cleaned_data["message"],
                    )
                except ValidationError as error:
                    apply_service_errors(form, error)
                else:
                    if created:
                        messages.success(
                            request,
                            _(
                                "Su solicitud fue enviada. IPAE la revisará y le responderá aquí; también le "
                                "avisaremos por correo."
                            ),
                        )
                    else:
                        messages.info(request, _("Esta solicitud ya se había enviado: esta es su página."))
                    return redirect(school_request)
        return self.render(form, ids, status=400)


# --- The requests -------------------------------------------------------------------------
class RequestListView(PermissionGateMixin, View):
    """A company's requests ("Mis solicitudes"); for staff, every company's, pending first if they ask."""

    gate = staticmethod(permissions.can_see_school_requests)
    template_name = "evaluations/choosing/request_list.html"

    def get(self, request):
        user = request.user
        filter_form = RequestFilterForm(request.GET)
        status = filter_form.cleaned_data["estado"] if filter_form.is_valid() else ""
        if not filter_form.is_valid():
            messages.warning(request, _("Ese estado no existe: se muestran las solicitudes en todos los estados."))
            filter_form = RequestFilterForm()
        staff = is_ipae_staff(user)
        requests = school_requests_visible_to(user).select_related("requested_by")
        if staff:
            requests = requests.select_related("sponsor")
        if status:
            requests = requests.filter(status=status)
        page = keyset_page(
            requests,
            ordering=("-created_at", "-id"),
            cursor=request.GET.get("cursor"),
            scope_is_small=not staff,
        )
        counts = item_counts([r.pk for r in page])
        rows = [{"request": r, "look": STATUS_LOOK[r.status], "schools": counts.get(r.pk, (0, 0))} for r in page]
        context = {
            "rows": rows,
            "page": page,
            "staff": staff,
            "status": status,
            "filter_form": filter_form,
            "query": urlencode({"estado": status}) if status else "",
            "pending": school_requests_visible_to(user).filter(status=Status.PENDING).count(),
            "can_browse": permissions.can_browse_candidates(user),
        }
        return no_store(render(request, self.template_name, context))


def item_counts(request_ids) -> dict[int, tuple[int, int]]:
    """{request id: (schools asked for, schools confirmed)} for a page of requests, in one query."""
    rows = (
        SchoolRequestItem.objects.filter(request_id__in=request_ids)
        .values("request_id")
        .annotate(total=Count("pk"), confirmed=Count("pk", filter=Q(outcome=SchoolRequestItem.Outcome.CONFIRMED)))
        .order_by()
    )
    return {row["request_id"]: (row["total"], row["confirmed"]) for row in rows}


def request_get(user, pk) -> SchoolRequest:
    """One request the person may see, or 404 (another company's looks the same as a missing one)."""
    return get_object_or_404(school_requests_visible_to(user).select_related("sponsor", "requested_by"), pk=pk)


class RequestDetailView(PermissionGateMixin, View):
    """A request: its state and dates, the schools and what became of each, the company's message and
    IPAE's answer, the agreement once confirmed. The company may withdraw it while pending; staff see
    who else asked for each school and answer it (confirm some or all, or decline with a reason)."""

    gate = staticmethod(permissions.can_see_school_requests)
    template_name = "evaluations/choosing/request_detail.html"

    def get(self, request, pk):
        return self.render(request_get(request.user, pk))

    def render(self, school_request, *, confirm_form=None, decline_form=None, status=200):
        user = self.request.user
        staff = is_ipae_staff(user)
        items = request_items(user, school_request)
        can_decide = permissions.can_decide_school_request(user, school_request)
        if can_decide and confirm_form is None:
            confirm_form = confirm_form_for(school_request, items)
        if can_decide and decline_form is None:
            decline_form = DeclineForm()
        context = {
            "school_request": school_request,
            "look": STATUS_LOOK[school_request.status],
            "items": items,
            "staff": staff,
            "can_withdraw": permissions.can_withdraw_school_request(user, school_request),
            "can_decide": can_decide,
            "confirm_form": confirm_form if can_decide else None,
            "decline_form": decline_form if can_decide else None,
            "confirmed": [i for i in items if i.item.outcome == i.item.Outcome.CONFIRMED],
            "taken": sum(1 for i in items if i.taken),
        }
        return no_store(render(self.request, self.template_name, context, status=status))


def confirm_form_for(school_request, items, data=None) -> ConfirmForm:
    choices = [(i.item.pk, i.item.school.name) for i in items]
    free = [i.item.pk for i in items if not i.taken]
    return ConfirmForm(
        data,
        items=choices,
        start_year=default_start_year(),
        initial={"items": free, "currency": sponsor_usual_currency(school_request.sponsor_id)},
    )


class RequestWithdrawView(PermissionGateMixin, View):
    """The company takes back its pending request."""

    gate = staticmethod(permissions.can_request_schools)
    http_method_names = ["post"]

    def post(self, request, pk):
        school_request = request_get(request.user, pk)
        try:
            school_request_withdraw(user=request.user, school_request=school_request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Retiró su solicitud. Puede volver a elegir instituciones cuando quiera."))
        return redirect(school_request)


class RequestConfirmView(RequestDetailView):
    """Staff confirm a request: the schools chosen get their five-year agreements."""

    gate = staticmethod(permissions.can_manage_candidates)
    http_method_names = ["post"]

    def post(self, request, pk):
        school_request = request_get(request.user, pk)
        if school_request.status == Status.CONFIRMED:
            messages.info(request, _("Esta solicitud ya estaba confirmada."))
            return redirect(school_request)
        if not school_request.is_pending:
            messages.error(request, _("Esta solicitud ya no está pendiente: no se puede confirmar."))
            return redirect(school_request)
        items = request_items(request.user, school_request)
        form = confirm_form_for(school_request, items, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                school_request_confirm(
                    user=request.user,
                    school_request=school_request,
                    item_ids=data["items"],
                    start_year=data["start_year"],
                    committed_amount=data["committed_amount"],
                    currency=data["currency"],
                    decision_note=data["decision_note"],
                    internal_note=data["internal_note"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Solicitud confirmada: se registraron los convenios de %(n)s instituciones.")
                    % {"n": len(data["items"])},
                )
                return redirect(school_request)
        return self.render(school_request, confirm_form=form, status=400)


class RequestDeclineView(RequestDetailView):
    """Staff decline a request, with the reason the company reads."""

    gate = staticmethod(permissions.can_manage_candidates)
    http_method_names = ["post"]

    def post(self, request, pk):
        school_request = request_get(request.user, pk)
        if not school_request.is_pending:
            messages.info(request, _("Esta solicitud ya no está pendiente."))
            return redirect(school_request)
        form = DeclineForm(request.POST)
        if form.is_valid():
            try:
                school_request_decline(
                    user=request.user,
                    school_request=school_request,
                    reason=form.cleaned_data["decision_note"],
                    internal_note=form.cleaned_data["internal_note"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Se respondió a la empresa que su solicitud no fue aprobada."))
                return redirect(school_request)
        return self.render(school_request, decline_form=form, status=400)
