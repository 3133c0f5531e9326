"""Authorization rows of choosing schools: the offer, the comparison, asking, the requests and their
answers (confirm, decline, withdraw), and staff's candidate groups, for every persona, GET and POST.

A sponsor's user browses the published offer and asks for schools for its own company; it sees and
withdraws only its company's requests (another company's answers 404, also by guessing its id). Staff see
the offer as companies do, every request, and manage the groups; they never ask or withdraw for a company
(403). Coordinators have nothing here (403). Each POST sends valid data and names what it changes.
"""

from types import SimpleNamespace

from accounts.tests.authorization import READ_ONLY_POST, STAFF, TO_LOGIN, Effect, Redirect, Row
from schools.models import Candidate, CandidateGroup, SchoolRequest, Sponsorship
from schools.tests.factories import (
    CandidateFactory,
    CandidateGroupFactory,
    DistrictFactory,
    EnrollmentFactory,
    SchoolFactory,
    SchoolRequestFactory,
)

SPONSORS = frozenset({"sponsor", "other_sponsor"})
TO_REQUEST = Redirect("evaluations:school-request-detail")
TO_GROUP = Redirect("evaluations:candidate-group-detail")
TO_CANDIDATE_EDIT = Redirect("evaluations:candidate-edit")


def answers(*, staff, coordinator=403, sponsor, other_sponsor=None):
    """Anonymous people go to the login; the administrator answers as staff; every coordinator alike."""
    return {
        "anonymous": TO_LOGIN,
        "staff": staff,
        "admin": staff,
        "coordinator": coordinator,
        "other_coordinator": coordinator,
        "former_coordinator": coordinator,
        "sponsor": sponsor,
        "other_sponsor": sponsor if other_sponsor is None else other_sponsor,
    }


def offer(world) -> SimpleNamespace:
    """Once per test: a published Piura group of three padrón schools, a draft group of one, a pending
    request of sponsor A (first school) and one of sponsor B (second school); nobody asked for the third."""
    if not hasattr(world, "choosing"):
        group = CandidateGroupFactory(name="Red propuesta Sullana", region=world.piura)
        candidates = CandidateFactory.create_batch(3, group=group)
        draft = CandidateGroupFactory(name="Red propuesta Paita", region=world.piura, published_at=None)
        hidden = CandidateFactory(group=draft)
        world.choosing = SimpleNamespace(
            group=group,
            candidates=candidates,
            draft=draft,
            hidden=hidden,
            request_a=SchoolRequestFactory(sponsor=world.sponsor_a, candidates=candidates[:1]),
            request_b=SchoolRequestFactory(sponsor=world.sponsor_b, candidates=candidates[1:2]),
        )
    return world.choosing


def request_a(world) -> dict:
    return {"pk": offer(world).request_a.pk}


def request_b(world) -> dict:
    return {"pk": offer(world).request_b.pk}


def group(world) -> dict:
    return {"pk": offer(world).group.pk}


def draft(world) -> dict:
    return {"pk": offer(world).draft.pk}


def candidate(world) -> dict:
    return {"pk": offer(world).candidates[0].pk}


def compared(world) -> dict:
    return {"c": [c.pk for c in offer(world).candidates]}


def ask_third_school(world) -> dict:
    """The third school of the offer: neither company has asked for it."""
    return {"c": [offer(world).candidates[2].pk], "client_uuid": "7b0f3a56-0a3c-4c4e-9d55-2f2d1c7c0a11"}


def ask_unpublished(world) -> dict:
    return {"c": [offer(world).hidden.pk], "client_uuid": "c5b2d8f1-51a0-4f7b-8d5e-0f7f3c0e9b22"}


def confirm_data(world) -> dict:
    item = offer(world).request_a.items.get()
    return {"items": [item.pk], "start_year": 0, "committed_amount": "60000.00", "currency": "PEN"}


