"""Authorization rows of the meetings of parents and teachers (field work: coordinators and staff)."""

import uuid

from django.utils import timezone

from accounts.tests.authorization import STAFF, Effect, Redirect, Row, field_work
from networks.models import FamilyMeeting
from networks.tests.factories import FamilyMeetingFactory


def meeting_at_school_a0(world) -> dict:
    meeting = FamilyMeetingFactory(school=world.schools_a[0], coordinator=world.coordinator)
    return {"pk": meeting.pk}


def new_meeting_at_school_a1(world) -> dict:
    return {
        "client_uuid": str(uuid.uuid4()),
        "school": world.schools_a[1].pk,
        "kind": FamilyMeeting.Kind.PARENTS_SCHOOL,
        "date": timezone.localdate().isoformat(),
        "problem": "Inasistencias los lunes.",
        "agreed_at_home": "Acompañar la salida temprano.",
        "agreed_at_school": "",
        "parents": "15",
        "teachers": "2",
        "follow_up_by": "Docente de 4.°",
        "follow_up_on": "",
    }


def resolve_the_meeting(world) -> dict:
    meeting = FamilyMeeting.objects.get(school=world.schools_a[0])
    return {
        "client_uuid": str(meeting.client_uuid),
        "version": str(meeting.version),
        "kind": meeting.kind,
        "date": meeting.date.isoformat(),
        "problem": meeting.problem,
        "agreed_at_home": meeting.agreed_at_home,
        "agreed_at_school": meeting.agreed_at_school,
        "parents": str(meeting.parents),
        "teachers": str(meeting.teachers),
        "follow_up_by": meeting.follow_up_by,
        "follow_up_on": "",
        "resolved_on": timezone.localdate().isoformat(),
        "resolution": "Las familias se organizaron para acompañar a los niños.",
    }


def meeting_count(world):
    return FamilyMeeting.objects.count()


def resolutions(world):
    return tuple(FamilyMeeting.objects.order_by("pk").values_list("resolved_on", flat=True))


ROWS = {
    "networks:family-meeting-create": (
        Row(field_work(staff=403, coordinator=200, other_coordinator=200, former_coordinator=403)),
        Row(
            field_work(
                staff=403,
                coordinator=Redirect("networks:family-meeting-detail"),
                other_coordinator=400,  # network A's school is not offered to them
                former_coordinator=403,
            ),
            method="post",
            data=new_meeting_at_school_a1,
            effect=Effect(meeting_count, by=frozenset({"coordinator"})),
        ),
    ),
    "networks:family-meeting-detail": (
        Row(
            field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404),
            kwargs=meeting_at_school_a0,
        ),
        Row(
            field_work(staff=405, coordinator=405, other_coordinator=405, former_coordinator=405),
            method="post",
            kwargs=meeting_at_school_a0,
        ),
    ),
    "networks:family-meeting-edit": (
        Row(
            field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404),
            kwargs=meeting_at_school_a0,
        ),
        Row(
            field_work(
                staff=Redirect("networks:family-meeting-detail"),
                coordinator=Redirect("networks:family-meeting-detail"),
                other_coordinator=404,
                former_coordinator=404,
            ),
            method="post",
            kwargs=meeting_at_school_a0,
            data=resolve_the_meeting,
            effect=Effect(resolutions, by=frozenset({*STAFF, "coordinator"})),
        ),
    ),
}
