from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin, ReadOnlyAdmin, WrittenByTheApp

from .models import (
    Candidate,
    CandidateGroup,
    Contribution,
    District,
    Enrollment,
    Province,
    Region,
    School,
    SchoolRequest,
    SchoolRequestItem,
    Sponsor,
    Sponsorship,
    SponsorUser,
    Teacher,
)
from .permissions import can_manage_sponsors


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "iso_code", "capital", "is_program_region"]
    list_filter = ["is_program_region"]
    search_fields = ["code", "name", "iso_code", "capital"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]
    list_select_related = ["region"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["ubigeo", "name", "province"]
    list_filter = ["province__region"]
    search_fields = ["ubigeo", "name", "province__name"]
    list_select_related = ["province__region"]
    autocomplete_fields = ["province"]


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0


class TeacherInline(admin.TabularInline):
    model = Teacher
    extra = 0
    fields = ["position", "first_name", "last_name", "grades", "is_active"]
    show_change_link = True


@admin.register(School)
class SchoolAdmin(HistoryAdmin):
    list_display = ["codigo_modular", "anexo", "name", "district", "area_type", "caracteristica"]
    list_filter = ["district__province__region", "minedu_area", "area_type", "caracteristica"]
    search_fields = ["codigo_modular", "name", "district__name", "district__ubigeo", "centro_poblado"]
    list_select_related = ["district__province__region"]
    autocomplete_fields = ["district"]
    inlines = [TeacherInline, EnrollmentInline]


@admin.register(Teacher)
class TeacherAdmin(HistoryAdmin):
    list_display = ["last_name", "first_name", "position", "school", "is_active"]
    list_filter = ["position", "is_active", "school__district__province__region"]
    search_fields = ["first_name", "last_name", "dni", "school__name", "school__codigo_modular"]
    list_select_related = ["school"]
    autocomplete_fields = ["school"]


@admin.register(Enrollment)
class EnrollmentAdmin(HistoryAdmin):
    list_display = ["school", "school_year", "grade", "students"]
    list_filter = ["school_year", "grade"]
    search_fields = ["school__name", "school__codigo_modular"]
    list_select_related = ["school"]
    autocomplete_fields = ["school"]


def sponsor_link(sponsor_id) -> dict:
    return {"url": reverse("sponsors:detail", args=[sponsor_id]), "label": _("Abrir la empresa en la aplicación")}


class SponsorUserInline(WrittenByTheApp, admin.TabularInline):
    """The accounts (role sponsor) that sign in for the company: invited and switched off in the app."""

    model = SponsorUser
    extra = 0
    fields = ["user", "invited_by", "invited_at", "deactivated_by", "deactivated_at"]


class SponsorshipInline(WrittenByTheApp, admin.TabularInline):
    model = Sponsorship
    extra = 0
    fields = ["school", "start_year", "end_year", "committed_amount", "currency"]


# Companies, their agreements, contributions and accounts are written by the staff's pages
# (/auspiciadores/, schools.services.sponsors: RUC, overlapping agreements, a contribution only to a
# school of the company, invitations by email, sessions ended on deactivation). Here they are read-only
# and link there.
@admin.register(Sponsor)
class SponsorAdmin(ReadOnlyAdmin):
    list_display = ["name", "ruc", "sector"]
    list_filter = ["sector"]
    search_fields = ["name", "ruc"]
    fields = ["name", "ruc", "sector", "contact_name", "contact_email", "created_at", "updated_at"]
    inlines = [SponsorUserInline, SponsorshipInline]

    def app_links(self, request, obj):
        return [sponsor_link(obj.pk)] if can_manage_sponsors(request.user) else []


@admin.register(Sponsorship)
class SponsorshipAdmin(ReadOnlyAdmin):
    list_display = ["sponsor", "school", "start_year", "end_year", "committed_amount", "currency"]
    list_filter = ["sponsor", "currency", "start_year"]
    search_fields = ["sponsor__name", "school__name", "school__codigo_modular"]
    list_select_related = ["sponsor", "school"]
    fields = ["sponsor", "school", "start_year", "end_year", "committed_amount", "currency", "created_at", "updated_at"]

    def app_links(self, request, obj):
        if not can_manage_sponsors(request.user):
            return []
        url = reverse("sponsors:sponsorship-edit", args=[obj.pk])
        return [{"url": url, "label": _("Editar el convenio en la aplicación")}, sponsor_link(obj.sponsor_id)]


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ["date", "sponsor", "amount", "currency", "school"]
    list_filter = ["sponsor", "currency"]
    search_fields = ["sponsor__name", "school__name", "note"]
    list_select_related = ["sponsor", "school"]
    date_hierarchy = "date"
    fields = ["sponsor", "date", "amount", "currency", "school", "note", "created_at", "updated_at"]

    def app_links(self, request, obj):
        if not can_manage_sponsors(request.user):
            return []
        url = reverse("sponsors:contribution-edit", args=[obj.pk])
        return [{"url": url, "label": _("Editar el aporte en la aplicación")}, sponsor_link(obj.sponsor_id)]


# --- Choosing schools: read-only here; the app's pages write through the services ----------------------
def app_link(name: str, pk: int, label) -> dict:
    return {"url": reverse(name, args=[pk]), "label": label}


class CandidateInline(WrittenByTheApp, admin.TabularInline):
    model = Candidate
    extra = 0
    fields = ["school", "poverty_quintile", "distance_km", "students", "withdrawn_at"]
    show_change_link = True


@admin.register(CandidateGroup)
class CandidateGroupAdmin(ReadOnlyAdmin):
    """Staff build and publish groups in the app (`/auspicio/gestion/candidatas/`)."""

    list_display = ["name", "region", "published_at"]
    list_filter = ["region", ("published_at", admin.EmptyFieldListFilter)]
    search_fields = ["name"]
    list_select_related = ["region"]
    fields = ["name", "region", "description", "internal_note", "published_at", "published_by", "created_by"]
    inlines = [CandidateInline]

    def app_links(self, request, obj):
        return [app_link("evaluations:candidate-group-detail", obj.pk, _("Abrir el grupo en la aplicación"))]


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ["school", "group", "poverty_quintile", "students", "withdrawn_at"]
    list_filter = ["group__region", "poverty_quintile", ("withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = ["school__name", "school__codigo_modular", "group__name"]
    list_select_related = ["school", "group"]
    fields = [
        "group",
        "school",
        "poverty_quintile",
        "poverty_rate",
        "distance_km",
        "distance_is_straight_line",
        "students",
        "students_year",
        "reading_satisfactory",
        "math_satisfactory",
        "results_year",
        "results_grade",
        "public_note",
        "added_by",
        "withdrawn_at",
    ]

    def app_links(self, request, obj):
        return [app_link("evaluations:candidate-edit", obj.pk, _("Editar sus cifras en la aplicación"))]


class SchoolRequestItemInline(WrittenByTheApp, admin.TabularInline):
    model = SchoolRequestItem
    extra = 0
    fields = ["school", "candidate", "outcome", "sponsorship"]


@admin.register(SchoolRequest)
class SchoolRequestAdmin(ReadOnlyAdmin):
    """Sponsors ask in the app; staff confirm or decline on the request's page there."""

    list_display = ["__str__", "sponsor", "status", "created_at", "decided_at"]
    list_filter = ["status", "sponsor"]
    search_fields = ["sponsor__name", "items__school__name", "items__school__codigo_modular"]
    list_select_related = ["sponsor"]
    fields = [
        "sponsor",
        "requested_by",
        "status",
        "message",
        "decided_by",
        "decided_at",
        "decision_note",
        "internal_note",
        "withdrawn_at",
        "start_year",
        "committed_amount",
        "currency",
        "client_uuid",
    ]
    inlines = [SchoolRequestItemInline]

    def app_links(self, request, obj):
        return [app_link("evaluations:school-request-detail", obj.pk, _("Abrir la solicitud en la aplicación"))]
