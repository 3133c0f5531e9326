"""The crawl: every persona of the seeded demo follows every link from its home page.

Factory data is tidy; the demo is not (bulk-loaded rows without history, inactive teachers, networks
handed over or graduated). So the demo is seeded once per module, inside a transaction rolled back at
the end (the root conftest's `world` makes users with the same names), and each persona, signed in,
walks the site from `/`: `<a href>`, `<img src>`, redirects and GET forms (submitted as they stand),
same site only, GET only, never logout, never /static/. The data admin is walked too: it is a product
surface.

The walk is bounded: at most MAX_REQUESTS per persona, and at most PER_PATTERN distinct URLs per
pattern (URL name + the set of query keys). Within those bounds the next page is the oldest waiting
one of the URL name fetched least so far (breadth first inside a URL name), so the budget goes to every
kind of page a persona can reach, not to thousands of visits of one kind.

It fails on any 5xx (all of them, each with the page that linked to it and where it broke), on any
object page a persona sees (200) outside its scope, and on any kind of page reached but never fetched.
"""

import collections
import datetime
import io
import os
import time
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from accounts.permissions import can_use_admin
from demo.build import ACCOUNT_ORDER, demo_is_loaded
from evaluations.models import ExportJob, MonitoringReport
from evaluations.selectors import (
    exports_visible_to,
    goals_visible_to,
    reports_visible_to,
    results_visible_to,
    school_tier_schools,
)
from networks.models import CoordinatorAssignment, Visit, VisitPhoto
from networks.selectors import (
    family_meetings_visible_to,
    networks_visible_to,
    photos_visible_to,
    visits_visible_to,
)
from networks.tests.images import image_bytes
from schools.selectors import (
    candidate_groups_visible_to,
    candidates_visible_to,
    contributions_visible_to,
    school_requests_visible_to,
    schools_visible_to,
    sponsor_users_visible_to,
    sponsors_visible_to,
    sponsorships_visible_to,
    teachers_visible_to,
)
from workshops.selectors import regions_visible_to, workshops_visible_to

MAX_REQUESTS = 400  # per persona
PER_PATTERN = 6  # distinct URLs per (URL name, set of query keys)
FORMER = "former.coordinator"  # stands for the coordinator the fixture picks (see former_coordinator)
# The two long walks (the admin's, IPAE's) apart: xdist hands each worker two neighbouring tests first.
PERSONAS = ("admin", "coord.piura", "ipae", "coord.cusco", "sponsor.a", "sponsor.b", FORMER)

# Never requested: signing out would end the walk (both answer only POST anyway).
SKIPPED_NAMES = {"accounts:logout", "admin:logout"}
SKIPPED_PREFIXES = (settings.STATIC_URL, settings.MEDIA_URL or "/media/")
SITE_HOSTS = {"", "testserver"}

