"""Writes about sponsor companies: their data, agreements (sponsorships), money given (contributions)
and the accounts their people sign in with (invited by email, deactivated, reactivated).

IPAE staff and administrators only (schools.permissions). Every service takes the acting user, checks
the predicate, runs in a transaction, calls `full_clean()` and raises ValidationError or PermissionDenied.
The data admin shows these rows read-only and links here: these services are their one write path.
"""

import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.services import user_deactivate, user_reactivate
from accounts.tokens import invitation_expiry, invitation_url

from .. import permissions
from ..models import Contribution, School, Sponsor, Sponsorship, SponsorUser

logger = logging.getLogger(__name__)


def _check_may_manage(user) -> None:
    if not permissions.can_manage_sponsors(user):
        raise PermissionDenied


def _save(obj, message: str) -> None:
    """Save after full_clean(); a race past the checks (two equal saves at once) becomes a clear error."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        raise ValidationError(message) from error


# --- Companies -----------------------------------------------------------------------------------
def _sponsor_check(sponsor: Sponsor) -> None:
    """The model's rules (RUC with SUNAT's check digit, unique RUC and name), and a name unique whatever
    its capitals ("Minera Sur S.A." and "MINERA SUR S.A." are one company)."""
    errors = {}
    try:
        sponsor.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    same_name = Sponsor.objects.filter(name__iexact=sponsor.name).exclude(pk=sponsor.pk)
    if sponsor.name and "name" not in errors and same_name.exists():
        errors["name"] = [_("Ya existe una empresa con esta razón social.")]
    if errors:
        raise ValidationError(errors)


def sponsor_create(
    *, user, name: str, ruc: str, sector: str, contact_name: str = "", contact_email: str = ""
) -> Sponsor:
    """Staff register a company (razón social, RUC, sector, contact)."""
    _check_may_manage(user)
    sponsor = Sponsor(
        name=name.strip(),
        ruc=ruc.strip(),
        sector=sector,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
    )
    with transaction.atomic():
        _sponsor_check(sponsor)
        _save(sponsor, _("Ya existe una empresa con esta razón social o este RUC."))
    return sponsor


def sponsor_update(
    *, user, sponsor: Sponsor, name: str, ruc: str, sector: str, contact_name: str = "", contact_email: str = ""
) -> Sponsor:
    """Staff correct a company's data (same rules as when it was registered)."""
    _check_may_manage(user)
    with transaction.atomic():
        sponsor = Sponsor.objects.select_for_update().get(pk=sponsor.pk)
        sponsor.name, sponsor.ruc, sponsor.sector = name.strip(), ruc.strip(), sector
        sponsor.contact_name, sponsor.contact_email = contact_name.strip(), contact_email.strip()
        _sponsor_check(sponsor)
        _save(sponsor, _("Ya existe una empresa con esta razón social o este RUC."))
    return sponsor


# --- Agreements ------------------------------------------------------------------------------------
def _sponsorship_check(sponsorship: Sponsorship) -> None:
    """The model's rules (years 2000-2100, end not before start, amount not negative, one agreement per
    company, school and start year) and, across rows, no two agreements of one company with one school
    in the same school year (the money would count twice)."""
    sponsorship.full_clean()  # clean() fills in the end year: five school years from the start
    overlapping = (
        Sponsorship.objects.filter(sponsor=sponsorship.sponsor_id, school=sponsorship.school_id)
        .filter(start_year__lte=sponsorship.end_year)
        .filter(Q(end_year__isnull=True) | Q(end_year__gte=sponsorship.start_year))
        .exclude(pk=sponsorship.pk)
        .order_by("start_year")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "start_year": _(
                    "Esta empresa ya tiene un convenio con esta institución de %(start)s a %(end)s: "
                    "los años no pueden superponerse."
                )
                % {"start": overlapping.start_year, "end": overlapping.end_year}
            }
        )


