"""The data admin shows field work and assignments but writes none of it: the app's pages do, through the services.

A visit changed in the admin would skip `visit_update` (no version bump), so a coordinator's form opened
earlier would silently overwrite the staff correction. Visits with their scores and photos, photos'
consent and approval, and coordinator assignments are therefore read-only in the admin for everyone
(superusers included), with a link to the app's page that makes the change; simple_history's "revert to
this version" cannot write them either. Meetings are corrected in the admin through `meeting_update`.
"""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from accounts.tests.factories import AdminUserFactory, StaffFactory
from core.admin import HistoryAdmin
from networks.models import CoordinatorAssignment, Network, Visit, VisitPhoto
from networks.services import VisitConflictError, photo_approve, visit_update
from networks.tests.factories import (
    CoordinatorAssignmentFactory,
    NetworkFactory,
    NetworkMeetingFactory,
    VisitFactory,
    VisitPhotoFactory,
    VisitScoreFactory,
)
from schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


# --- Fixtures and helpers ----------------------------------------------------------------
@pytest.fixture
def staff():
    return StaffFactory(username="ana.ipae")


@pytest.fixture
def superuser():
    return AdminUserFactory(username="marta.admin")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def assignment():
    """A coordinator in charge of a network with one school, since the network's program start."""
    return CoordinatorAssignmentFactory()


@pytest.fixture
def visit(assignment):
    school = SchoolFactory(network=assignment.network)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return VisitFactory(coordinator=assignment.coordinator, school=school, date=yesterday)


@pytest.fixture
def photo(visit):
    """An unapproved photo of the visit; its file is removed after the test."""
    photo = VisitPhotoFactory(visit=visit)
    yield photo
    photo.image.delete(save=False)


def url(name: str, *args) -> str:
    return reverse(f"admin:networks_{name}", args=args)


def management(prefix: str, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(initial),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def visit_data(visit, **changes) -> dict:
    """A valid POST of the visit's admin form (as the admin showed it before it became read-only)."""
    return {
        "coordinator": visit.coordinator_id,
        "school": visit.school_id,
        "teacher": visit.teacher_id or "",
        "date": visit.date.isoformat(),
        "kind": visit.kind,
        "duration_minutes": visit.duration_minutes or "",
        "program_year": visit.program_year,
        "observations": visit.observations,
        "agreements": visit.agreements,
        "follow_up_on": "",
        "latitude": "",
        "longitude": "",
        **management("scores"),
        **management("photos"),
    } | changes


def visit_state(visit) -> tuple:
    visit = Visit.objects.get(pk=visit.pk)
    return visit.observations, visit.version, visit.history.count()


def oldest_history_id(obj) -> int:
    return obj.history.earliest("history_date").history_id


# --- Visits: read-only, corrected through the app --------------------------------------
def test_a_staff_post_to_the_visit_admin_changes_nothing(staff_client, visit):
    before = visit_state(visit)

    response = staff_client.post(url("visit_change", visit.pk), visit_data(visit, observations="Cambio en el admin"))

    assert response.status_code == 403
    assert visit_state(visit) == before


def test_a_superuser_post_to_the_visit_admin_changes_nothing_either(admin_client, visit):
    before = visit_state(visit)

    response = admin_client.post(url("visit_change", visit.pk), visit_data(visit, observations="Cambio en el admin"))

    assert response.status_code == 403
    assert visit_state(visit) == before


def test_a_coordinators_older_form_cannot_overwrite_a_staff_correction(staff_client, staff, visit):
    coordinator = visit.coordinator
    opened_version = visit.version  # the coordinator opens the edit form on their phone

    # Staff try to correct the visit in the data admin: refused, so no correction skips the version.
    refused = staff_client.post(url("visit_change", visit.pk), visit_data(visit, observations="Corrección (admin)"))
    assert refused.status_code == 403

    # Staff correct it where the admin points them: the app's page, i.e. the service.
    visit_update(user=staff, visit=visit, expected_version=opened_version, observations="Corrección de IPAE")

    # The coordinator's form, opened before the correction, now conflicts instead of overwriting it.
    with pytest.raises(VisitConflictError):
        visit_update(user=coordinator, visit=visit, expected_version=opened_version, observations="Texto del teléfono")
    visit.refresh_from_db()
    assert (visit.observations, visit.version) == ("Corrección de IPAE", opened_version + 1)


def test_the_visit_admin_has_no_add_or_delete(staff_client, admin_client, visit):
    for client in (staff_client, admin_client):
        assert client.get(url("visit_add")).status_code == 403
        assert client.get(url("visit_delete", visit.pk)).status_code == 403
        assert client.post(url("visit_delete", visit.pk), {"post": "yes"}).status_code == 403
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_the_visit_list_offers_no_bulk_delete(staff_client, visit):
    response = staff_client.post(
        url("visit_changelist"), {"action": "delete_selected", "_selected_action": [visit.pk], "post": "yes"}
    )

    assert response.status_code in (200, 302)
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_the_visit_admin_page_is_read_only_and_links_to_the_apps_correction_page(staff_client, visit, photo):
    VisitScoreFactory(visit=visit)

    response = staff_client.get(url("visit_change", visit.pk))

    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}
    for formset in response.context["inline_admin_formsets"]:
        assert not formset.has_add_permission
        assert not formset.has_change_permission
        assert not formset.has_delete_permission
    html = response.content.decode()
    assert f'href="{reverse("networks:visit-edit", args=[visit.pk])}"' in html
    assert "Corregir la visita en la aplicación" in html
    assert 'name="_save"' not in html


