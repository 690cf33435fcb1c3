"""Ballots of a round (R-PB-1): who voted and what was voted are kept apart.

``Participation`` says that a resident voted in a round, by which channel — one per resident
and round, a database constraint across online and paper entry. ``Ballot`` holds what was
voted under a random key, with no link to the participation and no timestamp: the two are
written in one transaction and nothing joins them afterwards. These rows are never audited
field by field (an audit row would carry the actor and the time)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import Channel

__all__ = ["Ballot", "BallotMark", "Participation"]


class Participation(models.Model):
    round = models.ForeignKey("pb.Round", on_delete=models.CASCADE, related_name="participations",
                              verbose_name=_("round"))  # fmt: skip
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("voter"))  # fmt: skip
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # the day, not the time: enough to show when, too coarse to order the ballots by
    on = models.DateField(_("voted on"))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="pb_one_ballot_per_voter"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.person_id}"


class Ballot(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey("pb.Round", on_delete=models.CASCADE, related_name="ballots",
                              verbose_name=_("round"))  # fmt: skip
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # the voter id of a ballot imported from pabulib (empty for ballots cast here)
    external_id = models.CharField(_("voter id"), max_length=40, blank=True)
    # the digest of the receipt token the voter was shown once (core.receipts); empty for
    # paper and imported ballots: a paper code names its voter, so it cannot be a receipt
    receipt_digest = models.CharField(_("receipt digest"), max_length=64, blank=True,
                                      db_index=True)  # fmt: skip

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)


class BallotMark(models.Model):
    """One project on a ballot: points (1 on approval and knapsack ballots) or a rank."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="marks",
                               verbose_name=_("ballot"))  # fmt: skip
    project = models.ForeignKey("pb.Project", on_delete=models.CASCADE, related_name="marks",
                                verbose_name=_("project"))  # fmt: skip
    points = models.PositiveIntegerField(_("points"), default=1)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("ballot mark")
        verbose_name_plural = _("ballot marks")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="pb_one_mark_per_project"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.project_id}"
