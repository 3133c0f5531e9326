"""Authorization rows of the curriculum pages and each network's page."""

from accounts.tests.authorization import READ_ONLY_POST, STAFF, Effect, Redirect, Row, field_work, signed_in
from networks.models import CurriculumYear


def curriculum_words(world):
    return tuple(CurriculumYear.objects.order_by("number").values_list("focus_es", "description_es"))


def edit_year_two(world) -> dict:
    year = CurriculumYear.objects.prefetch_related("competencies").get(number=2)
    competencies = list(year.competencies.order_by("order"))
    data = {
        "focus_es": year.focus_es,
        "focus_en": year.focus_en,
        "description_es": year.description_es + " Con material concreto.",
        "description_en": year.description_en,
        "coordinator_tasks_es": year.coordinator_tasks_es,
        "coordinator_tasks_en": year.coordinator_tasks_en,
        "school_tasks_es": year.school_tasks_es,
        "school_tasks_en": year.school_tasks_en,
        "reason": "Acuerdo del comité pedagógico",
        "form-TOTAL_FORMS": str(len(competencies)),
        "form-INITIAL_FORMS": str(len(competencies)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "20",
    }
    for i, c in enumerate(competencies):
        data |= {f"form-{i}-id": c.pk, f"form-{i}-name_es": c.name_es, f"form-{i}-name_en": c.name_en}
        data |= {f"form-{i}-is_active": "on"}
    return data


def network_a(world) -> dict:
    return {"pk": world.network_a.pk}


ROWS = {
    # The curriculum is for everyone signed in; only staff and the administrator change it.
    "networks:curriculum": (
        Row(signed_in(200)),
        Row(signed_in(READ_ONLY_POST), method="post"),
    ),
    "networks:curriculum-edit": (
        Row(
            field_work(staff=200, coordinator=403, other_coordinator=403, former_coordinator=403),
            kwargs=lambda w: {"number": 2},
        ),
        Row(
            field_work(
                staff=Redirect("networks:curriculum"), coordinator=403, other_coordinator=403, former_coordinator=403
            ),
            method="post",
            kwargs=lambda w: {"number": 2},
            data=edit_year_two,
            effect=Effect(curriculum_words, by=STAFF),
        ),
    ),
    "networks:network-detail": (
        Row(field_work(staff=200, coordinator=200, other_coordinator=404, former_coordinator=404), kwargs=network_a),
        Row(
            field_work(staff=READ_ONLY_POST, coordinator=405, other_coordinator=405, former_coordinator=405),
            method="post",
            kwargs=network_a,
        ),
    ),
}
