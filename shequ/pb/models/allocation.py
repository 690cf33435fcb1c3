"""Allocations of a round (R-PB-2): each run of a rule on the round's ballots, and per project
whether it was funded and why — the facts kept so the explanation reads in any language."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.scope import ScopedQuerySet

from ..choices import Completion, Rule

__all__ = ["AllocationResult", "AllocationRun"]


class AllocationRun(models.Model):
    """One run of an allocation rule (分配结果) on a round; the latest is the round's result."""

    scope_path = "round__node__path"

    round = models.ForeignKey("pb.Round", on_delete=models.CASCADE, related_name="allocations",
                              verbose_name=_("round"))  # fmt: skip
    rule = models.CharField(_("rule"), max_length=16, choices=Rule.choices)
    completion = models.CharField(_("completion"), max_length=10, choices=Completion.choices)
    at = models.DateTimeField(_("run at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("run by"),
    )  # fmt: skip
    budget = models.DecimalField(_("budget (yuan)"), max_digits=14, decimal_places=2)
    spent = models.DecimalField(_("allocated (yuan)"), max_digits=14, decimal_places=2)
    ballots = models.PositiveIntegerField(_("ballots counted"), default=0)
    # the rule's own figures: each voter's share, how far add-one raised it, …
    data = models.JSONField(_("figures"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-at", "-id"]
        get_latest_by = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.get_rule_display()} {self.at:%Y-%m-%d %H:%M}"

    def audit_node_path(self) -> str:
        return self.round.node.path


class AllocationResult(models.Model):
    """One project in one run: funded or not, in which order, and the facts that say why."""

    scope_path = "run__round__node__path"

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="results",
                            verbose_name=_("allocation"))  # fmt: skip
    project = models.ForeignKey("pb.Project", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("project"))  # fmt: skip
    funded = models.BooleanField(_("funded"))
    order = models.PositiveSmallIntegerField(_("funded as"), null=True, blank=True)
    votes = models.PositiveIntegerField(_("ballots naming it"), default=0)
    score = models.PositiveIntegerField(_("score"), default=0)
    cost = models.DecimalField(_("cost (yuan)"), max_digits=14, decimal_places=2)
    stage = models.CharField(_("decided by"), max_length=16, blank=True)
    # the explanation in the site's default language when the run was stored; pages re-render
    # it from ``facts`` in the reader's language (allocation.explain)
    explanation = models.TextField(_("explanation"), blank=True)
    facts = models.JSONField(_("facts"), default=list, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation result")
        verbose_name_plural = _("allocation results")
        ordering = ["run", models.F("order").asc(nulls_last=True), "-score", "project__code"]
        constraints = [
            models.UniqueConstraint(fields=["run", "project"], name="pb_one_result_per_project"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.project_id}"
