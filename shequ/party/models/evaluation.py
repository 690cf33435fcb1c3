"""Annual duty reports and the evaluation of members (R-PM-4): rounds, raters, ratings,
outcomes posted on the party-affairs board, and democratic evaluation meetings (民主评议)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

__all__ = [
    "DemocraticEvaluation",
    "DutyReport",
    "EvaluationRound",
    "Grade",
    "Outcome",
    "RaterKind",
    "Rating",
    "RoundRater",
    "RoundStatus",
]


class RoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("evaluation round", "Open")
    CLOSED = "closed", pgettext_lazy("evaluation round", "Closed")
    PUBLISHED = "published", pgettext_lazy("evaluation round", "Published")


class RaterKind(models.TextChoices):
    MEMBER = "member", _("Party member")
    RESIDENT_REPRESENTATIVE = "resident_representative", _("Residents' representative")


class Grade(models.TextChoices):
    """The four grades of the annual evaluation, best first."""

    EXCELLENT = "excellent", _("Excellent")  # 优秀
    COMPETENT = "competent", _("Competent")  # 合格
    BASICALLY_COMPETENT = "basically_competent", _("Basically competent")  # 基本合格
    NOT_COMPETENT = "not_competent", _("Not competent")  # 不合格


class EvaluationRound(AuditedModel, TimeStampedModel):
    """One year's evaluation of the members of an organisation (年度述职评议): duty reports and
    ratings while open, outcomes once closed, posted on the party-affairs board once published."""

    org = models.ForeignKey(
        "party.PartyOrg",
        on_delete=models.PROTECT,
        related_name="evaluation_rounds",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    board_until = models.DateField(_("on the board until"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "org__node__path"

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year", "org__path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="one_evaluation_round_per_year"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="evaluation_round_span_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(status=RoundStatus.PUBLISHED)
                | Q(published_on__isnull=False, board_until__isnull=False),
                name="evaluation_round_published_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(board_until__isnull=True)
                | Q(published_on__isnull=True)
                | Q(board_until__gte=F("published_on")),
                name="evaluation_round_board_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.year}"

    def audit_node_path(self) -> str:
        return self.org.node.path


class RoundRater(AuditedModel, TimeStampedModel):
    """Someone registered to rate the members of a round: a member of the organisation or a
    residents' representative (居民代表) holding a role in the community."""

    round = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="raters", verbose_name=_("round")
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("rater")
    )
    kind = models.CharField(_("rater kind"), max_length=30, choices=RaterKind.choices)
    registered_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "round__org__node__path"

    class Meta:
        verbose_name = _("registered rater")
        verbose_name_plural = _("registered raters")
        ordering = ["round", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_registration_per_rater")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.user}"

    def audit_node_path(self) -> str:
        return self.round.org.node.path


class DutyReport(AuditedModel, TimeStampedModel):
    """A member's annual report on his duties (述职报告), by himself or entered for him."""

    round = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="reports", verbose_name=_("round")
    )
    member = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        related_name="duty_reports",
        verbose_name=_("member"),
    )
    text = models.TextField(_("report"))
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "member__node__path"

    class Meta:
        verbose_name = _("duty report")
        verbose_name_plural = _("duty reports")
        ordering = ["round", "member"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="one_duty_report_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.member}"

    def audit_node_path(self) -> str:
        return self.member.node.path

    def audit_person_id(self):
        return self.member.person_id


class Rating(AuditedModel, TimeStampedModel):
    """One rater's scores (1–5 per configured criterion) of one member in a round. Never
    shown one by one outside the platform: only the outcome is posted."""

    round = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("round")
    )
    member = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        related_name="ratings_received",
        verbose_name=_("member rated"),
    )
    rater = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("rater")
    )
    rater_kind = models.CharField(_("rater kind"), max_length=30, choices=RaterKind.choices)
    # The rater's own member record, if he is a member: lets the database refuse a self-rating.
    rater_member = models.ForeignKey(
        "party.PartyMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings_given",
        verbose_name=_("rater's member record"),
    )
    scores = models.JSONField(_("scores"))
    submitted_at = models.DateTimeField(_("submitted"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "round__org__node__path"

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["round", "member", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member", "rater"], name="one_rating_per_rater_and_member"
            ),
            models.CheckConstraint(
                condition=Q(rater_member__isnull=True) | ~Q(rater_member=F("member")),
                name="rating_not_of_oneself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.member}"

    def audit_node_path(self) -> str:
        return self.round.org.node.path


class Outcome(AuditedModel, TimeStampedModel):
    """A member's result of a round: the mean of all scores, the grade it gives (after the
    cap on excellent grades) and the final grade the organisation decided, with its reason
    when the two differ."""

    round = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("round")
    )
    member = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        related_name="evaluation_outcomes",
        verbose_name=_("member"),
    )
    mean = models.DecimalField(_("mean score"), max_digits=4, decimal_places=2, null=True)
    ratings_count = models.PositiveIntegerField(_("ratings"), default=0)
    computed_grade = models.CharField(
        _("computed grade"), max_length=20, choices=Grade.choices, blank=True
    )
    capped = models.BooleanField(_("lowered by the cap on excellent grades"), default=False)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    adjustment_reason = models.CharField(_("reason of the adjustment"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("adjusted by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "member__node__path"

    class Meta:
        verbose_name = _("evaluation outcome")
        verbose_name_plural = _("evaluation outcomes")
        ordering = ["round", "-mean", "member"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="one_outcome_per_round"),
            models.CheckConstraint(
                condition=Q(grade=F("computed_grade")) | ~Q(adjustment_reason=""),
                name="outcome_adjustment_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(mean__isnull=True, ratings_count=0)
                | Q(mean__isnull=False, ratings_count__gt=0),
                name="outcome_mean_iff_rated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.member}"

    def audit_node_path(self) -> str:
        return self.member.node.path

    def audit_person_id(self):
        return self.member.person_id


class DemocraticEvaluation(AuditedModel, TimeStampedModel):
    """The record of a democratic evaluation meeting (民主评议党员): when, how many took part
    and what it concluded, optionally tied to the year's round."""

    org = models.ForeignKey(
        "party.PartyOrg",
        on_delete=models.PROTECT,
        related_name="democratic_evaluations",
        verbose_name=_("organisation"),
    )
    round = models.ForeignKey(
        EvaluationRound,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="democratic_evaluations",
        verbose_name=_("evaluation round"),
    )
    held_on = models.DateField(_("held on"))
    participants = models.PositiveIntegerField(_("participants"))
    summary = models.TextField(_("summary"))
    recorded_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "org__node__path"

    class Meta:
        verbose_name = _("democratic evaluation")
        verbose_name_plural = _("democratic evaluations")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participants__gt=0), name="democratic_evaluation_has_participants"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.held_on}"

    def audit_node_path(self) -> str:
        return self.org.node.path
