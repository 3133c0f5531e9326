"""Choosing schools, the writes: candidate groups and their schools (staff), sponsors' requests, and their
confirmation into five-year sponsorships, declining and withdrawing. Every rule and refusal.

The world of the root conftest gives the people: staff, sponsor A's user (`sponsor_user`), sponsor B's
(`other_sponsor_user`). The candidates are padrón schools of Piura outside any network (`offer`).
"""

import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from schools.models import Candidate, CandidateGroup, Region, SchoolRequest, SchoolRequestItem, Sponsorship
from schools.selectors import offered_candidates, pending_candidate_ids
from schools.services import (
    MAX_SCHOOLS_PER_REQUEST,
    candidate_add,
    candidate_facts_set,
    candidate_group_create,
    candidate_group_publish,
    candidate_group_unpublish,
    candidate_group_update,
    candidate_remove,
    school_request_confirm,
    school_request_create,
    school_request_decline,
    school_request_withdraw,
    straight_line_km,
)
from schools.tests.factories import (
    CandidateFactory,
    CandidateGroupFactory,
    DistrictFactory,
    EnrollmentFactory,
    SchoolFactory,
    SchoolRequestFactory,
    SponsorshipFactory,
)

pytestmark = pytest.mark.django_db

Status = SchoolRequest.Status
Outcome = SchoolRequestItem.Outcome


@pytest.fixture
def offer(world):
    """A published group of three Piura candidates, and a draft group (unpublished) with one."""
    group = CandidateGroupFactory(name="Red propuesta Sullana", region=world.piura)
    candidates = CandidateFactory.create_batch(3, group=group)
    draft = CandidateGroupFactory(name="Red propuesta Paita", region=world.piura, published_at=None)
    hidden = CandidateFactory(group=draft)
    return SimpleNamespace(group=group, candidates=candidates, draft=draft, hidden=hidden)


def ask(user, candidates, **kwargs):
    kwargs.setdefault("client_uuid", uuid.uuid4())
    return school_request_create(user=user, candidates=candidates, **kwargs)[0]


def confirm(user, school_request, items=None, **kwargs):
    items = school_request.items.all() if items is None else items
    kwargs.setdefault("start_year", timezone.localdate().year + 1)
    kwargs.setdefault("committed_amount", Decimal("60000.00"))
    kwargs.setdefault("currency", "PEN")
    return school_request_confirm(user=user, school_request=school_request, item_ids=[i.pk for i in items], **kwargs)


def piura_school(world, **fields):
    return SchoolFactory(district=DistrictFactory(province__region=world.piura), **fields)


# --- Groups -------------------------------------------------------------------------------
def test_staff_create_a_group_unpublished_and_publish_it_once_it_has_a_school(world, staff_user):
    group = candidate_group_create(user=staff_user, name="  Red propuesta Tambogrande ", region=world.piura)
    assert group.name == "Red propuesta Tambogrande"
    assert not group.is_published
    assert group.created_by == staff_user
    with pytest.raises(ValidationError, match="Agregue al menos una institución"):
        candidate_group_publish(user=staff_user, group=group)

    candidate_add(user=staff_user, group=group, school=piura_school(world))
    published = candidate_group_publish(user=staff_user, group=group)
    assert published.is_published
    assert published.published_by == staff_user
    again = candidate_group_publish(user=staff_user, group=group)
    assert again.published_at == published.published_at


def test_unpublishing_a_group_takes_its_schools_out_of_the_offer(offer, staff_user):
    assert offered_candidates().filter(group=offer.group).count() == 3
    candidate_group_unpublish(user=staff_user, group=offer.group)
    offer.group.refresh_from_db()
    assert not offer.group.is_published
    assert not offered_candidates().filter(group=offer.group).exists()


def test_a_group_name_is_unique_in_its_region(world, staff_user):
    candidate_group_create(user=staff_user, name="Red propuesta Sullana", region=world.piura)
    with pytest.raises(ValidationError, match="Ya hay un grupo con este nombre"):
        candidate_group_create(user=staff_user, name="Red propuesta Sullana", region=world.piura)
    candidate_group_create(user=staff_user, name="Red propuesta Sullana", region=world.cusco)


def test_a_group_changes_region_only_while_it_holds_no_school(offer, world, staff_user):
    with pytest.raises(ValidationError) as error:
        candidate_group_update(user=staff_user, group=offer.group, name="Otra", region=world.cusco)
    assert "region" in error.value.error_dict
    empty = candidate_group_create(user=staff_user, name="Vacía", region=world.piura)
    assert candidate_group_update(user=staff_user, group=empty, name="Vacía", region=world.cusco).region == world.cusco


