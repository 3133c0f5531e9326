"""The staff's sponsor pages (`schools.views.sponsors`, /auspiciadores/).

Who may open each page, GET and POST, is the authorization matrix's (schools/tests/authorization_rows_
sponsors.py). Here: objects that do not exist (404), every input given a malformed value (a clear Spanish
error next to the field, 400, nothing saved), the invitation from staff's form to the invitee's home,
deactivation ending the person's open session, and the list's query count at two sizes.
"""

import re
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User, UserSession
from accounts.tests.factories import TEST_PASSWORD, SponsorUserFactory, StaffFactory
from evaluations.tests.helpers import MEGABYTE, count_queries
from schools.models import Contribution, Sponsor, Sponsorship, SponsorUser
from schools.tests.factories import ContributionFactory, SponsorFactory, SponsorshipFactory

pytestmark = pytest.mark.django_db

HOME = reverse("evaluations:home")
LOGIN = reverse("accounts:login")


@pytest.fixture
def staff(world, client_for):
    return client_for(world.staff)


def snapshot():
    """Every row these pages write, to show that a refused POST changed nothing."""
    return (
        list(Sponsor.objects.order_by("pk").values()),
        list(Sponsorship.objects.order_by("pk").values()),
        list(Contribution.objects.order_by("pk").values()),
        list(SponsorUser.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values("pk", "is_active", "password")),
    )


def assert_refused(response, field_text: str):
    assert response.status_code == 400
    body = response.content.decode()
    assert field_text in body, body[:3000]
    assert "invalid-feedback" in body or "alert-danger" in body


# --- Pages and objects that do not exist --------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    [
        "sponsors:edit",
        "sponsors:sponsorship-create",
        "sponsors:contribution-create",
        "sponsors:user-invite",
        "sponsors:sponsorship-edit",
        "sponsors:contribution-edit",
        "sponsors:user-deactivate",
    ],
)
def test_an_object_that_does_not_exist_answers_404_to_get_and_post(staff, name):
    url = reverse(name, kwargs={"pk": 987654})
    assert staff.get(url).status_code == 404
    assert staff.post(url).status_code == 404


def test_a_company_that_does_not_exist_answers_404(staff):
    assert staff.get(reverse("sponsors:detail", kwargs={"pk": 987654})).status_code == 404


@pytest.mark.parametrize("path", ["/auspiciadores/abc/", "/auspiciadores/convenios/1e3/editar/", "/auspiciadores/-1/"])
def test_letters_where_an_id_goes_answer_404(staff, path):
    assert staff.get(path).status_code == 404


def test_the_pages_show_the_company_its_people_agreements_and_money(staff, world):
    body = staff.get(reverse("sponsors:list")).content.decode()
    assert world.sponsor_a.name in body
    assert world.sponsor_b.name in body

    body = staff.get(reverse("sponsors:detail", args=[world.sponsor_a.pk])).content.decode()
    assert world.sponsor_a.ruc in body
    assert world.sponsor_user.username in body
    assert "✓ Activa" in body
    for school in world.sponsored_a:
        assert school.name in body
    assert "S/ 10,000.00" in body  # the contribution
    assert world.sponsor_b.name not in body


def test_the_list_searches(staff, world):
    body = staff.get(reverse("sponsors:list"), {"q": "Valle Sagrado"}).content.decode()
    assert world.sponsor_b.name in body
    assert world.sponsor_a.name not in body
    assert staff.get(reverse("sponsors:list"), {"q": MEGABYTE}).status_code == 200
    assert staff.get(reverse("sponsors:list"), {"page": "zzz"}).status_code == 200


def test_the_navigation_offers_the_sponsors_to_staff_only(world, client_for):
    url = reverse("sponsors:list")
    assert f'href="{url}"' in client_for(world.staff).get(HOME).content.decode()
    assert f'href="{url}"' not in client_for(world.coordinator).get(HOME).content.decode()
    assert f'href="{url}"' not in client_for(world.sponsor_user).get(HOME).content.decode()


# --- Malformed input: an error next to the field, nothing saved -------------------------------------
SPONSOR = {"name": "Pesquera Punta Sal S.A.C.", "ruc": "20100070970", "sector": "industria"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ruc": "20100070971"}, "dígito verificador"),
        ({"ruc": "ABC"}, "11 dígitos"),
        ({"ruc": "1" * 50}, "11 caracteres"),
        ({"name": ""}, "obligatorio"),
        ({"name": MEGABYTE}, "150 caracteres"),
        ({"sector": "contrabando"}, "Escoja una opción válida"),
        ({"contact_email": "no-es-correo"}, "correo electrónico válid"),
    ],
)
def test_a_company_with_bad_data_is_refused(staff, changes, message):
    before = snapshot()
    assert_refused(staff.post(reverse("sponsors:create"), SPONSOR | changes), message)
    assert snapshot() == before


