"""The disclosure board (公开栏, R-DLB-2 "made public", R-DLB-4 resolutions, R-PB-2 results):
what a community publishes to its residents, kept at a territory node and read by everyone
standing at or below it (``ScopedQuerySet.public_to``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.scope import ScopedQuerySet


class PublicationKind(models.TextChoices):
    TOPIC = "topic", _("Topic")
    DECISION = "decision", _("Decision")
    OUTCOME = "outcome", _("Outcome")
    RESOLUTION = "resolution", _("Resolution")
    PB_RESULT = "pb_result", _("Micro-project results")
    PB_ACCEPTANCE = "pb_acceptance", _("Micro-project acceptance")
    NOTICE = "notice", _("Notice")


class Publication(models.Model):
    """One posting; append-only (a correction is a new posting). ``subject`` names what it
    is about as ``app_label.model:pk`` so a page can link back."""

    scope_path = "node__path"

    node = models.ForeignKey(
        "territory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PublicationKind.choices)
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("text"), blank=True)
    subject = models.CharField(_("about"), max_length=60, blank=True, db_index=True)
    url = models.CharField(_("link"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published"), db_index=True)
    until = models.DateField(_("on the board until"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("published by"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title
