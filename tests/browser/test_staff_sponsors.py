"""IPAE staff on a laptop invite a company's person; the invitee sets a password from the email's link and
lands on the sponsor's home; staff switch the account off and the invitee's open session is gone.

Screenshots: test-artifacts/screenshots/staff-sponsors-{1-list,2-detail,3-invite,4-invited,5-set-password,
6-weak-password,7-sponsor-home,8-deactivate,9-deactivated,10-signed-out,11-contribution}.png, and the
pages on a 360 px phone: staff-sponsors-phone-{list,detail,agreement}.png.
"""

import re

import pytest
from chromium import LAPTOP, PHONE, chromium, expect, new_context, screenshot
from django.core import mail
from helpers import fits_the_phone, sign_in

from accounts.models import User, UserSession
from schools.models import SponsorUser

pytestmark = [
    pytest.mark.browser,
    # live_server makes these tests transactional; serialized_rollback puts back the rows that data
    # migrations load (regions, districts, curriculum), which the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INVITEE = "elena.paz@andina.example"
PASSWORD = "Escuelas-exitosas-2027"


def test_staff_invite_a_person_who_signs_up_from_the_email_and_is_signed_out_when_switched_off(live_server, world):
    base = live_server.url
    company = world.sponsor_a.name
    school = str(world.sponsored_a[1])
    with chromium() as browser:
        staff = new_context(browser, **LAPTOP).new_page()
        sign_in(staff, base, world.staff.username)

        # The list, then the company.
        staff.get_by_role("navigation").get_by_role("link", name="Auspiciadores", exact=True).click()
        expect(staff.get_by_role("heading", level=1)).to_have_text("Empresas auspiciadoras")
        expect(staff.get_by_role("link", name=company)).to_be_visible()
        screenshot(staff, "staff-sponsors-1-list")
        staff.get_by_role("link", name=company).click()
        expect(staff.get_by_role("heading", level=1)).to_have_text(company)
        screenshot(staff, "staff-sponsors-2-detail")

        # The invitation.
        staff.get_by_role("link", name="Invitar usuario").click()
        staff.get_by_label("Nombres").fill("Elena")
        staff.get_by_label("Apellidos").fill("Paz Ríos")
        staff.get_by_label("Correo electrónico").fill("no-es-un-correo")
        staff.get_by_role("button", name="Enviar invitación").click()
        expect(staff.locator(".invalid-feedback")).to_contain_text("correo electrónico válid")
        expect(staff.get_by_label("Nombres")).to_have_value("Elena")  # what was typed stays
        screenshot(staff, "staff-sponsors-3-invite")
        staff.get_by_label("Correo electrónico").fill(INVITEE)
        staff.get_by_role("button", name="Enviar invitación").click()
        expect(staff.get_by_role("status")).to_have_text(f"Invitación enviada a {INVITEE}.")
        row = staff.get_by_role("row", name=re.compile("Elena Paz Ríos"))
        expect(row).to_contain_text("Invitación pendiente")
        screenshot(staff, "staff-sponsors-4-invited")

        # The email (the console backend in the demo; the test's outbox here) and its link.
        [message] = mail.outbox
        assert message.to == [INVITEE]
        path = re.search(r"https?://[^/\s]+(/cuenta/invitacion/\S+/)", message.body).group(1)

        invitee = new_context(browser, **LAPTOP).new_page()
        invitee.goto(f"{base}{path}")
        expect(invitee.get_by_role("heading", level=1)).to_have_text("Crear su contraseña")
        expect(invitee.get_by_text(INVITEE)).to_be_visible()
        screenshot(invitee, "staff-sponsors-5-set-password")
        invitee.locator("#id_new_password1").fill("12345678")
        invitee.locator("#id_new_password2").fill("12345678")
        invitee.get_by_role("button", name="Guardar contraseña e ingresar").click()
        expect(invitee.locator(".invalid-feedback").first).to_be_visible()
        screenshot(invitee, "staff-sponsors-6-weak-password")
        invitee.locator("#id_new_password1").fill(PASSWORD)
        invitee.locator("#id_new_password2").fill(PASSWORD)
        invitee.get_by_role("button", name="Guardar contraseña e ingresar").click()
        expect(invitee).to_have_url(f"{base}/")
        expect(invitee.get_by_role("status")).to_contain_text("Su contraseña quedó guardada")
        expect(invitee.locator("main")).to_contain_text(company)
        screenshot(invitee, "staff-sponsors-7-sponsor-home")

        # The link worked once.
        used = new_context(browser, **LAPTOP).new_page()
        used.goto(f"{base}{path}")
        expect(used.get_by_role("heading", level=1)).to_have_text("Este enlace ya no sirve")

        # Staff switch the account off; the invitee's open session is gone on their next click.
        staff.reload()
        row = staff.get_by_role("row", name=re.compile("Elena Paz Ríos"))
        expect(row).to_contain_text("Activa")
        row.get_by_role("link", name="Desactivar").click()
        expect(staff.get_by_role("heading", level=1)).to_have_text("Desactivar cuenta")
        screenshot(staff, "staff-sponsors-8-deactivate")
        staff.get_by_role("button", name="Desactivar y cerrar sus sesiones").click()
        expect(staff.get_by_role("status")).to_contain_text("sus sesiones se cerraron")
        expect(staff.get_by_role("row", name=re.compile("Elena Paz Ríos"))).to_contain_text("Desactivada")
        screenshot(staff, "staff-sponsors-9-deactivated")

        invitee.reload()
        expect(invitee).to_have_url(re.compile(r"/cuenta/ingresar/"))
        expect(invitee.get_by_role("heading", name="Ingresar a cee")).to_be_visible()
        screenshot(invitee, "staff-sponsors-10-signed-out")

        # Money the company gave to one of its schools.
        staff.get_by_role("link", name="Registrar aporte").click()
        staff.get_by_label("Monto").fill("2500")
        staff.get_by_label("Institución (opcional)").select_option(label=school)
        staff.get_by_label("Nota").fill("Materiales de lectura")
        screenshot(staff, "staff-sponsors-11-contribution")
        staff.get_by_role("button", name="Guardar aporte").click()
        expect(staff.get_by_role("status")).to_have_text("Aporte registrado.")
        expect(staff.get_by_role("row", name=re.compile("Materiales de lectura"))).to_contain_text("S/ 2,500.00")

        # The same pages on a phone.
        phone = new_context(browser, **PHONE).new_page()
        sign_in(phone, base, world.staff.username)
        phone.goto(f"{base}/auspiciadores/")
        expect(phone.get_by_role("heading", level=1)).to_have_text("Empresas auspiciadoras")
        fits_the_phone(phone)
        screenshot(phone, "staff-sponsors-phone-list")
        phone.get_by_role("link", name=company).click()
        expect(phone.get_by_role("heading", level=1)).to_have_text(company)
        fits_the_phone(phone)
        screenshot(phone, "staff-sponsors-phone-detail")
        phone.get_by_role("link", name="Registrar convenio").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Registrar convenio")
        fits_the_phone(phone)
        screenshot(phone, "staff-sponsors-phone-agreement")

    # Read only once the browser is closed (see chromium.py).
    account = User.objects.get(username=INVITEE)
    assert not account.is_active
    assert account.check_password(PASSWORD)
    assert not UserSession.objects.filter(user=account).exists()
    link = SponsorUser.objects.get(user=account)
    assert (link.sponsor, link.invited_by, link.deactivated_by) == (world.sponsor_a, world.staff, world.staff)
    assert world.sponsor_a.contributions.filter(school=world.sponsored_a[1], amount=2500).exists()
