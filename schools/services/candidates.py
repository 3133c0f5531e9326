"""Choosing schools, the writes: candidate groups and their schools (staff), sponsors' requests, their
confirmation into five-year sponsorships, declining and withdrawing, and the emails about them."""

from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from core.geo import great_circle_km
from core.idempotency import create_once

from .. import permissions, selectors
from ..models import (
    SPONSORSHIP_YEARS,
    Candidate,
    CandidateGroup,
    Currency,
    Enrollment,
    Region,
    School,
    SchoolRequest,
    SchoolRequestItem,
)
from .sponsors import sponsorship_create

# Staff build candidate groups from the padrón and publish them; a sponsor's user asks for some of their
# schools; staff confirm (each confirmed school gets its five-year Sponsorship) or decline; the company
# may withdraw while the request is pending.
#
# A candidate is not reserved by a request: several companies may ask for the same school while their
# requests are pending, and none of them learns about the others (a school held or marked "requested"
# would tell a company that another one exists and what it wants, and would let one company hold
# schools it never funds). IPAE chooses when it confirms; one sponsor per school is enforced there,
# under a lock on the schools, so two confirmations racing each other cannot both fund one school.

MAX_SCHOOLS_PER_REQUEST = 30
FACT_FIELDS = (
    "poverty_quintile",
    "poverty_rate",
    "distance_km",
    "students",
    "students_year",
    "reading_satisfactory",
    "math_satisfactory",
    "results_year",
    "results_grade",
    "public_note",
)
RESULT_FIELDS = ("reading_satisfactory", "math_satisfactory", "results_year", "results_grade")
AGREEMENT_YEARS_AHEAD = 3  # a confirmation's agreement starts this school year or within the next three


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _notify(school_request_id: int, event: str) -> None:
    from ..tasks import school_request_notify_task  # the task module imports these services

    transaction.on_commit(lambda: school_request_notify_task.delay(school_request_id, event))


def straight_line_km(school: School, region: Region):
    """The school's distance to its region's capital in km (great circle), or None without coordinates."""
    if None in (school.latitude, school.longitude, region.latitude, region.longitude):
        return None
    return great_circle_km(school.latitude, school.longitude, region.latitude, region.longitude)


def latest_enrollment(school: School) -> tuple[int | None, int | None]:
    """(students, school year) of the latest year with enrolment recorded for the school, or (None, None)."""
    rows = (
        Enrollment.objects.filter(school=school)
        .values("school_year")
        .annotate(total=Sum("students"))
        .order_by("-school_year")[:1]
    )
    row = next(iter(rows), None)
    return (row["total"], row["school_year"]) if row else (None, None)


def committed_schools(school_ids) -> set[int]:
    return set(
        selectors.committed_school_ids().filter(school_id__in=list(school_ids)).values_list("school_id", flat=True)
    )


def candidate_group_create(*, user, name: str, region: Region, description: str = "", internal_note: str = ""):
    """Staff open a new would-be network of one region, unpublished until they publish it."""
    _require(permissions.can_manage_candidates(user))
    with transaction.atomic():
        group = CandidateGroup(
            name=name.strip(), region=region, description=description, internal_note=internal_note, created_by=user
        )
        group.full_clean()
        group.save()
    return group


def candidate_group_update(
    *, user, group: CandidateGroup, name: str, region: Region, description: str = "", internal_note: str = ""
) -> CandidateGroup:
    """Staff rename a group or change its texts; its region changes only while it holds no school."""
    _require(permissions.can_manage_candidates(user))
    with transaction.atomic():
        group = CandidateGroup.objects.select_for_update().get(pk=group.pk)
        if region.pk != group.region_id and group.candidates.active().exists():
            raise ValidationError(
                {"region": _("El grupo ya tiene instituciones de su región: quítelas antes de cambiarla.")}
            )
        group.name, group.region = name.strip(), region
        group.description, group.internal_note = description, internal_note
        group.full_clean()
        group.save()
    return group


