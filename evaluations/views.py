from django.views.generic import TemplateView

from networks import permissions as field_permissions
from networks.selectors import coordinator_caseload

from . import selectors


class HomeView(TemplateView):
    """Each role lands on a summary of its own scope; a coordinator on their caseload."""

    def get_template_names(self):
        user = self.request.user
        if user.is_ipae_staff:
            return ["evaluations/home_staff.html"]
        if user.is_coordinator:
            return ["evaluations/home_coordinator.html"]
        return ["evaluations/home_sponsor.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.is_ipae_staff:
            context["summary"] = selectors.staff_home_summary(user=user)
        elif user.is_coordinator:
            context["caseload"] = coordinator_caseload(user=user)
            context["can_log_visits"] = field_permissions.can_log_visits(user)
            context["can_log_meetings"] = field_permissions.can_log_meetings(user)
        else:
            context["summary"] = selectors.sponsor_home_summary(user=user, page=self.request.GET.get("page"))
        return context
