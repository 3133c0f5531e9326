"""Which monitoring reports a person may see: the one scoping function of reports (out of scope: 404)."""

from django.db.models import QuerySet

from networks.selectors import networks_visible_to
from schools.selectors import sponsor_id_of

from ..models import MonitoringReport


def reports_visible_to(user) -> QuerySet[MonitoringReport]:
    """Staff see every report; a coordinator the reports of the networks assigned to them today; a
    sponsor's user the reports of their company's schools, and nothing else of anyone's."""
    reports = MonitoringReport.objects.select_related("region", "network", "sponsor", "requested_by")
    if not getattr(user, "is_authenticated", False):
        return reports.none()
    if user.is_ipae_staff:
        return reports
    if user.is_coordinator:
        return reports.filter(scope=MonitoringReport.Scope.NETWORK, network__in=networks_visible_to(user))
    sponsor_id = sponsor_id_of(user)
    if sponsor_id:
        return reports.filter(scope=MonitoringReport.Scope.SPONSOR, sponsor_id=sponsor_id)
    return reports.none()
