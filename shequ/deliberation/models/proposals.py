"""Proposals (提案, R-DLB-5): a party member's or a resident's proposal to his community, its
co-signers, and the community party organisation's answer — accepted as a topic under a
chosen procedure, or declined with a reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

__all__ = ["Proposal", "ProposalKind", "ProposalSignature", "ProposalStatus"]


class ProposalKind(models.TextChoices):
    PARTY_MEMBER = "party_member", _("Party member's proposal")  # 党员提案
    RESIDENT = "resident", _("Community proposal")  # 社区提案


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", pgettext_lazy("proposal", "Accepted")
    DECLINED = "declined", _("Declined")


class Proposal(AuditedModel, TimeStampedModel):
    """A proposal to a community. Until it is answered only its proposer, its co-signers and
    the community's staff see it; neighbours sign it through the link its proposer shares
    (``sign_token``). Answered, it is public to the community's residents."""

    scope_path = "community__path"

    community = models.ForeignKey(
        "territory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ProposalKind.choices)
    title = models.CharField(_("title"), max_length=160)
    text = models.TextField(_("text"))
    proposer = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("proposer")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("submitted by"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
    )  # fmt: skip
    sign_token = models.CharField(_("signing link"), max_length=32, unique=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("answered by"),
    )  # fmt: skip
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    topic = models.OneToOneField(
        "deliberation.Topic", null=True, blank=True, on_delete=models.PROTECT,
        related_name="proposal", verbose_name=_("topic"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="deliberation_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(topic__isnull=False),
                name="deliberation_accepted_has_topic",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_node_path(self) -> str:
        return self.community.path

    def audit_person_id(self):
        return self.proposer_id


class ProposalSignature(models.Model):
    """A co-signer of a proposal (附议): one per person and proposal."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("proposal")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("co-signer")
    )
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "proposal__community__path"

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        ordering = ["proposal", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person"], name="deliberation_sign_once"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} · {self.person_id}"
