from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Personal de IPAE")
    COORDINATOR = "coordinator", _("Coordinador(a) de red")
    SPONSOR = "sponsor", _("Empresa auspiciadora")
    ADMIN = "admin", _("Administrador(a)")


class User(AbstractUser):
    """A person who logs in. The role decides the home page and, with the scope selectors, what they see."""

    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.STAFF)
    sponsor = models.ForeignKey(
        "schools.Sponsor",
        verbose_name=_("empresa auspiciadora"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Solo para usuarios de una empresa auspiciadora."),
    )
    phone = models.CharField(_("teléfono"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="sponsor", sponsor__isnull=False) | (~Q(role="sponsor") & Q(sponsor__isnull=True))),
                name="user_sponsor_iff_sponsor_role",
                violation_error_message=_(
                    "Un usuario de empresa auspiciadora debe estar vinculado a una empresa, y solo él."
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
