"""The sponsor portal's pages: the portfolio, a school's page, progress, stories, and the map's points.

A sponsor company's users read them for their own company; IPAE staff read the very same pages for any
company under `/auspicio/vista-previa/<company>/`, marked as a read-only preview. Both read as the company
(`evaluations.portal.reader`), so the preview shows exactly what the company sees. Only GET: any other
method answers 403 (the portal writes nothing). Out of the company's scope: 404.
"""

from django.conf import settings
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from networks.selectors import summaries_as_of
from schools.selectors import sponsor_of, sponsors_visible_to

from ..dashboard.geo import POINT_FIELDS, region_labels
from ..permissions import can_preview_sponsor_portal, can_use_sponsor_portal
from ..portal import pages
from ..portal.links import portal_url
from ..portal.pages import Portal
from ..selectors import LEVELS
from .dashboard import chart_data, goal_rows, latest_reading, results_tables
from .map import map_words

READ_METHODS = ("GET", "HEAD")
PORTAL_TEMPLATES = "evaluations/portal/"


def nav_items(portal: Portal, section: str) -> list[dict]:
    """The portal's own menu: the portfolio, progress, stories, and the company's reports (its users ask
    for and download them at /informes/; in the preview staff see the company's pages only)."""
    items = [
        ("portfolio", _("Portafolio"), portal_url(portal, "portfolio")),
        ("progress", _("Avance"), portal_url(portal, "progress")),
        ("stories", _("Historias"), portal_url(portal, "stories")),
    ]
    rows = [{"key": key, "label": label, "url": url, "current": key == section} for key, label, url in items]
    rows.append(
        {
            "key": "reports",
            "label": _("Informes"),
            "url": None if portal.preview else reverse("evaluations:report-list"),
            "current": False,
        }
    )
    return rows


def portal_context(portal: Portal | None, section: str) -> dict:
    """What every portal page carries: the portal, its menu, the figures' freshness."""
    if portal is None:
        return {"portal": None, "section": section, "portal_nav": []}
    return {
        "portal": portal,
        "section": section,
        "portal_nav": nav_items(portal, section),
        "as_of": summaries_as_of(),
        "usd_to_pen": settings.CEE_USD_TO_PEN,
    }


def portfolio_context(portal: Portal | None, page=None) -> dict:
    """The portfolio (also the home page of a sponsor's user: `evaluations.views.home`)."""
    context = portal_context(portal, "portfolio")
    if portal is None:
        return context
    data = pages.portfolio(portal=portal, page=page)
    return context | data | {"map_config": map_config(), "points_url": portal_url(portal, "map-points")}


def map_config() -> dict:
    """The map script's settings and words: a point links to the school's portal page only."""
    words = map_words() | {"dashboard": _("Ver la institución")}
    return {
        "tilesUrl": settings.CEE_MAP_TILES_URL,
        "tilesAttribution": settings.CEE_MAP_TILES_ATTRIBUTION,
        "words": words,
    }


def figures_context(figures) -> dict:
    """The pieces of the dashboards' charts and tables (`dashboard/_charts.html`) for these figures."""
    return {
        "goal_rows": goal_rows(figures.goals),
        "results_tables": results_tables(figures.results),
        "reading": latest_reading(figures.results),
        "level_labels": [label for _code, label in LEVELS],
        "charts": chart_data(figures),
    }