def test_a_second_company_with_the_same_ruc_is_refused_next_to_the_ruc(staff, world):
    before = snapshot()
    response = staff.post(reverse("sponsors:create"), SPONSOR | {"ruc": world.sponsor_a.ruc})
    assert_refused(response, "Ya existe")
    assert snapshot() == before


def test_editing_a_company_to_anothers_name_is_refused(staff, world):
    data = {"name": world.sponsor_b.name.upper(), "ruc": world.sponsor_a.ruc, "sector": "mineria"}
    before = snapshot()
    assert_refused(staff.post(reverse("sponsors:edit", args=[world.sponsor_a.pk]), data), "razón social")
    assert snapshot() == before


def agreement(world, **changes):
    school = world.schools_a[2]
    return {
        "codigo_modular": school.codigo_modular,
        "anexo": "0",
        "start_year": "2026",
        "committed_amount": "1000.00",
        "currency": "PEN",
    } | changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"committed_amount": "-1"}, "mayor o igual a 0"),
        ({"committed_amount": "mil"}, "Introduzca un número"),
        ({"committed_amount": "1" * 20}, "dígitos"),
        ({"start_year": "9999"}, "menor o igual a 2100"),
        ({"start_year": "dos mil"}, "número entero"),
        ({"end_year": "2020"}, "anterior al de inicio"),
        ({"codigo_modular": "9999999"}, "No hay ninguna institución con el código modular 9999999"),
        ({"codigo_modular": "04O3691"}, "solo dígitos"),
        ({"codigo_modular": "12345678"}, "7 caracteres"),
        ({"anexo": "-3"}, "mayor o igual a 0"),
        ({"currency": "EUR"}, "Escoja una opción válida"),
    ],
)
def test_an_agreement_with_bad_data_is_refused(staff, world, changes, message):
    before = snapshot()
    url = reverse("sponsors:sponsorship-create", args=[world.sponsor_a.pk])
    assert_refused(staff.post(url, agreement(world, **changes)), message)
    assert snapshot() == before


def test_a_school_code_without_its_leading_zero_is_found(staff, world):
    school = world.schools_a[2]
    school.codigo_modular = "0412345"
    school.save()
    url = reverse("sponsors:sponsorship-create", args=[world.sponsor_a.pk])
    response = staff.post(url, agreement(world, codigo_modular="412345"))
    assert response.status_code == 302
    agreement_row = Sponsorship.objects.get(school=school)
    assert (agreement_row.start_year, agreement_row.end_year) == (2026, 2030)


def test_an_overlapping_agreement_is_refused_next_to_the_start_year(staff, world):
    school = world.sponsored_a[0]
    existing = Sponsorship.objects.get(sponsor=world.sponsor_a, school=school)
    data = agreement(world, codigo_modular=school.codigo_modular, start_year=str(existing.start_year + 1))
    before = snapshot()
    url = reverse("sponsors:sponsorship-create", args=[world.sponsor_a.pk])
    assert_refused(staff.post(url, data), "no pueden superponerse")
    assert snapshot() == before


def test_editing_an_agreement_keeps_its_school(staff, world):
    sponsorship = Sponsorship.objects.filter(sponsor=world.sponsor_a).first()
    school = sponsorship.school
    url = reverse("sponsors:sponsorship-edit", args=[sponsorship.pk])
    data = {"start_year": sponsorship.start_year, "committed_amount": "-5", "currency": "PEN"}
    before = snapshot()
    assert_refused(staff.post(url, data), "mayor o igual a 0")
    assert snapshot() == before
    data |= {"committed_amount": "80000", "codigo_modular": world.schools_b[0].codigo_modular}
    assert staff.post(url, data).status_code == 302
    sponsorship.refresh_from_db()
    assert sponsorship.committed_amount == Decimal(80000)
    assert sponsorship.school == school


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "-1"}, "mayor o igual a 0.01"),
        ({"amount": "0"}, "mayor o igual a 0.01"),
        ({"date": "9999-01-01"}, "no puede ser posterior a hoy"),
        ({"date": "1999-12-31"}, "anterior al año 2000"),
        ({"date": "31/02/2025"}, "fecha válida"),
        ({"note": MEGABYTE}, "200 caracteres"),
        ({"school": "987654"}, "Escoja una opción válida"),
        ({"school": "abc"}, "Escoja una opción válida"),
    ],
)
def test_a_contribution_with_bad_data_is_refused(staff, world, changes, message):
    data = {"date": "2025-03-14", "amount": "2500.00", "currency": "PEN"} | changes
    before = snapshot()
    url = reverse("sponsors:contribution-create", args=[world.sponsor_a.pk])
    assert_refused(staff.post(url, data), message)
    assert snapshot() == before