@pytest.mark.parametrize("persona", ["coordinator", "sponsor", "anonymous"])
def test_only_staff_manage_candidate_groups(offer, world, user_of, persona):
    user = user_of(persona)
    with pytest.raises(PermissionDenied):
        candidate_group_create(user=user, name="X", region=world.piura)
    with pytest.raises(PermissionDenied):
        candidate_group_publish(user=user, group=offer.draft)
    with pytest.raises(PermissionDenied):
        candidate_add(user=user, group=offer.group, school=piura_school(world))
    with pytest.raises(PermissionDenied):
        candidate_remove(user=user, candidate=offer.candidates[0])
    with pytest.raises(PermissionDenied):
        candidate_facts_set(user=user, candidate=offer.candidates[0], poverty_quintile=2)


# --- Candidates -----------------------------------------------------------------------------
def test_adding_a_school_brings_its_distance_enrolment_and_the_results_handed_over(world, staff_user):
    group = CandidateGroupFactory(region=world.piura)
    school = piura_school(world, latitude=Decimal("-4.904000"), longitude=Decimal("-80.685000"))  # Sullana
    year = timezone.localdate().year
    for grade in range(1, 7):
        EnrollmentFactory(school=school, school_year=year - 1, grade=grade, students=10)
        EnrollmentFactory(school=school, school_year=year, grade=grade, students=12)
    results = {"reading_satisfactory": Decimal("31.0"), "math_satisfactory": None, "results_year": year - 1,
               "results_grade": 2}  # fmt: skip

    candidate = candidate_add(user=staff_user, group=group, school=school, results=results)

    assert candidate.students == 72
    assert candidate.students_year == year
    assert Decimal("25") < candidate.distance_km < Decimal("35")  # Sullana is about 30 km from Piura
    assert candidate.distance_is_straight_line
    assert candidate.reading_satisfactory == Decimal("31.0")
    assert candidate.results_year == year - 1
    assert candidate.added_by == staff_user


def test_a_school_without_coordinates_has_no_distance_until_staff_type_it(world, staff_user):
    group = CandidateGroupFactory(region=world.piura)
    candidate = candidate_add(user=staff_user, group=group, school=piura_school(world))
    assert candidate.distance_km is None
    assert not candidate.distance_is_straight_line
    typed = candidate_facts_set(user=staff_user, candidate=candidate, distance_km=Decimal("120.0"))
    assert typed.distance_km == Decimal("120.0")
    assert not typed.distance_is_straight_line


def test_an_emptied_distance_is_computed_again_from_the_coordinates(offer, staff_user):
    candidate = candidate_facts_set(user=staff_user, candidate=offer.candidates[0], distance_km=Decimal("99.0"))
    assert not candidate.distance_is_straight_line
    candidate = candidate_facts_set(user=staff_user, candidate=candidate, distance_km=None)
    assert candidate.distance_km == straight_line_km(candidate.school, candidate.group.region)
    assert candidate.distance_is_straight_line


def test_a_school_of_another_region_is_refused(world, staff_user):
    group = CandidateGroupFactory(region=world.piura)
    cusco_school = SchoolFactory(district=DistrictFactory(province__region=world.cusco))
    with pytest.raises(ValidationError, match="no está en la región Piura"):
        candidate_add(user=staff_user, group=group, school=cusco_school)


def test_a_school_already_sponsored_is_never_offered(world, staff_user):
    group = CandidateGroupFactory(region=world.piura)
    with pytest.raises(ValidationError, match="ya tiene un convenio de auspicio vigente"):
        candidate_add(user=staff_user, group=group, school=world.sponsored_a[0])


def test_a_school_whose_agreement_ended_may_be_offered_again(world, staff_user):
    school = piura_school(world)
    year = timezone.localdate().year
    SponsorshipFactory(sponsor=world.sponsor_b, school=school, start_year=year - 6, end_year=year - 2)
    group = CandidateGroupFactory(region=world.piura)
    assert candidate_add(user=staff_user, group=group, school=school).pk


def test_a_school_is_offered_in_one_group_at_a_time(offer, world, staff_user):
    other = CandidateGroupFactory(region=world.piura)
    with pytest.raises(ValidationError, match="ya está en el grupo Red propuesta Sullana"):
        candidate_add(user=staff_user, group=other, school=offer.candidates[0].school)


