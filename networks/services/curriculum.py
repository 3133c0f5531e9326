"""Editing the five-year curriculum (staff). Every change is kept in history with its reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import Competency, CurriculumYear
from ..permissions import can_edit_curriculum

YEAR_FIELDS = (
    "focus_es",
    "focus_en",
    "description_es",
    "description_en",
    "coordinator_tasks_es",
    "coordinator_tasks_en",
    "school_tasks_es",
    "school_tasks_en",
)
COMPETENCY_FIELDS = ("name_es", "name_en", "is_active")


def _keep_first_version(model, rows) -> None:
    """Rows loaded by a data migration have no history: record their first words before they change,
    dated when they were created, so a visit of before the change is shown with them."""
    for row in rows:
        if not row.history.exists():
            model.history.bulk_history_create(
                [row], default_date=row.created_at, default_change_reason=_("Versión inicial")
            )


@transaction.atomic
def curriculum_year_update(
    *, user, year: CurriculumYear, reason: str, competencies: list[dict] = (), **changes
) -> CurriculumYear:
    """Staff change a program year's words and its rubric; the reason goes into the history of each row.

    `competencies`: one dict per competency, with `id` (None for a new one), `name_es`, `name_en` and
    `is_active`. A competency is never deleted (past visits scored it): it is retired. Past visits keep
    showing the words of their day (history), and a visit's stored program year never changes.
    """
    if not can_edit_curriculum(user):
        raise PermissionDenied
    unknown = set(changes) - set(YEAR_FIELDS)
    if unknown:
        raise TypeError(f"curriculum_year_update got fields it may not change: {sorted(unknown)}")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Diga por qué cambia el currículo: queda en el historial.")})
    locked = CurriculumYear.objects.select_for_update().get(pk=year.pk)
    existing = {c.pk: c for c in Competency.objects.select_for_update().filter(year=locked)}
    _keep_first_version(CurriculumYear, [locked])
    _keep_first_version(Competency, list(existing.values()))
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked._change_reason = reason
    locked.save()
    next_order = (Competency.objects.filter(year=locked).aggregate(n=Max("order"))["n"] or 0) + 1
    for entry in competencies:
        pk = entry.get("id")
        if pk is not None and pk not in existing:
            raise ValidationError(_("Una de las competencias no pertenece a este año del currículo."))
        competency = existing[pk] if pk is not None else Competency(year=locked, order=next_order)
        if pk is None:
            next_order += 1
        if pk is not None and all(getattr(competency, f) == entry[f] for f in COMPETENCY_FIELDS):
            continue
        for field in COMPETENCY_FIELDS:
            setattr(competency, field, entry[field])
        competency.full_clean()
        competency._change_reason = reason
        competency.save()
    if not Competency.objects.filter(year=locked, is_active=True).exists():
        raise ValidationError(_("La rúbrica de cada año necesita al menos una competencia vigente."))
    return locked
