"""Planning and changing workshops: every rule and every refusal of `workshop_plan` and `workshop_update`."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from networks.tests.factories import NetworkFactory
from schools.models import Region
from workshops.models import Workshop
from workshops.services import workshop_plan, workshop_update
from workshops.tests.factories import AttendanceFactory, ParentAttendanceFactory

TODAY = timezone.localdate


def plan_args(**overrides) -> dict:
    today = TODAY()
    args = {
        "title": "  Taller de comprensión lectora  ",
        "modality": Workshop.Modality.ON_SITE,
        "starts_on": today + datetime.timedelta(days=10),
        "ends_on": today + datetime.timedelta(days=10),
        "duration_hours": Decimal("4"),
        "venue": "Auditorio de la UGEL Morropón",
        "for_teachers": True,
        "facilitator": "Carmen Rojas",
    }
    return args | overrides


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# --- workshop_plan ------------------------------------------------------------------------
def test_staff_plan_a_network_workshop_of_the_networks_year(world, staff_user):
    workshop = workshop_plan(user=staff_user, network=world.network_a, **plan_args())
    workshop.refresh_from_db()
    assert workshop.title == "Taller de comprensión lectora"
    assert workshop.program_year == world.network_a.program_year_on(TODAY()) == 2
    assert workshop.history.get().history_change_reason == f"Planificado por {staff_user}"


def test_a_coordinator_plans_a_workshop_for_their_network(world, coordinator):
    workshop = workshop_plan(user=coordinator, network=world.network_a, program_year=2, **plan_args())
    assert workshop.network == world.network_a


@pytest.mark.parametrize("persona", ["other_coordinator", "former_coordinator", "sponsor", "anonymous"])
def test_nobody_else_plans_a_workshop_for_network_a(world, user_of, persona):
    with pytest.raises(PermissionDenied):
        workshop_plan(user=user_of(persona), network=world.network_a, **plan_args())
    assert not Workshop.objects.filter(title__contains="comprensión").exists()


def test_a_coordinator_plans_no_regional_workshop(world, coordinator):
    with pytest.raises(PermissionDenied):
        workshop_plan(user=coordinator, region=world.piura, program_year=1, **plan_args())


def test_staff_plan_a_regional_workshop_naming_its_year(world, staff_user):
    workshop = workshop_plan(user=staff_user, region=world.piura, program_year=3, **plan_args())
    assert (workshop.region, workshop.program_year) == (world.piura, 3)


def test_a_regional_workshop_needs_its_program_year(world, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        workshop_plan(user=staff_user, region=world.piura, **plan_args())
    assert errors_of(excinfo)["program_year"] == ["Elija el año del programa del taller regional."]


def test_a_regional_workshop_is_in_a_program_region(world, staff_user):
    amazonas = Region.objects.get(code="01")
    with pytest.raises(ValidationError) as excinfo:
        workshop_plan(user=staff_user, region=amazonas, program_year=1, **plan_args())
    assert errors_of(excinfo)["region"] == ["Elija una región donde trabaja el programa."]


@pytest.mark.parametrize("both", [True, False])
def test_a_workshop_is_for_exactly_one_network_or_region(world, staff_user, both):
    target = {"network": world.network_a, "region": world.piura} if both else {}
    with pytest.raises(ValidationError) as excinfo:
        workshop_plan(user=staff_user, program_year=2, **target, **plan_args())
    assert excinfo.value.messages == ["Un taller es para una región o para una red: elija solo una."]


def test_a_network_workshop_of_another_program_year_is_refused(world, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        workshop_plan(user=staff_user, network=world.network_a, program_year=4, **plan_args())
    assert errors_of(excinfo)["program_year"] == [
        "En la fecha de inicio, la red está en el año 2 del programa (Pensamiento crítico y lógico): el taller es "
        "de ese año. Deje el año vacío para tomarlo de la red."
    ]


def test_a_network_workshop_before_the_network_joined_the_program_is_refused(world, staff_user):
    day = datetime.date(world.network_a.cohort_start_year - 1, 6, 1)
    with pytest.raises(ValidationError) as excinfo:
        workshop_plan(user=staff_user, network=world.network_a, **plan_args(starts_on=day, ends_on=day))
    assert errors_of(excinfo)["starts_on"] == [
        f"La fecha es anterior al ingreso de la red al programa ({world.network_a.cohort_start_year})."
    ]


def test_a_workshop_of_a_graduated_network_is_refused(world, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        workshop_plan(user=staff_user, network=world.graduated_network, **plan_args())
    assert errors_of(excinfo)["starts_on"] == ["En esa fecha la red ya había egresado del programa."]


def test_a_workshop_needs_an_audience(world, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        workshop_plan(user=staff_user, network=world.network_a, **plan_args(for_teachers=False))
    assert excinfo.value.messages == ["Elija al menos un público: directores, docentes o padres de familia."]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"modality": Workshop.Modality.VIRTUAL, "venue": "Aula de innovación"}, "venue"),
        ({"modality": Workshop.Modality.ON_SITE, "venue": "https://meet.example/x"}, "venue"),
        ({"ends_on": TODAY()}, "__all__"),  # before the start
        ({"starts_on": TODAY() + datetime.timedelta(400), "ends_on": TODAY() + datetime.timedelta(400)}, "starts_on"),
        ({"duration_hours": Decimal("13")}, "duration_hours"),
        ({"title": "x" * 151}, "title"),
        ({"facilitator": "x" * 151}, "facilitator"),
    ],
)
def test_a_workshop_follows_its_own_rules(world, staff_user, changes, field):
    with pytest.raises(ValidationError) as excinfo:
        workshop_plan(user=staff_user, network=world.network_a, **plan_args(**changes))
    assert field in errors_of(excinfo)
    assert not Workshop.objects.filter(network=world.network_a, duration_hours=13).exists()


# --- workshop_update ----------------------------------------------------------------------
def test_a_coordinator_changes_their_networks_workshop_with_history(world, coordinator):
    workshop = workshop_update(user=coordinator, workshop=world.workshop_a, title="Taller de escritura", venue="Aula 3")
    workshop.refresh_from_db()
    assert (workshop.title, workshop.venue) == ("Taller de escritura", "Aula 3")
    assert workshop.history.first().history_change_reason == f"Cambios de {coordinator}"


@pytest.mark.parametrize("persona", ["other_coordinator", "former_coordinator", "sponsor"])
def test_nobody_else_changes_network_as_workshop(world, user_of, persona):
    with pytest.raises(PermissionDenied):
        workshop_update(user=user_of(persona), workshop=world.workshop_a, title="Otro")


def test_a_coordinator_changes_no_regional_workshop(world, coordinator):
    with pytest.raises(PermissionDenied):
        workshop_update(user=coordinator, workshop=world.workshop_piura, title="Otro")


def test_a_coordinator_may_not_move_a_workshop_to_another_coordinators_network(world, coordinator):
    with pytest.raises(PermissionDenied):
        workshop_update(user=coordinator, workshop=world.workshop_a, network=world.network_b)
    world.workshop_a.refresh_from_db()
    assert world.workshop_a.network == world.network_a


def test_staff_turn_a_network_workshop_without_attendance_into_a_regional_one(world, staff_user):
    workshop = workshop_update(
        user=staff_user, workshop=world.workshop_a, network=None, region=world.piura, program_year=2
    )
    assert (workshop.network, workshop.region) == (None, world.piura)


def test_an_empty_program_year_takes_the_networks(world, staff_user):
    other = NetworkFactory(region=world.piura, cohort_start_year=TODAY().year)  # year 1 today
    workshop = workshop_update(user=staff_user, workshop=world.workshop_a, network=other, program_year=None)
    assert workshop.program_year == 1


def test_workshop_update_refuses_fields_it_does_not_change(world, staff_user):
    with pytest.raises(TypeError):
        workshop_update(user=staff_user, workshop=world.workshop_a, attendance_version=7)


@pytest.fixture
def recorded(world):
    """Workshop A with a teacher and a director who came."""
    school = world.schools_a[0]
    AttendanceFactory(workshop=world.workshop_a, teacher=world.teachers_a[school.pk][0])
    AttendanceFactory(workshop=world.workshop_a, teacher=school.teachers.get(position="director"))
    return world.workshop_a


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"for_teachers": False},
            "for_teachers",
            "Ya hay docentes registrados como asistentes: este público no se puede quitar.",
        ),
        (
            {"for_directors": False},
            "for_directors",
            "Ya hay directores registrados como asistentes: este público no se puede quitar.",
        ),
        (
            {"starts_on": TODAY() + datetime.timedelta(3), "ends_on": TODAY() + datetime.timedelta(3)},
            "starts_on",
            "Ya hay asistencia registrada: la fecha de inicio no puede quedar en el futuro.",
        ),
    ],
)
def test_recorded_attendance_keeps_its_audience_and_its_day(recorded, staff_user, changes, field, message):
    with pytest.raises(ValidationError) as excinfo:
        workshop_update(user=staff_user, workshop=recorded, **changes)
    assert errors_of(excinfo)[field] == [message]


def test_recorded_attendance_keeps_the_workshops_network(world, recorded, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        workshop_update(user=staff_user, workshop=recorded, network=world.network_b)
    assert "no se puede cambiar" in errors_of(excinfo)["__all__"][0]


def test_recorded_parents_keep_the_parents_audience(world, staff_user):
    row = ParentAttendanceFactory(workshop__network=world.network_a, school=world.schools_a[0], count=4)
    with pytest.raises(ValidationError) as excinfo:
        workshop_update(user=staff_user, workshop=row.workshop, for_parents=False, for_teachers=True)
    assert errors_of(excinfo)["for_parents"] == [
        "Ya hay padres de familia registrados como asistentes: este público no se puede quitar."
    ]


def test_people_marked_absent_do_not_hold_an_audience(world, staff_user):
    school = world.schools_a[0]
    AttendanceFactory(workshop=world.workshop_a, teacher=world.teachers_a[school.pk][0], attended=False)
    workshop = workshop_update(user=staff_user, workshop=world.workshop_a, for_teachers=False)
    assert not workshop.for_teachers