def candidate_group_publish(*, user, group: CandidateGroup) -> CandidateGroup:
    """Staff offer a group to every sponsor. It needs at least one school; publishing twice changes nothing."""
    _require(permissions.can_manage_candidates(user))
    with transaction.atomic():
        group = CandidateGroup.objects.select_for_update().get(pk=group.pk)
        if group.is_published:
            return group
        if not group.candidates.active().exists():
            raise ValidationError(_("Agregue al menos una institución antes de publicar el grupo."))
        group.published_at, group.published_by = timezone.now(), user
        group.save(update_fields=["published_at", "published_by", "updated_at"])
    return group


def candidate_group_unpublish(*, user, group: CandidateGroup) -> CandidateGroup:
    """Staff take a group out of the offer. Requests already made stay as they are, for staff to answer."""
    _require(permissions.can_manage_candidates(user))
    with transaction.atomic():
        group = CandidateGroup.objects.select_for_update().get(pk=group.pk)
        if group.is_published:
            group.published_at, group.published_by = None, None
            group.save(update_fields=["published_at", "published_by", "updated_at"])
    return group


def _check_facts(facts: dict) -> dict:
    unknown = set(facts) - set(FACT_FIELDS)
    if unknown:
        raise TypeError(f"not a candidate fact: {', '.join(sorted(unknown))}")
    return facts


def candidate_add(*, user, group: CandidateGroup, school: School, results: dict | None = None) -> Candidate:
    """Staff add a school of the group's region to the group, with the facts the system already holds:
    its distance to the regional capital (straight line, from its coordinates), its latest enrolment, and
    the `results` the caller read (the evaluations app keeps them: see evaluations.selectors.candidates).
    Poverty and anything else the staff type afterwards (candidate_facts_set).

    Refused: a school of another region, one already offered in a group, one with an agreement in force
    or ahead (it is funded already).
    """
    _require(permissions.can_manage_candidates(user))
    with transaction.atomic():
        group = CandidateGroup.objects.select_for_update().select_related("region").get(pk=group.pk)
        school = School.objects.select_for_update().select_related("district__province").get(pk=school.pk)
        if school.district.province.region_id != group.region_id:
            raise ValidationError(
                _("La institución %(school)s no está en la región %(region)s, la del grupo.")
                % {"school": school.name, "region": group.region.name}
            )
        if committed_schools([school.pk]):
            raise ValidationError(
                _("La institución %(school)s ya tiene un convenio de auspicio vigente: no se puede ofrecer.")
                % {"school": school.name}
            )
        offered = Candidate.objects.active().filter(school=school).select_related("group").first()
        if offered is not None:
            raise ValidationError(
                _("La institución %(school)s ya está en el grupo %(group)s.")
                % {"school": school.name, "group": offered.group.name}
            )
        students, students_year = latest_enrollment(school)
        distance = straight_line_km(school, group.region)
        candidate = Candidate(
            group=group,
            school=school,
            students=students,
            students_year=students_year,
            distance_km=distance,
            distance_is_straight_line=distance is not None,
            added_by=user,
            **{key: value for key, value in _check_facts(results or {}).items() if key in RESULT_FIELDS},
        )
        candidate.full_clean()
        candidate.save()
    return candidate


def candidate_facts_set(*, user, candidate: Candidate, **facts) -> Candidate:
    """Staff correct or complete the facts a candidate is shown with. A distance left empty is computed
    from the school's coordinates (straight line); one typed is kept as typed (by road, say)."""
    _require(permissions.can_manage_candidates(user))
    _check_facts(facts)
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().select_related("school", "group__region").get(pk=candidate.pk)
        if candidate.withdrawn_at is not None:
            raise ValidationError(_("Esta institución ya no está en el grupo: no se puede cambiar."))
        old_distance = candidate.distance_km
        for key, value in facts.items():
            setattr(candidate, key, value)
        if "distance_km" in facts:
            if facts["distance_km"] is None:
                candidate.distance_km = straight_line_km(candidate.school, candidate.group.region)
                candidate.distance_is_straight_line = candidate.distance_km is not None
            elif facts["distance_km"] != old_distance:
                candidate.distance_is_straight_line = False
        candidate.full_clean()
        candidate.save()
    return candidate


