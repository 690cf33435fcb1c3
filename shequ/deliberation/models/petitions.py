"""Convening petitions (联名提议召开, R-DLB-3): members of a body — or the residents of an
assembly's territory — sign a request that it be convened; once the signatures reach the
body's convening share of its roll, the body must be convened until a meeting is scheduled."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

__all__ = ["Petition", "PetitionSignature", "SignatureChannel"]


class SignatureChannel(models.TextChoices):
    ONLINE = "online", _("Signed online")
    PAPER = "paper", _("Signed on paper, entered by staff")


class Petition(AuditedModel, TimeStampedModel):
    """A request to convene ``body``; ``reached_at`` is set when its signatures first reach
    the share, ``meeting`` when a meeting of the body scheduled after that answers it."""

    scope_path = "body__node__path"

    body = models.ForeignKey(
        "deliberation.Body", on_delete=models.PROTECT, related_name="petitions",
        verbose_name=_("body"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=160)
    reason = models.TextField(_("matters to discuss"), blank=True)
    opened_on = models.DateField(_("opened on"))
    reached_at = models.DateTimeField(_("share reached"), null=True, blank=True)
    meeting = models.ForeignKey(
        "deliberation.Meeting", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="petitions", verbose_name=_("meeting convened"),
    )  # fmt: skip
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("opened by"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("convening petition")
        verbose_name_plural = _("convening petitions")
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return self.title


class PetitionSignature(models.Model):
    """One person's signature on a petition (one per person: a database constraint)."""

    scope_path = "petition__body__node__path"

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("petition")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    signed_at = models.DateTimeField(_("signed at"))
    channel = models.CharField(_("how signed"), max_length=8, choices=SignatureChannel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("entered by"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition signature")
        verbose_name_plural = _("petition signatures")
        ordering = ["petition", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "person"], name="deliberation_one_signature_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition} · {self.person}"
