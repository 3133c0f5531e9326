"""Authorization rows of the monitoring reports: the list, asking for a report, a job's page, its polled
status, its file, retrying it and making a new version, for every persona.

Everyone signed in sees the list (their own reports: tested in test_views_reports.py). Staff and the
administrator ask for any report; a sponsor's user for their company's only (naming another company is
refused, 403); coordinators receive their networks' reports and ask for none (403). A report out of a
person's scope answers 404, whatever the method. Each POST sends valid data and names what it changes.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.tests.authorization import READ_ONLY_POST, STAFF, TO_LOGIN, Effect, Redirect, Row
from evaluations.models import MonitoringReport
from evaluations.tests.factories import MonitoringReportFactory

Scope = MonitoringReport.Scope
Status = MonitoringReport.Status
TO_REPORT = Redirect("evaluations:report-detail")
REQUESTERS = frozenset({*STAFF, "sponsor"})
# A small file in private storage, written once and shared by the rows that download it.
STORED_FILE = "reports/tests/authorization-matrix.pdf"


def answers(*, staff, coordinator, sponsor, other_coordinator=None, former_coordinator=None, other_sponsor=None):
    """The answers of a report URL; anonymous people go to the login, the administrator answers as staff."""
    return {
        "anonymous": TO_LOGIN,
        "staff": staff,
        "admin": staff,
        "coordinator": coordinator,
        "other_coordinator": coordinator if other_coordinator is None else other_coordinator,
        "former_coordinator": coordinator if former_coordinator is None else former_coordinator,
        "sponsor": sponsor,
        "other_sponsor": sponsor if other_sponsor is None else other_sponsor,
    }


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def stored_file() -> str:
    storage = MonitoringReport._meta.get_field("file").storage
    if not storage.exists(STORED_FILE):
        storage.save(STORED_FILE, ContentFile(b"%PDF-1.7\n% authorization matrix\n%%EOF\n"))
    return STORED_FILE


def network_a_report(world, **fields) -> MonitoringReport:
    return MonitoringReportFactory(scope=Scope.NETWORK, network=world.network_a, requested_by=world.staff, **fields)


def sponsor_a_report(world, **fields) -> MonitoringReport:
    return MonitoringReportFactory(
        scope=Scope.SPONSOR, sponsor=world.sponsor_a, requested_by=world.sponsor_user, **fields
    )


def ready(make):
    def kwargs(world) -> dict:
        now = timezone.now()
        report = make(
            world,
            status=Status.READY,
            progress=100,
            file=stored_file(),
            started_at=now - datetime.timedelta(seconds=30),
            finished_at=now,
            expires_at=now + datetime.timedelta(days=90),
        )
        return {"pk": report.pk}

    return kwargs


def queued(make):
    return lambda world: {"pk": make(world).pk}


def failed(make):
    return lambda world: {"pk": make(world, status=Status.FAILED, attempts=3, error="No se pudo generar: X").pk}


def with_service_key(world) -> dict:
    """A ready report of network A whose key is the service's own (a new version continues it)."""
    report = network_a_report(world, status=Status.READY, key=f"network:{world.network_a.pk}:{this_month()}:pdf")
    return {"pk": report.pk}


def sponsor_a_request(world) -> dict:
    """Sponsor A's report of this month: what sponsor A's user may ask for (and staff, for any company)."""
    return {"scope": "sponsor", "sponsor": world.sponsor_a.pk, "period": this_month(), "format": "pdf"}


def nation_request(world) -> dict:
    return {"scope": "nation", "period": this_month(), "format": "xlsx"}


def report_count(world) -> int:
    return MonitoringReport.objects.count()


def failed_count(world) -> int:
    return MonitoringReport.objects.filter(status=Status.FAILED).count()


def comment(world) -> dict:
    return {"narrative": "La cobertura subió en Chulucanas."}


def nothing(world) -> dict:
    return {}


# Who sees a report of network A: staff and its coordinator; of sponsor A: staff and sponsor A's user.
VISIBLE_NETWORK_A = {"coordinator": 200}
VISIBLE_SPONSOR_A = {"sponsor": 200}
# A page that only shows: a POST is refused (405) once the gate lets the person in, before any lookup.
SHOW_ONLY_POST = answers(staff=READ_ONLY_POST, coordinator=READ_ONLY_POST, sponsor=READ_ONLY_POST)


def seen_by(visible: dict, answer=200) -> dict:
    """Staff and the personas `visible` names get `answer`; every other signed-in persona 404."""
    base = answers(staff=200, coordinator=404, sponsor=404) | visible
    return {persona: (answer if value == 200 else value) for persona, value in base.items()}


ROWS = {
    "evaluations:report-list": (
        Row(answers(staff=200, coordinator=200, sponsor=200)),
        Row(SHOW_ONLY_POST, method="post"),
    ),
    "evaluations:report-request": (
        Row(answers(staff=200, coordinator=403, sponsor=200)),
        Row(
            answers(staff=TO_REPORT, coordinator=403, sponsor=TO_REPORT, other_sponsor=403),
            method="post",
            data=sponsor_a_request,
            effect=Effect(report_count, by=REQUESTERS),
        ),
        Row(
            answers(staff=TO_REPORT, coordinator=403, sponsor=403),
            method="post",
            data=nation_request,
            effect=Effect(report_count, by=STAFF),
        ),
    ),
    "evaluations:report-detail": (
        Row(seen_by(VISIBLE_NETWORK_A), kwargs=queued(network_a_report)),
        Row(seen_by(VISIBLE_SPONSOR_A), kwargs=ready(sponsor_a_report)),
        Row(SHOW_ONLY_POST, method="post", kwargs=queued(network_a_report)),
    ),
    "evaluations:report-status": (
        Row(seen_by(VISIBLE_NETWORK_A), kwargs=queued(network_a_report)),
        Row(seen_by(VISIBLE_SPONSOR_A), kwargs=queued(sponsor_a_report)),
        Row(SHOW_ONLY_POST, method="post", kwargs=queued(sponsor_a_report)),
    ),
    "evaluations:report-download": (
        Row(seen_by(VISIBLE_NETWORK_A), kwargs=ready(network_a_report)),
        Row(seen_by(VISIBLE_SPONSOR_A), kwargs=ready(sponsor_a_report)),
        # No file yet: nobody gets one.
        Row(seen_by(VISIBLE_SPONSOR_A, 404), kwargs=queued(sponsor_a_report)),
        Row(SHOW_ONLY_POST, method="post", kwargs=ready(network_a_report)),
    ),
    "evaluations:report-retry": (
        # The gate first (coordinators may not ask: 403), then the method (only POST).
        Row(answers(staff=405, coordinator=403, sponsor=405), kwargs=failed(sponsor_a_report)),
        Row(
            answers(staff=TO_REPORT, coordinator=403, sponsor=TO_REPORT, other_sponsor=404),
            method="post",
            kwargs=failed(sponsor_a_report),
            data=nothing,
            effect=Effect(failed_count, by=REQUESTERS),
        ),
        Row(
            answers(staff=TO_REPORT, coordinator=403, sponsor=404),
            method="post",
            kwargs=failed(network_a_report),
            data=nothing,
            effect=Effect(failed_count, by=STAFF),
        ),
    ),
    "evaluations:report-version": (
        Row(answers(staff=405, coordinator=403, sponsor=403), kwargs=with_service_key),
        Row(
            answers(staff=TO_REPORT, coordinator=403, sponsor=403),
            method="post",
            kwargs=with_service_key,
            data=comment,
            effect=Effect(report_count, by=STAFF),
        ),
    ),
}