def sponsorship_create(
    *,
    user,
    sponsor: Sponsor,
    school: School,
    start_year: int,
    committed_amount: Decimal,
    currency: str,
    end_year: int | None = None,
) -> Sponsorship:
    """Staff record a company's agreement (convenio) to fund a school from start_year to end_year
    (five school years when no end is given) for the amount committed, in soles or dollars."""
    _check_may_manage(user)
    sponsorship = Sponsorship(
        sponsor=sponsor,
        school=school,
        start_year=start_year,
        end_year=end_year,
        committed_amount=committed_amount,
        currency=currency,
    )
    with transaction.atomic():
        # One agreement at a time per company and school: a second request waits for the first.
        Sponsor.objects.select_for_update().get(pk=sponsor.pk)
        _sponsorship_check(sponsorship)
        _save(sponsorship, _("Esta empresa ya tiene un convenio con esta institución desde ese año."))
    return sponsorship


def sponsorship_update(
    *,
    user,
    sponsorship: Sponsorship,
    start_year: int,
    committed_amount: Decimal,
    currency: str,
    end_year: int | None = None,
) -> Sponsorship:
    """Staff correct an agreement's years, amount or currency (its company and school stay)."""
    _check_may_manage(user)
    with transaction.atomic():
        Sponsor.objects.select_for_update().get(pk=sponsorship.sponsor_id)
        sponsorship = Sponsorship.objects.select_for_update().get(pk=sponsorship.pk)
        sponsorship.start_year, sponsorship.end_year = start_year, end_year
        sponsorship.committed_amount, sponsorship.currency = committed_amount, currency
        _sponsorship_check(sponsorship)
        _save(sponsorship, _("Esta empresa ya tiene un convenio con esta institución desde ese año."))
    return sponsorship


# --- Money given -----------------------------------------------------------------------------------
def _contribution_check(contribution: Contribution) -> None:
    """The model's rules (a date from 2000 to today, an amount above zero) and, when a school is named,
    one that the company sponsors (an agreement with it, any years)."""
    errors = {}
    try:
        contribution.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if (
        contribution.school_id
        and not Sponsorship.objects.filter(sponsor=contribution.sponsor_id, school=contribution.school_id).exists()
    ):
        errors.setdefault("school", []).append(_("Esta empresa no tiene un convenio con esa institución."))
    if errors:
        raise ValidationError(errors)


def contribution_create(
    *,
    user,
    sponsor: Sponsor,
    date,
    amount: Decimal,
    currency: str,
    school: School | None = None,
    note: str = "",
) -> Contribution:
    """Staff record money a company gave (aporte), to its work in general or to one of its schools."""
    _check_may_manage(user)
    contribution = Contribution(
        sponsor=sponsor, date=date, amount=amount, currency=currency, school=school, note=note.strip()
    )
    with transaction.atomic():
        _contribution_check(contribution)
        contribution.save()
    return contribution


def contribution_update(
    *,
    user,
    contribution: Contribution,
    date,
    amount: Decimal,
    currency: str,
    school: School | None = None,
    note: str = "",
) -> Contribution:
    """Staff correct a contribution (its company stays)."""
    _check_may_manage(user)
    with transaction.atomic():
        contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
        contribution.date, contribution.amount, contribution.currency = date, amount, currency
        contribution.school, contribution.note = school, note.strip()
        _contribution_check(contribution)
        contribution.save()
    return contribution