def test_a_contribution_may_not_name_another_companys_school(staff, world):
    data = {"date": "2025-03-14", "amount": "1", "currency": "PEN", "school": world.sponsored_b[0].pk}
    before = snapshot()
    url = reverse("sponsors:contribution-create", args=[world.sponsor_a.pk])
    assert_refused(staff.post(url, data), "Escoja una opción válida")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "no-es-correo"}, "correo electrónico válid"),
        ({"email": "a@" + "b" * 200 + ".pe"}, "150 caracteres"),
        ({"email": "SPONSOR.A@example.com"}, "Ya existe una cuenta con este correo"),
        ({"first_name": ""}, "obligatorio"),
        ({"last_name": MEGABYTE}, "150 caracteres"),
    ],
)
def test_an_invitation_with_bad_data_is_refused(staff, world, changes, message):
    data = {"first_name": "Elena", "last_name": "Paz", "email": "elena.paz@minera.example"} | changes
    before = snapshot()
    url = reverse("sponsors:user-invite", args=[world.sponsor_a.pk])
    assert_refused(staff.post(url, data), message)
    assert snapshot() == before
    assert not mail.outbox


# --- The invitation, end to end -------------------------------------------------------------------
def test_staff_invite_a_person_who_sets_a_password_from_the_email_and_lands_on_the_sponsor_home(staff, world):
    url = reverse("sponsors:user-invite", args=[world.sponsor_a.pk])
    response = staff.post(url, {"first_name": "Elena", "last_name": "Paz", "email": "elena.paz@minera.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("sponsors:detail", args=[world.sponsor_a.pk])
    detail = staff.get(response["Location"]).content.decode()
    assert "Invitación enviada a elena.paz@minera.example" in detail
    assert "Invitación pendiente" in detail

    [message] = mail.outbox
    assert message.to == ["elena.paz@minera.example"]
    path = re.search(r"https?://[^/]+(/cuenta/invitacion/\S+/)", message.body).group(1)

    invitee = Client()
    assert invitee.get(path).status_code == 200
    response = invitee.post(path, {"new_password1": "Escuelas-2027-x", "new_password2": "Escuelas-2027-x"})
    assert response.status_code == 302
    assert response["Location"] == HOME
    home = invitee.get(HOME)
    assert home.status_code == 200
    assert world.sponsor_a.name in home.content.decode()

    # The link worked once.
    assert Client().get(path).status_code == 400
    assert "✓ Activa" in staff.get(reverse("sponsors:detail", args=[world.sponsor_a.pk])).content.decode()
    # ...and the person signs in with the address and the new password from then on.
    assert Client().login(username="elena.paz@minera.example", password="Escuelas-2027-x")


def test_sending_again_replaces_the_emailed_link(staff, world):
    staff.post(
        reverse("sponsors:user-invite", args=[world.sponsor_a.pk]),
        {"first_name": "Elena", "last_name": "Paz", "email": "elena.paz@minera.example"},
    )
    link = SponsorUser.objects.get(user__username="elena.paz@minera.example")
    response = staff.post(reverse("sponsors:user-resend", args=[link.pk]))
    assert response.status_code == 302
    first, second = (re.search(r"(/cuenta/invitacion/\S+/)", m.body).group(1) for m in mail.outbox)
    assert Client().get(first).status_code == 400
    assert Client().get(second).status_code == 200


def test_sending_again_to_someone_who_has_a_password_says_so(staff, world):
    link = world.sponsor_user.sponsor_link
    response = staff.post(reverse("sponsors:user-resend", args=[link.pk]), follow=True)
    assert "ya creó su contraseña" in response.content.decode()
    assert not mail.outbox


# --- Deactivating ends the session --------------------------------------------------------------------
def test_a_deactivated_sponsor_is_signed_out_on_their_next_request(staff, world):
    sponsor = Client()
    assert sponsor.login(username=world.sponsor_user.username, password=TEST_PASSWORD)
    assert sponsor.get(HOME).status_code == 200
    link = world.sponsor_user.sponsor_link

    assert staff.get(reverse("sponsors:user-deactivate", args=[link.pk])).status_code == 200
    response = staff.post(reverse("sponsors:user-deactivate", args=[link.pk]), follow=True)

    assert "sus sesiones se cerraron" in response.content.decode()
    assert "✕ Desactivada" in response.content.decode()
    next_request = sponsor.get(HOME)
    assert next_request.status_code == 302
    assert next_request["Location"].startswith(LOGIN)
    assert not UserSession.objects.filter(user=world.sponsor_user).exists()
    assert not Client().login(username=world.sponsor_user.username, password=TEST_PASSWORD)

    staff.post(reverse("sponsors:user-reactivate", args=[link.pk]))
    assert Client().login(username=world.sponsor_user.username, password=TEST_PASSWORD)


def test_the_other_sponsors_session_goes_on(staff, world):
    other = Client()
    assert other.login(username=world.other_sponsor_user.username, password=TEST_PASSWORD)
    staff.post(reverse("sponsors:user-deactivate", args=[world.sponsor_user.sponsor_link.pk]))
    assert other.get(HOME).status_code == 200


# --- Query counts -------------------------------------------------------------------------------------
def grow(n: int) -> None:
    """n more companies, each with agreements, contributions and accounts."""
    for _ in range(n):
        sponsor = SponsorFactory()
        for _ in range(2):
            SponsorshipFactory(sponsor=sponsor)
            ContributionFactory(sponsor=sponsor)
        SponsorUserFactory(sponsor=sponsor)


def test_the_list_answers_in_the_same_queries_whatever_the_number_of_companies(staff):
    few = count_queries(staff, reverse("sponsors:list"))
    grow(25)
    assert count_queries(staff, reverse("sponsors:list")) == few


def test_a_companys_page_answers_in_the_same_queries_whatever_its_size(staff, world):
    url = reverse("sponsors:detail", args=[world.sponsor_a.pk])
    few = count_queries(staff, url)
    for _ in range(10):
        SponsorshipFactory(sponsor=world.sponsor_a)
        ContributionFactory(sponsor=world.sponsor_a)
        SponsorUserFactory(sponsor=world.sponsor_a)
    invitee = SponsorUserFactory(sponsor=world.sponsor_a)
    SponsorUser.objects.filter(user=invitee).update(invited_by=StaffFactory())
    assert count_queries(staff, url) == few


# --- The data admin -----------------------------------------------------------------------------------
def test_the_admin_shows_companies_read_only_and_links_to_their_page(staff, world):
    url = reverse("admin:schools_sponsor_change", args=[world.sponsor_a.pk])
    response = staff.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("sponsors:detail", args=[world.sponsor_a.pk]) in body
    before = snapshot()
    staff.post(url, {"name": "Cambiada", "ruc": world.sponsor_a.ruc, "sector": "otro"})
    assert staff.get(reverse("admin:schools_sponsor_add")).status_code == 403
    assert snapshot() == before


def test_the_admin_links_an_agreement_and_a_contribution_to_their_forms(staff, world):
    sponsorship = Sponsorship.objects.filter(sponsor=world.sponsor_a).first()
    contribution = Contribution.objects.filter(sponsor=world.sponsor_a).first()
    body = staff.get(reverse("admin:schools_sponsorship_change", args=[sponsorship.pk])).content.decode()
    assert reverse("sponsors:sponsorship-edit", args=[sponsorship.pk]) in body
    body = staff.get(reverse("admin:schools_contribution_change", args=[contribution.pk])).content.decode()
    assert reverse("sponsors:contribution-edit", args=[contribution.pk]) in body


def test_when_the_invitation_cannot_be_emailed_the_page_says_so_and_nothing_is_saved(staff, world):
    before = snapshot()
    with mock.patch("schools.services.sponsors.send_mail", side_effect=OSError("SMTP caído")):
        response = staff.post(
            reverse("sponsors:user-invite", args=[world.sponsor_a.pk]),
            {"first_name": "Elena", "last_name": "Paz", "email": "elena.paz@minera.example"},
        )
    assert_refused(response, "No se pudo enviar el correo de invitación")
    assert 'value="elena.paz@minera.example"' in response.content.decode()  # what was typed stays
    assert snapshot() == before
