"""The attention list: what needs someone's attention in the filtered scope, each section with its count,
its first rows and a link to all of them (`?seccion=`, paged by keyset). The rules are in
`evaluations.dashboard.attention`."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin, is_ipae_staff
from evaluations.dashboard.attention import SECTION_CHOICES, Context, attention_sections
from networks.selectors import summaries_as_of

from .map import dashboard_scope, with_query

MAX_DAYS = 3650


class AttentionForm(forms.Form):
    dias = forms.IntegerField(
        label=gettext_lazy("Sin visita en los últimos (días)"), required=False, min_value=1, max_value=MAX_DAYS
    )
    seccion = forms.ChoiceField(choices=SECTION_CHOICES, required=False)
    cursor = forms.CharField(required=False, max_length=500)


class AttentionView(PermissionGateMixin, TemplateView):
    """Every section of the attention list for the scope and filters in the URL; with `?seccion=`, one
    section with all its rows, a page at a time."""

    gate = staticmethod(is_ipae_staff)
    template_name = "evaluations/dashboard/attention.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        filterset, scope, query = dashboard_scope(request)
        form = AttentionForm(request.GET)
        form.is_valid()
        cleaned = form.cleaned_data
        default_days = settings.CEE_VISIT_OVERDUE_DAYS
        if "dias" in form.errors:
            messages.warning(
                request,
                _("El número de días debe estar entre 1 y %(max)s: se usan %(days)s días.")
                % {"max": MAX_DAYS, "days": default_days},
            )
        days = cleaned.get("dias") or default_days
        if "seccion" in form.errors:
            messages.warning(request, _("La sección indicada no existe: se muestran todas."))
        only = cleaned.get("seccion") or None
        filterset.errors  # noqa: B018 -- validates, so cleaned_data holds only the filters applied
        sponsor = filterset.form.cleaned_data.get("sponsor") if filterset.is_bound else None
        ctx = Context(
            user=request.user,
            schools=scope.schools(filterset),
            period=filterset.selected_period,
            today=timezone.localdate(),
            days=days,
            sponsor=sponsor,
        )
        sections = attention_sections(ctx, only=only, cursor=cleaned.get("cursor") or None)
        if days != default_days:
            query["dias"] = str(days)
        encoded = urlencode(query)
        # The school, region and map pages take the filters only (not this list's network or days).
        filters_only = urlencode({key: value for key, value in query.items() if key not in ("network", "dias")})
        without_days = {key: value for key, value in query.items() if key != "dias"}
        page_url = reverse("evaluations:attention")
        for section in sections:
            section.url = f"{page_url}?{urlencode({**query, 'seccion': section.key})}"
        context.update(
            filter=filterset,
            filter_form=filterset.form,
            days=days,
            scope=scope,
            period=ctx.period,
            as_of=summaries_as_of(),
            sections=sections,
            only=only,
            section=sections[0] if only else None,
            section_query=urlencode({**query, "seccion": only}) if only else "",
            query=encoded,
            suffix=f"?{filters_only}" if filters_only else "",
            all_url=with_query(page_url, encoded),
            map_url=with_query(reverse("evaluations:dashboard-map"), urlencode(without_days)),
        )
        return context
