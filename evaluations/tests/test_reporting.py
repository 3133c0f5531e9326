"""Monitoring reports' content and files (`evaluations.reporting`), on the root conftest's world.

The world: network A (Piura) and network B (Cusco), three schools each, two teachers and a director per
school; sponsor A funds A's first two schools, sponsor B B's first two; a classroom visit today in each
network's first school. Here the schools get names no other text contains, network A gets a classroom
visit without observations (so the attention list names a teacher and a coordinator) and last year's
reading results, and the summary tables are refreshed as the nightly job would.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluations.dashboard import figures as figures_module
from evaluations.dashboard.attention import NO_OBSERVATIONS, NO_RESULTS, UNOBSERVED, UNVISITED
from evaluations.dashboard.figures import AudienceCoverage, MonthVisits, ResultYear, dashboard_figures
from evaluations.dashboard.filters import DashboardFilter
from evaluations.dashboard.period import month_period, year_period
from evaluations.dashboard.scope import nation_scope, network_scope, region_scope
from evaluations.reporting import content as content_module
from evaluations.reporting import svg
from evaluations.reporting.content import report_content
from evaluations.reporting.pdf import _fetcher, render_html, write_pdf
from evaluations.reporting.reader import PROGRAM_READER
from evaluations.reporting.xlsx import write_xlsx
from evaluations.services.summaries import school_year_summaries_refresh
from evaluations.tests.factories import AssessmentResultFactory
from networks.selectors import networks_visible_to
from networks.services.summaries import summaries_refresh_all
from networks.tests.factories import NetworkFactory, VisitFactory
from schools.models import School, Sponsor, Teacher
from schools.selectors import schools_visible_to, sponsors_visible_to, teachers_visible_to
from schools.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

NAMES_A = ("Escuela Algarrobo", "Escuela Bolaina", "Escuela Capirona")
NAMES_B = ("Escuela Duraznillo", "Escuela Eucalipto", "Escuela Fresno")
PERSON = re.compile(r"(Docente|Director)\d+|Quispe")  # the factories' teacher and director names


@pytest.fixture(autouse=True)
def program_settings(settings):
    settings.CEE_VISITS_PER_SCHOOL_MONTH = 2
    settings.CEE_VISIT_OVERDUE_DAYS = 30


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def period(today):
    return month_period(today.year, today.month, today)


@pytest.fixture
def reported(world, today):
    """The world, named and with the rows the reports' sections need, its summaries refreshed."""
    for school, name in zip(world.schools_a + world.schools_b, NAMES_A + NAMES_B, strict=True):
        school.name = name
        school.save(update_fields=["name"])
    school = world.schools_a[0]
    world.unobserved_visit = VisitFactory(
        coordinator=world.coordinator,
        school=school,
        kind="classroom",
        teacher=school.teachers.filter(position="docente").first(),  # observed already today
        date=today,
        observations="  ",
    )
    AssessmentResultFactory(school=school, year=today.year - 1, subject="reading")
    summaries_refresh_all()
    school_year_summaries_refresh(today=today)
    return world