# Every page about one object (a URL name with a kwarg, outside the admin) -> the persona's scope.
# test_every_object_page_has_a_scope keeps it complete: a new object page needs a row here.
SCOPES = {
    "networks:network-detail": networks_visible_to,
    "networks:network-reassign": networks_visible_to,
    "networks:family-meeting-detail": family_meetings_visible_to,
    "networks:family-meeting-edit": family_meetings_visible_to,
    "evaluations:goal-list": school_tier_schools,
    "evaluations:goal-create": school_tier_schools,
    "evaluations:school-results": school_tier_schools,
    "evaluations:result-create": school_tier_schools,
    "evaluations:goal-detail": goals_visible_to,
    "evaluations:goal-edit": goals_visible_to,
    "evaluations:goal-progress-create": goals_visible_to,
    "evaluations:result-edit": results_visible_to,
    "workshops:workshop-detail": workshops_visible_to,
    "workshops:workshop-edit": workshops_visible_to,
    "workshops:attendance": workshops_visible_to,
    "workshops:coverage-network": networks_visible_to,
    "workshops:coverage-region": regions_visible_to,
    "networks:school-detail": schools_visible_to,
    "networks:teacher-detail": teachers_visible_to,
    "networks:visit-detail": visits_visible_to,
    "networks:visit-edit": visits_visible_to,
    "networks:visit-history": visits_visible_to,
    "networks:visit-photo": photos_visible_to,
    "networks:photo-approve": photos_visible_to,
    "evaluations:dashboard-network": networks_visible_to,
    "evaluations:dashboard-school": schools_visible_to,
    "evaluations:report-detail": reports_visible_to,
    "evaluations:report-status": reports_visible_to,
    "evaluations:report-download": reports_visible_to,
    "evaluations:report-retry": reports_visible_to,
    "evaluations:report-version": reports_visible_to,
    "sponsors:detail": sponsors_visible_to,
    "sponsors:edit": sponsors_visible_to,
    "sponsors:sponsorship-create": sponsors_visible_to,
    "sponsors:contribution-create": sponsors_visible_to,
    "sponsors:user-invite": sponsors_visible_to,
    "sponsors:sponsorship-edit": sponsorships_visible_to,
    "sponsors:contribution-edit": contributions_visible_to,
    "sponsors:user-resend": sponsor_users_visible_to,
    "sponsors:user-deactivate": sponsor_users_visible_to,
    "sponsors:user-reactivate": sponsor_users_visible_to,
    "evaluations:portal-school": schools_visible_to,
    "evaluations:portal-story": photos_visible_to,
    "evaluations:school-request-detail": school_requests_visible_to,
    "evaluations:school-request-withdraw": school_requests_visible_to,
    "evaluations:school-request-confirm": school_requests_visible_to,
    "evaluations:school-request-decline": school_requests_visible_to,
    "evaluations:candidate-group-detail": candidate_groups_visible_to,
    "evaluations:candidate-group-edit": candidate_groups_visible_to,
    "evaluations:candidate-group-publish": candidate_groups_visible_to,
    "evaluations:candidate-group-refresh": candidate_groups_visible_to,
    "evaluations:candidate-add": candidate_groups_visible_to,
    "evaluations:candidate-edit": candidates_visible_to,
    "evaluations:candidate-remove": candidates_visible_to,
    "evaluations:export-detail": exports_visible_to,
    "evaluations:export-status": exports_visible_to,
    "evaluations:export-download": exports_visible_to,
    "evaluations:export-retry": exports_visible_to,
}


# --- The demo, once per module ----------------------------------------------------------
def former_coordinator(today: datetime.date):
    """A coordinator with visits in the past and no network today.

    The demo has none (whoever hands a network over keeps another), so the first coordinator by name
    who handed a network over (not a demo account) leaves the program: their assignments in force end
    yesterday, through the ORM, and their networks are left without a coordinator.
    """
    later = CoordinatorAssignment.objects.filter(network=OuterRef("network"), starts_on__gt=OuterRef("ends_on"))
    handed_over = (
        CoordinatorAssignment.objects.filter(ends_on__lt=today)
        .filter(Exists(later))
        .exclude(coordinator__username__in=ACCOUNT_ORDER)
        .select_related("coordinator")
        .order_by("coordinator__username")
        .first()
    )
    assert handed_over is not None, "the demo has no hand-over any more: find the former coordinator another way"
    coordinator = handed_over.coordinator
    yesterday = today - datetime.timedelta(days=1)
    in_force = CoordinatorAssignment.objects.active_on(today).filter(coordinator=coordinator)
    in_force.filter(starts_on__gt=yesterday).delete()
    in_force.update(ends_on=yesterday)
    assert not networks_visible_to(coordinator).exists()
    assert Visit.objects.filter(coordinator=coordinator).exists(), f"{coordinator} never logged a visit"
    return coordinator


def add_photos(staff, coordinator) -> str:
    """Besides the demo's own stories: one approved and one pending photo at a school of each demo sponsor,
    and one of the former coordinator's visits. Returns the stored file, which the caller deletes."""
    storage = VisitPhoto._meta.get_field("image").storage
    name = storage.save(f"visits/crawl-demo/{os.getpid()}.jpg", ContentFile(image_bytes("JPEG")))
    sponsors = (
        get_user_model().objects.filter(username__in=["sponsor.a", "sponsor.b"]).values_list("sponsor_link__sponsor_id")
    )
    visits = [
        Visit.objects.filter(school__sponsorships__sponsor_id=sponsor_id).order_by("-date", "pk").first()
        for (sponsor_id,) in sponsors
    ]
    former_visit = Visit.objects.filter(coordinator=coordinator).order_by("-date", "pk").first()
    for visit, approved in [(v, a) for v in visits for a in (True, False)] + [(former_visit, False)]:
        VisitPhoto.objects.create(
            visit=visit,
            image=name,
            width=64,
            height=48,
            size_bytes=storage.size(name),
            consent_recorded=approved,
            approved_at=timezone.now() if approved else None,
            approved_by=staff if approved else None,
        )
    return name


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The default demo (`seed_demo`) plus a former coordinator and a few photos: persona -> user pk.

    All of it lives in one transaction this fixture opens and rolls back; each test's own transaction
    (the `django_db` mark) is a savepoint inside it.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            started = time.monotonic()
            output = io.StringIO()
            call_command("seed_demo", stdout=output)
            users = dict(get_user_model().objects.filter(username__in=ACCOUNT_ORDER).values_list("username", "pk"))
            former = former_coordinator(timezone.localdate())
            users[FORMER] = former.pk
            photo_file = add_photos(get_user_model().objects.get(username="ipae"), former)
            report_file = add_reports(get_user_model().objects.get(username="ipae"))
            export_file = add_exports(get_user_model().objects.filter(username__in=["ipae", "admin"]))
            print(f"\n{output.getvalue().splitlines()[0]} Former coordinator: {former.username}.")
            print(f"Seeded in {time.monotonic() - started:.1f} s.")
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield users
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            VisitPhoto._meta.get_field("image").storage.delete(photo_file)
            MonitoringReport._meta.get_field("file").storage.delete(report_file)
            ExportJob._meta.get_field("file").storage.delete(export_file)
            # Nothing may outlive the module: the next tests on this worker make users with these names.
            assert not demo_is_loaded(), "the demo leaked out of its transaction"
            assert not get_user_model().objects.filter(username__in=ACCOUNT_ORDER).exists()


