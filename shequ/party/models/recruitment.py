"""The recruitment pipeline (发展党员, R-PM-3): recruits and their stages, contacts and
introducers, public notices, branch resolutions and the step log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.models import AuditedModel, StepEvent, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

__all__ = [
    "CLOSED_STAGES",
    "OPEN_STAGES",
    "NoticeOutcome",
    "Recruit",
    "RecruitEvent",
    "RecruitIntroducer",
    "RecruitNotice",
    "RecruitResolution",
    "RecruitStage",
    "ResolutionBody",
    "SponsorRole",
]


class RecruitStage(models.TextChoices):
    """Where a recruit stands in the pipeline (发展党员工作细则), in order."""

    APPLICANT = "applicant", pgettext_lazy("recruit stage", "Applicant")  # 入党申请人
    ACTIVIST = "activist", pgettext_lazy("recruit stage", "Activist")  # 入党积极分子
    CANDIDATE = "candidate", pgettext_lazy("recruit stage", "Development candidate")  # 发展对象
    PROBATIONARY = "probationary", pgettext_lazy("recruit stage", "Probationary member")
    EXTENDED = "extended", pgettext_lazy("recruit stage", "Probation extended")  # 延长预备期
    FULL = "full", pgettext_lazy("recruit stage", "Full member")  # 转正
    CANCELLED = "cancelled", pgettext_lazy("recruit stage", "Probation cancelled")
    WITHDRAWN = "withdrawn", pgettext_lazy("recruit stage", "Withdrawn or terminated")


# A person has at most one recruit in these stages (constraint one_open_recruit_per_person).
OPEN_STAGES = (
    RecruitStage.APPLICANT,
    RecruitStage.ACTIVIST,
    RecruitStage.CANDIDATE,
    RecruitStage.PROBATIONARY,
    RecruitStage.EXTENDED,
)
CLOSED_STAGES = (RecruitStage.FULL, RecruitStage.CANCELLED, RecruitStage.WITHDRAWN)
_FROM_ACTIVIST = [
    RecruitStage.ACTIVIST,
    RecruitStage.CANDIDATE,
    RecruitStage.PROBATIONARY,
    RecruitStage.EXTENDED,
    RecruitStage.FULL,
    RecruitStage.CANCELLED,
]
_FROM_CANDIDATE = _FROM_ACTIVIST[1:]
_FROM_PROBATIONARY = _FROM_ACTIVIST[2:]


class SponsorRole(models.TextChoices):
    CONTACT = "contact", _("Contact (trainer)")  # 培养联系人
    INTRODUCER = "introducer", _("Introducer")  # 入党介绍人


class NoticeOutcome(models.TextChoices):
    OPEN = "open", pgettext_lazy("notice outcome", "Running")
    CLEAR = "clear", pgettext_lazy("notice outcome", "No objection")
    OBJECTION = "objection", pgettext_lazy("notice outcome", "Objection upheld")


class ResolutionBody(models.TextChoices):
    COMMITTEE = "committee", _("Branch committee")  # 支部委员会
    GENERAL_MEETING = "general_meeting", _("Branch general meeting")  # 支部大会


class Recruit(AuditedModel, TimeStampedModel):
    """A person on the way into the party (发展对象 in the wide sense): from his application
    through activist and development candidate to probationary and full member, under one
    branch, with a named person answerable (责任人). Only
    ``services.recruitment.recruit_transition`` changes ``stage``."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="party_recruits",
        verbose_name=_("person"),
    )
    org = models.ForeignKey(
        "party.PartyOrg",
        on_delete=models.PROTECT,
        related_name="recruits",
        verbose_name=_("branch"),
    )
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=RecruitStage.choices,
        default=RecruitStage.APPLICANT,
        db_index=True,
    )
    applied_on = models.DateField(_("applied"))
    talked_on = models.DateField(_("talk held"), null=True, blank=True)
    activist_on = models.DateField(_("activist since"), null=True, blank=True)
    candidate_on = models.DateField(_("development candidate since"), null=True, blank=True)
    probationary_on = models.DateField(_("probationary member since"), null=True, blank=True)
    extended_until = models.DateField(_("probation extended until"), null=True, blank=True)
    full_on = models.DateField(_("full member since"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)
    answerable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answerable_recruits",
        verbose_name=_("person answerable (login)"),
    )
    answerable_name = models.CharField(_("person answerable"), max_length=60)
    political_review_done_on = models.DateField(_("political review done"), null=True, blank=True)
    political_review_note = models.TextField(_("political review conclusion"), blank=True)
    training_hours = models.DecimalField(
        _("central training (hours)"), max_digits=6, decimal_places=1, default=0
    )
    member = models.OneToOneField(
        "party.PartyMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recruit",
        verbose_name=_("member record"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "org__node__path"

    class Meta:
        verbose_name = _("recruit")
        verbose_name_plural = _("recruits")
        ordering = ["org__path", "applied_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(stage__in=[str(s) for s in OPEN_STAGES]),
                name="one_open_recruit_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=_FROM_ACTIVIST) | Q(activist_on__gte=models.F("applied_on")),
                name="recruit_activist_dated",
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=_FROM_CANDIDATE)
                | Q(candidate_on__gte=models.F("activist_on")),
                name="recruit_candidate_dated",
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=_FROM_PROBATIONARY)
                | (Q(probationary_on__gte=models.F("candidate_on")) & Q(member__isnull=False)),
                name="recruit_probationary_dated_and_registered",
            ),
            models.CheckConstraint(
                condition=~Q(stage=RecruitStage.EXTENDED)
                | Q(extended_until__gt=models.F("probationary_on")),
                name="recruit_extension_dated",
            ),
            models.CheckConstraint(
                condition=~Q(stage=RecruitStage.FULL) | Q(full_on__gte=models.F("probationary_on")),
                name="recruit_full_dated",
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=[RecruitStage.CANCELLED, RecruitStage.WITHDRAWN])
                | (Q(closed_on__isnull=False) & ~Q(close_reason="")),
                name="recruit_closing_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(training_hours__gte=0), name="recruit_training_not_negative"
            ),
            models.CheckConstraint(condition=~Q(answerable_name=""), name="recruit_answerable"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_stage_display()}"

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    def audit_node_path(self) -> str:
        return self.org.node.path

    def audit_person_id(self):
        return self.person_id


