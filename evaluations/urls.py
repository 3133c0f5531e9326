from django.urls import path

from . import views
from .views import choosing, choosing_staff, portal
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
    # The sponsor portal: what a company's users read of the schools it funds (GET only).
    path("auspicio/", portal.PortfolioView.as_view(), name="portal-portfolio"),
    path("auspicio/mapa/puntos.json", portal.MapPointsView.as_view(), name="portal-map-points"),
    path("auspicio/avance/", portal.ProgressView.as_view(), name="portal-progress"),
    path("auspicio/historias/", portal.StoriesView.as_view(), name="portal-stories"),
    path("auspicio/historias/<int:pk>/", portal.StoryView.as_view(), name="portal-story"),
    path("auspicio/instituciones/<int:pk>/", portal.SchoolView.as_view(), name="portal-school"),
    # Staff see the same pages exactly as a given company sees them: read-only, marked as a preview.
    path("auspicio/vista-previa/", portal.PreviewListView.as_view(), name="portal-preview-list"),
    path(
        "auspicio/vista-previa/<int:sponsor>/", portal.PreviewPortfolioView.as_view(), name="portal-preview-portfolio"
    ),
    path(
        "auspicio/vista-previa/<int:sponsor>/mapa/puntos.json",
        portal.PreviewMapPointsView.as_view(),
        name="portal-preview-map-points",
    ),
    path(
        "auspicio/vista-previa/<int:sponsor>/avance/",
        portal.PreviewProgressView.as_view(),
        name="portal-preview-progress",
    ),
    path(
        "auspicio/vista-previa/<int:sponsor>/historias/",
        portal.PreviewStoriesView.as_view(),
        name="portal-preview-stories",
    ),
    path(
        "auspicio/vista-previa/<int:sponsor>/historias/<int:pk>/",
        portal.PreviewStoryView.as_view(),
        name="portal-preview-story",
    ),
    path(
        "auspicio/vista-previa/<int:sponsor>/instituciones/<int:pk>/",
        portal.PreviewSchoolView.as_view(),
        name="portal-preview-school",
    ),
    # Choosing schools: the offer a sponsor browses, compares and asks from; the requests and their
    # answers; staff's candidate groups (would-be networks) built from the padrón.
    path("auspicio/candidatas/", choosing.OfferView.as_view(), name="candidate-offer"),
    path("auspicio/candidatas/comparar/", choosing.CompareView.as_view(), name="candidate-compare"),
    path("auspicio/solicitudes/", choosing.RequestListView.as_view(), name="school-request-list"),
    path("auspicio/solicitudes/nueva/", choosing.RequestCreateView.as_view(), name="school-request-create"),
    path("auspicio/solicitudes/<int:pk>/", choosing.RequestDetailView.as_view(), name="school-request-detail"),
    path(
        "auspicio/solicitudes/<int:pk>/retirar/",
        choosing.RequestWithdrawView.as_view(),
        name="school-request-withdraw",
    ),
    path(
        "auspicio/solicitudes/<int:pk>/confirmar/",
        choosing.RequestConfirmView.as_view(),
        name="school-request-confirm",
    ),
    path(
        "auspicio/solicitudes/<int:pk>/no-aprobar/",
        choosing.RequestDeclineView.as_view(),
        name="school-request-decline",
    ),
    path("auspicio/gestion/candidatas/", choosing_staff.GroupListView.as_view(), name="candidate-group-list"),
    path(
        "auspicio/gestion/candidatas/nuevo/",
        choosing_staff.GroupCreateView.as_view(),
        name="candidate-group-create",
    ),
    path(
        "auspicio/gestion/candidatas/<int:pk>/",
        choosing_staff.GroupDetailView.as_view(),
        name="candidate-group-detail",
    ),
    path(
        "auspicio/gestion/candidatas/<int:pk>/editar/",
        choosing_staff.GroupEditView.as_view(),
        name="candidate-group-edit",
    ),
    path(
        "auspicio/gestion/candidatas/<int:pk>/publicar/",
        choosing_staff.GroupPublishView.as_view(),
        name="candidate-group-publish",
    ),
    path(
        "auspicio/gestion/candidatas/<int:pk>/actualizar-cifras/",
        choosing_staff.GroupRefreshView.as_view(),
        name="candidate-group-refresh",
    ),
    path(
        "auspicio/gestion/candidatas/<int:pk>/agregar/",
        choosing_staff.CandidateAddView.as_view(),
        name="candidate-add",
    ),
    path(
        "auspicio/gestion/candidatas/instituciones/<int:pk>/editar/",
        choosing_staff.CandidateEditView.as_view(),
        name="candidate-edit",
    ),
    path(
        "auspicio/gestion/candidatas/instituciones/<int:pk>/quitar/",
        choosing_staff.CandidateRemoveView.as_view(),
        name="candidate-remove",
    ),
    # Large list exports, made in the background: a person's own, asking for one (the list's button), a
    # job's page (its status polled while it runs), its file, retrying it.
    path("informes/exportaciones/", ExportListView.as_view(), name="export-list"),
    path("informes/exportaciones/preparar/", ExportRequestView.as_view(), name="export-request"),
    path("informes/exportaciones/<int:pk>/", ExportDetailView.as_view(), name="export-detail"),
    path("informes/exportaciones/<int:pk>/estado/", ExportStatusView.as_view(), name="export-status"),
    path("informes/exportaciones/<int:pk>/descargar/", ExportDownloadView.as_view(), name="export-download"),
    path("informes/exportaciones/<int:pk>/reintentar/", ExportRetryView.as_view(), name="export-retry"),
]