def test_the_correction_link_opens_the_apps_edit_page_for_staff(staff_client, visit):
    assert staff_client.get(reverse("networks:visit-edit", args=[visit.pk])).status_code == 200


# --- simple_history's revert -------------------------------------------------------------
def test_reverting_a_visit_through_its_history_is_refused(staff_client, staff, visit):
    original = visit.observations
    visit_update(user=staff, visit=visit, expected_version=visit.version, observations="Corrección de IPAE")
    before = visit_state(visit)
    revert = url("visit_simple_history", visit.pk, oldest_history_id(visit))

    response = staff_client.post(revert, visit_data(visit, observations=original))

    assert response.status_code == 403
    assert visit_state(visit) == before


def test_reverting_a_visit_is_refused_to_a_superuser_too(admin_client, staff, visit):
    visit_update(user=staff, visit=visit, expected_version=visit.version, observations="Corrección de IPAE")
    before = visit_state(visit)

    response = admin_client.post(url("visit_simple_history", visit.pk, oldest_history_id(visit)), visit_data(visit))

    assert response.status_code == 403
    assert visit_state(visit) == before


def test_an_old_version_of_a_visit_can_still_be_read(staff_client, staff, visit):
    visit_update(user=staff, visit=visit, expected_version=visit.version, observations="Corrección de IPAE")

    listing = staff_client.get(url("visit_history", visit.pk))
    version = staff_client.get(url("visit_simple_history", visit.pk, oldest_history_id(visit)))

    assert listing.status_code == 200
    assert version.status_code == 200
    assert 'name="_save"' not in version.content.decode()


def test_reverting_a_photo_through_its_history_cannot_withdraw_the_approval(staff_client, staff, photo):
    photo_approve(user=staff, photo=photo, consent_recorded=True)
    revert = url("visitphoto_simple_history", photo.pk, oldest_history_id(photo))

    response = staff_client.post(revert, {})

    assert response.status_code == 403
    photo.refresh_from_db()
    assert photo.is_approved
    assert photo.consent_recorded


def test_reopening_an_ended_assignment_through_its_history_is_refused(staff_client, assignment):
    today = timezone.localdate()
    assignment.ends_on = today  # ended (as the reassignment service does): a second history record
    assignment.save()
    revert = url("coordinatorassignment_simple_history", assignment.pk, oldest_history_id(assignment))

    response = staff_client.post(
        revert,
        {
            "coordinator": assignment.coordinator_id,
            "network": assignment.network_id,
            "starts_on": assignment.starts_on.isoformat(),
            "ends_on": "",
        },
    )

    assert response.status_code == 403
    assert CoordinatorAssignment.objects.get(pk=assignment.pk).ends_on == today


def test_reverting_a_network_through_its_history_still_works_for_staff(staff_client, assignment):
    network = assignment.network
    old_name = network.name
    network.name = "Red renombrada"
    network.save()

    response = staff_client.post(
        url("network_simple_history", network.pk, oldest_history_id(network)),
        {
            "name": old_name,
            "region": network.region_id,
            "cohort_start_year": network.cohort_start_year,
            **management("coordinator_assignments", initial=1),
            "coordinator_assignments-0-id": assignment.pk,
            "coordinator_assignments-0-network": network.pk,
        },
    )

    assert response.status_code == 302
    assert Network.objects.get(pk=network.pk).name == old_name


