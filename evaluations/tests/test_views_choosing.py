"""Choosing schools' pages (evaluations/views/choosing.py and choosing_staff.py): what each persona sees,
the happy paths, every input given a malformed value (nothing saved, a Spanish message, never a 500),
and query counts that do not grow with the offer or the requests.

Who may open which URL is the authorization matrix's (authorization_rows_choosing.py); here, what the
pages show and say.
"""

import uuid

import pytest
from django.urls import reverse

from evaluations.tests.factories import AssessmentResultFactory
from evaluations.tests.helpers import MEGABYTE, count_queries
from schools.models import Candidate, CandidateGroup, SchoolRequest, Sponsorship
from schools.tests.factories import (
    CandidateFactory,
    CandidateGroupFactory,
    DistrictFactory,
    SchoolFactory,
    SchoolRequestFactory,
    SponsorshipFactory,
)

pytestmark = pytest.mark.django_db

OFFER = reverse("evaluations:candidate-offer")
COMPARE = reverse("evaluations:candidate-compare")
ASK = reverse("evaluations:school-request-create")
REQUESTS = reverse("evaluations:school-request-list")
GROUPS = reverse("evaluations:candidate-group-list")


@pytest.fixture
def offer(world):
    """Published: Piura (3 schools), Cusco (2). Draft: Piura (1). Sponsor B asked for Piura's first."""
    piura = CandidateGroupFactory(name="Red propuesta Sullana", region=world.piura)
    cusco = CandidateGroupFactory(name="Red propuesta Anta", region=world.cusco)
    draft = CandidateGroupFactory(name="Red propuesta Paita", region=world.piura, published_at=None)
    piura_candidates = CandidateFactory.create_batch(3, group=piura)
    cusco_candidates = CandidateFactory.create_batch(2, group=cusco, poverty_quintile=3)
    hidden = CandidateFactory(group=draft)
    request_b = SchoolRequestFactory(
        sponsor=world.sponsor_b, candidates=piura_candidates[:1], message="Mensaje privado de la empresa B."
    )
    return {
        "piura": piura,
        "cusco": cusco,
        "draft": draft,
        "piura_candidates": piura_candidates,
        "cusco_candidates": cusco_candidates,
        "hidden": hidden,
        "request_b": request_b,
    }


def text_of(response) -> str:
    return response.content.decode()


# --- The offer -----------------------------------------------------------------------------
def test_a_sponsor_sees_the_published_offer_grouped_and_nothing_of_another_company(
    offer, world, client_for, sponsor_user
):
    page = text_of(client_for(sponsor_user).get(OFFER))
    assert "Red propuesta Sullana" in page
    assert "Red propuesta Anta" in page
    for candidate in offer["piura_candidates"] + offer["cusco_candidates"]:
        assert candidate.school.name in page
    assert "Red propuesta Paita" not in page
    assert offer["hidden"].school.name not in page
    assert world.sponsor_b.name not in page
    assert "Mensaje privado" not in page
    assert "Ya la pidió" not in page  # B's interest is never shown to A


def test_a_school_funded_since_is_no_longer_offered(offer, world, client_for, sponsor_user):
    taken = offer["piura_candidates"][1]
    SponsorshipFactory(sponsor=world.sponsor_b, school=taken.school, start_year=2030, end_year=2034)
    page = text_of(client_for(sponsor_user).get(OFFER))
    assert taken.school.name not in page
    assert world.sponsor_b.name not in page


def test_the_offer_marks_what_the_company_already_asked_for(offer, world, client_for, sponsor_user):
    mine = SchoolRequestFactory(sponsor=world.sponsor_a, candidates=offer["cusco_candidates"][:1])
    page = text_of(client_for(sponsor_user).get(OFFER))
    assert "Ya la pidió" in page
    assert reverse("evaluations:school-request-detail", args=[mine.pk]) in page
    assert f'value="{offer["cusco_candidates"][0].pk}" id="c-{offer["cusco_candidates"][0].pk}" disabled' in page


def test_staff_see_the_offer_as_companies_do_with_a_note_saying_so(offer, client_for, staff_user):
    page = text_of(client_for(staff_user).get(OFFER))
    assert "Vista de empresa" in page
    assert "Red propuesta Paita" not in page
    assert f'formaction="{ASK}"' not in page  # staff never ask for a company