def candidate_results_refresh(*, user, candidate: Candidate, results: dict) -> bool:
    """Staff bring a candidate's enrolment and results up to date with the data (the evaluations app
    reads the results). A fact the data does not hold stays as the staff typed it. True when it changed."""
    _require(permissions.can_manage_candidates(user))
    _check_facts(results)
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().select_related("school").get(pk=candidate.pk)
        if candidate.withdrawn_at is not None:
            return False
        changes = {key: value for key, value in results.items() if key in RESULT_FIELDS and value is not None}
        if not results.get("results_year"):
            changes = {}
        students, students_year = latest_enrollment(candidate.school)
        if students is not None:
            changes.update(students=students, students_year=students_year)
        changes = {key: value for key, value in changes.items() if getattr(candidate, key) != value}
        if not changes:
            return False
        for key, value in changes.items():
            setattr(candidate, key, value)
        candidate.full_clean()
        candidate.save()
    return True


def candidate_remove(*, user, candidate: Candidate) -> bool:
    """Staff take a school out of its group. A candidate no request ever named is deleted; one that a
    request named is kept, marked removed, for that request's history. True when it was deleted."""
    _require(permissions.can_manage_candidates(user))
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.withdrawn_at is not None:
            return False
        if not candidate.request_items.exists():
            candidate.delete()
            return True
        candidate.withdrawn_at = timezone.now()
        candidate.save(update_fields=["withdrawn_at", "updated_at"])
    return False


def school_request_create(*, user, candidates, client_uuid, message: str = "") -> tuple[SchoolRequest, bool]:
    """A sponsor's user asks, for their own company, for some of the schools on offer.

    Every school must be offered today (a published group, no agreement in force or ahead) and not
    already in one of the company's pending requests; 1 to MAX_SCHOOLS_PER_REQUEST of them. The same
    form sent twice (its `client_uuid`) makes one request: (request, created). Staff are told by email.
    """
    _require(permissions.can_request_schools(user))
    sponsor_id = selectors.sponsor_id_of(user)
    candidate_ids = sorted({candidate.pk for candidate in candidates})
    if not candidate_ids:
        raise ValidationError({"candidates": _("Elija al menos una institución.")})
    if len(candidate_ids) > MAX_SCHOOLS_PER_REQUEST:
        raise ValidationError(
            {
                "candidates": _("Puede pedir hasta %(limit)s instituciones en una solicitud.")
                % {"limit": MAX_SCHOOLS_PER_REQUEST}
            }
        )

    def create() -> SchoolRequest:
        offered = list(selectors.offered_candidates().filter(pk__in=candidate_ids).select_related("school"))
        if len(offered) != len(candidate_ids):
            # Never which one: an id the company was not offered says nothing about what it is.
            raise ValidationError(
                {"candidates": _("Alguna de las instituciones elegidas ya no está disponible. Vuelva a elegir.")}
            )
        already = selectors.pending_candidate_ids(sponsor_id) & set(candidate_ids)
        if already:
            names = sorted(c.school.name for c in offered if c.pk in already)
            raise ValidationError(
                {"candidates": _("Ya pidió %(schools)s en una solicitud pendiente.") % {"schools": ", ".join(names)}}
            )
        school_request = SchoolRequest(
            sponsor_id=sponsor_id, requested_by=user, client_uuid=client_uuid, message=message
        )
        school_request.full_clean()
        school_request.save()
        items = [SchoolRequestItem(request=school_request, candidate=c, school=c.school) for c in offered]
        for item in items:
            item.full_clean(exclude=["request"])
        SchoolRequestItem.objects.bulk_create(items)
        _notify(school_request.pk, "requested")
        return school_request

    # The owner of a submission is the company: a colleague's repeated form finds the same request.
    company = SimpleNamespace(pk=sponsor_id)
    return create_once(SchoolRequest, client_uuid=client_uuid, owner=company, create=create, owner_field="sponsor")


