"""Votes on motions (R-DLB-4): roll-call votes recorded per member; secret ballots kept so
that who voted and what was voted cannot be joined; the tally with its ballot-set hash; and
the resolution a passed motion yields, with its execution tracked to done.

Secret ballots: ``BallotCast`` says that a person voted on a motion, by which channel — one
per motion and person, a database constraint across online, paper and proxy entry.
``SecretBallot`` holds what was voted under a random UUID with the digest of the voter's
receipt: no key, no timestamp, no sequence, no channel shared with ``BallotCast`` (only the
motion). Both are written in one transaction and never audited field by field (an audit row
carries the actor and the time)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

__all__ = [
    "BallotCast",
    "Resolution",
    "ResolutionProgress",
    "RollCallVote",
    "SecretBallot",
    "Tally",
    "VoteChannel",
    "VoteChoice",
]


class VoteChoice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class VoteChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper, entered by staff")
    PROXY = "proxy", _("By the proxy holder")


class RollCallVote(models.Model):
    """A member's recorded vote on a roll-call motion (记名表决): public by its nature."""

    scope_path = "motion__meeting__body__node__path"

    motion = models.ForeignKey(
        "deliberation.Motion", on_delete=models.CASCADE, related_name="roll_call_votes",
        verbose_name=_("motion"),
    )  # fmt: skip
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("voter")
    )
    choice = models.CharField(_("vote"), max_length=8, choices=VoteChoice.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=VoteChannel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("entered by"),
    )  # fmt: skip
    cast_at = models.DateTimeField(_("cast at"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("roll-call vote")
        verbose_name_plural = _("roll-call votes")
        ordering = ["motion", "id"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="deliberation_one_roll_vote"),
        ]

    def __str__(self) -> str:
        return f"{self.motion_id}:{self.person_id}"


class BallotCast(models.Model):
    """That a person voted by secret ballot on a motion (who), never what."""

    motion = models.ForeignKey(
        "deliberation.Motion", on_delete=models.CASCADE, related_name="ballots_cast",
        verbose_name=_("motion"),
    )  # fmt: skip
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("voter")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=VoteChannel.choices)

    class Meta:
        verbose_name = _("ballot cast")
        verbose_name_plural = _("ballots cast")
        ordering = ["motion", "id"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="deliberation_one_ballot"),
        ]

    def __str__(self) -> str:
        return f"{self.motion_id}:{self.person_id}"


class SecretBallot(models.Model):
    """What was voted on a secret-ballot motion (what), never who: a random key and the
    digest of the receipt token the voter keeps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    motion = models.ForeignKey(
        "deliberation.Motion", on_delete=models.CASCADE, related_name="secret_ballots",
        verbose_name=_("motion"),
    )  # fmt: skip
    choice = models.CharField(_("vote"), max_length=8, choices=VoteChoice.choices)
    receipt_digest = models.CharField(_("receipt digest"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("secret ballot")
        verbose_name_plural = _("secret ballots")
        ordering = ["receipt_digest"]

    def __str__(self) -> str:
        return self.receipt_digest[:12]


class Tally(models.Model):
    """The count stored when a vote closes, with the hash of the ballot set that a recount
    must reproduce (R-DLB-4)."""

    scope_path = "motion__meeting__body__node__path"

    motion = models.OneToOneField(
        "deliberation.Motion", on_delete=models.CASCADE, related_name="tally",
        verbose_name=_("motion"),
    )  # fmt: skip
    yes = models.PositiveIntegerField(_("yes"))
    no = models.PositiveIntegerField(_("no"))
    abstain = models.PositiveIntegerField(_("abstain"))
    eligible = models.PositiveIntegerField(_("eligible"))
    present = models.PositiveIntegerField(_("present (with proxies)"))
    passed = models.BooleanField(_("passed"))
    ballot_hash = models.CharField(_("ballot-set hash"), max_length=64)
    closed_at = models.DateTimeField(_("vote closed"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("closed by"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")

    @property
    def voted(self) -> int:
        return self.yes + self.no + self.abstain

    def __str__(self) -> str:
        return f"{self.motion_id}: {self.yes}/{self.no}/{self.abstain}"


class Resolution(AuditedModel, TimeStampedModel):
    """The resolution (决议) a passed motion yields: published on the board, carried out by
    someone by a day, tracked to done (R-DLB-2 supervision, R-DLB-4)."""

    scope_path = "motion__meeting__body__node__path"

    motion = models.OneToOneField(
        "deliberation.Motion", on_delete=models.PROTECT, related_name="resolution",
        verbose_name=_("motion"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=160)
    text = models.TextField(_("text"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=80, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    publication = models.ForeignKey(
        "deliberation.Publication", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("publication"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-id"]
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return self.title


class ResolutionProgress(models.Model):
    """One progress update on carrying out a resolution; append-only."""

    scope_path = "resolution__motion__meeting__body__node__path"

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="progress", verbose_name=_("resolution")
    )
    note = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("Percent done"), null=True, blank=True)
    at = models.DateTimeField(_("time"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("by"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["resolution", "at", "id"]

    def __str__(self) -> str:
        return self.note[:40]
