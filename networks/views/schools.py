"""A school's page and a teacher's page: who they are and their visit history."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin, is_ipae_staff
from schools.selectors import schools_visible_to, teachers_visible_to

from .. import permissions, selectors
from .visits import filtered_visits


class SchoolDetailView(PermissionGateMixin, TemplateView):
    """A school: its network and year, its teachers, and its visit history filtered by period and kind."""

    gate = staticmethod(permissions.can_use_field_work)
    template_name = "networks/school_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        school = get_object_or_404(
            schools_visible_to(user).select_related("district__province__region"), pk=kwargs["pk"]
        )
        today = timezone.localdate()
        form, page, query = filtered_visits(self.request, school=school)
        last_visit_on = selectors.last_visit_on(user=user, school=school, today=today)
        days_since, is_overdue = selectors.visit_recency(last_visit_on, today)
        school.network = selectors.network_of(school, today)
        program_year = school.network.program_year_on(today) if school.network else None
        context.update(
            school=school,
            teachers=selectors.school_teachers(school),
            program_year=program_year,
            focus=selectors.program_year_focus(program_year),
            days_since=days_since,
            is_overdue=is_overdue,
            filter_form=form,
            page=page,
            query=query,
            can_log_visit=permissions.can_log_visit(user, school),
            family_meetings=selectors.school_family_meetings(user=user, school=school)[:20],
            # Staff read the full record (goals, results, workshops, sponsors) on the school's dashboard:
            # this app sits below evaluations and workshops and may not read them.
            can_see_record=is_ipae_staff(user),
        )
        return context


class TeacherDetailView(PermissionGateMixin, TemplateView):
    gate = staticmethod(permissions.can_use_field_work)
    template_name = "networks/teacher_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        teacher = get_object_or_404(teachers_visible_to(self.request.user).select_related("school"), pk=kwargs["pk"])
        form, page, query = filtered_visits(self.request, teacher=teacher)
        context.update(teacher=teacher, filter_form=form, page=page, query=query)
        return context