# --- The company's accounts --------------------------------------------------------------------------
def _send_invitation(link: SponsorUser) -> None:
    """Email the invitation link. A failed send raises, so the caller's transaction (the account, the
    new link) is undone and staff see that nothing was sent."""
    account = link.user
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "person": account,
            "sponsor": link.sponsor,
            "invited_by": link.invited_by,
            "link": invitation_url(account),
            "expires_at": invitation_expiry(link.invited_at),
            "login_url": settings.CEE_SITE_URL.rstrip("/") + reverse("accounts:login"),
        }
        subject = _("Invitación a cee · %(sponsor)s") % {"sponsor": link.sponsor.name}
        body = render_to_string("emails/sponsor_invitation.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [account.email])
    except Exception as error:
        logger.exception("sponsor invitation: sending to user %s failed", account.pk)
        raise ValidationError(
            _("No se pudo enviar el correo de invitación. Inténtelo de nuevo en unos minutos."), code="mail_failed"
        ) from error


def sponsor_user_invite(*, user, sponsor: Sponsor, first_name: str, last_name: str, email: str) -> SponsorUser:
    """Staff invite a person of a company: a new account (role sponsor, signed in with the email
    address as user name, no password yet) linked to the company, and an email with a link to set the
    password (accounts.tokens). Who invited and when are kept on the link.

    The address may not belong to any account already (compared without capitals). If the email cannot
    be sent, nothing is saved.
    """
    _check_may_manage(user)
    first_name, last_name, email = first_name.strip(), last_name.strip(), email.strip()
    errors = {}
    if not first_name:
        errors["first_name"] = [_("Escriba el nombre.")]
    if not last_name:
        errors["last_name"] = [_("Escriba los apellidos.")]
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Escriba un correo electrónico válido (por ejemplo, nombre@empresa.com.pe).")]
    else:
        email = User.objects.normalize_email(email)
        if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            errors["email"] = [_("Ya existe una cuenta con este correo electrónico.")]
    if errors:
        raise ValidationError(errors)

    account = User(
        username=email.lower(),
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=Role.SPONSOR,
        is_staff=False,
    )
    account.set_unusable_password()
    try:
        account.full_clean(exclude=["password"])
    except ValidationError as error:
        # The user name is the address: its errors are the address's.
        found = error.update_error_dict({})
        if "username" in found:
            found.pop("username")
            found.setdefault("email", []).append(
                _("Este correo no puede usarse como nombre de usuario: use solo letras, números y @ . + - _")
            )
        raise ValidationError(found) from error
    with transaction.atomic():
        _save(account, _("Ya existe una cuenta con este correo electrónico."))
        link = SponsorUser(user=account, sponsor=sponsor, invited_by=user, invited_at=timezone.now())
        link.full_clean()
        link.save()
        _send_invitation(link)
    return link


def _check_may_manage_account(user, link: SponsorUser) -> None:
    if not permissions.can_manage_sponsor_user(user, link):
        raise PermissionDenied


def sponsor_user_invitation_resend(*, user, link: SponsorUser) -> SponsorUser:
    """Send the invitation again to someone who has not set a password yet. The earlier links stop
    working (a new unusable password changes what the token signs); the link records who sent it now."""
    _check_may_manage_account(user, link)
    with transaction.atomic():
        link = SponsorUser.objects.select_for_update().select_related("sponsor").get(pk=link.pk)
        account = User.objects.select_for_update().get(pk=link.user_id)
        if not account.is_active:
            raise ValidationError(
                _("La cuenta está desactivada: vuelva a activarla antes de reenviar la invitación."),
                code="inactive",
            )
        if account.has_usable_password():
            raise ValidationError(
                _("Esta persona ya creó su contraseña: no necesita otra invitación."), code="accepted"
            )
        account.set_unusable_password()
        account.save(update_fields=["password", "updated_at"])
        link.user = account
        link.invited_by, link.invited_at = user, timezone.now()
        link.save(update_fields=["invited_by", "invited_at", "updated_at"])
        _send_invitation(link)
    return link


def sponsor_user_deactivate(*, user, link: SponsorUser) -> int:
    """The person may no longer sign in and their open sessions end at once; returns how many ended.
    Records who did it and when (doing it again keeps the first record)."""
    _check_may_manage_account(user, link)
    with transaction.atomic():
        link = SponsorUser.objects.select_for_update().get(pk=link.pk)
        ended = user_deactivate(actor=user, user=link.user)
        if link.deactivated_at is None:
            link.deactivated_by, link.deactivated_at = user, timezone.now()
            link.save(update_fields=["deactivated_by", "deactivated_at", "updated_at"])
    return ended


def sponsor_user_reactivate(*, user, link: SponsorUser) -> SponsorUser:
    """The person may sign in again with their password (if they never set one, send a new invitation)."""
    _check_may_manage_account(user, link)
    with transaction.atomic():
        link = SponsorUser.objects.select_for_update().get(pk=link.pk)
        user_reactivate(actor=user, user=link.user)
        link.deactivated_by, link.deactivated_at = None, None
        link.save(update_fields=["deactivated_by", "deactivated_at", "updated_at"])
    return link