def test_the_offer_filters_by_region_area_and_poverty(offer, world, client_for, sponsor_user):
    client = client_for(sponsor_user)
    page = text_of(client.get(OFFER, {"region": world.cusco.code}))
    assert "Red propuesta Anta" in page
    assert "Red propuesta Sullana" not in page
    page = text_of(client.get(OFFER, {"pobreza": "2"}))
    assert "Red propuesta Sullana" in page
    assert "Red propuesta Anta" not in page  # quintile 3
    page = text_of(client.get(OFFER, {"area": "urban"}))
    assert "Ninguna institución propuesta con estos filtros" in page


@pytest.mark.parametrize(
    "params",
    [
        {"region": "xx"},
        {"region": "99"},
        {"area": "luna"},
        {"pobreza": "9"},
        {"c": "abc"},
        {"c": "1" * 40},
        {"region": "x" * 100_000},
    ],
)
def test_a_malformed_filter_is_dropped_in_words(offer, client_for, sponsor_user, params):
    response = client_for(sponsor_user).get(OFFER, params)
    assert response.status_code == 200
    page = text_of(response)
    assert "Red propuesta Sullana" in page
    assert "no es válido" in page or "no es válida" in page


def test_a_school_chosen_and_then_filtered_out_stays_chosen(offer, world, client_for, sponsor_user):
    chosen = offer["piura_candidates"][2]
    response = client_for(sponsor_user).get(OFFER, {"region": world.cusco.code, "c": chosen.pk})
    page = text_of(response)
    assert response.context["hidden_selected"] == [chosen.pk]
    assert f'<input type="hidden" name="c" value="{chosen.pk}">' in page
    assert "1 institución elegida que estos filtros no muestran" in page


def test_the_map_gets_every_offered_point_and_the_legend_names_the_groups(offer, client_for, sponsor_user):
    response = client_for(sponsor_user).get(OFFER)
    data = response.context["map_data"]
    assert len(data["points"]) == 5
    assert [item["name"] for item in data["legend"]] == ["Red propuesta Anta", "Red propuesta Sullana"]
    assert 'id="offer-map-data"' in text_of(response)


def test_an_empty_offer_says_what_to_expect(world, client_for, sponsor_user):
    page = text_of(client_for(sponsor_user).get(OFFER))
    assert "Por ahora no hay instituciones propuestas" in page


# --- Comparing ---------------------------------------------------------------------------
def test_compare_shows_the_chosen_schools_in_order_with_the_national_figures(offer, client_for, sponsor_user):
    first, second = offer["cusco_candidates"][0], offer["piura_candidates"][2]
    Candidate.objects.filter(pk=first.pk).update(results_year=2016, results_grade=2)
    response = client_for(sponsor_user).get(COMPARE, {"c": [first.pk, second.pk]})
    page = text_of(response)
    assert [row.candidate.pk for row in response.context["rows"]] == [first.pk, second.pk]
    assert page.index(first.school.name) < page.index(second.school.name)
    assert "Nacional: 46.4 %" in page  # ECE 2016, 2.° grado, reading
    assert "Pedir estas 2 instituciones" in page


def test_compare_leaves_out_what_is_not_offered_and_says_so(offer, client_for, sponsor_user):
    visible = offer["piura_candidates"][2]
    response = client_for(sponsor_user).get(COMPARE, {"c": [visible.pk, offer["hidden"].pk, 999999]})
    page = text_of(response)
    assert [row.candidate.pk for row in response.context["rows"]] == [visible.pk]
    assert offer["hidden"].school.name not in page
    assert "ya no están disponibles" in page


def test_compare_shows_at_most_six(world, client_for, sponsor_user):
    group = CandidateGroupFactory(region=world.piura)
    ids = [c.pk for c in CandidateFactory.create_batch(8, group=group)]
    response = client_for(sponsor_user).get(COMPARE, {"c": ids})
    assert len(response.context["rows"]) == 6
    assert "primeras 6" in text_of(response)


@pytest.mark.parametrize("value", ["abc", "-1", "0", "1.5", "١٢", "9" * 30])
def test_compare_with_a_malformed_choice_answers_in_words(offer, client_for, sponsor_user, value):
    response = client_for(sponsor_user).get(COMPARE, {"c": value})
    assert response.status_code == 200
    assert "No hay instituciones para comparar" in text_of(response)


