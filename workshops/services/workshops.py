"""Planning a workshop and changing it: for a network (its coordinator or staff) or a region (staff)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Network, ProgramYear
from networks.services.program_years import network_program_year
from schools.models import Region

from ..models import REGION_XOR_NETWORK_MESSAGE, Attendance, ParentAttendance, Workshop
from ..permissions import can_plan_workshop, can_update_workshop

EDITABLE_FIELDS = (
    "title",
    "program_year",
    "modality",
    "starts_on",
    "ends_on",
    "duration_hours",
    "venue",
    "facilitator",
    "for_directors",
    "for_teachers",
    "for_parents",
    "network",
    "region",
)


def workshop_check(workshop: Workshop, *, original: Workshop | None = None) -> None:
    """The rules of a workshop that reach past its own row, then its own (`full_clean`).

    A network's workshop happens inside the network's five program years and is of the network's
    program year on its first day (left empty, that year is taken). A regional workshop is in a program
    region and names its program year. A change (`original`: the workshop as saved) keeps its recorded
    attendance true.
    """
    if original is not None:
        _attendance_still_fits(workshop, original)
    errors = {}
    if workshop.network_id and workshop.starts_on:
        try:
            year = network_program_year(network=workshop.network, date=workshop.starts_on)
        except ValidationError as error:
            errors["starts_on"] = error.message_dict["date"]
        else:
            if workshop.program_year is None:
                workshop.program_year = year
            elif workshop.program_year != year:
                errors["program_year"] = [
                    _(
                        "En la fecha de inicio, la red está en el año %(year)s del programa (%(focus)s): "
                        "el taller es de ese año. Deje el año vacío para tomarlo de la red."
                    )
                    % {"year": year, "focus": ProgramYear(year).label}
                ]
    if workshop.region_id:
        if not workshop.region.is_program_region:
            errors["region"] = [_("Elija una región donde trabaja el programa.")]
        if workshop.program_year is None:
            errors["program_year"] = [_("Elija el año del programa del taller regional.")]
    if errors:
        raise ValidationError(errors)
    workshop.full_clean(validate_unique=False)


def _one_target(network: Network | None, region: Region | None) -> Network | Region:
    if (network is None) == (region is None):
        raise ValidationError(REGION_XOR_NETWORK_MESSAGE)
    return network or region


def workshop_plan(
    *,
    user,
    title: str,
    modality: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    duration_hours: Decimal,
    venue: str,
    network: Network | None = None,
    region: Region | None = None,
    program_year: int | None = None,
    for_directors: bool = False,
    for_teachers: bool = False,
    for_parents: bool = False,
    facilitator: str = "",
) -> Workshop:
    """Plan a workshop for one network or one region (exactly one), for at least one audience.

    Staff plan anywhere; a coordinator only for the networks assigned to them today (never a region).
    """
    target = _one_target(network, region)
    if not can_plan_workshop(user, target):
        raise PermissionDenied
    workshop = Workshop(
        title=title.strip(),
        program_year=program_year,
        modality=modality,
        starts_on=starts_on,
        ends_on=ends_on,
        duration_hours=duration_hours,
        venue=venue.strip(),
        facilitator=facilitator.strip(),
        network=network,
        region=region,
        for_directors=for_directors,
        for_teachers=for_teachers,
        for_parents=for_parents,
    )
    with transaction.atomic():
        workshop_check(workshop)
        workshop._change_reason = _("Planificado por %(user)s") % {"user": user}
        workshop.save()
    return workshop


def _attendance_still_fits(workshop: Workshop, original: Workshop) -> None:
    """Recorded attendance stays true: its audiences, its schools and its day stay."""
    came = Attendance.objects.filter(workshop=workshop, attended=True)
    parents = ParentAttendance.objects.filter(workshop=workshop, count__gt=0).exists()
    positions = set(came.values_list("teacher__position", flat=True).distinct())
    errors = {}
    if "director" in positions and not workshop.for_directors:
        errors["for_directors"] = [_("Ya hay directores registrados como asistentes: este público no se puede quitar.")]
    if "docente" in positions and not workshop.for_teachers:
        errors["for_teachers"] = [_("Ya hay docentes registrados como asistentes: este público no se puede quitar.")]
    if parents and not workshop.for_parents:
        errors["for_parents"] = [
            _("Ya hay padres de familia registrados como asistentes: este público no se puede quitar.")
        ]
    recorded = bool(positions) or parents
    moved = (workshop.network_id, workshop.region_id) != (original.network_id, original.region_id)
    if recorded and moved:
        errors["__all__"] = [
            _(
                "Ya hay asistencia registrada de las instituciones invitadas: la red o región del taller "
                "no se puede cambiar. Si se equivocó de red, corrija primero la asistencia."
            )
        ]
    if recorded and workshop.starts_on and workshop.starts_on > timezone.localdate():
        errors["starts_on"] = [_("Ya hay asistencia registrada: la fecha de inicio no puede quedar en el futuro.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def workshop_update(*, user, workshop: Workshop, **changes) -> Workshop:
    """Change a workshop (whoever may plan it for its network or region); history kept.

    Moving it to another network or region needs the right to plan there too. Once attendance is
    recorded, the audiences with attendance, the network or region and a past start date stay.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"workshop_update got fields it may not change: {sorted(unknown)}")
    locked = Workshop.objects.select_for_update(of=("self",)).select_related("network", "region").get(pk=workshop.pk)
    if not can_update_workshop(user, locked):
        raise PermissionDenied
    original = Workshop(network_id=locked.network_id, region_id=locked.region_id)
    for name, value in changes.items():
        setattr(locked, name, value.strip() if isinstance(value, str) and name != "modality" else value)
    target = _one_target(locked.network, locked.region)
    if not can_plan_workshop(user, target):
        raise PermissionDenied
    workshop_check(locked, original=original)
    locked._change_reason = _("Cambios de %(user)s") % {"user": user}
    locked.save()
    return locked
