"""What the build steps share: the planned schools and the ids written so far."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from schools.models import Region, Sponsor

from .plan import NetworkPlan, Size
from .writer import TableWriter


@dataclass(slots=True)
class SchoolPlan:
    index: int
    network: NetworkPlan
    district_id: int
    area_type: str
    caracteristica: str
    latitude: Decimal
    longitude: Decimal
    base: int  # students per grade, roughly
    grade2: dict[int, int] = field(default_factory=dict)  # school year -> students in 2.° grado
    id: int | None = None
    director_id: int | None = None
    teaching: list[tuple[int, list[int]]] = field(default_factory=list)  # active people with a class
    docentes: list[int] = field(default_factory=list)  # active teachers (not the director)
    moved_to: NetworkPlan | None = None  # the network it moved to on `moved_on` (schools change network)
    moved_on: datetime.date | None = None

    def network_on(self, day: datetime.date) -> NetworkPlan:
        return self.moved_to if self.moved_on is not None and day >= self.moved_on else self.network


@dataclass
class Demo:
    """Everything the later steps need to know about what was planned and written."""

    today: datetime.date
    size: Size
    writer: TableWriter
    networks: list[NetworkPlan] = field(default_factory=list)
    schools: list[SchoolPlan] = field(default_factory=list)
    districts: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)  # code -> (id, name, profile)
    regions: dict[str, Region] = field(default_factory=dict)
    sponsors: dict[str, Sponsor] = field(default_factory=dict)
    coordinators: dict[tuple[str, int], int] = field(default_factory=dict)  # (region, number) -> user id
    days_by_cohort: dict[int, list[datetime.date]] = field(default_factory=dict)  # see fieldwork.eligible_days
    focus_by_year: dict[int, str] = field(default_factory=dict)  # see fieldwork.focus