def pdf_text(path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def staff_figures(scope, today, **query):
    return dashboard_figures(scope=scope, filterset=DashboardFilter(query, user=PROGRAM_READER, today=today))


# --- the reader ------------------------------------------------------------------------------------
def test_program_reader_reads_every_school_network_teacher_and_sponsor_as_staff_do(reported):
    assert schools_visible_to(PROGRAM_READER).count() == School.objects.count()
    assert networks_visible_to(PROGRAM_READER).count() == 3
    assert teachers_visible_to(PROGRAM_READER).count() == Teacher.objects.count()
    assert sponsors_visible_to(PROGRAM_READER).count() == Sponsor.objects.count()
    assert PROGRAM_READER.pk is None
    assert not PROGRAM_READER.is_staff  # never the data admin


# --- the content is the dashboards' ----------------------------------------------------------------
def test_report_content_is_the_object_dashboard_figures_returns(reported, period, monkeypatch):
    returned = []

    def spy(**kwargs):
        returned.append(dashboard_figures(**kwargs))
        return returned[-1]

    monkeypatch.setattr(content_module, "dashboard_figures", spy)
    content = report_content(kind="network", network=reported.network_a, period=period)
    assert len(returned) == 1
    assert content.figures is returned[0]


@pytest.mark.parametrize("kind", ["nation", "region", "network", "sponsor"])
def test_report_figures_equal_the_staff_dashboards_for_the_same_scope(reported, period, today, kind):
    staff = reported.staff
    if kind == "nation":
        content = report_content(kind="nation", period=period)
        expected = staff_figures(nation_scope(), today, period=period.value)
    elif kind == "region":
        content = report_content(kind="region", region=reported.piura, period=period)
        expected = staff_figures(region_scope(user=staff, code="20"), today, period=period.value)
    elif kind == "network":
        content = report_content(kind="network", network=reported.network_a, period=period)
        expected = staff_figures(network_scope(user=staff, pk=reported.network_a.pk), today, period=period.value)
    else:
        content = report_content(kind="sponsor", sponsor=reported.sponsor_a, period=period)
        expected = staff_figures(nation_scope(), today, period=period.value, sponsor=str(reported.sponsor_a.pk))
    assert content.figures == expected
    assert content.figures.reach.schools == {"nation": 7, "region": 4, "network": 3, "sponsor": 2}[kind]


def test_a_sponsor_report_counts_only_the_schools_it_funds_and_its_own_money(reported, period):
    content = report_content(kind="sponsor", sponsor=reported.sponsor_a, period=period)
    assert [school.name for school in content.schools] == list(NAMES_A[:2])
    assert content.figures.funding.sponsors == 1
    assert content.show_funding


def test_a_network_report_states_the_networks_program_year_and_its_focus(reported, period):
    content = report_content(kind="network", network=reported.network_a, period=period)
    year = reported.network_a.program_year_on(period.until)
    assert content.network_program_year == year == 2
    assert [(row.year, row.focus) for row in content.focus] == [(2, "Pensamiento crítico y lógico")]
    assert not content.show_funding
    assert content.title == f"Informe de monitoreo · {reported.network_a.name} · {period.label}"


def test_a_region_report_lists_the_program_years_of_its_networks(reported, period):
    content = report_content(kind="region", region=reported.piura, period=period)
    assert [(row.year, row.networks) for row in content.focus] == [(2, 1), (6, 1)]  # A, and the graduated one
    assert [line.row.name for line in content.children] == ["Red Ayabaca", "Red Chulucanas"]


def test_a_period_outside_the_dashboards_menu_is_the_one_reported(reported, today):
    old = month_period(today.year - 6, 5, today)
    content = report_content(kind="network", network=reported.network_a, period=old)
    assert content.figures.period == old
    assert content.figures.visits.visits == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"kind": "city"}, "Unknown"), ({"kind": "network"}, "network"), ({"kind": "sponsor"}, "sponsor")],
)
def test_an_unknown_kind_or_a_missing_target_is_refused(reported, period, kwargs, message):
    with pytest.raises(ValueError, match=message):
        report_content(period=period, **kwargs)


def test_a_sponsor_report_whose_sponsor_the_filter_refuses_is_never_written(reported, period):
    unknown = Sponsor(pk=987654, name="Empresa que no existe S.A.C.")
    with pytest.raises(ValueError, match="sponsor filter"):
        report_content(kind="sponsor", sponsor=unknown, period=period)


# --- what each reader may see in the attention list ------------------------------------------------
def test_a_staff_network_report_carries_the_attention_pages_first_rows(reported, period):
    content = report_content(kind="network", network=reported.network_a, period=period)
    sections = {section.key: section for section in content.attention}
    unobserved = sections[UNOBSERVED]
    assert unobserved.count == 5  # six teachers of network A, one observed today
    assert len(unobserved.rows) == 5
    no_observations = sections[NO_OBSERVATIONS]
    assert no_observations.count == 1
    visit = reported.unobserved_visit
    assert no_observations.rows == [[visit.date, NAMES_A[0], str(visit.teacher), "Rosa Chávez"]]


def test_a_sponsor_report_keeps_every_count_but_only_rows_of_schools(reported, period):
    content = report_content(kind="sponsor", sponsor=reported.sponsor_a, period=period)
    sections = {section.key: section for section in content.attention}
    staff = {s.key: s for s in report_content(kind="nation", period=period).attention}
    assert sections[NO_OBSERVATIONS].count == 1  # the count stays ...
    assert sections[NO_OBSERVATIONS].rows == []  # ... the visit does not
    assert sections[UNOBSERVED].count == 3
    assert sections[UNOBSERVED].rows == []
    for key, section in sections.items():
        if key in (UNVISITED, NO_RESULTS):
            assert not section.rows_withheld
            assert all(len(row) == 4 if key == UNVISITED else len(row) == 3 for row in section.rows)
        else:
            assert section.rows_withheld
            assert section.rows == []
        assert section.count <= staff[key].count
    assert sections[NO_RESULTS].rows == [[NAMES_A[1], reported.schools_a[1].codigo_modular, "Piura"]]


