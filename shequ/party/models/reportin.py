"""The report-in loop of in-service members (R-PM-2, R-PM-5 service pledges, posts and duties):
report-in, pledge, service posts and their claims, service records and the half-yearly
feedback letter to the employer's party organisation."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

__all__ = [
    "FeedbackGrade",
    "FeedbackLetter",
    "PostClaim",
    "ReportIn",
    "ReportInChannel",
    "ServicePledge",
    "ServicePost",
    "ServiceRecord",
    "ServiceRecordStatus",
]


class ReportInChannel(models.TextChoices):
    SELF = "self", _("Self-service")
    WORKER = "worker", _("Entered by a worker")


class ServiceRecordStatus(models.TextChoices):
    RECORDED = "recorded", pgettext_lazy("service record status", "Awaiting confirmation")
    CONFIRMED = "confirmed", pgettext_lazy("service record status", "Confirmed")
    REJECTED = "rejected", pgettext_lazy("service record status", "Rejected")


class FeedbackGrade(models.TextChoices):
    """The grade the feedback letter gives (优秀/良好/一般/较差), from the mean rating."""

    EXCELLENT = "excellent", pgettext_lazy("feedback grade", "Excellent")
    GOOD = "good", pgettext_lazy("feedback grade", "Good")
    FAIR = "fair", pgettext_lazy("feedback grade", "Fair")
    POOR = "poor", pgettext_lazy("feedback grade", "Poor")
    SHORT_HOURS = "short_hours", pgettext_lazy("feedback grade", "Hours below the requirement")
    UNRATED = "unrated", pgettext_lazy("feedback grade", "Not rated")


class ReportInQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(ended_on__isnull=True)


class ReportIn(AuditedModel, TimeStampedModel):
    """An in-service member's report-in (在职党员报到) to the community where he lives: his
    membership is usually held elsewhere (``member.external_org``), his service is here."""

    member = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        related_name="report_ins",
        verbose_name=_("member"),
    )
    community = models.ForeignKey(
        "territory.Node",
        on_delete=models.PROTECT,
        related_name="party_report_ins",
        verbose_name=_("community"),
    )
    reported_on = models.DateField(_("reported on"))
    channel = models.CharField(_("channel"), max_length=10, choices=ReportInChannel.choices)
    recorded_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = ReportInQuerySet.as_manager()
    scope_path = "community__path"

    class Meta:
        verbose_name = _("report-in")
        verbose_name_plural = _("report-ins")
        ordering = ["-reported_on", "-id"]
        constraints = [
            # R-PM-2: a member reports to one community at a time.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="one_open_report_in_per_member",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("reported_on")),
                name="report_in_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.community}"

    def audit_node_path(self) -> str:
        return self.community.path if self.community_id else ""

    def audit_person_id(self):
        return self.member.person_id if self.member_id else None


class ServicePledge(AuditedModel, TimeStampedModel):
    """The service pledge (在职党员进社区服务承诺书) a reported-in member signs for a year."""

    report_in = models.ForeignKey(
        ReportIn, on_delete=models.CASCADE, related_name="pledges", verbose_name=_("report-in")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("pledge"))
    signed_on = models.DateField(_("signed on"))

    objects = ScopedQuerySet.as_manager()
    scope_path = "report_in__community__path"

    class Meta:
        verbose_name = _("service pledge")
        verbose_name_plural = _("service pledges")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report_in", "year"], name="one_service_pledge_per_report_in_year"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="service_pledge_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.report_in} · {self.year}"

    def audit_node_path(self) -> str:
        return self.report_in.community.path

    def audit_person_id(self):
        return self.report_in.member.person_id


class ServicePost(AuditedModel, TimeStampedModel):
    """A service post the community defines (设岗定责): its duties, how many members it
    takes and for what period; an optional team whose leader confirms the service."""

    community = models.ForeignKey(
        "territory.Node",
        on_delete=models.PROTECT,
        related_name="party_service_posts",
        verbose_name=_("community"),
    )
    title = models.CharField(_("post"), max_length=100)
    duties = models.TextField(_("duties"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    team = models.ForeignKey(
        "party.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_posts",
        verbose_name=_("team"),
    )
    is_open = models.BooleanField(_("open"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "community__path"

    class Meta:
        verbose_name = _("service post")
        verbose_name_plural = _("service posts")
        ordering = ["community__path", "title", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="service_post_capacity_min"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="service_post_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_node_path(self) -> str:
        return self.community.path if self.community_id else ""


class PostClaim(AuditedModel, TimeStampedModel):
    """A member's claim (认领) of a service post, from the day he claims it until released."""

    post = models.ForeignKey(
        ServicePost, on_delete=models.PROTECT, related_name="claims", verbose_name=_("post")
    )
    report_in = models.ForeignKey(
        ReportIn, on_delete=models.PROTECT, related_name="claims", verbose_name=_("report-in")
    )
    claimed_on = models.DateField(_("claimed on"))
    released_on = models.DateField(_("released on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "post__community__path"

    class Meta:
        verbose_name = _("post claim")
        verbose_name_plural = _("post claims")
        ordering = ["-claimed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "report_in"],
                condition=Q(released_on__isnull=True),
                name="one_open_claim_per_post_and_report_in",
            ),
            models.CheckConstraint(
                condition=Q(released_on__isnull=True) | Q(released_on__gte=models.F("claimed_on")),
                name="post_claim_released_after_claim",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_in.member} · {self.post}"

    def audit_node_path(self) -> str:
        return self.post.community.path

    def audit_person_id(self):
        return self.report_in.member.person_id


class ServiceRecord(AuditedModel, TimeStampedModel):
    """One piece of service outside working hours (服务记录): what he did, on which day, for
    how many hours; confirmed (and rated) or rejected by a worker or the team leader."""

    report_in = models.ForeignKey(
        ReportIn, on_delete=models.PROTECT, related_name="records", verbose_name=_("report-in")
    )
    post = models.ForeignKey(
        ServicePost,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
        verbose_name=_("post"),
    )
    activity = models.CharField(_("activity"), max_length=200)
    served_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ServiceRecordStatus.choices,
        default=ServiceRecordStatus.RECORDED,
        db_index=True,
    )
    recorded_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    confirmed_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "report_in__community__path"

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-served_on", "-id"]
        constraints = [
            # one day's service: more than 0 and at most 24 hours
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="service_record_hours_range"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1),
                name="service_record_rating_min",
            ),
            models.CheckConstraint(
                condition=Q(status=ServiceRecordStatus.RECORDED) | Q(confirmed_at__isnull=False),
                name="service_record_decided_has_time",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(status=ServiceRecordStatus.CONFIRMED),
                name="service_record_rating_only_when_confirmed",
            ),
        ]
        indexes = [
            models.Index(fields=["report_in", "status", "served_on"], name="service_record_tally")
        ]

    def __str__(self) -> str:
        return f"{self.report_in.member} · {self.served_on} · {self.activity}"

    def audit_node_path(self) -> str:
        return self.report_in.community.path

    def audit_person_id(self):
        return self.report_in.member.person_id