def test_results_need_their_year_and_enrolment_its_year(offer, staff_user):
    candidate = offer.candidates[0]
    with pytest.raises(ValidationError) as error:
        candidate_facts_set(user=staff_user, candidate=candidate, results_year=None)
    assert "results_year" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        candidate_facts_set(user=staff_user, candidate=candidate, students_year=None)
    assert "students_year" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        candidate_facts_set(user=staff_user, candidate=candidate, poverty_rate=Decimal("130"))
    assert "poverty_rate" in error.value.error_dict


def test_a_fact_the_service_does_not_know_is_a_programming_error(offer, staff_user):
    with pytest.raises(TypeError):
        candidate_facts_set(user=staff_user, candidate=offer.candidates[0], group_id=99)


def test_removing_a_candidate_never_requested_deletes_it(offer, staff_user):
    assert candidate_remove(user=staff_user, candidate=offer.candidates[0]) is True
    assert not Candidate.objects.filter(pk=offer.candidates[0].pk).exists()


def test_removing_a_requested_candidate_keeps_it_for_the_request_and_frees_the_school(
    offer, world, staff_user, sponsor_user
):
    candidate = offer.candidates[0]
    school_request = ask(sponsor_user, [candidate])
    assert candidate_remove(user=staff_user, candidate=candidate) is False
    candidate.refresh_from_db()
    assert candidate.withdrawn_at is not None
    assert not offered_candidates().filter(pk=candidate.pk).exists()
    assert school_request.items.get().candidate == candidate
    # The school may go into another group now.
    other = CandidateGroupFactory(region=world.piura)
    assert candidate_add(user=staff_user, group=other, school=candidate.school).pk != candidate.pk