def test_every_history_admin_refuses_a_revert_without_change_permission():
    """simple_history's revert view checks view-or-change; ours adds the change check on POST."""
    history_admins = [a for a in admin.site._registry.values() if isinstance(a, SimpleHistoryAdmin)]

    assert history_admins
    assert all(isinstance(model_admin, HistoryAdmin) for model_admin in history_admins)


# --- Photos: consent and approval only on the app's approval page ------------------------
def test_a_staff_post_to_the_photo_admin_cannot_record_consent(staff_client, photo):
    response = staff_client.post(url("visitphoto_change", photo.pk), {"consent_recorded": "on"})

    assert response.status_code == 403
    photo.refresh_from_db()
    assert (photo.consent_recorded, photo.approved_at) == (False, None)


def test_the_photo_inline_of_a_visit_cannot_record_consent(staff_client, visit, photo):
    data = visit_data(visit) | management("photos", initial=1)
    data |= {"photos-0-id": photo.pk, "photos-0-visit": visit.pk, "photos-0-consent_recorded": "on"}

    staff_client.post(url("visit_change", visit.pk), data)

    photo.refresh_from_db()
    assert photo.consent_recorded is False


def test_the_photo_admin_page_approves_through_the_apps_approval_page(staff_client, photo):
    response = staff_client.get(url("visitphoto_change", photo.pk))

    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}
    html = response.content.decode()
    assert f'action="{reverse("networks:photo-approve", args=[photo.pk])}"' in html
    assert 'name="consent_recorded"' in html
    assert f'value="{url("visitphoto_change", photo.pk)}"' in html  # back to this page once approved


def test_an_approved_photo_shows_no_approval_form(staff_client, staff, photo):
    photo_approve(user=staff, photo=photo, consent_recorded=True)

    html = staff_client.get(url("visitphoto_change", photo.pk)).content.decode()

    assert reverse("networks:photo-approve", args=[photo.pk]) not in html


def test_approving_from_the_photo_admin_page_goes_through_the_service(staff_client, staff, photo):
    back = url("visitphoto_change", photo.pk)

    response = staff_client.post(
        reverse("networks:photo-approve", args=[photo.pk]), {"consent_recorded": "on", "next": back}
    )

    assert response.status_code == 302
    assert response["Location"] == back
    photo.refresh_from_db()
    assert (photo.consent_recorded, photo.approved_by) == (True, staff)


def test_the_photo_admin_has_no_add_or_delete(staff_client, photo):
    assert staff_client.get(url("visitphoto_add")).status_code == 403
    assert staff_client.post(url("visitphoto_delete", photo.pk), {"post": "yes"}).status_code == 403
    assert VisitPhoto.objects.filter(pk=photo.pk).exists()


# --- Coordinator assignments: only through the app's reassignment page -----------------
def test_a_staff_post_to_the_assignment_admin_changes_nothing(staff_client, assignment):
    data = {
        "coordinator": assignment.coordinator_id,
        "network": assignment.network_id,
        "starts_on": assignment.starts_on.isoformat(),
        "ends_on": timezone.localdate().isoformat(),
    }

    response = staff_client.post(url("coordinatorassignment_change", assignment.pk), data)

    assert response.status_code == 403
    assert CoordinatorAssignment.objects.get(pk=assignment.pk).ends_on is None


def test_the_assignment_admin_has_no_add_page(staff_client, assignment):
    network = NetworkFactory()
    data = {"coordinator": assignment.coordinator_id, "network": network.pk, "starts_on": "2025-03-01"}

    assert staff_client.get(url("coordinatorassignment_add")).status_code == 403
    assert staff_client.post(url("coordinatorassignment_add"), data).status_code == 403
    assert not CoordinatorAssignment.objects.filter(network=network).exists()