# --- Asking ------------------------------------------------------------------------------
def ask_data(ids, **extra):
    return {"c": ids, "client_uuid": str(uuid.uuid4()), "message": "Nos interesan.", **extra}


def test_a_sponsor_reviews_and_asks_and_lands_on_its_request(offer, world, client_for, sponsor_user):
    client = client_for(sponsor_user)
    ids = [c.pk for c in offer["piura_candidates"][1:]]
    review = client.get(ASK, {"c": ids})
    assert "Enviar la solicitud de 2 instituciones" in text_of(review)
    response = client.post(ASK, ask_data(ids))
    school_request = SchoolRequest.objects.get(sponsor=world.sponsor_a)
    assert response.status_code == 302
    assert response["Location"] == school_request.get_absolute_url()
    page = text_of(client.get(response["Location"]))
    assert "Su solicitud fue enviada" in page
    assert "Pendiente" in page
    assert "Retirar la solicitud" in page


def test_the_same_request_sent_twice_is_made_once(offer, world, client_for, sponsor_user):
    client = client_for(sponsor_user)
    data = ask_data([offer["piura_candidates"][2].pk])
    first = client.post(ASK, data)
    second = client.post(ASK, data)
    assert first["Location"] == second["Location"]
    assert SchoolRequest.objects.filter(sponsor=world.sponsor_a).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"c": ["abc"]}, "no es válida"),
        ({"c": []}, "Elija al menos una institución"),
        ({"c": ["999999"]}, "ya no está disponible"),
        ({"message": MEGABYTE}, "como máximo 2000 caracteres"),
        ({"client_uuid": "no-es-un-uuid"}, "llegó incompleto"),
        ({"client_uuid": ""}, "llegó incompleto"),
    ],
)
def test_a_malformed_request_is_refused_in_words_and_saves_nothing(offer, client_for, sponsor_user, data, message):
    base = ask_data([offer["piura_candidates"][2].pk])
    response = client_for(sponsor_user).post(ASK, base | data)
    assert response.status_code == 400
    assert message in text_of(response)
    assert not SchoolRequest.objects.filter(sponsor__users__user=sponsor_user).exists()


def test_asking_for_an_unpublished_school_names_nothing_of_it(offer, client_for, sponsor_user):
    response = client_for(sponsor_user).post(ASK, ask_data([offer["hidden"].pk]))
    assert response.status_code == 400
    assert offer["hidden"].school.name not in text_of(response)


def test_asking_again_for_a_school_already_pending_is_refused(offer, world, client_for, sponsor_user):
    candidate = offer["piura_candidates"][2]
    SchoolRequestFactory(sponsor=world.sponsor_a, candidates=[candidate])
    response = client_for(sponsor_user).post(ASK, ask_data([candidate.pk]))
    assert response.status_code == 400
    assert "Ya pidió" in text_of(response)


# --- The requests ------------------------------------------------------------------------
def test_a_sponsor_lists_only_its_own_requests(offer, world, client_for, sponsor_user):
    mine = SchoolRequestFactory(sponsor=world.sponsor_a, candidates=offer["cusco_candidates"][:1])
    response = client_for(sponsor_user).get(REQUESTS)
    page = text_of(response)
    assert [row["request"].pk for row in response.context["rows"]] == [mine.pk]
    assert reverse("evaluations:school-request-detail", args=[offer["request_b"].pk]) not in page
    assert world.sponsor_b.name not in page


def test_staff_list_every_request_with_its_company(offer, world, client_for, staff_user):
    SchoolRequestFactory(sponsor=world.sponsor_a, candidates=offer["cusco_candidates"][:1])
    page = text_of(client_for(staff_user).get(REQUESTS, {"estado": "pendiente"}))
    assert world.sponsor_a.name in page
    assert world.sponsor_b.name in page


@pytest.mark.parametrize("value", ["abierta", "x" * 5000, "' OR 1=1"])
def test_a_malformed_state_filter_shows_every_request_in_words(offer, client_for, sponsor_user, value):
    response = client_for(sponsor_user).get(REQUESTS, {"estado": value, "cursor": "basura"})
    assert response.status_code == 200
    assert "Ese estado no existe" in text_of(response)