def confirm_next_year(world) -> dict:
    from evaluations.views.choosing import default_start_year

    return confirm_data(world) | {"start_year": default_start_year()}


def decline_data(world) -> dict:
    return {"decision_note": "Estas escuelas ya tienen apoyo de otra institución."}


def group_data(world) -> dict:
    return {"name": "Red propuesta Chulucanas Alto", "region": world.piura.pk, "description": "", "internal_note": ""}


def facts_data(world) -> dict:
    c = offer(world).candidates[0]
    return {
        "poverty_quintile": "2",
        "poverty_rate": "33.3",
        "distance_km": "42",
        "students": "90",
        "students_year": str(c.students_year),
        "reading_satisfactory": "20.0",
        "math_satisfactory": "10.0",
        "results_year": str(c.results_year),
        "results_grade": "2",
        "public_note": "",
    }


def a_padron_school(world) -> dict:
    offer(world)
    school = SchoolFactory(district=DistrictFactory(province__region=world.piura))
    return {"school": school.pk}


def with_new_enrollment(world) -> dict:
    """Group kwargs, with this year's enrolment recorded for its first school (a refresh brings it)."""
    first = offer(world).candidates[0]
    for grade in range(1, 7):
        EnrollmentFactory(school=first.school, school_year=first.students_year, grade=grade, students=30)
    return group(world)


def publish(world) -> dict:
    return {"action": "publish"}


def nothing(world) -> dict:
    return {}


def request_count(world) -> int:
    return SchoolRequest.objects.count()


def status_of_a(world) -> str:
    return SchoolRequest.objects.get(pk=offer(world).request_a.pk).status


def sponsorship_count(world) -> int:
    return Sponsorship.objects.count()


def group_count(world) -> int:
    return CandidateGroup.objects.count()


def group_name(world) -> str:
    return CandidateGroup.objects.get(pk=offer(world).group.pk).name


def draft_published(world) -> bool:
    return CandidateGroup.objects.get(pk=offer(world).draft.pk).published_at is not None


def candidate_count(world) -> int:
    return Candidate.objects.active().count()


def first_candidate(world) -> tuple:
    c = Candidate.objects.get(pk=offer(world).candidates[0].pk)
    return (c.poverty_quintile, c.students, c.withdrawn_at)


BROWSE = answers(staff=200, sponsor=200)
BROWSE_POST = answers(staff=READ_ONLY_POST, sponsor=READ_ONLY_POST)
STAFF_PAGE = answers(staff=200, sponsor=403)
STAFF_PAGE_POST = answers(staff=READ_ONLY_POST, sponsor=403)
STAFF_ACTION_GET = answers(staff=READ_ONLY_POST, sponsor=403)

