"""Single-row rules of geography, schools, people and sponsors: Spanish messages and DB constraints."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.tests.factories import CoordinatorFactory, SponsorUserFactory
from schools.models import Region, School, Sponsor, Sponsorship, SponsorUser, Teacher
from schools.tests.factories import (
    ContributionFactory,
    DirectorFactory,
    DistrictFactory,
    EnrollmentFactory,
    ProvinceFactory,
    RegionFactory,
    SchoolFactory,
    SponsorFactory,
    SponsorshipFactory,
    TeacherFactory,
    valid_ruc,
)
from schools.validators import ruc_check_digit, validate_ruc

pytestmark = pytest.mark.django_db

CODIGO_MODULAR_MESSAGE = "El código modular debe tener exactamente 7 dígitos (por ejemplo, 0403691)."
RUC_LENGTH_MESSAGE = "El RUC debe tener exactamente 11 dígitos."
RUC_CHECK_DIGIT_MESSAGE = "El RUC no es válido: el dígito verificador no corresponde."
RUC_PREFIX_MESSAGE = "El RUC debe empezar con 10, 15, 16, 17 o 20."
DNI_MESSAGE = "El DNI debe tener exactamente 8 dígitos."
GRADES_MESSAGE = "Los grados deben ser números distintos del 1 al 6."


def errors_of(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    return excinfo.value.message_dict


# --- Geography ------------------------------------------------------------------------
def test_the_data_migration_loads_25_regions_of_which_15_are_program_regions():
    assert Region.objects.count() == 25
    assert Region.objects.filter(is_program_region=True).count() == 15
    assert Region.objects.get(code="20").name == "Piura"


def test_region_factory_reuses_the_migrated_regions():
    regions = RegionFactory.create_batch(20)
    assert Region.objects.count() == 25
    assert all(region.is_program_region for region in regions)


def test_province_rejects_a_code_outside_its_region():
    province = ProvinceFactory.build(region=Region.objects.get(code="20"), code="0801")
    assert errors_of(province)["code"] == ["El código de la provincia debe empezar con el de su región."]


def test_district_rejects_a_ubigeo_outside_its_province():
    province = ProvinceFactory(region=Region.objects.get(code="20"), code="2001")
    district = DistrictFactory.build(province=province, ubigeo="200201")
    assert errors_of(district)["ubigeo"] == ["El UBIGEO del distrito debe empezar con el código de su provincia."]


def test_district_rejects_a_five_digit_ubigeo():
    province = ProvinceFactory(region=Region.objects.get(code="20"), code="2001")
    district = DistrictFactory.build(province=province, ubigeo="20010")
    assert "El UBIGEO debe tener 6 dígitos (departamento, provincia, distrito)." in errors_of(district)["ubigeo"]


# --- Schools --------------------------------------------------------------------------
def test_a_school_from_the_factory_is_valid():
    SchoolFactory().full_clean()


def test_school_rejects_a_six_digit_codigo_modular():
    school = SchoolFactory.build(district=DistrictFactory(), codigo_modular="403691")
    assert errors_of(school)["codigo_modular"] == [CODIGO_MODULAR_MESSAGE]


def test_school_rejects_a_codigo_modular_with_letters():
    school = SchoolFactory.build(district=DistrictFactory(), codigo_modular="04O3691")
    assert errors_of(school)["codigo_modular"] == [CODIGO_MODULAR_MESSAGE]


def test_school_accepts_a_zero_padded_seven_digit_codigo_modular():
    SchoolFactory.build(district=DistrictFactory(), codigo_modular="0403691").full_clean()


def test_school_rejects_a_five_digit_codigo_de_local():
    school = SchoolFactory.build(district=DistrictFactory(), codigo_local="12345")
    assert errors_of(school)["codigo_local"] == ["El código de local debe tener exactamente 6 dígitos."]


def test_school_rejects_latitude_without_longitude():
    school = SchoolFactory.build(district=DistrictFactory(), latitude=Decimal("-5.1"))
    assert errors_of(school)["__all__"] == ["Indique latitud y longitud, o ninguna de las dos."]


def test_school_full_clean_reports_a_repeated_codigo_modular_and_anexo():
    SchoolFactory(codigo_modular="0403691", anexo=0)
    twin = SchoolFactory.build(district=DistrictFactory(), codigo_modular="0403691", anexo=0)
    assert errors_of(twin)["__all__"] == ["Ya existe una institución con este código modular y anexo."]


def test_database_refuses_two_schools_with_the_same_codigo_modular_and_anexo():
    SchoolFactory(codigo_modular="0403691", anexo=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolFactory(codigo_modular="0403691", anexo=0)


def test_database_accepts_an_annex_with_the_same_codigo_modular():
    SchoolFactory(codigo_modular="0403691", anexo=0)
    SchoolFactory(codigo_modular="0403691", anexo=1)
    assert School.objects.filter(codigo_modular="0403691").count() == 2


def test_database_refuses_a_six_digit_codigo_modular_that_skipped_validation():
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolFactory(codigo_modular="403691")


def test_enrollment_rejects_grade_seven():
    enrollment = EnrollmentFactory.build(school=SchoolFactory(), grade=7)
    assert "grade" in errors_of(enrollment)


# --- Teachers -------------------------------------------------------------------------
def test_a_teacher_from_the_factory_is_valid():
    TeacherFactory(with_dni=True).full_clean()


def test_teacher_rejects_a_seven_digit_dni():
    teacher = TeacherFactory.build(school=SchoolFactory(), dni="1234567")
    assert errors_of(teacher)["dni"] == [DNI_MESSAGE]


def test_teacher_rejects_a_dni_with_letters():
    teacher = TeacherFactory.build(school=SchoolFactory(), dni="1234567A")
    assert errors_of(teacher)["dni"] == [DNI_MESSAGE]


def test_teacher_accepts_an_eight_digit_dni_or_none():
    school = SchoolFactory()
    TeacherFactory.build(school=school, dni="04567890").full_clean()
    TeacherFactory.build(school=school, dni="").full_clean()


def test_database_refuses_two_teachers_with_the_same_dni_but_allows_many_without():
    TeacherFactory(dni="04567890")
    TeacherFactory.create_batch(2, dni="")
    with pytest.raises(IntegrityError), transaction.atomic():
        TeacherFactory(dni="04567890")


@pytest.mark.parametrize("grades", [[0], [7], [1, 1], [1, "2"], "1,2"])
def test_teacher_rejects_grades_that_are_not_distinct_numbers_from_1_to_6(grades):
    teacher = TeacherFactory.build(school=SchoolFactory(), grades=grades)
    assert errors_of(teacher)["grades"] == [GRADES_MESSAGE]


@pytest.mark.parametrize("grades", [[True], [2.0]])
def test_teacher_rejects_grades_that_are_booleans_or_floats(grades):
    teacher = TeacherFactory.build(school=SchoolFactory(), grades=grades)
    assert errors_of(teacher)["grades"] == [GRADES_MESSAGE]


def test_teacher_clean_sorts_the_grades():
    teacher = TeacherFactory.build(school=SchoolFactory(), grades=[6, 2, 4])
    teacher.full_clean()
    assert teacher.grades == [2, 4, 6]


def test_teacher_without_grades_is_valid():
    TeacherFactory.build(school=SchoolFactory(), grades=[]).full_clean()


def test_full_clean_reports_a_second_active_director():
    school = SchoolFactory()
    DirectorFactory(school=school)
    second = DirectorFactory.build(school=school)
    assert errors_of(second)["__all__"] == ["La institución ya tiene un(a) director(a) activo(a)."]


def test_database_refuses_a_second_active_director_in_one_school():
    school = SchoolFactory()
    DirectorFactory(school=school)
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectorFactory(school=school)


def test_database_allows_a_former_director_next_to_the_active_one():
    school = SchoolFactory()
    DirectorFactory(school=school, is_active=False)
    DirectorFactory(school=school)
    assert Teacher.objects.filter(school=school, position="director").count() == 2


# --- Sponsors -------------------------------------------------------------------------
def test_valid_ruc_builds_a_ruc_that_passes_validation():
    for n in (0, 1, 7, 123, 99999999):
        validate_ruc(valid_ruc(n))


def test_ruc_check_digit_matches_a_known_ruc():
    # 20100047218 is a well-formed RUC (the digit is SUNAT's modulo 11 of the first ten).
    assert ruc_check_digit("2010004721") == 8


def test_a_sponsor_from_the_factory_is_valid():
    SponsorFactory().full_clean()


def test_sponsor_rejects_a_ruc_with_a_wrong_check_digit():
    good = valid_ruc(4242)
    bad = good[:10] + str((int(good[10]) + 1) % 10)
    assert errors_of(SponsorFactory.build(ruc=bad))["ruc"] == [RUC_CHECK_DIGIT_MESSAGE]


@pytest.mark.parametrize("ruc", ["2010004721", "201000472189"])
def test_sponsor_rejects_a_ruc_of_the_wrong_length(ruc):
    messages = errors_of(SponsorFactory.build(ruc=ruc))["ruc"]
    assert RUC_LENGTH_MESSAGE in messages


def test_sponsor_rejects_a_ruc_with_letters():
    assert errors_of(SponsorFactory.build(ruc="2010004721A"))["ruc"] == [RUC_LENGTH_MESSAGE]


def test_sponsor_rejects_a_ruc_with_an_unknown_prefix():
    first_ten = "3010004721"
    ruc = f"{first_ten}{ruc_check_digit(first_ten)}"
    assert errors_of(SponsorFactory.build(ruc=ruc))["ruc"] == [RUC_PREFIX_MESSAGE]


def test_database_refuses_a_ruc_that_is_not_eleven_digits():
    with pytest.raises(IntegrityError), transaction.atomic():
        SponsorFactory(ruc="2010004721")


def test_sponsorship_clean_defaults_the_end_year_to_five_school_years():
    sponsorship = Sponsorship(
        sponsor=SponsorFactory(), school=SchoolFactory(), start_year=2024, committed_amount=Decimal("1000")
    )
    sponsorship.full_clean()
    assert sponsorship.end_year == 2028


def test_sponsorship_clean_keeps_an_explicit_end_year():
    sponsorship = SponsorshipFactory.build(
        sponsor=SponsorFactory(), school=SchoolFactory(), start_year=2024, end_year=2025
    )
    sponsorship.full_clean()
    assert sponsorship.end_year == 2025


def test_sponsorship_rejects_an_end_year_before_the_start():
    sponsorship = SponsorshipFactory.build(
        sponsor=SponsorFactory(), school=SchoolFactory(), start_year=2024, end_year=2023
    )
    assert errors_of(sponsorship)["__all__"] == ["El año de fin no puede ser anterior al de inicio."]


def test_contribution_rejects_a_date_in_the_future():
    contribution = ContributionFactory.build(
        sponsor=SponsorFactory(), date=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert errors_of(contribution)["date"] == ["La fecha no puede ser posterior a hoy."]


def test_only_a_sponsor_account_is_linked_to_a_sponsor_company():
    link = SponsorUser(user=CoordinatorFactory(), sponsor=SponsorFactory())
    with pytest.raises(ValidationError) as excinfo:
        link.full_clean()
    assert excinfo.value.message_dict["user"]


def test_an_account_signs_in_for_one_sponsor_company_only():
    user = SponsorUserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SponsorUser.objects.create(user=user, sponsor=SponsorFactory())


def test_database_refuses_a_contribution_of_zero():
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributionFactory(amount=Decimal("0"))


# --- __str__ --------------------------------------------------------------------------
def test_every_school_model_has_a_readable_str():
    school = SchoolFactory(name="I.E. N.° 14001", codigo_modular="0403691")
    sponsor = SponsorFactory(name="Minera Andina del Norte S.A.C.")
    objects = [
        Region.objects.get(code="20"),
        ProvinceFactory(),
        DistrictFactory(),
        school,
        EnrollmentFactory(school=school),
        TeacherFactory(school=school, first_name="Rosa", last_name="Quispe"),
        sponsor,
        SponsorshipFactory(sponsor=sponsor, school=school),
        ContributionFactory(sponsor=sponsor),
    ]
    for obj in objects:
        assert str(obj).strip(), type(obj).__name__
    assert str(school) == "I.E. N.° 14001 (0403691-0)"
    assert str(objects[5]) == "Rosa Quispe"
    assert str(Sponsor.objects.get(pk=sponsor.pk)) == "Minera Andina del Norte S.A.C."


def test_a_sponsorship_is_in_force_from_its_first_to_its_last_year():
    school = SchoolFactory()
    five = SponsorshipFactory(school=school, start_year=2022, end_year=2026)
    in_force = {year: list(Sponsorship.objects.in_force_in(year)) for year in (2021, 2022, 2026, 2027)}
    assert in_force == {2021: [], 2022: [five], 2026: [five], 2027: []}
