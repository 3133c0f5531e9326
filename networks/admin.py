"""The data admin for networks and field work.

Visits (with their scores and photos), photos' consent and approval, and coordinator assignments are
shown here but written only by the app's pages, through the services: a change made here would skip
their rules (a visit's version, so an older form would silently overwrite a correction; the recorded
consent; one coordinator at a time). Their change pages link to the app's page that makes the change.
Meetings are corrected here, through their service.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import AppLinksAdmin, HistoryAdmin, ReadOnlyAdmin, WrittenByTheApp

from .forms import PhotoApproveForm
from .models import (
    Competency,
    CoordinatorAssignment,
    CurriculumYear,
    FamilyMeeting,
    Network,
    NetworkMeeting,
    SchoolMembership,
    Visit,
    VisitPhoto,
    VisitScore,
)
from .permissions import (
    can_approve_photo,
    can_correct_meeting,
    can_edit_curriculum,
    can_edit_visit,
    can_manage_networks,
    can_update_family_meeting,
)
from .services.meetings import EDITABLE_FIELDS as MEETING_FIELDS
from .services.meetings import meeting_check, meeting_update


def reassign_link(network_id) -> dict:
    url = reverse("networks:network-reassign", args=[network_id])
    return {"url": url, "label": _("Cambiar de coordinador(a) en la aplicación")}


class CompetencyInline(WrittenByTheApp, admin.TabularInline):
    model = Competency
    extra = 0
    fields = ["order", "name_es", "name_en", "is_active"]


def curriculum_link(number) -> dict:
    return {"url": reverse("networks:curriculum-edit", args=[number]), "label": _("Editar en la aplicación")}


@admin.register(CurriculumYear)
class CurriculumYearAdmin(ReadOnlyAdmin):
    """Read-only here: staff edit the curriculum in the app, which asks the reason and keeps the history."""

    list_display = ["number", "focus_es", "focus_en"]
    search_fields = ["focus_es", "focus_en"]
    inlines = [CompetencyInline]
    fields = [
        "number",
        "focus_es",
        "focus_en",
        "description_es",
        "description_en",
        "coordinator_tasks_es",
        "coordinator_tasks_en",
        "school_tasks_es",
        "school_tasks_en",
    ]

    def app_links(self, request, obj):
        return [curriculum_link(obj.number)] if can_edit_curriculum(request.user) else []


@admin.register(Competency)
class CompetencyAdmin(ReadOnlyAdmin):
    list_display = ["year", "order", "name_es", "is_active"]
    list_filter = ["year", "is_active"]
    search_fields = ["name_es", "name_en"]
    fields = ["year", "order", "name_es", "name_en", "is_active"]

    def app_links(self, request, obj):
        return [curriculum_link(obj.year.number)] if can_edit_curriculum(request.user) else []


class AssignmentInline(WrittenByTheApp, admin.TabularInline):
    model = CoordinatorAssignment
    extra = 0
    fields = ["coordinator", "starts_on", "ends_on"]


class MembershipInline(admin.TabularInline):
    """The schools of a network, with the dates they joined and left it."""

    model = SchoolMembership
    extra = 0
    autocomplete_fields = ["school"]
    fields = ["school", "joined_on", "left_on"]


@admin.register(SchoolMembership)
class SchoolMembershipAdmin(HistoryAdmin):
    list_display = ["school", "network", "joined_on", "left_on"]
    list_filter = ["network__region", ("left_on", admin.EmptyFieldListFilter)]
    search_fields = ["school__name", "school__codigo_modular", "network__name"]
    list_select_related = ["school", "network"]
    autocomplete_fields = ["school", "network"]
    date_hierarchy = "joined_on"


@admin.register(Network)
class NetworkAdmin(AppLinksAdmin):
    list_display = ["name", "region", "cohort_start_year"]
    list_filter = ["region", "cohort_start_year"]
    search_fields = ["name", "region__name"]
    list_select_related = ["region"]
    inlines = [AssignmentInline, MembershipInline]
    app_notice = _(
        "Los coordinadores de la red se cambian en la aplicación (botón de arriba), que cierra la asignación anterior."
    )

    def app_links(self, request, obj):
        return [reassign_link(obj.pk)] if can_manage_networks(request.user) else []


@admin.register(CoordinatorAssignment)
class CoordinatorAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["network", "coordinator", "starts_on", "ends_on"]
    list_filter = ["network__region"]
    search_fields = ["network__name", "coordinator__username", "coordinator__last_name"]
    list_select_related = ["network", "coordinator"]
    fields = ["network", "coordinator", "starts_on", "ends_on", "created_at", "updated_at"]

    def app_links(self, request, obj):
        return [reassign_link(obj.network_id)] if can_manage_networks(request.user) else []


def photo_link(photo):
    """Photos are private: the admin links to the scoped view that serves them, never to a file URL."""
    url = reverse("networks:visit-photo", args=[photo.pk])
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Ver foto"))


class VisitScoreInline(WrittenByTheApp, admin.TabularInline):
    model = VisitScore
    extra = 0
    fields = ["competency", "score"]


class VisitPhotoInline(WrittenByTheApp, admin.TabularInline):
    model = VisitPhoto
    extra = 0
    fields = ["photo_link", "width", "height", "consent_recorded", "approved_at", "approved_by"]
    readonly_fields = ["photo_link"]
    show_change_link = True  # the photo's own page has the approval form

    @admin.display(description=_("foto"))
    def photo_link(self, photo):
        return photo_link(photo)


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "school", "teacher", "coordinator", "program_year"]
    list_filter = ["kind", "program_year", "school__district__province__region"]
    search_fields = ["school__name", "school__codigo_modular", "teacher__last_name", "coordinator__username"]
    list_select_related = ["school", "teacher", "coordinator"]
    date_hierarchy = "date"
    fields = [
        "date",
        "kind",
        "school",
        "teacher",
        "coordinator",
        "program_year",
        "duration_minutes",
        "observations",
        "agreements",
        "follow_up_on",
        "latitude",
        "longitude",
        "version",
        "client_uuid",
        "created_at",
        "updated_at",
    ]
    inlines = [VisitScoreInline, VisitPhotoInline]

    def app_links(self, request, obj):
        if not can_edit_visit(request.user, obj):
            return []
        url = reverse("networks:visit-edit", args=[obj.pk])
        return [{"url": url, "label": _("Corregir la visita en la aplicación")}]


@admin.register(VisitPhoto)
class VisitPhotoAdmin(ReadOnlyAdmin):
    list_display = ["visit", "created_at", "consent_recorded", "approved_at", "approved_by"]
    list_filter = ["consent_recorded", ("approved_at", admin.EmptyFieldListFilter)]
    search_fields = ["visit__school__name", "visit__school__codigo_modular"]
    list_select_related = ["visit__school", "approved_by"]
    fields = [
        "visit",
        "photo_link",
        "width",
        "height",
        "size_bytes",
        "consent_recorded",
        "approved_at",
        "approved_by",
        "story_note",
    ]
    app_notice = _(
        "Aquí solo se consulta: la foto se aprueba en la aplicación, registrando el consentimiento de los padres."
    )

    @admin.display(description=_("foto"))
    def photo_link(self, photo):
        return photo_link(photo)

    def app_links(self, request, obj):
        if obj.is_approved or not can_approve_photo(request.user):
            return []
        return [{"url": reverse("networks:photo-list"), "label": _("Fotos por aprobar en la aplicación")}]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not obj.is_approved and can_approve_photo(request.user):
            # The app's approval form: it posts to the app (the photo_approve service) and comes back here.
            action = reverse("networks:photo-approve", args=[obj.pk])
            context["approval"] = {"action": action, "next": request.path, "form": PhotoApproveForm()}
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


class NetworkMeetingAdminForm(forms.ModelForm):
    """The admin's meeting form, held to the same rules as the service that saves it."""

    def _post_clean(self):
        super()._post_clean()
        try:
            meeting_check(self.instance)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(NetworkMeeting)