def add_reports(staff) -> str:
    """The demo has no monitoring reports: for each demo sponsor and coordinator's first network, a ready
    report (with a stored file), a failed one and an expired one; and a queued nation report. Returns the
    stored file, which the caller deletes."""
    storage = MonitoringReport._meta.get_field("file").storage
    name = storage.save(f"reports/crawl-demo/{os.getpid()}.pdf", ContentFile(b"%PDF-1.7\n% crawl\n%%EOF\n"))
    today, now = timezone.localdate(), timezone.now()
    start = today.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    users = get_user_model().objects.filter(username__in=["sponsor.a", "sponsor.b", "coord.piura", "coord.cusco"])
    targets = [(MonitoringReport.Scope.NATION, {}, staff)]
    for user in users.order_by("username"):
        if user.is_sponsor_user:
            targets.append((MonitoringReport.Scope.SPONSOR, {"sponsor_id": user.sponsor_link.sponsor_id}, user))
        else:
            network = networks_visible_to(user).order_by("pk").first()
            targets.append((MonitoringReport.Scope.NETWORK, {"network": network}, staff))
    states = [
        {"status": MonitoringReport.Status.READY, "file": name, "size_bytes": storage.size(name), "pages": 1,
         "started_at": now - datetime.timedelta(seconds=40), "finished_at": now,
         "expires_at": now + datetime.timedelta(days=90)},
        {"status": MonitoringReport.Status.FAILED, "error": "No se pudo generar el informe: prueba", "attempts": 3},
        {"status": MonitoringReport.Status.EXPIRED, "expires_at": now - datetime.timedelta(days=1)},
    ]  # fmt: skip
    for index, (scope, target, user) in enumerate(targets):
        for version, state in enumerate(states if index else [{}], start=1):
            MonitoringReport.objects.create(
                scope=scope, period_start=start, period_end=end, key=f"crawl:{index}", version=version,
                requested_by=user, **target, **state,
            )  # fmt: skip
    return name


def add_exports(staff_members) -> str:
    """The demo has no list exports: for each staff account, a ready one (with a stored file), a failed
    one, an expired one and one running. Returns the stored file, which the caller deletes."""
    storage = ExportJob._meta.get_field("file").storage
    name = storage.save(f"exports/crawl-demo/{os.getpid()}.csv", ContentFile("\ufeffFecha,Tipo\r\n".encode()))
    now, year = timezone.now(), timezone.localdate().year
    states = [
        {"status": ExportJob.Status.READY, "file": name, "size_bytes": storage.size(name), "rows_written": 1,
         "started_at": now - datetime.timedelta(seconds=40), "finished_at": now,
         "expires_at": now + datetime.timedelta(days=7)},
        {"status": ExportJob.Status.FAILED, "error": "No se pudo preparar el archivo: prueba", "attempts": 3},
        {"status": ExportJob.Status.EXPIRED, "expires_at": now - datetime.timedelta(days=1)},
        {"status": ExportJob.Status.RUNNING, "progress": 40, "rows_total": 513230, "rows_written": 200000},
    ]  # fmt: skip
    for person in staff_members:
        for kind, state in zip(("visitas", "docentes", "metas", "resultados"), states, strict=True):
            ExportJob.objects.create(
                requested_by=person, kind=kind, format="csv", query=f"period={year}", filename=f"{kind}.csv",
                title=f"{kind.capitalize()} · Todo el país · {year}", **state,
            )  # fmt: skip
    return name