def test_the_assignment_inline_of_a_network_changes_nothing(staff_client, assignment):
    network = assignment.network
    data = {
        "name": "Red con nuevo nombre",
        "region": network.region_id,
        "cohort_start_year": network.cohort_start_year,
        **management("coordinator_assignments", initial=1),
        "coordinator_assignments-0-id": assignment.pk,
        "coordinator_assignments-0-network": network.pk,
        "coordinator_assignments-0-coordinator": assignment.coordinator_id,
        "coordinator_assignments-0-starts_on": assignment.starts_on.isoformat(),
        "coordinator_assignments-0-ends_on": timezone.localdate().isoformat(),
        **management("memberships"),
    }

    response = staff_client.post(url("network_change", network.pk), data)

    assert response.status_code == 302  # the network itself is still kept in the admin
    assert Network.objects.get(pk=network.pk).name == "Red con nuevo nombre"
    assert CoordinatorAssignment.objects.get(pk=assignment.pk).ends_on is None


@pytest.mark.parametrize("page", ["network", "coordinatorassignment"])
def test_the_network_and_assignment_pages_link_to_the_apps_reassignment_page(staff_client, assignment, page):
    obj = assignment.network if page == "network" else assignment

    response = staff_client.get(url(f"{page}_change", obj.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("networks:network-reassign", args=[assignment.network_id])}"' in html
    assert "Cambiar de coordinador(a) en la aplicación" in html


def test_the_reassignment_link_opens_the_apps_page_for_staff(staff_client, assignment):
    assert staff_client.get(reverse("networks:network-reassign", args=[assignment.network_id])).status_code == 200


# --- Every page still opens ---------------------------------------------------------------
@pytest.mark.parametrize("persona", ["staff_client", "admin_client"])
def test_the_networks_admin_pages_open_for_staff_and_the_admin(request, persona, visit, photo):
    client = request.getfixturevalue(persona)
    VisitScoreFactory(visit=visit)
    network = visit.school.memberships.get().network
    meeting = NetworkMeetingFactory(network=network, coordinator=visit.coordinator)
    assignment = network.coordinator_assignments.get()
    objects = {
        "network": network,
        "coordinatorassignment": assignment,
        "visit": visit,
        "visitphoto": photo,
        "networkmeeting": meeting,
    }
    pages = [reverse("admin:app_list", args=["networks"])]
    for name, obj in objects.items():
        pages += [
            url(f"{name}_changelist"),
            url(f"{name}_change", obj.pk),
            url(f"{name}_history", obj.pk),
            url(f"{name}_simple_history", obj.pk, oldest_history_id(obj)),
        ]
    pages += [url("network_add"), url("curriculumyear_changelist")]
    for page in pages:
        assert client.get(page).status_code == 200, page


def meeting_post(meeting, **changes) -> dict:
    return {
        "date": meeting.date.isoformat(),
        "directors": meeting.directors,
        "teachers": meeting.teachers,
        "parents": meeting.parents,
        "community_leaders": meeting.community_leaders,
        "local_organizations": meeting.local_organizations,
        "decisions": meeting.decisions,
        "agreements": meeting.agreements,
    } | changes


@pytest.fixture
def meeting(visit):
    return NetworkMeetingFactory(network=visit.school.memberships.get().network, coordinator=visit.coordinator)


def test_staff_correct_a_meeting_in_the_admin_through_its_service(staff_client, staff, meeting):
    response = staff_client.post(url("networkmeeting_change", meeting.pk), meeting_post(meeting, parents=31))

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.parents == 31
    latest = meeting.history.latest()
    assert latest.history_user == staff
    assert latest.history_change_reason.startswith("Corrección de")


def test_the_meeting_admin_refuses_what_the_service_refuses_and_saves_nothing(staff_client, meeting):
    nobody = dict.fromkeys(("directors", "teachers", "parents", "community_leaders", "local_organizations"), 0)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    before = meeting.history.count()

    no_one = staff_client.post(url("networkmeeting_change", meeting.pk), meeting_post(meeting, **nobody))
    future = staff_client.post(url("networkmeeting_change", meeting.pk), meeting_post(meeting, date=tomorrow))

    assert no_one.status_code == 200
    assert "al menos una" in no_one.content.decode()
    assert future.status_code == 200
    assert "La fecha no puede ser posterior a hoy." in future.content.decode()
    assert meeting.history.count() == before


def test_the_meeting_admin_keeps_its_network_and_coordinator_and_adds_nothing(staff_client, meeting):
    page = staff_client.get(url("networkmeeting_change", meeting.pk))
    fields = page.context["adminform"].form.fields

    assert "decisions" in fields
    assert "network" not in fields
    assert "coordinator" not in fields
    assert staff_client.get(url("networkmeeting_add")).status_code == 403
