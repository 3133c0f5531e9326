"""Correcting a visit as real data is: bulk-loaded without history, schools that changed network, teachers
who left. Each test failed on the code before the fix (found by crawling the seeded demo)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from networks import services
from networks.models import SchoolMembership, Visit
from networks.tests.factories import NetworkFactory, VisitFactory
from networks.tests.images import jpeg_upload


def edit_data(visit, **changes) -> dict:
    return {
        "client_uuid": str(visit.client_uuid),
        "version": str(visit.version),
        "kind": visit.kind,
        "teacher": visit.teacher_id or "",
        "date": visit.date.isoformat(),
        "duration_minutes": visit.duration_minutes or "",
        "observations": visit.observations,
        "agreements": visit.agreements,
        "follow_up_on": "",
    } | changes


def edit(client, visit, **changes):
    return client.post(reverse("networks:visit-edit", args=[visit.pk]), edit_data(visit, **changes))


def bulk_loaded_visit(world) -> Visit:
    """A visit written as seed_demo and imports write them: bulk_create, no history record."""
    [visit] = Visit.objects.bulk_create(
        [
            Visit(
                coordinator=world.coordinator,
                school=world.schools_a[2],
                kind=Visit.Kind.DIRECTOR,
                date=timezone.localdate() - datetime.timedelta(days=40),
                program_year=2,
                observations="Cargada en bloque.",
            )
        ]
    )
    assert not visit.history.exists()
    return visit


# --- History ------------------------------------------------------------------------------------
def test_the_history_of_a_visit_loaded_without_history_says_so(world, client_for, staff_user):
    visit = bulk_loaded_visit(world)

    response = client_for(staff_user).get(reverse("networks:visit-history", args=[visit.pk]))

    assert response.status_code == 200
    assert "Aún no hay cambios registrados." in response.content.decode()


def test_the_first_edit_of_a_bulk_loaded_visit_shows_in_its_history(world, client_for, staff_user):
    visit = bulk_loaded_visit(world)
    assert edit(client_for(staff_user), visit, observations="Corregida.").status_code == 302

    response = client_for(staff_user).get(reverse("networks:visit-history", args=[visit.pk]))

    assert response.status_code == 200
    [item] = response.context["changes"]
    assert item["no_earlier_record"] is True


def test_the_history_names_teachers_and_kinds_rather_than_ids(world, client_for, staff_user):
    visit = world.visit_a
    old_teacher = visit.teacher
    new_teacher = world.teachers_a[visit.school_id][1]
    response = edit(client_for(staff_user), visit, teacher=new_teacher.pk, kind=Visit.Kind.CLASSROOM)
    assert response.status_code == 302

    page = client_for(staff_user).get(reverse("networks:visit-history", args=[visit.pk]))

    html = page.content.decode()
    changes = {str(c["label"]): (c["old"], c["new"]) for item in page.context["changes"] for c in item["changes"]}
    assert changes["docente"] == (str(old_teacher), str(new_teacher))
    assert f"docente: {new_teacher.pk}" not in html.lower()
    assert str(new_teacher) in html


# --- The program year is the one the visit was logged in -----------------------------------------
def test_moving_the_school_to_another_network_never_rewrites_a_visits_year(world, client_for, staff_user):
    visit = world.visit_a
    assert visit.program_year == 2
    today = timezone.localdate()
    membership = visit.school.memberships.get()
    membership.left_on = today - datetime.timedelta(days=1)
    membership.save()
    new_network = NetworkFactory(region=world.piura, cohort_start_year=today.year)  # its year 1
    SchoolMembership.objects.create(school=visit.school, network=new_network, joined_on=today)

    assert edit(client_for(staff_user), visit, observations="Corregida tras el cambio de red.").status_code == 302

    visit.refresh_from_db()
    assert visit.program_year == 2
    assert visit.observations == "Corregida tras el cambio de red."


def test_staff_correct_a_visit_whose_school_left_every_network(world, client_for, staff_user):
    visit = world.visit_a
    membership = visit.school.memberships.get()
    membership.left_on = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()

    page = client_for(staff_user).get(reverse("networks:visit-edit", args=[visit.pk]))
    saved = edit(client_for(staff_user), visit, observations="Corregida sin red.")

    assert page.status_code == 200
    assert saved.status_code == 302
    visit.refresh_from_db()
    assert (visit.program_year, visit.observations) == (2, "Corregida sin red.")


def test_a_new_date_stays_in_the_school_year_the_visit_was_logged_in(world, client_for, staff_user):
    visit = VisitFactory(
        coordinator=world.coordinator,
        school=world.schools_a[1],
        date=datetime.date(timezone.localdate().year, 1, 5),
    )
    last_year = datetime.date(visit.date.year - 1, 12, 20)

    response = edit(client_for(staff_user), visit, date=last_year.isoformat())

    assert response.status_code == 400
    assert "solo dentro del año escolar" in " ".join(response.context["form"].errors["date"])
    visit.refresh_from_db()
    assert visit.date != last_year


# --- The form of a correction ----------------------------------------------------------------------
def test_the_edit_form_shows_the_school_as_text_not_as_a_choice_among_all(world, client_for, staff_user):
    html = client_for(staff_user).get(reverse("networks:visit-edit", args=[world.visit_a.pk])).content.decode()

    assert '<select name="school"' not in html
    assert world.visit_a.school.name in html
    assert world.schools_b[0].name not in html


def test_a_visit_whose_teacher_left_can_still_be_corrected(world, client_for, coordinator):
    visit = world.visit_a
    teacher = visit.teacher
    teacher.is_active = False
    teacher.save()

    page = client_for(coordinator).get(reverse("networks:visit-edit", args=[visit.pk]))
    saved = edit(client_for(coordinator), visit, observations="Corregida.")

    assert f'<option value="{teacher.pk}" selected' in page.content.decode()
    assert saved.status_code == 302
    visit.refresh_from_db()
    assert (visit.teacher_id, visit.observations) == (teacher.pk, "Corregida.")


def test_a_teacher_who_left_is_not_offered_for_other_visits(world, client_for, coordinator):
    leaver = world.teachers_a[world.schools_a[1].pk][1]
    leaver.is_active = False
    leaver.save()

    html = client_for(coordinator).get(reverse("networks:visit-create"), {"school": world.schools_a[1].pk})

    assert f'value="{leaver.pk}"' not in html.content.decode()


# --- One photo limit -------------------------------------------------------------------------------
@pytest.mark.parametrize("limit", [1, 2])
def test_the_photo_limit_of_the_settings_is_the_forms_and_the_services(
    world, client_for, coordinator, visit_data, settings, photo_files, limit
):
    settings.CEE_VISIT_MAX_PHOTOS = limit
    client = client_for(coordinator)

    form_page = client.get(reverse("networks:visit-create"), {"school": world.schools_a[1].pk})
    too_many = client.post(
        reverse("networks:visit-create"),
        {**visit_data, "photos": [jpeg_upload(f"{i}.jpg") for i in range(limit + 1)]},
    )

    assert f"Fotos (hasta {limit})" in form_page.content.decode()
    assert too_many.status_code == 400
    assert not Visit.objects.filter(client_uuid=visit_data["client_uuid"]).exists()
    with pytest.raises(services.visits.ValidationError):
        services.visit_log(
            user=coordinator,
            photos=[services.photo_prepare(jpeg_upload()) for _ in range(limit + 1)],
            **{
                "client_uuid": visit_data["client_uuid"],
                "school": world.schools_a[1],
                "kind": Visit.Kind.DIRECTOR,
                "date": timezone.localdate(),
            },
        )


# --- A former coordinator: their visits, nothing that would refuse them -------------------------
def test_a_former_coordinators_visit_page_links_only_to_what_they_may_open(world, client_for, former_coordinator):
    visit = world.former_visit
    html = client_for(former_coordinator).get(reverse("networks:visit-detail", args=[visit.pk])).content.decode()

    assert reverse("networks:school-detail", args=[visit.school_id]) not in html
    assert reverse("networks:teacher-detail", args=[visit.teacher_id]) not in html
    assert str(visit.teacher) in html


def test_a_former_coordinators_home_offers_no_form_they_may_not_use(world, client_for, former_coordinator):
    html = client_for(former_coordinator).get(reverse("evaluations:home")).content.decode()

    assert reverse("networks:visit-create") not in html
    assert reverse("networks:meeting-create") not in html
    assert "Hoy no tiene redes a su cargo" in html


# --- Reassigning a network: a short list, or a search -----------------------------------------------
def test_the_reassignment_offers_the_regions_coordinators_and_the_free_ones(world, client_for, staff_user):
    from accounts.tests.factories import CoordinatorFactory

    busy_elsewhere = world.other_coordinator  # coordinates network B in Cusco, never in Piura
    stranger = CoordinatorFactory(last_name="Zegarra")
    url = reverse("networks:network-reassign", args=[world.network_a.pk])

    offered = set(client_for(staff_user).get(url).context["form"].fields["coordinator"].queryset)
    searched = set(client_for(staff_user).get(url, {"buscar": "zegar"}).context["form"].fields["coordinator"].queryset)

    assert {world.coordinator, world.former_coordinator, stranger} <= offered  # Piura's, and those without a network
    assert busy_elsewhere not in offered
    assert searched == {stranger}


def test_a_coordinator_found_by_a_search_can_be_given_the_network(world, client_for, staff_user):
    url = reverse("networks:network-reassign", args=[world.network_a.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client_for(staff_user).post(
        f"{url}?buscar=Mamani", {"coordinator": world.other_coordinator.pk, "starts_on": tomorrow.isoformat()}
    )

    assert response.status_code == 302
    assert world.network_a.coordinator_assignments.get(ends_on__isnull=True).coordinator == world.other_coordinator
