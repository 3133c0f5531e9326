"""What the evaluations app's background jobs share beyond `core.jobs`: how many a person may have waiting.

Monitoring reports and list exports run on the same workers, so one limit counts both:
`CEE_REPORT_MAX_QUEUED_PER_USER` jobs queued or running per person, of either kind.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User

from ..models import ExportJob, MonitoringReport


def jobs_queue_limit_check(user) -> None:
    """Refuse (ValidationError, in words) a new job for a person who already has the most allowed queued or
    running, reports and exports together. Call it inside the transaction that records the job: the
    person's row is locked, so two requests sent at once count each other."""
    limit = settings.CEE_REPORT_MAX_QUEUED_PER_USER
    User.objects.select_for_update().filter(pk=user.pk).first()
    reports = MonitoringReport.objects.active().filter(requested_by=user).count()
    exports = ExportJob.objects.active().filter(requested_by=user).count()
    if reports + exports < limit:
        return
    if not exports:
        waiting = ngettext("%(count)s informe", "%(count)s informes", reports) % {"count": reports}
    elif not reports:
        waiting = ngettext("%(count)s exportación", "%(count)s exportaciones", exports) % {"count": exports}
    else:
        waiting = _("%(reports)s y %(exports)s") % {
            "reports": ngettext("%(count)s informe", "%(count)s informes", reports) % {"count": reports},
            "exports": ngettext("%(count)s exportación", "%(count)s exportaciones", exports) % {"count": exports},
        }
    raise ValidationError(
        _("Ya tiene %(waiting)s en preparación, el máximo a la vez. Espere a que alguno termine y vuelva a pedirlo.")
        % {"waiting": waiting}
    )
