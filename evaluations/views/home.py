"""Home: the one place that decides which page a person lands on after signing in."""

from dataclasses import dataclass

from django.views.generic import TemplateView

from accounts.models import Role
from networks import permissions as field_permissions
from networks.selectors import coordinator_caseload

from .. import selectors
from ..dashboard.scope import nation_scope
from .dashboard import DashboardView, dashboard_context


@dataclass(frozen=True)
class Home:
    template: str
    context: dict


def home_for(request) -> Home:
    """IPAE staff and administrators: the national dashboard (the filters of the URL applied).
    Coordinators: their caseload (the networks app's page). Sponsors: their schools and money
    (the sponsor portal grows from it). Anyone else signed in: the sponsor page, which shows nothing.
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
    summary = selectors.sponsor_home_summary(user=user, page=request.GET.get("page"))
    return Home("evaluations/home_sponsor.html", {"summary": summary})


class HomeView(TemplateView):
    """Each role lands on its own page, chosen by `home_for`."""

    def get(self, request, *args, **kwargs):
        self.home = home_for(request)
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        return [self.home.template]

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | self.home.context
