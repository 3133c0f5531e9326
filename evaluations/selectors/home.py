"""The sponsor's home page: their schools and money, built only from scoped reads (staff land on the
national dashboard, `evaluations.dashboard`)."""

import datetime

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from networks.models import Visit
from networks.selectors import (
    attach_networks,
    focus_by_year,
    networks_visible_to,
    photos_visible_to,
    program_year_focus,
    visits_visible_to,
)
from schools.selectors import schools_visible_to, sponsor_money_summary, sponsor_of

SPONSOR_PHOTOS = 6
SPONSOR_SCHOOLS_PER_PAGE = 50


def _year_start(today: datetime.date) -> datetime.date:
    return datetime.date(today.year, 1, 1)


def sponsor_home_summary(*, user, page: str | int | None = None) -> dict:
    """The sponsor's own schools (a page of them) and money: nothing from any other sponsor."""
    today = timezone.localdate()
    year_start = _year_start(today)
    sponsor = sponsor_of(user)
    schools = schools_visible_to(user)
    # Counted per school through the (school, date) index, not by joining every visit of two years.
    visits_this_year = (
        Visit.objects.filter(school=OuterRef("pk"), date__gte=year_start)
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        schools.select_related("district__province__region")
        .annotate(visits_this_year=Coalesce(Subquery(visits_this_year), 0))
        .order_by("name")
    )
    schools_page = Paginator(rows, SPONSOR_SCHOOLS_PER_PAGE).get_page(page)
    schools_page.object_list = attach_networks(schools_page.object_list, today)
    focus_map = focus_by_year()
    for school in schools_page:
        school.program_year = school.network.program_year_on(today) if school.network else None
        school.focus = program_year_focus(school.program_year, focus_map)
    return {
        "sponsor": sponsor,
        "schools": list(schools_page.object_list),
        "schools_page": schools_page,
        "counts": {
            "schools": schools_page.paginator.count,
            "networks": networks_visible_to(user).count(),
            "regions": schools.values("district__province__region").distinct().count(),
            "visits": visits_visible_to(user).filter(date__gte=year_start).count(),
        },
        "money": sponsor_money_summary(user=user, sponsor=sponsor) if sponsor else None,
        # Only photos staff approved (with the parents' consent recorded) ever reach a sponsor.
        "photos": list(
            photos_visible_to(user).select_related("visit__school").order_by("-approved_at")[:SPONSOR_PHOTOS]
        ),
        "year": today.year,
    }
