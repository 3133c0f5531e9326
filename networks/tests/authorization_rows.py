"""Authorization rows of the networks app: field work. Sponsors may not use these pages (403), except a
photo once staff approved it; a coordinator gets 404 for another network's objects; a former coordinator
keeps their own visits; staff and the administrator manage networks and approve photos."""

import datetime
import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.tests.authorization import READ_ONLY_POST, STAFF, Effect, Redirect, Row, field_work
from networks.models import CoordinatorAssignment, NetworkMeeting, Visit, VisitPhoto
from networks.tests.images import image_bytes

# One stored file serves every photo row: the rows go with each test's transaction, the file stays.
MATRIX_PHOTO = "visits/authorization-matrix/photo.jpg"


def photo_of_visit_a(world, *, approved: bool) -> dict:
    """URL kwargs of a photo of world.visit_a (a school funded by sponsor A), approved by staff or not."""
    storage = VisitPhoto._meta.get_field("image").storage
    if not storage.exists(MATRIX_PHOTO):
        storage.save(MATRIX_PHOTO, ContentFile(image_bytes("JPEG")))
    photo = VisitPhoto.objects.create(
        visit=world.visit_a,
        image=MATRIX_PHOTO,
        width=64,
        height=48,
        size_bytes=storage.size(MATRIX_PHOTO),
        consent_recorded=approved,
        approved_at=timezone.now() if approved else None,
        approved_by=world.staff if approved else None,
    )
    return {"pk": photo.pk}


def visit_a(world) -> dict:
    return {"pk": world.visit_a.pk}


def former_visit(world) -> dict:
    return {"pk": world.former_visit.pk}


def today() -> str:
    return timezone.localdate().isoformat()


def new_visit_at_school_a1(world) -> dict:
    """A valid director visit at network A's second school, today."""
    return {
        "client_uuid": str(uuid.uuid4()),
        "kind": Visit.Kind.DIRECTOR,
        "school": world.schools_a[1].pk,
        "date": today(),
        "duration_minutes": "45",
        "observations": "Revisamos el plan lector con la directora.",
        "agreements": "",
    }


def edit_of_visit_a(world) -> dict:
    visit = world.visit_a
    return {
        "client_uuid": str(visit.client_uuid),
        "version": str(visit.version),
        "kind": visit.kind,
        "teacher": visit.teacher_id,
        "date": visit.date.isoformat(),
        "observations": "Corregido: la sesión duró una hora.",
        "agreements": visit.agreements,
    }


def new_meeting_of_network_a(world) -> dict:
    return {
        "client_uuid": str(uuid.uuid4()),
        "network": world.network_a.pk,
        "date": today(),
        "directors": "3",
        "teachers": "8",
        "parents": "0",
        "community_leaders": "1",
        "local_organizations": "0",
        "decisions": "Feria de lectura en junio.",
        "agreements": "",
    }