def test_a_company_never_reads_staff_notes_nor_who_else_asked(offer, world, client_for, sponsor_user, staff_user):
    candidate = offer["piura_candidates"][0]  # sponsor B asked for it too
    mine = SchoolRequestFactory(sponsor=world.sponsor_a, candidates=[candidate], internal_note="Nota reservada.")
    page = text_of(client_for(sponsor_user).get(mine.get_absolute_url()))
    assert world.sponsor_b.name not in page
    assert "Nota reservada" not in page
    assert "También la pide" not in page
    staff_page = text_of(client_for(staff_user).get(mine.get_absolute_url()))
    assert f"También la pide {world.sponsor_b.name}" in staff_page
    assert "Nota reservada" in staff_page


def test_a_pending_school_funded_since_reads_no_longer_available_to_the_company(offer, world, client_for, sponsor_user):
    candidate = offer["piura_candidates"][2]
    mine = SchoolRequestFactory(sponsor=world.sponsor_a, candidates=[candidate])
    SponsorshipFactory(sponsor=world.sponsor_b, school=candidate.school, start_year=2030, end_year=2034)
    page = text_of(client_for(sponsor_user).get(mine.get_absolute_url()))
    assert "Ya no está disponible" in page
    assert world.sponsor_b.name not in page


def confirm_post(school_request, **data):
    year = reverse("evaluations:school-request-confirm", args=[school_request.pk])
    from evaluations.views.choosing import default_start_year

    base = {
        "items": [i.pk for i in school_request.items.all()],
        "start_year": default_start_year(),
        "committed_amount": "60000.00",
        "currency": "PEN",
    }
    return year, base | data


def test_staff_confirm_and_the_company_sees_its_agreement(offer, world, client_for, staff_user, sponsor_user):
    mine = SchoolRequestFactory(sponsor=world.sponsor_a, candidates=offer["piura_candidates"][1:])
    url, data = confirm_post(mine, currency="USD")
    response = client_for(staff_user).post(url, data)
    assert response.status_code == 302
    assert Sponsorship.objects.filter(sponsor=world.sponsor_a, currency="USD").count() == 2
    again = client_for(staff_user).post(url, data)
    assert again.status_code == 302
    assert Sponsorship.objects.filter(sponsor=world.sponsor_a, currency="USD").count() == 2
    page = text_of(client_for(sponsor_user).get(mine.get_absolute_url()))
    assert "Confirmada" in page
    assert "US$ 60,000.00 por institución" in page
    home = text_of(client_for(sponsor_user).get(reverse("evaluations:home")))
    assert offer["piura_candidates"][1].school.name in home


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"committed_amount": "abc"}, "Escriba el monto con números"),
        ({"committed_amount": "-5"}, "mayor que cero"),
        ({"committed_amount": "9" * 20}, "demasiado grande"),
        ({"start_year": "9999"}, "Elija un año de la lista"),
        ({"start_year": "abc"}, "Elija un año de la lista"),
        ({"items": ["abc"]}, "Elija instituciones de esta solicitud"),
        ({"items": []}, "Elija al menos una institución"),
        ({"currency": "EUR"}, "Escoja una opción válida"),
        ({"decision_note": MEGABYTE}, "como máximo 2000 caracteres"),
    ],
)
def test_a_malformed_confirmation_is_refused_in_words_and_saves_nothing(
    offer, world, client_for, staff_user, data, field_message
):
    mine = SchoolRequestFactory(sponsor=world.sponsor_a, candidates=offer["piura_candidates"][2:])
    url, base = confirm_post(mine, **data)
    response = client_for(staff_user).post(url, base)
    assert response.status_code == 400
    assert field_message in text_of(response)
    mine.refresh_from_db()
    assert mine.status == SchoolRequest.Status.PENDING
    assert not Sponsorship.objects.filter(school=offer["piura_candidates"][2].school).exists()


def test_confirming_a_school_another_company_got_meanwhile_is_refused(offer, world, client_for, staff_user):
    candidate = offer["piura_candidates"][0]
    url, data = confirm_post(offer["request_b"])
    SponsorshipFactory(sponsor=world.sponsor_a, school=candidate.school, start_year=2030, end_year=2034)
    response = client_for(staff_user).post(url, data)
    assert response.status_code == 400
    assert "Ya tienen un convenio vigente" in text_of(response)