def _locked_request(school_request: SchoolRequest) -> SchoolRequest:
    return SchoolRequest.objects.select_for_update().get(pk=school_request.pk)


def _not_pending(school_request: SchoolRequest) -> ValidationError:
    return ValidationError(
        _("Esta solicitud ya no está pendiente: está %(status)s.")
        % {"status": school_request.get_status_display().lower()}
    )


def school_request_withdraw(*, user, school_request: SchoolRequest) -> SchoolRequest:
    """The company takes back its pending request. Withdrawing twice changes nothing; a decided request
    cannot be withdrawn (a confirmed agreement is changed with IPAE)."""
    _require(permissions.can_request_schools(user))
    with transaction.atomic():
        locked = _locked_request(school_request)
        _require(selectors.sponsor_id_of(user) == locked.sponsor_id)
        if locked.status == SchoolRequest.Status.WITHDRAWN:
            return locked
        if not permissions.can_withdraw_school_request(user, locked):
            raise _not_pending(locked)
        locked.status, locked.withdrawn_at = SchoolRequest.Status.WITHDRAWN, timezone.now()
        locked.save(update_fields=["status", "withdrawn_at", "updated_at"])
        locked.items.update(outcome=SchoolRequestItem.Outcome.NOT_CONFIRMED, updated_at=timezone.now())
    return locked


def agreement_start_years(today=None) -> list[int]:
    """The school years a confirmed agreement may start in: this one and the next AGREEMENT_YEARS_AHEAD."""
    year = (today or timezone.localdate()).year
    return list(range(year, year + AGREEMENT_YEARS_AHEAD + 1))


def school_request_confirm(
    *,
    user,
    school_request: SchoolRequest,
    item_ids,
    start_year: int,
    committed_amount: Decimal,
    currency: str,
    decision_note: str = "",
    internal_note: str = "",
) -> SchoolRequest:
    """Staff confirm a pending request for all or some of its schools (`item_ids`). Each confirmed school
    gets a Sponsorship of the company: five school years from `start_year` (end_year = start + 4), with
    `committed_amount` in `currency` per school. The rest of the request's schools are "not confirmed".

    Refused: a school that meanwhile got an agreement (with any company), or a request no longer pending.
    Confirming again a confirmed request changes nothing (a repeated form). The company is told by email.
    """
    _require(permissions.can_manage_candidates(user))
    errors = {}
    if start_year not in agreement_start_years():
        first, *_rest, last = agreement_start_years()
        errors["start_year"] = _("El convenio empieza entre %(first)s y %(last)s.") % {"first": first, "last": last}
    if committed_amount is None or committed_amount <= 0:
        errors["committed_amount"] = _("Indique un monto mayor que cero.")
    if currency not in Currency.values:
        errors["currency"] = _("Elija soles o dólares.")
    with transaction.atomic():
        locked = _locked_request(school_request)
        if locked.status == SchoolRequest.Status.CONFIRMED:
            return locked
        if not locked.is_pending:
            raise _not_pending(locked)
        items = {item.pk: item for item in locked.items.select_related("school")}
        chosen_ids = {int(pk) for pk in item_ids}
        if not chosen_ids:
            errors["items"] = _("Elija al menos una institución para confirmar.")
        elif not chosen_ids <= set(items):
            errors["items"] = _("Elija instituciones de esta solicitud.")
        if errors:
            raise ValidationError(errors)
        chosen = [items[pk] for pk in sorted(chosen_ids)]
        # Lock the schools (in a fixed order): another confirmation for one of them waits, then sees ours.
        list(School.objects.select_for_update().filter(pk__in=[i.school_id for i in chosen]).order_by("pk"))
        taken = committed_schools(i.school_id for i in chosen)
        if taken:
            names = sorted(i.school.name for i in chosen if i.school_id in taken)
            raise ValidationError(
                {
                    "items": _("Ya tienen un convenio vigente: %(schools)s. Quítelas de la confirmación.")
                    % {"schools": ", ".join(names)}
                }
            )
        now = timezone.now()
        for item in chosen:
            # The agreements' one write path, with its rule of one agreement at a time per company and school.
            sponsorship = sponsorship_create(
                user=user,
                sponsor=locked.sponsor,
                school=item.school,
                start_year=start_year,
                end_year=start_year + SPONSORSHIP_YEARS - 1,
                committed_amount=committed_amount,
                currency=currency,
            )
            item.sponsorship, item.outcome = sponsorship, SchoolRequestItem.Outcome.CONFIRMED
            item.save(update_fields=["sponsorship", "outcome", "updated_at"])
        locked.items.exclude(pk__in=chosen_ids).update(outcome=SchoolRequestItem.Outcome.NOT_CONFIRMED, updated_at=now)
        locked.status, locked.decided_by, locked.decided_at = SchoolRequest.Status.CONFIRMED, user, now
        locked.decision_note, locked.internal_note = decision_note, internal_note
        locked.start_year, locked.committed_amount, locked.currency = start_year, committed_amount, currency
        locked.full_clean()
        locked.save()
        _notify(locked.pk, "confirmed")
    return locked


