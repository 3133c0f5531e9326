"""The lists' files: every row the filters and scope select (not one page), in the list's order and columns,
Spanish headers, CSV with a BOM and XLSX that parse back, a file name with the kind, the scope and the
date, a fixed number of queries per chunk of rows, and 404 for an unknown kind or format."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.dashboard import exports
from evaluations.dashboard.lists import KINDS, export_rows
from evaluations.tests.factories import AssessmentResultFactory, SchoolGoalFactory
from networks.services import summaries_refresh_all
from networks.tests.factories import VisitFactory
from schools.models import School
from schools.tests.factories import SchoolFactory, TeacherFactory
from workshops.tests.factories import WorkshopFactory

KIND_SLUGS = tuple(KINDS)


def today():
    return timezone.localdate()


def export_get(client, kind, fmt, **params):
    return client.get(reverse("evaluations:dashboard-export", kwargs={"kind": kind, "fmt": fmt}), params)


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def xlsx_rows(response) -> list[list]:
    body = b"".join(response.streaming_content)
    return xlsx_rows_from(body)


def xlsx_rows_from(body: bytes) -> list[list]:
    """The sheet's rows, each as long as the header row (a read-only sheet leaves out trailing empty cells)."""
    rows = [
        list(row) for row in openpyxl.load_workbook(io.BytesIO(body), read_only=True).active.iter_rows(values_only=True)
    ]
    width = len(rows[0]) if rows else 0
    return [row + [None] * (width - len(row)) for row in rows]