def test_declining_needs_a_reason(offer, client_for, staff_user, other_sponsor_user):
    url = reverse("evaluations:school-request-decline", args=[offer["request_b"].pk])
    response = client_for(staff_user).post(url, {"decision_note": "   "})
    assert response.status_code == 400
    assert "Escriba el motivo" in text_of(response)
    response = client_for(staff_user).post(url, {"decision_note": "Ya tienen apoyo.", "internal_note": "Interno."})
    assert response.status_code == 302
    page = text_of(client_for(other_sponsor_user).get(offer["request_b"].get_absolute_url()))
    assert "No aprobada" in page
    assert "Ya tienen apoyo." in page
    assert "Interno." not in page


def test_a_company_withdraws_its_pending_request_but_not_a_decided_one(
    offer, client_for, other_sponsor_user, staff_user
):
    url = reverse("evaluations:school-request-withdraw", args=[offer["request_b"].pk])
    client_for(staff_user).post(
        reverse("evaluations:school-request-decline", args=[offer["request_b"].pk]), {"decision_note": "No."}
    )
    response = client_for(other_sponsor_user).post(url, follow=True)
    assert "ya no está pendiente" in text_of(response)
    offer["request_b"].refresh_from_db()
    assert offer["request_b"].status == SchoolRequest.Status.DECLINED


# --- Staff's groups ------------------------------------------------------------------------
def test_staff_create_a_group_find_a_school_by_its_code_add_it_and_publish(world, client_for, staff_user):
    client = client_for(staff_user)
    response = client.post(
        reverse("evaluations:candidate-group-create"),
        {"name": "Red propuesta Morropón", "region": world.piura.pk, "description": "Escuelas del Alto Piura."},
    )
    group = CandidateGroup.objects.get(name="Red propuesta Morropón")
    assert response["Location"] == group.get_absolute_url()
    school = SchoolFactory(
        codigo_modular="0403691", district=DistrictFactory(province__region=world.piura), name="I.E. N.° 14512"
    )
    AssessmentResultFactory(school=school, year=2016, grade=2, subject="reading")
    found = client.get(group.get_absolute_url(), {"q": "403691"})  # the leading zero dropped, as exports do
    assert "I.E. N.° 14512" in text_of(found)
    added = client.post(reverse("evaluations:candidate-add", args=[group.pk]), {"school": school.pk})
    candidate = Candidate.objects.get(group=group)
    assert added["Location"] == reverse("evaluations:candidate-edit", args=[candidate.pk])
    assert candidate.results_year == 2016
    assert candidate.reading_satisfactory is not None
    client.post(reverse("evaluations:candidate-group-publish", args=[group.pk]), {"action": "publish"})
    group.refresh_from_db()
    assert group.is_published


def test_adding_a_school_of_another_region_says_why(world, client_for, staff_user):
    group = CandidateGroupFactory(region=world.piura)
    school = SchoolFactory(district=DistrictFactory(province__region=world.cusco))
    response = client_for(staff_user).post(
        reverse("evaluations:candidate-add", args=[group.pk]), {"school": school.pk}, follow=True
    )
    assert "no está en la región Piura" in text_of(response)
    assert not Candidate.objects.exists()


@pytest.mark.parametrize("value", ["abc", "0", "-3", "99999999999", ""])
def test_adding_a_malformed_school_says_so(world, client_for, staff_user, value):
    group = CandidateGroupFactory(region=world.piura)
    response = client_for(staff_user).post(
        reverse("evaluations:candidate-add", args=[group.pk]), {"school": value}, follow=True
    )
    assert "No se encontró esa institución" in text_of(response)


