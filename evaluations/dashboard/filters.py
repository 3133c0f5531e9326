"""The filters every dashboard page takes, from the URL (bookmarkable), checked by django-filter.

period (2026-11 or 2026), region (INEI code), area (urban, peri-urban, rural), program year (1-5),
sponsor. A value the menus do not offer is ignored with a message next to its field: the page still
answers, with that filter off (never a server error). `DashboardFilter(request.GET, user=...)`:
`.qs` is the schools the filters keep (already scoped to the user), `.selected_period` the period they name.
"""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models import Network, SchoolMembership
from schools.models import Region, School, Sponsor, Sponsorship
from schools.selectors import schools_visible_to, sponsors_visible_to

from .period import default_period, parse_period, period_choices

PROGRAM_YEAR_CHOICES = [(str(n), _("Año %(n)s") % {"n": n}) for n in range(1, 6)]


class DashboardFilter(django_filters.FilterSet):
    period = django_filters.ChoiceFilter(label=_("Periodo"), method="keep_all", empty_label=None)
    region = django_filters.ModelChoiceFilter(
        label=_("Región"),
        field_name="district__province__region",
        to_field_name="code",
        queryset=Region.objects.filter(is_program_region=True).order_by("name"),
        empty_label=_("Todas las regiones"),
    )
    area = django_filters.ChoiceFilter(
        label=_("Área"), field_name="area_type", choices=School.AreaType.choices, empty_label=_("Todas las áreas")
    )
    program_year = django_filters.ChoiceFilter(
        label=_("Año del programa"),
        choices=PROGRAM_YEAR_CHOICES,
        method="in_program_year",
        empty_label=_("Todos los años"),
    )
    sponsor = django_filters.ModelChoiceFilter(
        label=_("Empresa auspiciadora"),
        queryset=Sponsor.objects.order_by("name"),
        method="funded_by",
        empty_label=_("Todas las empresas"),
    )

    class Meta:
        model = School
        fields = ["period", "region", "area", "program_year", "sponsor"]

    def __init__(self, data=None, *, user, today=None, **kwargs):
        self.user = user
        self.today = today or timezone.localdate()
        super().__init__(data, queryset=schools_visible_to(user), **kwargs)
        self.filters["period"].extra["choices"] = period_choices(self.today)
        self.filters["sponsor"].queryset = sponsors_visible_to(user).order_by("name")

    @property
    def applied(self) -> dict:
        """The filter values in force: only the good ones (the form drops a bad value, never an error)."""
        self.errors  # noqa: B018 -- validates the form, so cleaned_data holds only good values
        return self.form.cleaned_data if self.is_bound else {}

    @property
    def narrowed(self) -> bool:
        """Whether a filter other than the period and the sponsor keeps only part of the country."""
        return any(self.applied.get(name) for name in ("region", "area", "program_year"))

    def query(self, *, region: bool = True) -> dict[str, str]:
        """The applied filters as URL parameters, to carry into every link a page makes. `region=False`
        below the nation, where the page's own scope names the region."""
        applied, query = self.applied, {}
        if applied.get("period"):
            query["period"] = applied["period"]
        if region and applied.get("region"):
            query["region"] = applied["region"].code
        for name in ("area", "program_year"):
            if applied.get(name):
                query[name] = applied[name]
        if applied.get("sponsor"):
            query["sponsor"] = str(applied["sponsor"].pk)
        return query

    @property
    def selected_period(self):
        """The period the URL names, or this month when it names none (or one the menu lacks)."""
        return parse_period(self.applied.get("period"), self.today) or default_period(self.today)

    def keep_all(self, queryset, name, value):
        return queryset  # the period picks the figures' dates, not the schools

    def in_program_year(self, queryset, name, value):
        """Schools that belong, at the end of the period (or today), to a network in that program year."""
        on = self.selected_period.until
        networks = Network.objects.filter(cohort_start_year=on.year - int(value) + 1)
        members = SchoolMembership.objects.in_force_on(on).filter(network__in=networks).values("school_id")
        return queryset.filter(pk__in=members)

    def funded_by(self, queryset, name, value):
        """Schools the company sponsors in the period's year."""
        year = self.selected_period.year
        funded = Sponsorship.objects.in_force_in(year).filter(sponsor=value).values("school_id")
        return queryset.filter(pk__in=funded)
