"""Reads about the five-year curriculum: each year's focus, what it asks, its rubric, and as it was."""

import datetime

from django.db.models import Prefetch, Q, QuerySet

from ..models import Competency, CurriculumYear, Network, Visit, in_language, in_program, is_graduated


def curriculum() -> QuerySet[CurriculumYear]:
    """The five program years with their rubric's competencies in force (retired ones left out)."""
    active = Competency.objects.filter(is_active=True).order_by("order")
    return CurriculumYear.objects.prefetch_related(Prefetch("competencies", queryset=active)).order_by("number")


def curriculum_year(number) -> CurriculumYear | None:
    """One program year with all its competencies (retired ones too), for staff to edit; None if no such year."""
    return (
        CurriculumYear.objects.prefetch_related(Prefetch("competencies", queryset=Competency.objects.order_by("order")))
        .filter(number=number)
        .first()
    )


def focus_by_year() -> dict[int, str]:
    """{program year: its focus in the page's language}, as the curriculum table holds it today (one query)."""
    return {year.number: year.focus for year in CurriculumYear.objects.only("number", "focus_es", "focus_en")}


def program_year_focus(program_year: int | None, focus_map: dict[int, str] | None = None) -> str | None:
    """The focus of a program year (1..5); None before the program starts or after graduation.

    Pass `focus_map` (from `focus_by_year`) when asking for many rows, so the curriculum is read once.
    """
    if not in_program(program_year):
        return None
    return (focus_map if focus_map is not None else focus_by_year()).get(program_year)


def competencies_for(program_year: int, *, keep: list[int] | None = None) -> QuerySet[Competency]:
    """The rubric of a program year: its competencies in force, in order.

    `keep`: competencies a visit already scored stay in its form after being retired, so correcting the
    visit never drops a past score.
    """
    in_rubric = Q(is_active=True) | Q(pk__in=keep) if keep else Q(is_active=True)
    return Competency.objects.filter(in_rubric, year__number=program_year).order_by("order")


def visit_curriculum(visit: Visit) -> dict:
    """The focus and competency names of the visit's program year as they were when it was logged.

    Staff may edit the curriculum later; a past visit keeps showing the words of its day. Rows loaded by
    a data migration have no history: their current words stand for their first version.
    """
    when = visit.created_at
    year = CurriculumYear.objects.get(number=visit.program_year)
    focus = year.focus
    past_year = year.history.as_of(when) if year.history.filter(history_date__lte=when).exists() else None
    if past_year is not None:
        focus = in_language(past_year, "focus")
    names = {}
    for record in Competency.history.filter(year_id=year.pk, history_date__lte=when).order_by("history_date"):
        names[record.id] = in_language(record, "name")
    return {"focus": focus, "competency_names": names}


def network_years(network: Network, *, today: datetime.date, focus_map: dict[int, str] | None = None) -> list[dict]:
    """The network's school years from its year 1 to its last (or to this year): program year and focus each."""
    focus_map = focus_by_year() if focus_map is None else focus_map
    years = []
    for school_year in range(network.cohort_start_year, today.year + 1):
        program_year = network.program_year_on(datetime.date(school_year, 6, 30))
        if is_graduated(program_year):
            break
        years.append(
            {
                "school_year": school_year,
                "program_year": program_year,
                "focus": program_year_focus(program_year, focus_map),
                "is_current": school_year == today.year,
            }
        )
    return years