ROWS = {
    "evaluations:candidate-offer": (
        Row(BROWSE),
        Row(BROWSE, data=lambda world: {"region": "xx", "area": "luna", "pobreza": "9", "c": "abc"}),
        Row(BROWSE_POST, method="post"),
    ),
    "evaluations:candidate-compare": (
        Row(BROWSE, data=compared),
        Row(BROWSE_POST, method="post", data=compared),
    ),
    "evaluations:school-request-list": (
        Row(answers(staff=200, sponsor=200)),
        Row(answers(staff=READ_ONLY_POST, sponsor=READ_ONLY_POST), method="post"),
    ),
    "evaluations:school-request-create": (
        Row(answers(staff=403, sponsor=200), data=compared),
        Row(
            answers(staff=403, sponsor=TO_REQUEST, other_sponsor=TO_REQUEST),
            method="post",
            data=ask_third_school,
            effect=Effect(request_count, by=SPONSORS),
        ),
        Row(answers(staff=403, sponsor=400), method="post", data=ask_unpublished, effect=Effect(request_count)),
    ),
    "evaluations:school-request-detail": (
        Row(answers(staff=200, sponsor=200, other_sponsor=404), kwargs=request_a),
        Row(answers(staff=200, sponsor=404, other_sponsor=200), kwargs=request_b),
        Row(answers(staff=READ_ONLY_POST, sponsor=READ_ONLY_POST), method="post", kwargs=request_a),
    ),
    "evaluations:school-request-withdraw": (
        Row(answers(staff=403, sponsor=READ_ONLY_POST), kwargs=request_a),
        Row(
            answers(staff=403, sponsor=TO_REQUEST, other_sponsor=404),
            method="post",
            kwargs=request_a,
            data=nothing,
            effect=Effect(status_of_a, by=frozenset({"sponsor"})),
        ),
    ),
    "evaluations:school-request-confirm": (
        Row(STAFF_ACTION_GET, kwargs=request_a),
        Row(
            answers(staff=TO_REQUEST, sponsor=403),
            method="post",
            kwargs=request_a,
            data=confirm_next_year,
            effect=Effect(sponsorship_count, by=STAFF),
        ),
        Row(answers(staff=400, sponsor=403), method="post", kwargs=request_a, data=confirm_data),
    ),
    "evaluations:school-request-decline": (
        Row(STAFF_ACTION_GET, kwargs=request_a),
        Row(
            answers(staff=TO_REQUEST, sponsor=403),
            method="post",
            kwargs=request_a,
            data=decline_data,
            effect=Effect(status_of_a, by=STAFF),
        ),
    ),
    "evaluations:candidate-group-list": (Row(STAFF_PAGE), Row(STAFF_PAGE_POST, method="post")),
    "evaluations:candidate-group-create": (
        Row(STAFF_PAGE),
        Row(
            answers(staff=TO_GROUP, sponsor=403),
            method="post",
            data=group_data,
            effect=Effect(group_count, by=STAFF),
        ),
    ),
    "evaluations:candidate-group-detail": (
        Row(STAFF_PAGE, kwargs=group),
        Row(STAFF_PAGE, kwargs=group, data=lambda world: {"q": "I.E."}),
        Row(STAFF_PAGE_POST, method="post", kwargs=group),
    ),
    "evaluations:candidate-group-edit": (
        Row(STAFF_PAGE, kwargs=group),
        Row(
            answers(staff=TO_GROUP, sponsor=403),
            method="post",
            kwargs=group,
            data=group_data,
            effect=Effect(group_name, by=STAFF),
        ),
    ),
    "evaluations:candidate-group-publish": (
        Row(STAFF_ACTION_GET, kwargs=draft),
        Row(
            answers(staff=TO_GROUP, sponsor=403),
            method="post",
            kwargs=draft,
            data=publish,
            effect=Effect(draft_published, by=STAFF),
        ),
    ),
    "evaluations:candidate-group-refresh": (
        Row(STAFF_ACTION_GET, kwargs=group),
        Row(
            answers(staff=TO_GROUP, sponsor=403),
            method="post",
            kwargs=with_new_enrollment,
            data=nothing,
            effect=Effect(first_candidate, by=STAFF),
        ),
    ),
    "evaluations:candidate-add": (
        Row(STAFF_ACTION_GET, kwargs=group),
        Row(
            answers(staff=TO_CANDIDATE_EDIT, sponsor=403),
            method="post",
            kwargs=group,
            data=a_padron_school,
            effect=Effect(candidate_count, by=STAFF),
        ),
    ),
    "evaluations:candidate-edit": (
        Row(STAFF_PAGE, kwargs=candidate),
        Row(
            answers(staff=TO_GROUP, sponsor=403),
            method="post",
            kwargs=candidate,
            data=facts_data,
            effect=Effect(first_candidate, by=STAFF),
        ),
    ),
    "evaluations:candidate-remove": (
        Row(STAFF_ACTION_GET, kwargs=candidate),
        Row(
            answers(staff=TO_GROUP, sponsor=403),
            method="post",
            kwargs=candidate,
            data=nothing,
            effect=Effect(first_candidate, by=STAFF),
        ),
    ),
}
