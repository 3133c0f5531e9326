"""IPAE staff's pages about sponsor companies (/auspiciadores/): the list, a company's page, its data,
agreements and contributions, and its people's accounts (invite, send again, deactivate, reactivate)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin
from core.forms import apply_service_errors

from .. import permissions, selectors, services
from ..forms import ContributionForm, SponsorForm, SponsorSearchForm, SponsorshipForm, SponsorUserInviteForm
from ..selectors import AccountStatus

PAGE_SIZE = 50


class StaffGateMixin(PermissionGateMixin):
    gate = staticmethod(permissions.can_manage_sponsors)


def _sponsor(request, pk):
    return get_object_or_404(selectors.sponsors_visible_to(request.user), pk=pk)


class SponsorListView(StaffGateMixin, TemplateView):
    """Every company with this year's schools, accounts and money, searchable by name or RUC."""

    template_name = "schools/sponsor_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search_form = SponsorSearchForm(self.request.GET)
        search = search_form.cleaned_data["q"].strip() if search_form.is_valid() else ""
        year = timezone.localdate().year
        sponsors = selectors.sponsor_list(user=self.request.user, year=year, search=search)
        page = Paginator(sponsors, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = urlencode({"q": search}) if search else ""
        context.update(page=page, year=year, search_form=search_form, search=search, query=query)
        return context


class SponsorDetailView(StaffGateMixin, TemplateView):
    """A company: its data, its people's accounts with their status, its agreements and its contributions."""

    template_name = "schools/sponsor_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        sponsor = _sponsor(self.request, kwargs["pk"])
        year = timezone.localdate().year
        sponsorships = selectors.sponsor_sponsorships(user=user, sponsor=sponsor, year=year)
        contributions = list(selectors.sponsor_contributions(user=user, sponsor=sponsor))
        accounts = selectors.sponsor_accounts(user=user, sponsor=sponsor)
        for link in accounts:
            link.can_manage = permissions.can_manage_sponsor_user(user, link)
        in_force = [row for row in sponsorships if row.in_force]
        this_year = [row for row in contributions if row.date.year == year]
        context.update(
            sponsor=sponsor,
            year=year,
            accounts=accounts,
            active_accounts=sum(link.status == AccountStatus.ACTIVE for link in accounts),
            pending_accounts=sum(link.status == AccountStatus.PENDING for link in accounts),
            statuses=AccountStatus,
            sponsorships=sponsorships,
            contributions=contributions,
            schools_this_year=len({row.school_id for row in in_force}),
            committed_this_year=selectors.money_totals(in_force, amount="committed_amount"),
            received_this_year=selectors.money_totals(this_year, amount="amount"),
            committed_total=selectors.money_totals(sponsorships, amount="committed_amount"),
            received_total=selectors.money_totals(contributions, amount="amount"),
        )
        return context


class _FormPage(StaffGateMixin, View):
    """GET shows the form; POST parses it and calls the service; errors go next to their fields (400)."""

    template_name = ""
    title = ""
    button = ""

    def render_form(self, form, status=200, **context):
        context = {"form": form, "title": self.title, "button": self.button, **context}
        return render(self.request, self.template_name, context, status=status)

    def save(self, form, **objects):
        """Call the service with the form's data; returns the URL to go to."""
        raise NotImplementedError

    def handle(self, form, success_message, **objects):
        if form.is_valid():
            try:
                url = self.save(form, **objects)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                text = success_message(form) if callable(success_message) else success_message
                messages.success(self.request, text)
                return redirect(url)
        return self.render_form(form, status=400, **objects)


def _sponsor_data(form) -> dict:
    data = form.cleaned_data
    fields = ("name", "ruc", "sector", "contact_name", "contact_email")
    return {name: data[name] for name in fields}


class SponsorCreateView(_FormPage):
    template_name = "schools/sponsor_form.html"

    def get(self, request):
        return self.render_form(SponsorForm())

    def post(self, request):
        return self.handle(SponsorForm(request.POST), _("Empresa registrada."))

    def save(self, form):
        sponsor = services.sponsor_create(user=self.request.user, **_sponsor_data(form))
        return sponsor.get_absolute_url()


class SponsorEditView(_FormPage):
    template_name = "schools/sponsor_form.html"

    def get(self, request, pk):
        sponsor = _sponsor(request, pk)
        initial = {name: getattr(sponsor, name) for name in ("name", "ruc", "sector", "contact_name", "contact_email")}
        return self.render_form(SponsorForm(initial=initial), sponsor=sponsor)

    def post(self, request, pk):
        sponsor = _sponsor(request, pk)
        return self.handle(SponsorForm(request.POST), _("Datos de la empresa guardados."), sponsor=sponsor)

    def save(self, form, sponsor):
        sponsor = services.sponsor_update(user=self.request.user, sponsor=sponsor, **_sponsor_data(form))
        return sponsor.get_absolute_url()


SPONSORSHIP_FIELDS = ("start_year", "end_year", "committed_amount", "currency")


def _sponsorship_data(form) -> dict:
    return {name: form.cleaned_data[name] for name in SPONSORSHIP_FIELDS}


class SponsorshipCreateView(_FormPage):
    template_name = "schools/sponsorship_form.html"

    def get(self, request, pk):
        return self.render_form(SponsorshipForm(), sponsor=_sponsor(request, pk))

    def post(self, request, pk):
        sponsor = _sponsor(request, pk)
        return self.handle(SponsorshipForm(request.POST), _("Convenio registrado."), sponsor=sponsor)

    def save(self, form, sponsor):
        services.sponsorship_create(
            user=self.request.user, sponsor=sponsor, school=form.cleaned_data["school"], **_sponsorship_data(form)
        )
        return sponsor.get_absolute_url()


class SponsorshipEditView(_FormPage):
    template_name = "schools/sponsorship_form.html"

    def _sponsorship(self, pk):
        queryset = selectors.sponsorships_visible_to(self.request.user).select_related("sponsor", "school")
        return get_object_or_404(queryset, pk=pk)

    def get(self, request, pk):
        sponsorship = self._sponsorship(pk)
        initial = {name: getattr(sponsorship, name) for name in SPONSORSHIP_FIELDS}
        form = SponsorshipForm(initial=initial, with_school=False)
        return self.render_form(form, sponsor=sponsorship.sponsor, sponsorship=sponsorship)

    def post(self, request, pk):
        sponsorship = self._sponsorship(pk)
        form = SponsorshipForm(request.POST, with_school=False)
        return self.handle(form, _("Convenio guardado."), sponsor=sponsorship.sponsor, sponsorship=sponsorship)

    def save(self, form, sponsor, sponsorship):
        services.sponsorship_update(user=self.request.user, sponsorship=sponsorship, **_sponsorship_data(form))
        return sponsor.get_absolute_url()


def _contribution_data(form) -> dict:
    data = form.cleaned_data
    return {name: data[name] for name in ("date", "amount", "currency", "school", "note")}


class ContributionCreateView(_FormPage):
    template_name = "schools/contribution_form.html"

    def get(self, request, pk):
        sponsor = _sponsor(request, pk)
        return self.render_form(ContributionForm(schools=selectors.sponsored_schools(sponsor)), sponsor=sponsor)

    def post(self, request, pk):
        sponsor = _sponsor(request, pk)
        form = ContributionForm(request.POST, schools=selectors.sponsored_schools(sponsor))
        return self.handle(form, _("Aporte registrado."), sponsor=sponsor)

    def save(self, form, sponsor):
        services.contribution_create(user=self.request.user, sponsor=sponsor, **_contribution_data(form))
        return sponsor.get_absolute_url()


class ContributionEditView(_FormPage):
    template_name = "schools/contribution_form.html"

    def _contribution(self, pk):
        queryset = selectors.contributions_visible_to(self.request.user).select_related("sponsor", "school")
        return get_object_or_404(queryset, pk=pk)

    def get(self, request, pk):
        contribution = self._contribution(pk)
        initial = {name: getattr(contribution, name) for name in ("date", "amount", "currency", "school", "note")}
        form = ContributionForm(initial=initial, schools=selectors.sponsored_schools(contribution.sponsor))
        return self.render_form(form, sponsor=contribution.sponsor, contribution=contribution)

    def post(self, request, pk):
        contribution = self._contribution(pk)
        form = ContributionForm(request.POST, schools=selectors.sponsored_schools(contribution.sponsor))
        return self.handle(form, _("Aporte guardado."), sponsor=contribution.sponsor, contribution=contribution)

    def save(self, form, sponsor, contribution):
        services.contribution_update(user=self.request.user, contribution=contribution, **_contribution_data(form))
        return sponsor.get_absolute_url()


def invitation_sent_message(form) -> str:
    return _("Invitación enviada a %(email)s.") % {"email": form.cleaned_data["email"]}


class SponsorUserInviteView(_FormPage):
    template_name = "schools/sponsor_user_invite.html"

    def render_form(self, form, status=200, **context):
        days = settings.PASSWORD_RESET_TIMEOUT // 86400
        return super().render_form(form, status=status, days=days, **context)

    def get(self, request, pk):
        return self.render_form(SponsorUserInviteForm(), sponsor=_sponsor(request, pk))

    def post(self, request, pk):
        sponsor = _sponsor(request, pk)
        form = SponsorUserInviteForm(request.POST)
        return self.handle(form, invitation_sent_message, sponsor=sponsor)

    def save(self, form, sponsor):
        data = form.cleaned_data
        services.sponsor_user_invite(
            user=self.request.user,
            sponsor=sponsor,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
        )
        return sponsor.get_absolute_url()


class _AccountAction(StaffGateMixin, View):
    """An action on one account of a company: 404 outside the person's scope, 403 for an account they
    may not manage (schools.permissions.can_manage_sponsor_user)."""

    def link(self, pk):
        queryset = selectors.sponsor_users_visible_to(self.request.user).select_related("user", "sponsor")
        link = get_object_or_404(queryset, pk=pk)
        if not permissions.can_manage_sponsor_user(self.request.user, link):
            raise PermissionDenied
        return link

    def act(self, link, success_message, service):
        try:
            service(user=self.request.user, link=link)
        except ValidationError as error:
            for text in error.messages:
                messages.error(self.request, text)
        else:
            messages.success(self.request, success_message)
        return redirect(link.sponsor.get_absolute_url())


class SponsorUserResendView(_AccountAction):
    http_method_names = ["post"]

    def post(self, request, pk):
        link = self.link(pk)
        message = _("Invitación enviada de nuevo a %(email)s. El enlace anterior ya no sirve.") % {
            "email": link.user.email
        }
        return self.act(link, message, services.sponsor_user_invitation_resend)


class SponsorUserDeactivateView(_AccountAction):
    """GET asks to confirm; POST deactivates the account and ends its sessions."""

    def get(self, request, pk):
        link = self.link(pk)
        return render(request, "schools/sponsor_user_deactivate.html", {"link": link, "sponsor": link.sponsor})

    def post(self, request, pk):
        link = self.link(pk)
        message = _("%(name)s ya no puede ingresar: su cuenta quedó desactivada y sus sesiones se cerraron.") % {
            "name": link.user
        }
        return self.act(link, message, services.sponsor_user_deactivate)


class SponsorUserReactivateView(_AccountAction):
    http_method_names = ["post"]

    def post(self, request, pk):
        link = self.link(pk)
        message = _("%(name)s puede ingresar de nuevo.") % {"name": link.user}
        return self.act(link, message, services.sponsor_user_reactivate)