class PortalView(AccessMixin, TemplateView):
    """A page of the portal: a company's user for their company, or staff previewing a company (the
    `sponsor` kwarg). Anonymous people go to the login page; anyone else 403; any method but GET 403."""

    preview = False
    section = ""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        allowed = can_preview_sponsor_portal(user) if self.preview else can_use_sponsor_portal(user)
        if not allowed or request.method not in READ_METHODS:
            raise PermissionDenied
        self.portal = self.get_portal()
        return super().dispatch(request, *args, **kwargs)

    def get_portal(self) -> Portal:
        today = timezone.localdate()
        if self.preview:
            sponsor = get_object_or_404(sponsors_visible_to(self.request.user), pk=self.kwargs["sponsor"])
            return Portal(sponsor=sponsor, today=today, preview=True)
        return Portal(sponsor=sponsor_of(self.request.user), today=today)

    def get_template_names(self):
        return [f"{PORTAL_TEMPLATES}{self.section}.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | portal_context(self.portal, self.section)


class PortfolioView(PortalView):
    """The company's schools and networks, the map, its agreements and money by year, the reach, stories."""

    section = "portfolio"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | portfolio_context(self.portal, self.request.GET.get("page"))


class ProgressView(PortalView):
    """Coordinators' activity in the company's schools this year, as aggregates."""

    section = "progress"

    def get_context_data(self, **kwargs):
        data = pages.progress(portal=self.portal)
        return super().get_context_data(**kwargs) | data | figures_context(data["figures"])


class SchoolView(PortalView):
    """One school the company funds: its network, program year, goals, workshops, results and stories."""

    section = "school"

    def get_context_data(self, **kwargs):
        data = pages.school_page(portal=self.portal, pk=self.kwargs["pk"])
        return super().get_context_data(**kwargs) | data | figures_context(data["figures"])


class StoriesView(PortalView):
    """The photos staff approved for the company, with their notes, the newest first."""

    section = "stories"

    def get_context_data(self, **kwargs):
        page = pages.stories_page(portal=self.portal, page=self.request.GET.get("page"))
        return super().get_context_data(**kwargs) | {"page": page}


class StoryView(PortalView):
    """One story: the photo, its note, its school."""

    section = "story"

    def get_context_data(self, **kwargs):
        story = pages.story_get(portal=self.portal, pk=self.kwargs["pk"])
        return super().get_context_data(**kwargs) | {"story": story}


class MapPointsView(PortalView):
    """The company's schools as the map's points (compact JSON, the staff map's format), coloured by their
    network's program year; each point links to the school's portal page. Nothing else of the country."""

    def get(self, request, *args, **kwargs):
        data = pages.map_points(portal=self.portal)
        payload = {
            "color": data.color,
            "on": data.on.isoformat(),
            "fields": POINT_FIELDS,
            "points": data.points,
            "legend": data.legend,
            "total": data.total,
            "withoutCoordinates": data.without_coordinates,
            "regions": region_labels(),
            # Each point's link: the placeholder 0 is the school's id. No staff page is linked.
            "urls": {"dashboard": portal_url(self.portal, "school", 0)},
        }
        return JsonResponse(payload, json_dumps_params={"separators": (",", ":"), "ensure_ascii": False})


class PreviewListView(PortalView):
    """Staff: the companies whose portal they may preview, each with its schools funded this year."""

    preview = True
    section = "preview_list"

    def get_portal(self):
        return None

    def get_context_data(self, **kwargs):
        year = timezone.localdate().year
        page = pages.preview_sponsors(user=self.request.user, year=year, page=self.request.GET.get("page"))
        return super().get_context_data(**kwargs) | {"page": page, "year": year}


def preview(view):
    """The preview twin of a portal page (staff, any company by its id)."""
    return type(f"Preview{view.__name__}", (view,), {"preview": True})


PreviewPortfolioView = preview(PortfolioView)
PreviewProgressView = preview(ProgressView)
PreviewSchoolView = preview(SchoolView)
PreviewStoriesView = preview(StoriesView)
PreviewStoryView = preview(StoryView)
PreviewMapPointsView = preview(MapPointsView)

__all__ = [
    "MapPointsView",
    "PortfolioView",
    "PreviewListView",
    "PreviewMapPointsView",
    "PreviewPortfolioView",
    "PreviewProgressView",
    "PreviewSchoolView",
    "PreviewStoriesView",
    "PreviewStoryView",
    "ProgressView",
    "SchoolView",
    "StoriesView",
    "StoryView",
]
