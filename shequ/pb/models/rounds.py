"""A round of 民生微实事 (R-PB-1): its territory, budget, ballot, phases with dates, and the
projects residents propose."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

from ..choices import Category, Completion, Phase, ProjectStatus, Rule, VoteType

__all__ = ["Project", "Round", "RoundPhase"]


class Round(AuditedModel, TimeStampedModel):
    scope_path = "node__path"

    node = models.ForeignKey(
        "territory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    title = models.CharField(_("title"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    budget = models.DecimalField(_("budget (yuan)"), max_digits=14, decimal_places=2)
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices,
                             default=Phase.DRAFT)  # fmt: skip
    vote_type = models.CharField(_("ballot"), max_length=12, choices=VoteType.choices,
                                 default=VoteType.APPROVAL)  # fmt: skip
    min_length = models.PositiveSmallIntegerField(_("fewest projects on a ballot"), default=1)
    max_length = models.PositiveSmallIntegerField(
        _("most projects on a ballot"), null=True, blank=True
    )
    max_points = models.PositiveSmallIntegerField(_("points to spread"), null=True, blank=True)
    rule = models.CharField(_("rule"), max_length=16, choices=Rule.choices,
                            default=Rule.EQUAL_SHARES)  # fmt: skip
    completion = models.CharField(_("completion"), max_length=10, choices=Completion.choices,
                                  default=Completion.ADD_ONE)  # fmt: skip
    description = models.TextField(_("description"), blank=True)
    # a round imported from pabulib keeps its META section
    meta = models.JSONField(_("metadata"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("micro-project round")
        verbose_name_plural = _("micro-project rounds")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title

    def audit_node_path(self) -> str:
        return self.node.path


class RoundPhase(models.Model):
    """The dates of one phase of a round; moving one moves those after it (services.rounds)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="phases",
                              verbose_name=_("round"))  # fmt: skip
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))

    class Meta:
        verbose_name = _("round phase")
        verbose_name_plural = _("round phases")
        ordering = ["round", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["round", "phase"], name="pb_one_dates_per_phase"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="pb_phase_ends_after_start",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.starts_on}–{self.ends_on}"


class Project(AuditedModel, TimeStampedModel):
    scope_path = "round__node__path"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="projects",
                              verbose_name=_("round"))  # fmt: skip
    code = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices,
                                default=Category.SERVICE)  # fmt: skip
    cost = models.DecimalField(_("cost (yuan)"), max_digits=14, decimal_places=2)
    location = models.CharField(_("location"), max_length=120, blank=True)
    node = models.ForeignKey(
        "territory.Node", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("where"),
    )  # fmt: skip
    proposer = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="pb_projects", verbose_name=_("proposed by"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices,
                              default=ProjectStatus.PROPOSED)  # fmt: skip
    vet_note = models.TextField(_("vetting note"), blank=True)
    # who vetted it and when; who put it on the ballot (the council, R-PB-1) and when
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("vetted by"),
    )  # fmt: skip
    vetted_at = models.DateTimeField(_("vetted at"), null=True, blank=True)
    shortlisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("put on the ballot by"),
    )  # fmt: skip
    shortlisted_at = models.DateTimeField(_("put on the ballot at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("micro-project")
        verbose_name_plural = _("micro-projects")
        ordering = ["round", "code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="pb_project_code_unique"),
            models.CheckConstraint(condition=models.Q(cost__gt=0), name="pb_project_cost_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_node_path(self) -> str:
        return self.round.node.path