def test_publishing_an_empty_group_or_an_unknown_action_says_so(world, client_for, staff_user):
    group = CandidateGroupFactory(region=world.piura, published_at=None)
    url = reverse("evaluations:candidate-group-publish", args=[group.pk])
    assert "Agregue al menos una institución" in text_of(
        client_for(staff_user).post(url, {"action": "publish"}, follow=True)
    )
    assert "No se entendió la acción" in text_of(client_for(staff_user).post(url, {"action": "borrar"}, follow=True))
    group.refresh_from_db()
    assert not group.is_published


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Este campo es obligatorio"),
        ({"name": "x" * 500}, "120"),
        ({"region": "abc"}, "Elija una región del programa"),
        ({"description": MEGABYTE}, "como máximo 2000 caracteres"),
    ],
)
def test_a_malformed_group_is_refused_in_words(world, client_for, staff_user, data, message):
    base = {"name": "Red propuesta X", "region": world.piura.pk}
    response = client_for(staff_user).post(reverse("evaluations:candidate-group-create"), base | data)
    assert response.status_code == 400
    assert message in text_of(response)
    assert not CandidateGroup.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"poverty_quintile": "9"}, "Escoja una opción válida"),
        ({"poverty_rate": "200"}, "100"),
        ({"distance_km": "abc"}, "Introduzca un número"),
        ({"students": "-4"}, "0"),
        ({"results_year": "9999"}, "2100"),
        ({"results_year": ""}, "Indique el año de los resultados"),
        ({"public_note": MEGABYTE}, "como máximo 500 caracteres"),
    ],
)
def test_malformed_facts_are_refused_in_words_and_saved_nowhere(offer, client_for, staff_user, data, message):
    candidate = offer["piura_candidates"][0]
    base = {
        "poverty_quintile": "1",
        "poverty_rate": "40",
        "distance_km": "30",
        "students": "80",
        "students_year": str(candidate.students_year),
        "reading_satisfactory": "20",
        "math_satisfactory": "10",
        "results_year": str(candidate.results_year),
        "results_grade": "2",
        "public_note": "",
    }
    response = client_for(staff_user).post(reverse("evaluations:candidate-edit", args=[candidate.pk]), base | data)
    assert response.status_code == 400
    assert message in text_of(response)
    fresh = Candidate.objects.get(pk=candidate.pk)
    assert (fresh.poverty_rate, fresh.students) == (candidate.poverty_rate, candidate.students)


def test_the_search_with_a_megabyte_answers_in_words(offer, client_for, staff_user):
    response = client_for(staff_user).get(offer["piura"].get_absolute_url(), {"q": MEGABYTE})
    assert response.status_code == 400
    assert "como máximo 150 caracteres" in text_of(response)


def test_the_group_page_tells_staff_who_funds_a_school_and_who_asked(offer, world, client_for, staff_user):
    taken = offer["piura_candidates"][2]
    SponsorshipFactory(sponsor=world.sponsor_a, school=taken.school, start_year=2030, end_year=2034)
    page = text_of(client_for(staff_user).get(offer["piura"].get_absolute_url()))
    assert f"Auspiciada por {world.sponsor_a.name} desde 2030" in page
    assert "1 solicitud pendiente" in page


# --- Query counts ------------------------------------------------------------------------
def grow(world, groups: int, per_group: int):
    for n in range(groups):
        group = CandidateGroupFactory(region=world.piura if n % 2 else world.cusco)
        candidates = CandidateFactory.create_batch(per_group, group=group)
        SchoolRequestFactory(sponsor=world.sponsor_a, candidates=candidates[:1])
        SchoolRequestFactory(sponsor=world.sponsor_b, candidates=candidates[1:2])


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("sponsor", OFFER),
        ("staff", OFFER),
        ("sponsor", REQUESTS),
        ("staff", REQUESTS),
        ("staff", GROUPS),
    ],
)
def test_list_pages_make_as_many_queries_for_a_small_and_a_large_offer(world, client_for, user_of, persona, url):
    client = client_for(user_of(persona))
    grow(world, 1, 2)
    small = count_queries(client, url)
    grow(world, 6, 8)
    large = count_queries(client, url)
    assert large == small, f"{url} as {persona}: {small} queries, then {large}"


def test_a_group_page_and_a_request_page_do_not_grow_with_their_schools(world, client_for, staff_user, sponsor_user):
    group = CandidateGroupFactory(region=world.piura)
    few = CandidateFactory.create_batch(2, group=group)
    school_request = SchoolRequestFactory(sponsor=world.sponsor_a, candidates=few)
    staff = client_for(staff_user)
    small = (count_queries(staff, group.get_absolute_url()), count_queries(staff, school_request.get_absolute_url()))
    more = CandidateFactory.create_batch(12, group=group)
    for candidate in more:
        school_request.items.create(candidate=candidate, school=candidate.school)
        SponsorshipFactory(school=candidate.school, start_year=2030, end_year=2034)
    large = (count_queries(staff, group.get_absolute_url()), count_queries(staff, school_request.get_absolute_url()))
    assert large[1] == small[1]
    assert large[0] <= small[0] + 1  # the funders of the group's schools: one query once there are any
    sponsor = client_for(sponsor_user)
    assert count_queries(sponsor, school_request.get_absolute_url()) <= large[1]
