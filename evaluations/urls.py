from django.urls import path

from . import views
from .views.attention import AttentionView
from .views.exports import (
    ExportDetailView,
    ExportDownloadView,
    ExportListView,
    ExportRequestView,
    ExportRetryView,
    ExportStatusView,
)
from .views.lists import DashboardExportView, DashboardListView
from .views.map import MapPointsView, MapView

app_name = "evaluations"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # The school tier: a school's goals and their progress, its assessment results.
    path("instituciones/<int:pk>/metas/", views.SchoolGoalListView.as_view(), name="goal-list"),
    path("instituciones/<int:pk>/metas/nueva/", views.GoalCreateView.as_view(), name="goal-create"),
    path("metas/<int:pk>/", views.GoalDetailView.as_view(), name="goal-detail"),
    path("metas/<int:pk>/editar/", views.GoalEditView.as_view(), name="goal-edit"),
    path("metas/<int:pk>/avance/", views.GoalProgressCreateView.as_view(), name="goal-progress-create"),
    path("instituciones/<int:pk>/resultados/", views.SchoolResultsView.as_view(), name="school-results"),
    path("instituciones/<int:pk>/resultados/nuevo/", views.ResultCreateView.as_view(), name="result-create"),
    path("resultados/<int:pk>/editar/", views.ResultEditView.as_view(), name="result-edit"),
    path("resultados/importar/", views.ResultImportView.as_view(), name="result-import"),
    # The staff dashboards: the nation, a region (INEI code), a network, one school.
    path("panel/", views.DashboardView.as_view(), name="dashboard"),
    path("panel/regiones/<str:code>/", views.RegionDashboardView.as_view(), name="dashboard-region"),
    path("panel/redes/<int:pk>/", views.NetworkDashboardView.as_view(), name="dashboard-network"),
    path("panel/instituciones/<int:pk>/", views.SchoolDashboardView.as_view(), name="dashboard-school"),
    # The lists behind the figures (the scope and the filters in the query string), and their files.
    path("panel/listas/<slug:kind>/", DashboardListView.as_view(), name="dashboard-list"),
    path("panel/listas/<slug:kind>/exportar.<str:fmt>", DashboardExportView.as_view(), name="dashboard-export"),
    # The map of the schools (the page, and its points as JSON) and the attention list.
    path("panel/mapa/", MapView.as_view(), name="dashboard-map"),
    path("panel/mapa/puntos.json", MapPointsView.as_view(), name="dashboard-map-points"),
    path("panel/atencion/", AttentionView.as_view(), name="attention"),
    # Monitoring reports: the jobs, asking for one, a job's page (its status polled while it runs), its file.
    path("informes/", views.ReportListView.as_view(), name="report-list"),
    path("informes/solicitar/", views.ReportRequestView.as_view(), name="report-request"),
    path("informes/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("informes/<int:pk>/estado/", views.ReportStatusView.as_view(), name="report-status"),
    path("informes/<int:pk>/descargar/", views.ReportDownloadView.as_view(), name="report-download"),
    path("informes/<int:pk>/reintentar/", views.ReportRetryView.as_view(), name="report-retry"),
    path("informes/<int:pk>/nueva-version/", views.ReportVersionView.as_view(), name="report-version"),
    # Large list exports, made in the background: a person's own, asking for one (the list's button), a
    # job's page (its status polled while it runs), its file, retrying it.
    path("informes/exportaciones/", ExportListView.as_view(), name="export-list"),
    path("informes/exportaciones/preparar/", ExportRequestView.as_view(), name="export-request"),
    path("informes/exportaciones/<int:pk>/", ExportDetailView.as_view(), name="export-detail"),
    path("informes/exportaciones/<int:pk>/estado/", ExportStatusView.as_view(), name="export-status"),
    path("informes/exportaciones/<int:pk>/descargar/", ExportDownloadView.as_view(), name="export-download"),
    path("informes/exportaciones/<int:pk>/reintentar/", ExportRetryView.as_view(), name="export-retry"),
]
