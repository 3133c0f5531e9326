"""Network meetings (reuniones de red): the community tier of the program."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from core.validators import not_in_future, text_max_length

from .networks import Network


class NetworkMeeting(TimeStampedModel):
    """A reunión de red (community tier): who took part, by role, and what they decided."""

    client_uuid = models.UUIDField(_("identificador del envío"), default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(
        Network, verbose_name=_("red educativa"), on_delete=models.PROTECT, related_name="meetings"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinador(a)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network_meetings",
    )
    date = models.DateField(_("fecha"), validators=[not_in_future])
    directors = models.PositiveSmallIntegerField(_("directores"), default=0)
    teachers = models.PositiveSmallIntegerField(_("docentes"), default=0)
    parents = models.PositiveSmallIntegerField(_("padres de familia"), default=0)
    community_leaders = models.PositiveSmallIntegerField(_("líderes comunitarios"), default=0)
    local_organizations = models.PositiveSmallIntegerField(_("organizaciones locales"), default=0)
    decisions = models.TextField(_("decisiones"), blank=True, validators=[text_max_length()])
    agreements = models.TextField(_("acuerdos"), blank=True, validators=[text_max_length()])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reunión de red")
        verbose_name_plural = _("reuniones de red")
        ordering = ["-date"]
        indexes = [models.Index(fields=["network", "-date"], name="meeting_network_date_idx")]

    def __str__(self):
        return f"{self.network} · {self.date:%d/%m/%Y}"

    @property
    def participant_count(self) -> int:
        return self.directors + self.teachers + self.parents + self.community_leaders + self.local_organizations