class NetworkMeetingAdmin(HistoryAdmin):
    """Staff correct a meeting here, through `meeting_update` (history kept); coordinators log them in the app."""

    form = NetworkMeetingAdminForm
    list_display = ["date", "network", "coordinator", "directors", "teachers", "parents"]
    list_filter = ["network__region"]
    search_fields = ["network__name", "decisions", "agreements"]
    list_select_related = ["network", "coordinator"]
    date_hierarchy = "date"
    readonly_fields = ["client_uuid", "network", "coordinator"]

    def has_add_permission(self, request):
        return False  # a meeting is logged once, by its coordinator, with the form's submission id

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_correct_meeting(request.user)

    def save_model(self, request, obj, form, change):
        changes = {name: getattr(obj, name) for name in MEETING_FIELDS}
        meeting_update(user=request.user, meeting=obj, **changes)


@admin.register(FamilyMeeting)
class FamilyMeetingAdmin(ReadOnlyAdmin):
    """Read-only here: coordinators record these meetings and follow them up in the app (with its rules)."""

    fields = [
        "school",
        "coordinator",
        "kind",
        "date",
        "problem",
        "agreed_at_home",
        "agreed_at_school",
        "parents",
        "teachers",
        "follow_up_by",
        "follow_up_on",
        "resolved_on",
        "resolution",
        "version",
    ]
    list_display = ["date", "school", "kind", "coordinator", "follow_up_on", "resolved_on"]
    list_filter = ["kind", ("resolved_on", admin.EmptyFieldListFilter), "school__district__province__region"]
    search_fields = ["school__name", "school__codigo_modular", "problem"]
    list_select_related = ["school", "coordinator"]
    date_hierarchy = "date"

    def app_links(self, request, obj):
        if not can_update_family_meeting(request.user, obj):
            return []
        url = reverse("networks:family-meeting-edit", args=[obj.pk])
        return [{"url": url, "label": _("Registrar el seguimiento en la aplicación")}]
