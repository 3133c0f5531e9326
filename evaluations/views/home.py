"""Home: the one place that decides which page a person lands on after signing in."""

from dataclasses import dataclass

from django.utils import timezone
from django.views.generic import TemplateView

from accounts.models import Role
from networks import permissions as field_permissions
from networks.selectors import coordinator_caseload
from schools.selectors import sponsor_of

from ..dashboard.scope import nation_scope
from ..permissions import can_use_sponsor_portal
from ..portal.pages import Portal
from .dashboard import DashboardView, dashboard_context
from .portal import portfolio_context


@dataclass(frozen=True)
class Home:
    template: str
    context: dict


def home_for(request) -> Home:
    """IPAE staff and administrators: the national dashboard (the filters of the URL applied).
    Coordinators: their caseload (the networks app's page). Sponsors' users: their company's portfolio
    (the sponsor portal). Anyone else signed in: the portfolio's empty state, which shows nothing.
    """
    user = request.user
    if user.is_ipae_staff:
        return Home(DashboardView.template_name, dashboard_context(request, nation_scope()))
    if user.role == Role.COORDINATOR:
        return Home(
            "networks/caseload.html",
            {
                "caseload": coordinator_caseload(user=user),
                "can_log_visits": field_permissions.can_log_visits(user),
                "can_log_meetings": field_permissions.can_log_meetings(user),
            },
        )
    # A sponsor's user: the sponsor portal's portfolio (an account not linked to a company: its empty state).
    portal = None
    if can_use_sponsor_portal(user):
        portal = Portal(sponsor=sponsor_of(user), today=timezone.localdate())
    return Home("evaluations/portal/portfolio.html", portfolio_context(portal, request.GET.get("page")))


class HomeView(TemplateView):
    """Each role lands on its own page, chosen by `home_for`."""

    def get(self, request, *args, **kwargs):
        self.home = home_for(request)
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        return [self.home.template]

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | self.home.context