def school_request_decline(*, user, school_request: SchoolRequest, reason: str, internal_note: str = ""):
    """Staff decline a pending request, with the reason the company reads. Declining twice changes nothing."""
    _require(permissions.can_manage_candidates(user))
    if not reason.strip():
        raise ValidationError({"decision_note": _("Escriba el motivo: la empresa lo leerá.")})
    with transaction.atomic():
        locked = _locked_request(school_request)
        if locked.status == SchoolRequest.Status.DECLINED:
            return locked
        if not locked.is_pending:
            raise _not_pending(locked)
        now = timezone.now()
        locked.status, locked.decided_by, locked.decided_at = SchoolRequest.Status.DECLINED, user, now
        locked.decision_note, locked.internal_note = reason.strip(), internal_note
        locked.full_clean()
        locked.save()
        locked.items.update(outcome=SchoolRequestItem.Outcome.NOT_CONFIRMED, updated_at=now)
        _notify(locked.pk, "declined")
    return locked


def school_request_recipients(school_request: SchoolRequest, event: str) -> list:
    """Who hears of a request: IPAE staff when a company asks; the company's users when IPAE answers."""
    people = User.objects.filter(is_active=True).exclude(email="")
    if event == "requested":
        return list(people.filter(role=Role.STAFF).order_by("pk"))
    return list(people.filter(role=Role.SPONSOR, sponsor_link__sponsor_id=school_request.sponsor_id).order_by("pk"))


def school_request_notify(*, school_request_id: int, event: str) -> int:
    """Email a link to the request's page (never its content beyond the company and the count) to the
    people of `school_request_recipients`. Returns how many were sent."""
    school_request = SchoolRequest.objects.select_related("sponsor").filter(pk=school_request_id).first()
    if school_request is None or event not in NOTIFY_SUBJECTS:
        return 0
    link = settings.CEE_SITE_URL.rstrip("/") + school_request.get_absolute_url()
    schools = school_request.items.count()
    sent = 0
    for person in school_request_recipients(school_request, event):
        with translation.override(settings.LANGUAGE_CODE):
            context = {"person": person, "request": school_request, "event": event, "link": link, "schools": schools}
            subject = str(NOTIFY_SUBJECTS[event]) % {"number": school_request.pk}
            body = render_to_string("emails/school_request.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
        sent += 1
    return sent


NOTIFY_SUBJECTS = {
    "requested": gettext_lazy("cee · Nueva solicitud de instituciones (N.° %(number)s)"),
    "confirmed": gettext_lazy("cee · Su solicitud N.° %(number)s fue confirmada"),
    "declined": gettext_lazy("cee · Respuesta a su solicitud N.° %(number)s"),
}