# --- The walk -----------------------------------------------------------------------------
class Links(HTMLParser):
    """`<a href>`, `<img src>` and GET forms (as submitted untouched) of one page, as absolute URLs."""

    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.urls: list[str] = []
        self.form: tuple[str, list] | None = None  # (action, [(name, value)]) of the open GET form
        self.select: tuple[str, list, list] | None = None  # (name, option values, selected values)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.urls.append(urljoin(self.base, attrs["href"]))
        elif tag == "img" and attrs.get("src"):
            self.urls.append(urljoin(self.base, attrs["src"]))
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.form = (urljoin(self.base, attrs.get("action") or self.base), [])
        elif self.form and tag == "input" and attrs.get("name") and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.form[1].append((attrs["name"], attrs.get("value") or ""))
        elif self.form and tag == "select" and attrs.get("name"):
            self.select = (attrs["name"], [], [])
        elif self.select and tag == "option":
            value = attrs.get("value") or ""
            self.select[1].append(value)
            if "selected" in attrs:
                self.select[2].append(value)

    def handle_endtag(self, tag):
        if tag == "select" and self.select and self.form:
            name, options, selected = self.select
            for value in selected or options[:1]:
                self.form[1].append((name, value))
            self.select = None
        elif tag == "form" and self.form:
            action, fields = self.form
            self.urls.append(urlsplit(action)._replace(query=urlencode(fields), fragment="").geturl())
            self.form = None