# --- the PDF ---------------------------------------------------------------------------------------
def test_a_network_pdf_lists_its_schools_and_numbers_its_pages(reported, period, tmp_path):
    content = report_content(kind="network", network=reported.network_a, period=period, narrative="Buen mes.")
    path = tmp_path / "red.pdf"
    pages = write_pdf(content, path)
    reader = PdfReader(path)
    assert pages == len(reader.pages) >= 1
    text = pdf_text(path)
    for name in NAMES_A:
        assert name in text
    assert "Página 1 de" in text
    assert f"Página {pages} de {pages}" in text
    assert "Construyendo Escuelas Exitosas" in text
    assert "Buen mes." in text


def test_a_staff_network_pdf_shows_what_the_attention_list_shows(reported, period, tmp_path):
    content = report_content(kind="network", network=reported.network_a, period=period)
    path = tmp_path / "red.pdf"
    write_pdf(content, path)
    text = pdf_text(path)
    visit = reported.unobserved_visit
    assert "Rosa Chávez" in text  # the coordinator of the visit without observations
    assert visit.date.strftime("%d/%m/%Y") in text
    for teacher in reported.teachers_a[reported.schools_a[1].pk]:  # never observed this year
        assert f"{teacher.last_name}, {teacher.first_name}" in text


def test_a_sponsor_pdf_shows_its_schools_and_no_one_elses_and_no_person(reported, period, tmp_path):
    content = report_content(kind="sponsor", sponsor=reported.sponsor_a, period=period)
    path = tmp_path / "empresa.pdf"
    write_pdf(content, path)
    text = pdf_text(path)
    for name in NAMES_A[:2]:
        assert name in text
    for name in (NAMES_A[2], *NAMES_B):
        assert name not in text
    assert not PERSON.search(text)
    for person in ("Rosa Chávez", "Luis Mamani", "Chávez"):
        assert person not in text
    assert reported.sponsor_a.name in text
    assert reported.sponsor_b.name not in text


def test_a_report_for_a_period_without_data_renders_its_empty_states(reported, today, tmp_path):
    lima = report_content(kind="region", region=reported.lima, period=year_period(today.year - 3, today))
    path = tmp_path / "lima.pdf"
    assert write_pdf(lima, path) >= 1
    text = pdf_text(path)
    assert "Aún no hay metas registradas" in text
    assert "Aún no hay resultados de evaluación registrados" in text
    assert "No hay instituciones en este alcance" in text
    assert "Nada pendiente en este periodo." in text
    write_xlsx(lima, tmp_path / "lima.xlsx")


def test_a_future_month_renders_without_a_chart_of_visits(reported, today, tmp_path):
    future = month_period(today.year + 1, 3, today)
    content = report_content(kind="network", network=reported.network_a, period=future)
    assert content.figures.visits.months == []
    write_pdf(content, tmp_path / "futuro.pdf")
    assert "El periodo aún no empieza" in pdf_text(tmp_path / "futuro.pdf")


def test_names_and_the_narrative_are_escaped_in_the_html_and_read_right_in_the_pdf(reported, period, tmp_path):
    network = NetworkFactory(name="Red <Norte> & Sur </style>", region=reported.piura)
    content = report_content(kind="network", network=network, period=period, narrative="<b>ojo</b> & más")
    html = render_html(content)
    assert "<Norte>" not in html
    assert "<b>ojo</b>" not in html
    assert "Red &lt;Norte&gt; &amp; Sur" in html
    assert html.count("</style>") == 1  # the name in the page's footer (CSS) cannot close the style either
    assert "&lt;b&gt;ojo&lt;/b&gt; &amp; más" in html
    write_pdf(content, tmp_path / "norte.pdf")
    text = pdf_text(tmp_path / "norte.pdf")
    assert "Red <Norte> & Sur </style>" in text
    assert "<b>ojo</b> & más" in text


def test_a_report_without_a_narrative_has_no_comment_section(reported, period):
    html = render_html(report_content(kind="network", network=reported.network_a, period=period))
    assert "Comentario del equipo" not in html


def test_the_pdf_fetches_nothing_but_data_urls(tmp_path):
    with pytest.raises(ValueError, match="disallowed protocol"):
        _fetcher().fetch("https://example.com/logo.png")
    with pytest.raises(ValueError, match="disallowed protocol"):
        _fetcher().fetch("file:///etc/passwd")


