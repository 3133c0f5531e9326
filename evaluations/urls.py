from django.urls import path

from . import views

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
]