def reassign_network_a(world) -> dict:
    """Hand network A to the former coordinator (active, without a network) from tomorrow."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return {"coordinator": world.former_coordinator.pk, "starts_on": tomorrow.isoformat()}


def visit_count(world):
    return Visit.objects.count()


def meeting_count(world):
    return NetworkMeeting.objects.count()


def visit_a_version(world):
    return Visit.objects.get(pk=world.visit_a.pk).version


def assignments(world):
    return tuple(CoordinatorAssignment.objects.order_by("pk").values_list("pk", "ends_on"))


def approvals(world):
    return tuple(VisitPhoto.objects.order_by("pk").values_list("approved_at", flat=True))


ROWS = {
    "networks:network-list": (
        Row(field_work(staff=200, coordinator=403, other_coordinator=403, former_coordinator=403)),
        Row(
            field_work(staff=READ_ONLY_POST, coordinator=403, other_coordinator=403, former_coordinator=403),
            method="post",
        ),
    ),
    "networks:network-reassign": (
        Row(
            field_work(staff=200, coordinator=403, other_coordinator=403, former_coordinator=403),
            kwargs=lambda w: {"pk": w.network_a.pk},
        ),
        Row(
            field_work(
                staff=Redirect("networks:network-list"), coordinator=403, other_coordinator=403, former_coordinator=403
            ),
            method="post",
            kwargs=lambda w: {"pk": w.network_a.pk},
            data=reassign_network_a,
            effect=Effect(assignments, by=STAFF),
        ),
    ),
    "networks:school-detail": (
        Row(
            field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404),
            kwargs=lambda w: {"pk": w.schools_a[0].pk},
        ),
        Row(
            field_work(staff=READ_ONLY_POST, coordinator=405, other_coordinator=405, former_coordinator=405),
            method="post",
            kwargs=lambda w: {"pk": w.schools_a[0].pk},
        ),
    ),
    "networks:teacher-detail": (
        Row(
            field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404),
            kwargs=lambda w: {"pk": w.visit_a.teacher_id},
        ),
        Row(
            field_work(staff=READ_ONLY_POST, coordinator=405, other_coordinator=405, former_coordinator=405),
            method="post",
            kwargs=lambda w: {"pk": w.visit_a.teacher_id},
        ),
    ),
    "networks:visit-list": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=200, former_coordinator=200)),
        Row(field_work(staff=405, coordinator=405, other_coordinator=405, former_coordinator=405), method="post"),
    ),
    "networks:visit-create": (
        # Only a coordinator with a network today logs visits: staff, the admin and a former coordinator
        # are refused at the door, as the service would refuse their save.
        Row(field_work(staff=403, coordinator=200, other_coordinator=200, former_coordinator=403)),
        Row(
            # The other coordinator's form does not offer network A's school: 400, nothing saved.
            field_work(
                staff=403, coordinator=Redirect("networks:visit-detail"), other_coordinator=400, former_coordinator=403
            ),
            method="post",
            data=new_visit_at_school_a1,
            effect=Effect(visit_count, by=frozenset({"coordinator"})),
        ),
    ),
    "networks:visit-detail": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404), kwargs=visit_a),
        Row(field_work(staff=200, coordinator=404, other_coordinator=404, former_coordinator=200), kwargs=former_visit),
        Row(
            field_work(staff=405, coordinator=405, other_coordinator=405, former_coordinator=405),
            method="post",
            kwargs=visit_a,
        ),
    ),
    "networks:visit-edit": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404), kwargs=visit_a),
        # A former coordinator reads their old visit but may no longer change it.
        Row(field_work(staff=200, coordinator=404, other_coordinator=404, former_coordinator=403), kwargs=former_visit),
        Row(
            field_work(
                staff=Redirect("networks:visit-detail"),
                coordinator=Redirect("networks:visit-detail"),
                other_coordinator=404,
                former_coordinator=404,
            ),
            method="post",
            kwargs=visit_a,
            data=edit_of_visit_a,
            effect=Effect(visit_a_version, by=frozenset({*STAFF, "coordinator"})),
        ),
    ),
    "networks:visit-history": (
        Row(field_work(staff=200, coordinator=403, other_coordinator=403, former_coordinator=403), kwargs=visit_a),
        Row(
            field_work(staff=405, coordinator=403, other_coordinator=403, former_coordinator=403),
            method="post",
            kwargs=visit_a,
        ),
    ),
    "networks:photo-list": (
        Row(field_work(staff=200, coordinator=403, other_coordinator=403, former_coordinator=403)),
        Row(field_work(staff=405, coordinator=403, other_coordinator=403, former_coordinator=403), method="post"),
    ),
    "networks:visit-photo": (
        Row(
            field_work(
                staff=200,
                coordinator=200,
                other_coordinator=404,
                former_coordinator=404,
                sponsor=404,
                other_sponsor=404,
            ),
            kwargs=lambda w: photo_of_visit_a(w, approved=False),
        ),
        Row(
            field_work(
                staff=200,
                coordinator=200,
                other_coordinator=404,
                former_coordinator=404,
                sponsor=200,
                other_sponsor=404,
            ),
            kwargs=lambda w: photo_of_visit_a(w, approved=True),
        ),
        Row(
            field_work(
                staff=405,
                coordinator=405,
                other_coordinator=405,
                former_coordinator=405,
                sponsor=405,
                other_sponsor=405,
            ),
            method="post",
            kwargs=lambda w: photo_of_visit_a(w, approved=True),
        ),
    ),
    "networks:photo-approve": (
        Row(
            field_work(staff=405, coordinator=403, other_coordinator=403, former_coordinator=403),
            kwargs=lambda w: photo_of_visit_a(w, approved=False),
        ),
        Row(
            field_work(
                staff=Redirect("networks:photo-list"), coordinator=403, other_coordinator=403, former_coordinator=403
            ),
            method="post",
            kwargs=lambda w: photo_of_visit_a(w, approved=False),
            data=lambda w: {"consent_recorded": "on"},
            effect=Effect(approvals, by=STAFF),
        ),
    ),
    "networks:meeting-list": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=200, former_coordinator=200)),
        Row(field_work(staff=405, coordinator=405, other_coordinator=405, former_coordinator=405), method="post"),
    ),
    "networks:meeting-create": (
        Row(field_work(staff=403, coordinator=200, other_coordinator=200, former_coordinator=403)),
        Row(
            field_work(
                staff=403, coordinator=Redirect("networks:meeting-list"), other_coordinator=400, former_coordinator=403
            ),
            method="post",
            data=new_meeting_of_network_a,
            effect=Effect(meeting_count, by=frozenset({"coordinator"})),
        ),
    ),
}