def as_csv_text(value) -> str:
    """A cell of the list's page as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def walk_list(client, kind, params) -> tuple[list[str], list[list]]:
    """Every row of a list, page after page through the keyset cursors: (headers, rows of values)."""
    rows, cursor = [], None
    while True:
        response = client.get(
            reverse("evaluations:dashboard-list", kwargs={"kind": kind}),
            {**params, **({"cursor": cursor} if cursor else {})},
        )
        assert response.status_code == 200
        rows += [[cell.value for cell in row] for row in response.context["rows"]]
        cursor = response.context["page"].older
        if not cursor:
            return response.context["headers"], rows


@pytest.fixture
def staff_client(world, client_for):
    return client_for(world.staff)


@pytest.fixture
def busy_world(world):
    """The world with more than a page of every kind of row in network A this year."""
    year = today().year
    schools = SchoolFactory.create_batch(27, district=world.schools_a[0].district, network=world.network_a)
    for index, school in enumerate(schools):
        TeacherFactory(school=school)
        VisitFactory(school=school, coordinator=world.coordinator, date=today() - datetime.timedelta(days=index % 3))
        SchoolGoalFactory(school=school)
        AssessmentResultFactory(school=school, year=year - 1)
    for index in range(26):
        day = today() - datetime.timedelta(days=index % 5)
        WorkshopFactory(network=world.network_a, starts_on=day, ends_on=day, title=f"Taller {index:02d}")
    summaries_refresh_all()
    return world


@pytest.mark.parametrize("kind", KIND_SLUGS)
def test_the_csv_holds_every_row_of_the_list_across_its_pages(busy_world, staff_client, kind):
    params = {"network": busy_world.network_a.pk, "period": str(today().year)}
    headers, page_rows = walk_list(staff_client, kind, params)
    assert len(page_rows) > 25  # more than one page

    response = export_get(staff_client, kind, "csv", **params)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert rows[0] == headers
    assert rows[1:] == [[as_csv_text(value) for value in row] for row in page_rows]


@pytest.mark.parametrize("kind", KIND_SLUGS)
def test_the_xlsx_holds_every_row_of_the_list_with_dates_and_numbers(busy_world, staff_client, kind):
    params = {"network": busy_world.network_a.pk, "period": str(today().year)}
    headers, page_rows = walk_list(staff_client, kind, params)

    response = export_get(staff_client, kind, "xlsx", **params)

    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    rows = xlsx_rows(response)
    assert list(rows[0]) == headers

    def plain(value):
        if isinstance(value, datetime.datetime):
            return value.date()  # XLSX keeps dates as date-times
        return value

    def expected(value):
        if value is None or isinstance(value, bool | int | datetime.date):
            return value
        if hasattr(value, "as_tuple"):  # Decimal: a number in the sheet
            return float(value)
        return str(value)

    assert [[plain(v) for v in row] for row in rows[1:]] == [[expected(v) for v in row] for row in page_rows]


def test_the_export_follows_the_filters_not_only_the_scope(world, staff_client):
    School.objects.filter(pk=world.schools_b[1].pk).update(area_type=School.AreaType.RURAL)
    School.objects.exclude(pk=world.schools_b[1].pk).update(area_type=School.AreaType.URBAN)

    rows = csv_rows(export_get(staff_client, "instituciones", "csv", area="rural"))

    assert [row[0] for row in rows[1:]] == [world.schools_b[1].name]


def test_the_file_name_says_the_kind_the_scope_the_period_and_the_day(world, staff_client):
    response = export_get(staff_client, "visitas", "csv", network=world.network_a.pk, period=str(today().year))
    assert response["Content-Disposition"] == (
        f'attachment; filename="visitas_red-chulucanas_{today().year}_{today():%Y-%m-%d}.csv"'
    )

    response = export_get(staff_client, "metas", "xlsx")
    assert f'filename="metas_nacional_{today():%Y-%m}_{today():%Y-%m-%d}.xlsx"' in response["Content-Disposition"]
    b"".join(response.streaming_content)


def test_the_teacher_export_never_holds_a_dni_or_a_phone(world, staff_client):
    teacher = world.teachers_a[world.schools_a[0].pk][0]
    teacher.dni, teacher.phone = "40506070", "987654321"
    teacher.save()

    for fmt in ("csv", "xlsx"):
        body = b"".join(export_get(staff_client, "docentes", fmt).streaming_content)
        text = body.decode("utf-8") if fmt == "csv" else str(xlsx_rows_from(body))
        assert "40506070" not in text
        assert "987654321" not in text


def test_a_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text(world, staff_client):
    School.objects.filter(pk=world.schools_a[0].pk).update(name='=HYPERLINK("http://x")')

    csv_names = [
        row[0] for row in csv_rows(export_get(staff_client, "instituciones", "csv", school=world.schools_a[0].pk))
    ]
    xlsx_names = [
        row[0] for row in xlsx_rows(export_get(staff_client, "instituciones", "xlsx", school=world.schools_a[0].pk))
    ]

    assert csv_names[1] == '\'=HYPERLINK("http://x")'
    assert xlsx_names[1] == '\'=HYPERLINK("http://x")'


@pytest.mark.parametrize(("kind", "fmt"), [("visitas", "pdf"), ("visitas", "CSV"), ("fotos", "csv"), ("fotos", "xlsx")])
def test_an_unknown_kind_or_format_answers_404(world, staff_client, kind, fmt):
    assert export_get(staff_client, kind, fmt).status_code == 404


@pytest.mark.parametrize(
    "params", [{"network": "abc"}, {"school": "x"}, {"cursor": "x"}, {"period": "2099"}, {"region": "zz"}]
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_malformed_input_to_an_export_is_ignored_never_a_server_error(world, staff_client, params, fmt):
    response = export_get(staff_client, "visitas", fmt, **params)

    assert response.status_code == 200
    b"".join(response.streaming_content)


def test_an_export_of_a_scope_that_does_not_exist_answers_404(world, staff_client):
    assert export_get(staff_client, "visitas", "csv", network="999999").status_code == 404


def test_coordinators_and_sponsors_may_not_download_a_list(world, client_for):
    for person in (world.coordinator, world.other_coordinator, world.sponsor_user):
        assert export_get(client_for(person), "instituciones", "csv").status_code == 403


@pytest.mark.parametrize("kind", KIND_SLUGS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_takes_the_same_queries_with_more_rows(world, staff_client, kind, fmt):
    def grow():
        for school in world.schools_a + world.schools_b:
            VisitFactory(school=school, coordinator=world.coordinator, date=today())
            SchoolGoalFactory(school=school)
            AssessmentResultFactory(school=school)
            TeacherFactory(school=school)
        WorkshopFactory(network=world.network_a, starts_on=today(), ends_on=today())
        SchoolFactory.create_batch(4, district=world.schools_a[0].district, network=world.network_a)
        summaries_refresh_all()

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = export_get(staff_client, kind, fmt, period=str(today().year))
            body = b"".join(response.streaming_content)
        return len(queries), body

    summaries_refresh_all()
    small, small_body = count()
    grow()
    large, large_body = count()
    assert len(large_body) > len(small_body)
    assert large == small


def test_an_export_reads_the_rows_in_chunks_with_one_decoration_query_each(world, monkeypatch):
    """Schools are decorated (network, last visit) per chunk: rows past the first chunk are complete too."""
    from evaluations.dashboard.filters import DashboardFilter
    from evaluations.dashboard.lists import list_context
    from evaluations.dashboard.scope import nation_scope

    summaries_refresh_all()
    ctx = list_context(user=world.staff, scope=nation_scope(), filterset=DashboardFilter(None, user=world.staff))
    kind = KINDS["instituciones"]

    whole = list(export_rows(kind, ctx))
    chunked = list(export_rows(kind, ctx, chunk_size=2))

    assert chunked == whole
    assert len(whole) == School.objects.count()
    networks = {row[0]: row[3] for row in whole}
    assert networks[world.schools_b[2].name] == "Red Urubamba"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_past_the_row_limit_asks_for_narrower_filters_and_writes_nothing(
    busy_world, staff_client, settings, fmt
):
    params = {"network": busy_world.network_a.pk, "period": str(today().year)}
    _headers, page_rows = walk_list(staff_client, "visitas", params)
    settings.CEE_EXPORT_MAX_ROWS = len(page_rows)
    assert export_get(staff_client, "visitas", fmt, **params).status_code == 200  # at the limit: the file

    settings.CEE_EXPORT_MAX_ROWS = len(page_rows) - 1
    response = export_get(staff_client, "visitas", fmt, **params)

    assert response.status_code == 302
    assert "Content-Disposition" not in response
    followed = staff_client.get(response["Location"])
    assert followed.request["PATH_INFO"] == reverse("evaluations:dashboard-list", kwargs={"kind": "visitas"})
    assert f"network={busy_world.network_a.pk}" in response["Location"]
    assert f"más de {len(page_rows) - 1:,} filas" in followed.content.decode()
