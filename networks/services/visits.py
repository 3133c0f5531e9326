"""Logging and correcting visits. Idempotent by the client's UUID; edits guarded by a version number."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.idempotency import create_once
from schools.models import School, Teacher

from ..models import Competency, SchoolMembership, Visit, VisitScore
from ..permissions import can_edit_visit, can_log_visit
from .photos import PreparedPhoto, photos_attach
from .program_years import network_program_year
from .summaries import school_months_refresh_on_commit

EDITABLE_FIELDS = (
    "kind",
    "teacher",
    "date",
    "duration_minutes",
    "observations",
    "agreements",
    "follow_up_on",
    "latitude",
    "longitude",
)


class VisitConflictError(ValidationError):
    """Someone saved the visit after this person opened it: their edit must not silently overwrite."""


def visit_program_year(*, school: School, date: datetime.date) -> int:
    """The program year, on the visit's date, of the network the school belonged to that day.

    Refuses a date on which the school was in no network, or its network was outside its five years.
    """
    membership = (
        SchoolMembership.objects.in_force_on(date).filter(school=school).select_related("network").first()
        if date
        else None
    )
    if membership is None:
        raise ValidationError({"date": _("En esa fecha la institución no pertenecía a ninguna red del programa.")})
    return network_program_year(network=membership.network, date=date)


def _scores_replace(*, visit: Visit, scores: dict[int, int] | None) -> None:
    """Keep the rubric: one score 1..4 per competency of the visit's program year."""
    scores = {int(k): int(v) for k, v in (scores or {}).items() if v not in (None, "")}
    allowed = set(Competency.objects.filter(year__number=visit.program_year).values_list("pk", flat=True))
    if set(scores) - allowed:
        raise ValidationError(
            _("La rúbrica no corresponde al año %(year)s del programa: revise los puntajes.")
            % {"year": visit.program_year}
        )
    if any(not 1 <= s <= 4 for s in scores.values()):
        raise ValidationError(_("Cada puntaje de la rúbrica va de 1 a 4."))
    current = {s.competency_id: s for s in visit.scores.all()}
    for competency_id, score in scores.items():
        existing = current.pop(competency_id, None)
        if existing is None:
            VisitScore.objects.create(visit=visit, competency_id=competency_id, score=score)
        elif existing.score != score:
            existing.score = score
            existing.save()
    for stale in current.values():
        stale.delete()


def visit_log(
    *,
    user,
    client_uuid: uuid.UUID,
    school: School,
    kind: str,
    date: datetime.date,
    teacher: Teacher | None = None,
    duration_minutes: int | None = None,
    observations: str = "",
    agreements: str = "",
    follow_up_on: datetime.date | None = None,
    latitude=None,
    longitude=None,
    scores: dict[int, int] | None = None,
    photos: list[PreparedPhoto] = (),
) -> tuple[Visit, bool]:
    """A coordinator logs a visit at one of their schools. Returns (visit, created).

    The same client_uuid sent twice (a double tap, a retry after a timeout) returns the first visit
    and creates nothing. The program year comes from the network's cohort on the visit's date, and
    stays with the visit: moving the school to another network later never rewrites it.
    """

    def create() -> Visit:
        if not can_log_visit(user, school):
            raise PermissionDenied
        visit = Visit(
            client_uuid=client_uuid,
            coordinator=user,
            school=school,
            teacher=teacher,
            kind=kind,
            date=date,
            duration_minutes=duration_minutes,
            observations=observations,
            agreements=agreements,
            follow_up_on=follow_up_on,
            latitude=latitude,
            longitude=longitude,
        )
        visit.program_year = visit_program_year(school=school, date=date)
        visit.full_clean(validate_unique=False)
        visit.save()
        _scores_replace(visit=visit, scores=scores)
        photos_attach(visit=visit, photos=list(photos))
        # The dashboards' counts for that school and month, once the visit is committed.
        school_months_refresh_on_commit([(visit.school_id, visit.date)])
        return visit

    return create_once(Visit, client_uuid=client_uuid, owner=user, create=create)


@transaction.atomic
def visit_update(
    *,
    user,
    visit: Visit,
    expected_version: int,
    scores: dict[int, int] | None = None,
    photos: list[PreparedPhoto] = (),
    **changes,
) -> Visit:
    """Change a visit (coordinator within the edit window, or staff at any time).

    Optimistic locking: if the visit's version is no longer the one the person opened, nothing is
    saved and VisitConflictError is raised, so the caller can show both versions and lose nothing.
    The program year was fixed when the visit was logged (its rubric is that year's), so a new date
    must stay in the same school year; the school's network today plays no part.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"visit_update got fields it may not change: {sorted(unknown)}")
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    if not can_edit_visit(user, locked):
        raise PermissionDenied
    if locked.version != expected_version:
        raise VisitConflictError(
            _(
                "Otra persona guardó cambios en esta visita mientras usted la editaba. Sus cambios no se "
                "guardaron todavía: revise la versión actual y vuelva a guardar."
            ),
            code="conflict",
        )
    logged_year = locked.date.year
    before = (locked.school_id, locked.date)
    for field, value in changes.items():
        setattr(locked, field, value)
    if locked.date and locked.date.year != logged_year:
        raise ValidationError(
            {
                "date": _(
                    "La fecha puede cambiar solo dentro del año escolar %(year)s: el año del programa y su "
                    "rúbrica se fijaron al registrar la visita. Para otro año, registre una visita nueva."
                )
                % {"year": logged_year}
            }
        )
    locked.version += 1
    locked.full_clean(validate_unique=False)
    locked._change_reason = _("Edición de %(user)s") % {"user": user}
    locked.save()
    if scores is not None:
        _scores_replace(visit=locked, scores=scores)
    photos_attach(visit=locked, photos=list(photos))
    # A corrected date (or school) moves the visit between school-months: both are recounted. The kind
    # and observations feed the counts too, so the month is recounted on any edit.
    school_months_refresh_on_commit([before, (locked.school_id, locked.date)])
    return locked
