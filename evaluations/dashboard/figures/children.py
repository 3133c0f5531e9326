"""The level below a dashboard's scope: regions of the nation, networks of a region, schools of a network."""

import unicodedata
from dataclasses import dataclass, field

from networks.models import SchoolMembership
from schools.models import Region

from ...services.summaries import GOAL_COLUMNS
from ..scope import NATION, NETWORK, REGION, SCHOOL
from .contract import ChildRow
from .parts import _percent, _plan_over, _Rows


@dataclass
class _Child:
    pk: int | str
    name: str
    program_year: int | None = None
    schools: int = 0
    visits: int = 0
    visited: int = 0
    goals: int = 0
    on_track: int = 0
    reading: dict = field(default_factory=dict)  # year -> (satisfactorio, evaluated)


def _children(scope, schools, ids, period, weights, *, by_region: dict[int, int], rows: _Rows) -> list[ChildRow]:
    """Regions of the nation, networks of a region, schools of a network (those holding any of the
    scope's schools), each with the page's own figures, from the page's own `rows`: the nation's grouped by
    region, a region's or a network's per school (a few hundred rows), folded here into networks for a
    region. So the count never depends on the number of children."""
    if scope.kind == SCHOOL:
        return []
    on = period.until
    if scope.kind == NATION:
        fold = None
        children = {
            region.pk: _Child(pk=region.code, name=region.name, schools=by_region[region.pk])
            for region in Region.objects.filter(pk__in=list(by_region)).order_by()
        }
    elif scope.kind == REGION:
        # A region's schools, grouped into their networks on `on` here.
        fold, children = {}, {}
        memberships = SchoolMembership.objects.in_force_on(on).filter(school_id__in=ids).order_by("joined_on")
        for school_id, network_id, name, cohort in memberships.values_list(
            "school_id", "network_id", "network__name", "network__cohort_start_year"
        ):
            fold[school_id] = network_id
            children.setdefault(network_id, _Child(pk=network_id, name=name, program_year=on.year - cohort + 1))
        for network_id in fold.values():
            children[network_id].schools += 1
    else:
        fold = None
        program_year = scope.network.program_year_on(on)
        children = {
            pk: _Child(pk=pk, name=name, program_year=program_year, schools=1)
            for pk, name in schools.order_by().values_list("pk", "name")
        }

    def each(group: list[dict]):
        for row in group:
            child = row["child_key"] if fold is None else fold.get(row["child_key"])
            if child in children:
                yield children[child], row

    for child, row in each(rows.visits):
        child.visits += row["n"] or 0
    for child, row in each(rows.visited):
        child.visited += row["n"] or 0
    for child, row in each(rows.year):
        child.goals += sum(row[name] or 0 for name in GOAL_COLUMNS)
        child.on_track += row["goals_on_track"] or 0
    for child, row in each(rows.results):  # reading, every grade
        satisfactorio, evaluated = child.reading.get(row["year"], (0, 0))
        child.reading[row["year"]] = (
            satisfactorio + (row["all_reading_satisfactorio"] or 0),
            evaluated + (row["all_reading_evaluated"] or 0),
        )

    kind = {NATION: "region", REGION: "network", NETWORK: "school"}[scope.kind]
    rows_out = []
    for child in children.values():
        latest = max((y for y, (_s, n) in child.reading.items() if n), default=None)
        rows_out.append(
            ChildRow(
                kind=kind,
                pk=child.pk,
                name=child.name,
                schools=child.schools,
                visits=child.visits,
                plan=_plan_over(child.schools, weights),
                coverage=_percent(child.visited, child.schools),
                goals_on_track=_percent(child.on_track, child.goals),
                satisfactorio=_percent(*child.reading[latest]) if latest else None,
                program_year=child.program_year,
            )
        )
    return sorted(rows_out, key=lambda row: (_collation_key(row.name), str(row.pk)))


def _collation_key(text: str) -> str:
    """Spanish names in the order people expect (Áncash next to Apurímac)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
