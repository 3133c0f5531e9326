from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class Role(models.TextChoices):
    STAFF = "staff", _("Personal de IPAE")
    COORDINATOR = "coordinator", _("Coordinador(a) de red")
    SPONSOR = "sponsor", _("Empresa auspiciadora")
    ADMIN = "admin", _("Administrador(a)")


class UserManager(DjangoUserManager):
    """Django's manager, except that a superuser is an administrator (role admin), as the database demands."""

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        if extra_fields["role"] != Role.ADMIN:
            raise ValueError("A superuser must have the role admin.")
        return super().create_superuser(username, email, password, **extra_fields)


class User(TimeStampedModel, AbstractUser):
    """A person who logs in. The role decides the home page and, with the scope selectors, what they see.

    A sponsor user's company is the schools app's SponsorUser link (accounts stay below schools).
    """

    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.STAFF)
    phone = models.CharField(_("teléfono"), max_length=20, blank=True)
    objects = UserManager()

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
        ordering = ["username"]
        constraints = [
            # The flags that reach past the roles follow them, so the data itself holds no escalation:
            # all permissions only for an administrator, the data admin only for IPAE staff and administrators.
            models.CheckConstraint(
                condition=Q(is_superuser=False) | Q(role=Role.ADMIN),
                name="user_superuser_only_admin_role",
                violation_error_message=_("Solo un usuario con el rol administrador(a) puede ser superusuario."),
            ),
            models.CheckConstraint(
                condition=Q(is_staff=False) | Q(role__in=[Role.STAFF, Role.ADMIN]),
                name="user_admin_access_only_ipae_roles",
                violation_error_message=_(
                    "Solo el personal de IPAE y los administradores pueden entrar al administrador de datos."
                ),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_ipae_staff(self) -> bool:
        return self.role in (Role.STAFF, Role.ADMIN) or self.is_superuser

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_sponsor_user(self) -> bool:
        return self.role == Role.SPONSOR


class UserSession(AbstractBaseSession):
    """A login session, as Django's database sessions keep it, plus the account it is signed in to.

    The account is read from the session's data each time the session is saved (accounts.sessions), so
    every session of a person can be found, and ended, by a plain query: deactivating an account ends its
    sessions at once. Sessions without a login (before signing in) have no account.
    """

    user = models.ForeignKey(
        User,
        verbose_name=_("usuario"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("sesión")
        verbose_name_plural = _("sesiones")

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
