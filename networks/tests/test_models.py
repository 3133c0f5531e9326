"""Networks, coordinator assignments, visits and meetings: single-row rules and DB constraints."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from accounts.tests.factories import CoordinatorFactory, SponsorUserFactory
from networks.models import Competency, CoordinatorAssignment, CurriculumYear, ProgramYear, Visit
from networks.tests.factories import (
    CoordinatorAssignmentFactory,
    NetworkFactory,
    NetworkMeetingFactory,
    VisitFactory,
    VisitPhotoFactory,
    VisitScoreFactory,
)
from schools.tests.factories import SchoolFactory, TeacherFactory

pytestmark = pytest.mark.django_db

FUTURE_MESSAGE = "La fecha no puede ser posterior a hoy."
CLASSROOM_MESSAGE = "Una visita en aula necesita el o la docente observado(a)."
OTHER_SCHOOL_MESSAGE = "El o la docente no pertenece a esta institución educativa."
PROGRAM_YEAR_MESSAGE = "El año del programa debe estar entre 1 y 5."
OVERLAP_MESSAGE = (
    "Las fechas se cruzan con otra asignación de esta red: una red tiene un(a) solo(a) coordinador(a) a la vez."
)


def errors_of(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    return excinfo.value.message_dict


@pytest.fixture
def school():
    return SchoolFactory(network=NetworkFactory())


def build_visit(school, **kwargs) -> Visit:
    return VisitFactory.build(school=school, coordinator=CoordinatorFactory(), **kwargs)


# --- Curriculum (data migration) ------------------------------------------------------
def test_the_data_migration_loads_the_five_program_years_with_competencies():
    years = list(CurriculumYear.objects.order_by("number"))
    assert [y.number for y in years] == [1, 2, 3, 4, 5]
    assert years[0].focus_es == "Lectura y escritura"
    assert all(y.competencies.exists() for y in years)


def test_curriculum_text_follows_the_active_language():
    year = CurriculumYear.objects.get(number=1)
    with translation.override("es-pe"):
        assert year.focus == year.focus_es
    with translation.override("en"):
        assert year.focus == year.focus_en
        assert year.focus != year.focus_es


# --- Network --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (datetime.date(2023, 12, 31), None),
        (datetime.date(2024, 1, 1), 1),
        (datetime.date(2024, 12, 31), 1),
        (datetime.date(2025, 6, 1), 2),
        (datetime.date(2026, 6, 1), 3),
        (datetime.date(2027, 6, 1), 4),
        (datetime.date(2028, 12, 31), 5),
        (datetime.date(2029, 3, 1), 6),
    ],
)
def test_network_program_year_counts_school_years_from_its_cohort_start(on, expected):
    network = NetworkFactory.build(cohort_start_year=2024)
    assert network.program_year_on(on) == expected


@pytest.mark.parametrize(
    ("on", "graduated"),
    [
        (datetime.date(2023, 6, 1), False),
        (datetime.date(2024, 6, 1), False),
        (datetime.date(2028, 12, 31), False),
        (datetime.date(2029, 1, 1), True),
        (datetime.date(2035, 1, 1), True),
    ],
)
def test_network_has_graduated_only_after_program_year_five(on, graduated):
    assert NetworkFactory.build(cohort_start_year=2024).is_graduated_on(on) is graduated


def test_network_program_start_is_the_first_of_january_of_its_cohort_year():
    assert NetworkFactory.build(cohort_start_year=2024).program_start == datetime.date(2024, 1, 1)


@pytest.mark.parametrize(
    ("schools", "flagged"), [(0, True), (5, True), (6, False), (10, False), (15, False), (16, True)]
)
def test_network_size_is_flagged_outside_6_to_15_schools(schools, flagged):
    assert NetworkFactory.build().size_is_flagged(schools) is flagged


# --- Coordinator assignments ----------------------------------------------------------
def test_an_assignment_from_the_factory_is_valid():
    CoordinatorAssignmentFactory().full_clean()


def test_assignment_rejects_a_user_who_is_not_a_coordinator():
    assignment = CoordinatorAssignmentFactory.build(network=NetworkFactory(), coordinator=SponsorUserFactory())
    assert "El usuario elegido no es coordinador(a) de red." in errors_of(assignment)["coordinator"]


def test_assignment_rejects_an_end_before_its_start():
    assignment = CoordinatorAssignmentFactory.build(
        network=NetworkFactory(),
        coordinator=CoordinatorFactory(),
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2025, 2, 1),
    )
    assert "La fecha de fin no puede ser anterior a la de inicio." in errors_of(assignment)["__all__"]


def test_assignment_rejects_overlap_with_an_open_ended_assignment_of_the_same_network():
    network = NetworkFactory()
    CoordinatorAssignmentFactory(network=network, starts_on=datetime.date(2024, 1, 1), ends_on=None)
    later = CoordinatorAssignmentFactory.build(
        network=network,
        coordinator=CoordinatorFactory(),
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    assert errors_of(later)["__all__"] == [OVERLAP_MESSAGE]


def test_assignment_rejects_an_open_ended_one_that_starts_inside_a_closed_range():
    network = NetworkFactory()
    CoordinatorAssignmentFactory(
        network=network, starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2024, 12, 31)
    )
    open_ended = CoordinatorAssignmentFactory.build(
        network=network, coordinator=CoordinatorFactory(), starts_on=datetime.date(2024, 6, 1), ends_on=None
    )
    assert errors_of(open_ended)["__all__"] == [OVERLAP_MESSAGE]


def test_assignment_rejects_two_overlapping_closed_ranges():
    network = NetworkFactory()
    CoordinatorAssignmentFactory(
        network=network, starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2024, 6, 30)
    )
    overlapping = CoordinatorAssignmentFactory.build(
        network=network,
        coordinator=CoordinatorFactory(),
        starts_on=datetime.date(2024, 6, 30),
        ends_on=datetime.date(2024, 12, 31),
    )
    assert errors_of(overlapping)["__all__"] == [OVERLAP_MESSAGE]


def test_assignment_rejects_a_second_open_assignment_with_both_messages():
    network = NetworkFactory()
    CoordinatorAssignmentFactory(network=network, starts_on=datetime.date(2024, 1, 1))
    second = CoordinatorAssignmentFactory.build(
        network=network, coordinator=CoordinatorFactory(), starts_on=datetime.date(2025, 1, 1)
    )
    assert errors_of(second)["__all__"] == [
        OVERLAP_MESSAGE,
        "La red ya tiene un(a) coordinador(a) a cargo sin fecha de fin.",
    ]


def test_assignment_allows_sequential_non_overlapping_assignments():
    network = NetworkFactory()
    CoordinatorAssignmentFactory(
        network=network, starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2024, 6, 30)
    )
    second = CoordinatorAssignmentFactory.build(
        network=network,
        coordinator=CoordinatorFactory(),
        starts_on=datetime.date(2024, 7, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    second.full_clean()
    second.save()
    third = CoordinatorAssignmentFactory.build(
        network=network, coordinator=CoordinatorFactory(), starts_on=datetime.date(2025, 1, 1), ends_on=None
    )
    third.full_clean()


def test_assignment_allows_the_same_dates_on_another_network():
    coordinator = CoordinatorFactory()
    CoordinatorAssignmentFactory(coordinator=coordinator, starts_on=datetime.date(2024, 1, 1))
    CoordinatorAssignmentFactory.build(
        network=NetworkFactory(), coordinator=coordinator, starts_on=datetime.date(2024, 1, 1)
    ).full_clean()


def test_editing_an_assignment_does_not_overlap_with_itself():
    assignment = CoordinatorAssignmentFactory(starts_on=datetime.date(2024, 1, 1))
    assignment.ends_on = datetime.date(2025, 12, 31)
    assignment.full_clean()


def test_database_refuses_two_open_assignments_on_one_network():
    network = NetworkFactory()
    CoordinatorAssignmentFactory(network=network)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoordinatorAssignmentFactory(network=network)


def test_assignments_active_on_a_date_include_both_ends_and_open_ones():
    closed = CoordinatorAssignmentFactory(starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2024, 6, 30))
    still_open = CoordinatorAssignmentFactory(starts_on=datetime.date(2024, 1, 1), ends_on=None)

    def active(day):
        return set(CoordinatorAssignment.objects.active_on(day).values_list("pk", flat=True))

    assert active(datetime.date(2023, 12, 31)) == set()
    assert active(datetime.date(2024, 1, 1)) == {closed.pk, still_open.pk}
    assert active(datetime.date(2024, 6, 30)) == {closed.pk, still_open.pk}
    assert active(datetime.date(2024, 7, 1)) == {still_open.pk}
    assert active(datetime.date(2099, 1, 1)) == {still_open.pk}


# --- Visits ---------------------------------------------------------------------------
def test_a_classroom_visit_from_the_factory_is_valid(school):
    VisitFactory(school=school, classroom=True).full_clean()


def test_visit_rejects_a_date_in_the_future(school):
    visit = build_visit(school, date=timezone.localdate() + datetime.timedelta(days=1))
    assert errors_of(visit)["date"] == [FUTURE_MESSAGE]


def test_visit_accepts_today(school):
    build_visit(school, date=timezone.localdate()).full_clean()


def test_classroom_visit_rejects_a_missing_teacher(school):
    visit = build_visit(school, kind=Visit.Kind.CLASSROOM, teacher=None)
    errors = errors_of(visit)
    assert errors["teacher"] == [CLASSROOM_MESSAGE]


def test_a_home_visit_needs_no_teacher(school):
    build_visit(school, kind=Visit.Kind.HOME, teacher=None).full_clean()


def test_visit_rejects_a_teacher_of_another_school(school):
    stranger = TeacherFactory(school=SchoolFactory())
    visit = build_visit(school, kind=Visit.Kind.CLASSROOM, teacher=stranger)
    assert errors_of(visit)["teacher"] == [OTHER_SCHOOL_MESSAGE]


@pytest.mark.parametrize("program_year", [0, 6])
def test_visit_rejects_a_program_year_outside_1_to_5(school, program_year):
    visit = build_visit(school, program_year=program_year)
    assert PROGRAM_YEAR_MESSAGE in errors_of(visit)["program_year"]


@pytest.mark.parametrize("program_year", [1, 5])
def test_visit_accepts_program_years_1_and_5(school, program_year):
    build_visit(school, program_year=program_year).full_clean()


def test_visit_rejects_a_follow_up_before_the_visit(school):
    today = timezone.localdate()
    visit = build_visit(school, date=today, follow_up_on=today - datetime.timedelta(days=1))
    assert errors_of(visit)["follow_up_on"] == ["La fecha de seguimiento no puede ser anterior a la visita."]


def test_visit_rejects_latitude_without_longitude(school):
    visit = build_visit(school, latitude="-5.2")
    assert errors_of(visit)["latitude"] == [
        "La ubicación llegó incompleta y no se guardó: toque «Agregar mi ubicación» otra vez, o guarde sin ubicación."
    ]


def test_database_refuses_a_classroom_visit_without_a_teacher(school):
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(school=school, kind=Visit.Kind.CLASSROOM, teacher=None)


@pytest.mark.parametrize("program_year", [0, 6])
def test_database_refuses_a_visit_program_year_outside_1_to_5(school, program_year):
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(school=school, program_year=program_year)


def test_database_refuses_a_repeated_client_uuid(school):
    key = uuid.uuid4()
    VisitFactory(school=school, client_uuid=key)
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(school=school, client_uuid=key)


def test_program_year_one_is_named_reading_and_writing():
    assert str(ProgramYear.READING.label) == "Lectura y escritura"


def test_visit_factory_sets_the_program_year_of_the_network_on_that_date():
    network = NetworkFactory(cohort_start_year=timezone.localdate().year)
    visit = VisitFactory(school=SchoolFactory(network=network), date=timezone.localdate())
    assert visit.program_year == 1


# --- Network meetings -----------------------------------------------------------------
def test_network_meeting_rejects_a_date_in_the_future():
    meeting = NetworkMeetingFactory.build(
        network=NetworkFactory(), coordinator=None, date=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert errors_of(meeting)["date"] == [FUTURE_MESSAGE]


def test_network_meeting_counts_participants_of_every_role():
    meeting = NetworkMeetingFactory.build(
        directors=5, teachers=12, parents=20, community_leaders=2, local_organizations=1
    )
    assert meeting.participant_count == 40


# --- __str__ --------------------------------------------------------------------------
def test_every_network_model_has_a_readable_str():
    network = NetworkFactory(name="Red Chulucanas")
    coordinator = CoordinatorFactory(first_name="Rosa", last_name="Chávez")
    assignment = CoordinatorAssignmentFactory(
        network=network, coordinator=coordinator, starts_on=datetime.date(2024, 3, 1)
    )
    school = SchoolFactory(network=network, name="I.E. N.° 14001")
    visit = VisitFactory(school=school, coordinator=coordinator, date=datetime.date(2025, 5, 6))
    meeting = NetworkMeetingFactory(network=network, date=datetime.date(2025, 5, 7))
    assert str(network) == "Red Chulucanas"
    with translation.override("es-pe"):
        assert str(CurriculumYear.objects.get(number=1)) == "1. Lectura y escritura"
        competency = Competency.objects.first()
        assert str(competency) == competency.name_es
    assert str(assignment) == "Rosa Chávez · Red Chulucanas (01/03/2024 – …)"
    assert str(visit) == "Reunión con el director · I.E. N.° 14001 · 06/05/2025"
    assert str(meeting) == "Red Chulucanas · 07/05/2025"
    assignment.ends_on = datetime.date(2025, 2, 28)
    assert str(assignment).endswith("(01/03/2024 – 28/02/2025)")


# --- Rubric scores and photos ---------------------------------------------------------
def test_visit_score_factory_scores_a_competency_of_the_visits_program_year(school):
    score = VisitScoreFactory(visit=VisitFactory(school=school, program_year=1))
    score.full_clean()
    assert score.competency.year.number == 1
    assert str(score).strip()


def test_database_refuses_a_rubric_score_outside_1_to_4(school):
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitScoreFactory(visit=VisitFactory(school=school), score=5)


def test_an_approved_photo_from_the_factory_has_consent(school):
    photo = VisitPhotoFactory(visit=VisitFactory(school=school), approved=True)
    assert photo.is_approved
    assert photo.consent_recorded
    assert str(photo).strip()


def test_database_refuses_an_approved_photo_without_consent(school):
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitPhotoFactory(visit=VisitFactory(school=school), approved=True, consent_recorded=False)