class FeedbackLetter(AuditedModel, TimeStampedModel):
    """The feedback letter (反馈函) the community sends each half-year to the party
    organisation of a member's employer: his confirmed hours, activities, posts and grade,
    copied when issued so that the letter stays as sent."""

    report_in = models.ForeignKey(
        ReportIn, on_delete=models.PROTECT, related_name="letters", verbose_name=_("report-in")
    )
    member = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        related_name="feedback_letters",
        verbose_name=_("member"),
    )
    community = models.ForeignKey(
        "territory.Node",
        on_delete=models.PROTECT,
        related_name="party_feedback_letters",
        verbose_name=_("community"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    employer = models.CharField(_("employer"), max_length=160, blank=True)
    employer_party_org = models.CharField(
        _("party organisation of the employer"), max_length=160, blank=True
    )
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=1)
    activities = models.PositiveIntegerField(_("activities"))
    posts = models.TextField(_("posts"), blank=True)
    rating = models.DecimalField(
        _("mean rating"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    grade = models.CharField(_("grade"), max_length=12, choices=FeedbackGrade.choices)
    letter_number = models.CharField(_("letter number"), max_length=60, unique=True)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("issued by"),
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "community__path"

    class Meta:
        verbose_name = _("feedback letter")
        verbose_name_plural = _("feedback letters")
        ordering = ["-period_start", "letter_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "period_start"], name="one_feedback_letter_per_member_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="feedback_letter_period_ordered",
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="feedback_letter_hours_min"),
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True) | Q(sent_on__gte=models.F("issued_on")),
                name="feedback_letter_sent_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return self.letter_number

    @property
    def post_list(self) -> list[str]:
        return [line for line in self.posts.splitlines() if line.strip()]

    def audit_node_path(self) -> str:
        return self.community.path if self.community_id else ""

    def audit_person_id(self):
        return self.member.person_id if self.member_id else None