class RecruitIntroducer(AuditedModel, TimeStampedModel):
    """A full member sponsoring a recruit: a contact (培养联系人) who trains an activist, or an
    introducer (入党介绍人) of a development candidate."""

    recruit = models.ForeignKey(
        Recruit, on_delete=models.CASCADE, related_name="sponsors", verbose_name=_("recruit")
    )
    member = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        related_name="sponsored_recruits",
        verbose_name=_("member"),
    )
    role = models.CharField(_("role"), max_length=12, choices=SponsorRole.choices)
    assigned_on = models.DateField(_("assigned"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "recruit__org__node__path"

    class Meta:
        verbose_name = _("contact or introducer")
        verbose_name_plural = _("contacts and introducers")
        ordering = ["recruit", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recruit", "member", "role"], name="recruit_sponsor_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_role_display()}"

    def audit_node_path(self) -> str:
        return self.recruit.org.node.path

    def audit_person_id(self):
        return self.recruit.person_id


class RecruitNotice(AuditedModel, TimeStampedModel):
    """A public notice (公示) before a promotion: it runs ``workdays`` working days from
    ``starts_on`` to ``ends_on`` (holidays and make-up days counted as the official calendar
    says), and ends with or without an objection."""

    recruit = models.ForeignKey(
        Recruit, on_delete=models.CASCADE, related_name="notices", verbose_name=_("recruit")
    )
    for_stage = models.CharField(_("before becoming"), max_length=20, choices=RecruitStage.choices)
    starts_on = models.DateField(_("notice from"))
    ends_on = models.DateField(_("notice until"))
    workdays = models.PositiveSmallIntegerField(_("working days"))
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=NoticeOutcome.choices, default=NoticeOutcome.OPEN
    )
    objections = models.TextField(_("objections received"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "recruit__org__node__path"

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["recruit", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="recruit_notice_ordered"
            ),
            models.UniqueConstraint(
                fields=["recruit", "for_stage"],
                condition=Q(outcome=NoticeOutcome.OPEN),
                name="one_running_notice_per_step",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=NoticeOutcome.OBJECTION) | ~Q(objections=""),
                name="recruit_notice_objection_stated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recruit_id} · {self.starts_on} – {self.ends_on}"

    def audit_node_path(self) -> str:
        return self.recruit.org.node.path


class RecruitResolution(AuditedModel, TimeStampedModel):
    """A decision of the branch on a recruit: of its committee (支委会: choosing an activist
    or a development candidate) or of its general meeting (支部大会: admitting, confirming,
    extending or cancelling), with the vote and the higher committee's approval (上级党委审批)."""

    recruit = models.ForeignKey(
        Recruit, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("recruit")
    )
    for_stage = models.CharField(_("decides"), max_length=20, choices=RecruitStage.choices)
    body = models.CharField(_("decided by"), max_length=20, choices=ResolutionBody.choices)
    resolved_on = models.DateField(_("date of the decision"))
    members_entitled = models.PositiveSmallIntegerField(
        _("full members entitled to vote"), default=0
    )
    attending = models.PositiveSmallIntegerField(_("attending with a vote"), default=0)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    text = models.TextField(_("resolution"), blank=True)
    group_opinion = models.TextField(_("opinion of the party group"), blank=True)
    approved_on = models.DateField(_("approved by the higher committee"), null=True, blank=True)
    approved_by = models.CharField(_("approving committee"), max_length=120, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "recruit__org__node__path"

    class Meta:
        verbose_name = _("branch resolution")
        verbose_name_plural = _("branch resolutions")
        ordering = ["recruit", "resolved_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attending__lte=models.F("members_entitled")),
                name="recruit_resolution_attending",
            ),
            models.CheckConstraint(
                condition=Q(votes_for__lte=models.F("attending") - models.F("votes_against")),
                name="recruit_resolution_votes",
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(approved_on__gte=models.F("resolved_on")),
                name="recruit_resolution_approved_after",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recruit_id} · {self.get_for_stage_display()} · {self.resolved_on}"

    def audit_node_path(self) -> str:
        return self.recruit.org.node.path


class RecruitEvent(StepEvent):
    """One step of a recruit (发展党员纪实): a promotion, a recorded requirement; append-only."""

    recruit = models.ForeignKey(
        Recruit, on_delete=models.CASCADE, related_name="events", verbose_name=_("recruit")
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "recruit__org__node__path"

    class Meta(StepEvent.Meta):
        verbose_name = _("recruit event")
        verbose_name_plural = _("recruit events")

    def __str__(self) -> str:
        return f"{self.recruit_id} {self.verb} {self.at:%Y-%m-%d %H:%M}"