def url_name(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return "(no URL name)"
    return match.view_name


@dataclass
class Crawl:
    user: object
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    out_of_scope: list[str] = field(default_factory=list)
    statuses: collections.Counter = field(default_factory=collections.Counter)
    client_errors: list[str] = field(default_factory=list)
    # URL name -> queue of (url, the page that linked to it); insertion order breaks ties.
    frontier: dict[str, collections.deque] = field(default_factory=dict)
    fetched: collections.Counter = field(default_factory=collections.Counter)
    seen: set[str] = field(default_factory=set)
    per_pattern: collections.Counter = field(default_factory=collections.Counter)

    def offer(self, url: str, referrer: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"", "http"} or parts.netloc not in SITE_HOSTS:
            return
        path = parts.path or "/"
        if path.startswith(SKIPPED_PREFIXES):
            return
        name = url_name(path)
        if name in SKIPPED_NAMES:
            return
        url = f"{path}?{parts.query}" if parts.query else path
        if url in self.seen:
            return
        pattern = (name, frozenset(key for key, _ in parse_qsl(parts.query, keep_blank_values=True)))
        if self.per_pattern[pattern] >= PER_PATTERN:
            return
        self.seen.add(url)
        self.per_pattern[pattern] += 1
        self.frontier.setdefault(name, collections.deque()).append((url, referrer))

    def next(self) -> tuple[str, str, str] | None:
        waiting = [name for name, queue in self.frontier.items() if queue]
        if not waiting:
            return None
        name = min(waiting, key=lambda n: self.fetched[n])
        self.fetched[name] += 1
        return (name, *self.frontier[name].popleft())

    def unfetched(self) -> list[str]:
        return sorted(name for name in self.frontier if not self.fetched[name])


def where_it_broke(exc_info) -> str:
    """`ValueError: ... at networks/views.py:123 in get_context_data` (the deepest frame of ours)."""
    if not exc_info:
        return "(no exception: the view answered 5xx itself)"
    kind, error, tb = exc_info
    root = str(settings.BASE_DIR)
    ours = [f for f in traceback.extract_tb(tb) if f.filename.startswith(root) and "/.venv/" not in f.filename]
    frame = ours[-1] if ours else traceback.extract_tb(tb)[-1]
    where = os.path.relpath(frame.filename, root) if frame.filename.startswith(root) else frame.filename
    return f"{kind.__name__}: {str(error)[:200]} at {where}:{frame.lineno} in {frame.name}"


def check_scope(crawl: Crawl, name: str, path: str, url: str, referrer: str) -> None:
    user = crawl.user
    if name.startswith("admin:") and name != "admin:login" and not can_use_admin(user):
        crawl.out_of_scope.append(f"{url} (from {referrer}): the data admin, for someone who may not use it")
    scope = SCOPES.get(name)
    if scope is None:
        return
    pk = resolve(path).kwargs["pk"]
    if not scope(user).filter(pk=pk).exists():
        crawl.out_of_scope.append(f"{url} (from {referrer}): {name} {pk} is outside {scope.__name__}")


def walk(client: Client, user) -> Crawl:
    crawl = Crawl(user=user)
    crawl.offer("/", "(start)")
    while crawl.requests < MAX_REQUESTS and (step := crawl.next()):
        name, url, referrer = step
        crawl.requests += 1
        with transaction.atomic():  # a savepoint: a request that broke the transaction is undone alone
            response = client.get(url)
            status = response.status_code
            if status >= 500:
                transaction.set_rollback(True)
        crawl.statuses[status] += 1
        if status >= 500:
            crawl.errors.append(f"{status} {url} (from {referrer}): {where_it_broke(response.exc_info)}")
        elif status in {301, 302, 303, 307, 308}:
            crawl.offer(urljoin(url, response["Location"]), url)
        elif status >= 400 and status != 405:
            crawl.client_errors.append(f"{status} {url} (from {referrer})")
        elif status == 200:
            check_scope(crawl, name, urlsplit(url).path, url, referrer)
            if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
                links = Links(url)
                links.feed(response.content.decode(response.charset or "utf-8"))
                for link in links.urls:
                    crawl.offer(link, url)
        if response.streaming:
            # Read to the end: the client then closes it (closing it here would close the connection).
            b"".join(response.streaming_content)
    return crawl


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_a_persona_can_reach_in_the_demo_answers_within_its_scope(demo, persona, record_property):
    user = get_user_model().objects.get(pk=demo[persona])
    client = Client(raise_request_exception=False)
    client.force_login(user)
    started = time.monotonic()
    crawl = walk(client, user)
    seconds = time.monotonic() - started

    record_property("requests", crawl.requests)
    record_property("url_names", len(crawl.fetched))
    record_property("statuses", dict(crawl.statuses))
    record_property("client_errors", crawl.client_errors)  # reported, not asserted: see the 4xx lines
    print(
        f"\n{persona} ({user.username}): {crawl.requests} requests, {len(crawl.fetched)} URL names, "
        f"statuses {dict(sorted(crawl.statuses.items()))}, {seconds:.1f} s"
    )
    for line in crawl.client_errors:
        print(f"  4xx {line}")
    problems = [*crawl.errors, *(f"out of scope: {line}" for line in crawl.out_of_scope)]
    unfetched = crawl.unfetched()
    if unfetched:
        problems.append(f"kinds of page reached but never fetched (raise MAX_REQUESTS): {', '.join(unfetched)}")
    assert not problems, f"{persona} ({user.username}), {len(problems)} problems:\n" + "\n".join(problems)


# --- The meta-check: every object page has a scope ---------------------------------------
def routes(resolver=None, namespace="", kwargs=frozenset()):
    """(URL name with its namespaces, the kwargs its path captures) for every named URL."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        captured = kwargs | set(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from routes(pattern, inner, frozenset(captured))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", captured


# Pages about an object that belongs to no one's scope: the program's own (the gate decides who may).
UNSCOPED = {
    "networks:curriculum-edit": "a year of the curriculum: staff edit it, everyone signed in reads it",
    "evaluations:dashboard-region": "a program region by its INEI code: staff only, and staff see every region",
    "evaluations:dashboard-list": "a kind of list: its scope is in the query string (evaluations.dashboard.scope)",
    "evaluations:dashboard-export": "a list's file: the same kind, scope and filters as evaluations:dashboard-list",
    "accounts:invitation": "an invitation link: no login, its token names the one account it opens",
    # Staff's preview of a company's portal: staff only (they see every company); the pages read as that
    # company, so its school or story outside the company answers 404 (evaluations/tests/test_views_portal.py).
    **{
        f"evaluations:portal-preview-{page}": "staff's preview of a company's portal, read as that company"
        for page in ("portfolio", "map-points", "progress", "stories", "story", "school")
    },
}


def test_every_object_page_has_a_scope():
    object_pages = {
        name for name, kwargs in routes() if kwargs and not name.startswith("admin:") and name not in UNSCOPED
    }
    assert object_pages - set(SCOPES) == set(), "add each to SCOPES with the selector of its persona's scope"
    assert set(SCOPES) - object_pages == set(), "SCOPES names pages that no longer exist (or lost their pk)"
    for name, kwargs in routes():
        if name in SCOPES:
            assert kwargs == {"pk"}, f"{name}: the scope check reads the pk kwarg only"


def test_the_crawl_signs_in_as_every_demo_account():
    assert set(PERSONAS) == {*ACCOUNT_ORDER, FORMER}