# --- Requests -------------------------------------------------------------------------------
def test_a_sponsor_asks_for_offered_schools_for_its_own_company(offer, world, sponsor_user, mailoutbox,
                                                               django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        school_request, created = school_request_create(
            user=sponsor_user, candidates=offer.candidates[:2], client_uuid=uuid.uuid4(), message="Cerca de Sullana."
        )
    assert created
    assert school_request.sponsor == world.sponsor_a
    assert school_request.requested_by == sponsor_user
    assert school_request.status == Status.PENDING
    assert {i.school for i in school_request.items.all()} == {c.school for c in offer.candidates[:2]}
    assert {i.outcome for i in school_request.items.all()} == {Outcome.REQUESTED}
    # IPAE staff hear of it, with a link to the request.
    assert [m.to for m in mailoutbox] == [[world.staff.email]]
    assert school_request.get_absolute_url() in mailoutbox[0].body
    assert world.sponsor_a.name in mailoutbox[0].body


def test_the_same_form_sent_twice_makes_one_request(offer, world, sponsor_user):
    key = uuid.uuid4()
    first, created = school_request_create(user=sponsor_user, candidates=offer.candidates[:1], client_uuid=key)
    again, created_again = school_request_create(user=sponsor_user, candidates=offer.candidates[:1], client_uuid=key)
    assert created
    assert not created_again
    assert again == first
    assert SchoolRequest.objects.count() == 1


def test_another_company_cannot_reuse_a_submission_id(offer, sponsor_user, other_sponsor_user):
    key = uuid.uuid4()
    school_request_create(user=sponsor_user, candidates=offer.candidates[:1], client_uuid=key)
    with pytest.raises(PermissionDenied):
        school_request_create(user=other_sponsor_user, candidates=offer.candidates[:1], client_uuid=key)


def test_an_unpublished_or_removed_candidate_cannot_be_asked_for_and_the_error_names_none(
    offer, staff_user, sponsor_user
):
    with pytest.raises(ValidationError) as error:
        ask(sponsor_user, [offer.candidates[0], offer.hidden])
    assert "ya no está disponible" in str(error.value)
    assert offer.hidden.school.name not in str(error.value)
    assert not SchoolRequest.objects.exists()


def test_a_company_cannot_ask_twice_for_a_school_of_its_pending_request(offer, sponsor_user):
    ask(sponsor_user, offer.candidates[:2])
    with pytest.raises(ValidationError, match="Ya pidió"):
        ask(sponsor_user, offer.candidates[1:])
    assert pending_candidate_ids(sponsor_user.sponsor_link.sponsor_id) == {c.pk for c in offer.candidates[:2]}


def test_several_companies_may_ask_for_the_same_school_and_none_reserves_it(offer, sponsor_user, other_sponsor_user):
    ask(sponsor_user, offer.candidates[:1])
    ask(other_sponsor_user, offer.candidates[:1])
    assert offered_candidates().filter(pk=offer.candidates[0].pk).exists()
    assert SchoolRequestItem.objects.filter(candidate=offer.candidates[0]).count() == 2


def test_a_request_needs_one_to_the_limit_of_schools(offer, sponsor_user):
    with pytest.raises(ValidationError, match="Elija al menos una"):
        ask(sponsor_user, [])
    many = [SimpleNamespace(pk=n) for n in range(1, MAX_SCHOOLS_PER_REQUEST + 2)]
    with pytest.raises(ValidationError, match="hasta 30 instituciones"):
        ask(sponsor_user, many)


@pytest.mark.parametrize("persona", ["staff", "admin", "coordinator", "anonymous"])
def test_only_a_sponsors_user_asks_for_schools(offer, user_of, persona):
    with pytest.raises(PermissionDenied):
        ask(user_of(persona), offer.candidates[:1])


# --- Confirming -----------------------------------------------------------------------------
def test_confirming_creates_five_year_sponsorships_for_the_chosen_schools(
    offer, world, staff_user, sponsor_user, mailoutbox, django_capture_on_commit_callbacks
):
    school_request = ask(sponsor_user, offer.candidates)
    chosen = list(school_request.items.order_by("pk"))[:2]
    start = timezone.localdate().year + 1
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = confirm(
            staff_user, school_request, chosen, start_year=start, committed_amount=Decimal("75000"), currency="USD",
            decision_note="Bienvenidos.", internal_note="Acordado con gerencia.",
        )  # fmt: skip

    assert confirmed.status == Status.CONFIRMED
    assert confirmed.decided_by == staff_user
    assert confirmed.decided_at is not None
    assert (confirmed.start_year, confirmed.end_year) == (start, start + 4)
    sponsorships = Sponsorship.objects.filter(sponsor=world.sponsor_a, school__in=[i.school for i in chosen])
    assert sponsorships.count() == 2
    for sponsorship in sponsorships:
        assert (sponsorship.start_year, sponsorship.end_year) == (start, start + 4)
        assert (sponsorship.committed_amount, sponsorship.currency) == (Decimal("75000"), "USD")
    outcomes = dict(confirmed.items.values_list("pk", "outcome"))
    assert [outcomes[i.pk] for i in chosen] == [Outcome.CONFIRMED, Outcome.CONFIRMED]
    assert list(outcomes.values()).count(Outcome.NOT_CONFIRMED) == 1
    assert all(i.sponsorship_id for i in confirmed.items.filter(outcome=Outcome.CONFIRMED))
    # The company's users hear of it; never the internal note.
    assert [m.to for m in mailoutbox] == [[sponsor_user.email]]
    assert "Acordado con gerencia" not in mailoutbox[0].body


def test_confirming_twice_changes_nothing(offer, world, staff_user, sponsor_user):
    school_request = ask(sponsor_user, offer.candidates[:2])
    first = confirm(staff_user, school_request)
    again = confirm(staff_user, school_request, committed_amount=Decimal("1"))
    assert again.decided_at == first.decided_at
    assert Sponsorship.objects.filter(sponsor=world.sponsor_a).count() == 2 + 2  # the world's two, and these
    assert again.committed_amount == Decimal("60000.00")


def test_a_confirmed_school_is_no_longer_offered_nor_confirmable_for_another_company(
    offer, staff_user, sponsor_user, other_sponsor_user
):
    candidate = offer.candidates[0]
    by_b = ask(other_sponsor_user, [candidate, offer.candidates[1]])
    by_a = ask(sponsor_user, [candidate])
    confirm(staff_user, by_a)

    assert not offered_candidates().filter(pk=candidate.pk).exists()
    with pytest.raises(ValidationError, match="ya no está disponible"):
        ask(other_sponsor_user, [candidate])
    with pytest.raises(ValidationError, match="Ya tienen un convenio vigente"):
        confirm(staff_user, by_b)
    # The other school of B's request can still be confirmed for B.
    confirm(staff_user, by_b, by_b.items.exclude(candidate=candidate))
    assert Sponsorship.objects.filter(school=candidate.school).count() == 1


def test_a_confirmation_needs_a_school_of_the_request_a_start_year_an_amount_and_a_currency(
    offer, staff_user, sponsor_user
):
    school_request = ask(sponsor_user, offer.candidates[:1])
    other = ask(sponsor_user, offer.candidates[1:2])
    this_year = timezone.localdate().year
    for kwargs, field in [
        ({"items": []}, "items"),
        ({"items": other.items.all()}, "items"),
        ({"start_year": this_year - 1}, "start_year"),
        ({"start_year": this_year + 9}, "start_year"),
        ({"committed_amount": Decimal("0")}, "committed_amount"),
        ({"committed_amount": None}, "committed_amount"),
        ({"currency": "EUR"}, "currency"),
    ]:
        with pytest.raises(ValidationError) as error:
            confirm(staff_user, school_request, **kwargs)
        assert field in error.value.error_dict, kwargs
    school_request.refresh_from_db()
    assert school_request.status == Status.PENDING
    assert not Sponsorship.objects.filter(school=offer.candidates[0].school).exists()


@pytest.mark.parametrize("persona", ["sponsor", "other_sponsor", "coordinator"])
def test_only_staff_confirm_or_decline(offer, sponsor_user, user_of, persona):
    school_request = ask(sponsor_user, offer.candidates[:1])
    with pytest.raises(PermissionDenied):
        confirm(user_of(persona), school_request)
    with pytest.raises(PermissionDenied):
        school_request_decline(user=user_of(persona), school_request=school_request, reason="No")


# --- Declining and withdrawing --------------------------------------------------------------
def test_declining_needs_a_reason_the_company_reads_and_happens_once(
    offer, staff_user, sponsor_user, mailoutbox, django_capture_on_commit_callbacks
):
    school_request = ask(sponsor_user, offer.candidates[:2])
    with pytest.raises(ValidationError) as error:
        school_request_decline(user=staff_user, school_request=school_request, reason="   ")
    assert "decision_note" in error.value.error_dict
    with django_capture_on_commit_callbacks(execute=True):
        declined = school_request_decline(
            user=staff_user, school_request=school_request, reason="Esas escuelas ya tienen apoyo.", internal_note="x"
        )
    assert declined.status == Status.DECLINED
    assert declined.decision_note == "Esas escuelas ya tienen apoyo."
    assert set(declined.items.values_list("outcome", flat=True)) == {Outcome.NOT_CONFIRMED}
    again = school_request_decline(user=staff_user, school_request=school_request, reason="Otra")
    assert again.decision_note == "Esas escuelas ya tienen apoyo."
    assert len(mailoutbox) == 1
    with pytest.raises(ValidationError, match="ya no está pendiente"):
        confirm(staff_user, school_request)


def test_a_company_withdraws_its_pending_request_once(offer, sponsor_user):
    school_request = ask(sponsor_user, offer.candidates[:1])
    withdrawn = school_request_withdraw(user=sponsor_user, school_request=school_request)
    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.withdrawn_at is not None
    assert school_request_withdraw(user=sponsor_user, school_request=school_request).withdrawn_at == (
        withdrawn.withdrawn_at
    )
    # Withdrawn, its schools may be asked for again.
    assert ask(sponsor_user, offer.candidates[:1]).pk != school_request.pk


def test_a_decided_request_cannot_be_withdrawn(offer, staff_user, sponsor_user):
    school_request = ask(sponsor_user, offer.candidates[:1])
    confirm(staff_user, school_request)
    with pytest.raises(ValidationError, match="ya no está pendiente: está confirmada"):
        school_request_withdraw(user=sponsor_user, school_request=school_request)


@pytest.mark.parametrize("persona", ["other_sponsor", "staff", "coordinator"])
def test_nobody_but_the_company_withdraws_its_request(offer, sponsor_user, user_of, persona):
    school_request = ask(sponsor_user, offer.candidates[:1])
    with pytest.raises(PermissionDenied):
        school_request_withdraw(user=user_of(persona), school_request=school_request)
    school_request.refresh_from_db()
    assert school_request.status == Status.PENDING


def test_a_colleague_of_the_same_company_may_withdraw(offer, world, sponsor_user):
    from accounts.tests.factories import SponsorUserFactory

    colleague = SponsorUserFactory(sponsor=world.sponsor_a)
    school_request = ask(sponsor_user, offer.candidates[:1])
    assert school_request_withdraw(user=colleague, school_request=school_request).status == Status.WITHDRAWN


def test_the_request_factory_and_the_models_agree(offer, world):
    school_request = SchoolRequestFactory(sponsor=world.sponsor_a, candidates=offer.candidates[:2])
    assert school_request.items.count() == 2
    assert str(school_request) == f"Solicitud N.° {school_request.pk}"
    assert CandidateGroup.objects.filter(region=Region.objects.get(code="20")).count() == 2


def test_nothing_is_sent_about_an_unknown_request_or_event(offer, sponsor_user, mailoutbox):
    from schools.services import school_request_notify

    school_request = ask(sponsor_user, offer.candidates[:1])
    assert school_request_notify(school_request_id=school_request.pk, event="borrada") == 0
    assert school_request_notify(school_request_id=0, event="requested") == 0
    assert mailoutbox == []