def test_the_same_content_writes_the_same_pdf(reported, period, tmp_path):
    content = report_content(kind="network", network=reported.network_a, period=period)
    write_pdf(content, tmp_path / "a.pdf")
    write_pdf(content, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


# --- the spreadsheet -------------------------------------------------------------------------------
def test_the_xlsx_holds_the_figures_as_numbers_in_its_sheets(reported, today, tmp_path):
    content = report_content(kind="region", region=reported.piura, period=year_period(today.year, today))
    path = tmp_path / "piura.xlsx"
    write_xlsx(content, path)
    book = load_workbook(path)
    assert book.sheetnames == ["Resumen", "Visitas", "Talleres", "Metas", "Resultados", "Atención", "Nivel inferior"]
    figures = content.figures

    visits = list(book["Visitas"].iter_rows(values_only=True))
    assert visits[0] == ("Mes", "Visitas", "Planificadas", "% de lo planificado")
    months = figures.visits.months
    assert [(row[0].date(), row[1], row[2]) for row in visits[1 : 1 + len(months)]] == [
        (m.month, m.visits, m.plan) for m in months
    ]
    assert visits[1 + len(months)][:3] == ("Total", figures.visits.visits, figures.visits.plan)

    summary = {row[0]: row[1] for row in book["Resumen"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Generado el"] == timezone.localtime(content.generated_at).strftime("%d/%m/%Y %H:%M")
    assert summary["Instituciones educativas"] == figures.reach.schools
    assert summary["Visitas en el periodo"] == figures.visits.visits

    workshops = list(book["Talleres"].iter_rows(values_only=True))[1:]
    assert [(row[0], row[1]) for row in workshops] == [(w.label, w.reached) for w in figures.workshops]
    teachers = next(w for w in figures.workshops if w.audience == "teachers")
    cell = book["Talleres"]["D3"]
    assert cell.number_format == "0.0%"
    assert cell.value == pytest.approx(float(teachers.share) / 100)

    children = list(book["Nivel inferior"].iter_rows(values_only=True))
    assert [row[0] for row in children[1:]] == [line.row.name for line in content.children]
    assert [row[3] for row in children[1:]] == [line.row.visits for line in content.children]

    attention = list(book["Atención"].iter_rows(values_only=True))
    counts = {row[0]: row[1] for row in attention[1 : 1 + len(content.attention)]}
    assert counts == {section.title: section.count for section in content.attention}


def test_a_sponsor_xlsx_lists_its_schools_and_no_person(reported, period, tmp_path):
    content = report_content(kind="sponsor", sponsor=reported.sponsor_a, period=period)
    write_xlsx(content, tmp_path / "empresa.xlsx")
    book = load_workbook(tmp_path / "empresa.xlsx")
    assert book.sheetnames[-1] == "Instituciones"
    cells = " ".join(str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row)
    assert all(name in cells for name in NAMES_A[:2])
    assert not any(name in cells for name in (NAMES_A[2], *NAMES_B))
    assert not PERSON.search(cells)
    assert "Rosa Chávez" not in cells


# --- the charts ------------------------------------------------------------------------------------
def test_charts_escape_every_text_and_name_themselves():
    label = "Red <Norte> & Sur"
    row = ResultYear(
        subject="reading",
        year=2025,
        evaluated=20,
        levels={
            "previo_inicio": Decimal("10.0"),
            "en_inicio": Decimal("20.0"),
            "en_proceso": Decimal("30.0"),
            "satisfactorio": Decimal("40.0"),
        },
        national=Decimal("35.0"),
        first_year=None,
    )
    chart = svg.results_chart([row], subject_label=label, grade=2, level_labels={"satisfactorio": "S"})
    assert "<Norte>" not in chart
    assert "& Sur" not in chart
    assert "Red &lt;Norte&gt; &amp; Sur" in chart
    assert chart.startswith("<svg")
    assert "<title>" in chart
    assert 'role="img"' in chart
    assert "aria-label=" in chart
    workshops = svg.workshops_chart(
        [AudienceCoverage(audience="x", label="<script>", reached=1, of=2, share=Decimal("50.0"))]
    )
    assert "<script>" not in workshops
    assert "&lt;script&gt;" in workshops


def test_charts_of_empty_figures_are_empty_and_the_visits_chart_draws_the_plan():
    assert svg.visits_chart([]) == ""
    assert svg.results_chart([], subject_label="Lectura", grade=2, level_labels={}) == ""
    assert svg.workshops_chart([]) == ""
    months = [MonthVisits(month=datetime.date(2026, 3, 1), visits=5, plan=8)]
    chart = svg.visits_chart(months)
    assert "stroke-dasharray" in chart  # the plan
    assert ">5<" in chart


# --- cost ------------------------------------------------------------------------------------------
def test_a_network_reports_queries_do_not_grow_with_its_schools(reported, period):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            report_content(kind="network", network=reported.network_a, period=period)
        return len(ctx.captured_queries)

    before = count()
    for _n in range(4):
        SchoolFactory(district=reported.schools_a[0].district, network=reported.network_a)
    summaries_refresh_all()
    assert count() == before
    assert before <= 40


def test_figures_module_is_what_the_reports_import():
    # The reports never keep a copy of a figure's rule: they import the dashboards' function.
    assert content_module.dashboard_figures is figures_module.dashboard_figures
