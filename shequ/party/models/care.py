"""四知四访 (R-PM-6): what is known of each member, the events that call for a visit, and the
visits themselves with their escalation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.models import AuditedModel, StepEvent, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

__all__ = [
    "ESCALATION_MAX_LEVEL",
    "Aspect",
    "CareFlag",
    "CareTrigger",
    "CareVisit",
    "CareVisitEvent",
    "MemberCircumstance",
    "VisitStatus",
]


class Aspect(models.TextChoices):
    """The four things to know (四知)."""

    FAMILY = "family", _("Family")  # 知家庭现状
    WORK = "work", _("Work")  # 知工作情况
    THINKING = "thinking", _("Thinking")  # 知思想动态
    DIFFICULTIES = "difficulties", _("Difficulties")  # 知困难情况


class CareTrigger(models.TextChoices):
    """The four occasions a visit is due (四访必访)."""

    HARDSHIP = "hardship", _("Hardship in daily life")  # 生活困难
    FAMILY_CONFLICT = "family_conflict", _("Family conflict")  # 家庭矛盾
    HOSPITALISED = "hospitalised", _("Ill in hospital")  # 生病住院
    BEREAVED = "bereaved", _("Death in the family")  # 家有丧事


class VisitStatus(models.TextChoices):
    OPEN = "open", _("To visit")
    DONE = "done", _("Visited")
    CANCELLED = "cancelled", _("Cancelled")


# Escalation levels (R-PM-6: overdue visits escalate): 0 as assigned along the chain, then
# the branch secretary, the community committee's secretary, the working committee.
ESCALATION_MAX_LEVEL = 3


class MemberCircumstance(AuditedModel, TimeStampedModel):
    """One entry of what the organisation knows of a member (四知): his family, work,
    thinking or difficulties as of a day. Append-only: a change is a new entry, the history
    stays."""

    member = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.CASCADE,
        related_name="circumstances",
        verbose_name=_("member"),
    )
    aspect = models.CharField(_("aspect"), max_length=20, choices=Aspect.choices)
    text = models.TextField(_("what is known"))
    recorded_on = models.DateField(_("as of"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "member__node__path"

    class Meta:
        verbose_name = _("member circumstance")
        verbose_name_plural = _("member circumstances")
        ordering = ["member", "aspect", "-recorded_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="member_circumstance_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.get_aspect_display()} · {self.recorded_on}"

    def audit_node_path(self) -> str:
        return self.member.node.path

    def audit_person_id(self):
        return self.member.person_id


class CareFlag(AuditedModel, TimeStampedModel):
    """A recorded occasion that calls for a visit (四访): hardship, a family conflict, a stay
    in hospital or a death in the family, from ``recorded_on`` until cleared. At most one open
    flag per member and occasion, so recording it twice raises no second visit."""

    member = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.CASCADE,
        related_name="care_flags",
        verbose_name=_("member"),
    )
    trigger = models.CharField(_("occasion"), max_length=20, choices=CareTrigger.choices)
    recorded_on = models.DateField(_("recorded on"))
    note = models.TextField(_("note"), blank=True)
    cleared_on = models.DateField(_("cleared on"), null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "member__node__path"

    class Meta:
        verbose_name = _("care occasion")
        verbose_name_plural = _("care occasions")
        ordering = ["-recorded_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "trigger"],
                condition=Q(cleared_on__isnull=True),
                name="one_open_care_flag_per_trigger",
            ),
            models.CheckConstraint(
                condition=Q(cleared_on__isnull=True) | Q(cleared_on__gte=models.F("recorded_on")),
                name="care_flag_cleared_after_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_trigger_display()}"

    def audit_node_path(self) -> str:
        return self.member.node.path

    def audit_person_id(self):
        return self.member.person_id


class CareVisit(AuditedModel, TimeStampedModel):
    """The visit an occasion calls for (四访任务): assigned along the 四联四包 chain to the
    person answerable for the member, due on a day, logged when made; overdue, it climbs the
    chain one level at a time. Only ``services.care`` changes ``status``."""

    flag = models.OneToOneField(
        CareFlag, on_delete=models.PROTECT, related_name="visit", verbose_name=_("occasion")
    )
    member = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.CASCADE,
        related_name="care_visits",
        verbose_name=_("member"),
    )
    assignee_org = models.ForeignKey(
        "party.PartyOrg",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation answering"),
    )
    assignee_person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("visitor"),
    )
    assignee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("visitor's login"),
    )
    assignee_name = models.CharField(_("visitor"), max_length=60, blank=True)
    assignee_post = models.CharField(_("answering as"), max_length=80, blank=True)
    assigned_via = models.ForeignKey(
        "party.ChainLink",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsibility link"),
    )
    due_on = models.DateField(_("visit by"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=VisitStatus.choices,
        default=VisitStatus.OPEN,
        db_index=True,
    )
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    notes = models.TextField(_("what was found and done"), blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "member__node__path"

    class Meta:
        verbose_name = _("care visit")
        verbose_name_plural = _("care visits")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=VisitStatus.DONE)
                | (Q(visited_on__isnull=False) & ~Q(notes="")),
                name="care_visit_done_is_logged",
            ),
            models.CheckConstraint(
                condition=Q(escalation_level__gte=0)
                & Q(escalation_level__lte=ESCALATION_MAX_LEVEL),
                name="care_visit_escalation_in_range",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="care_visit_status_due_idx")]

    def __str__(self) -> str:
        return f"{self.member} · {self.flag.get_trigger_display()}"

    def audit_node_path(self) -> str:
        return self.member.node.path

    def audit_person_id(self):
        return self.member.person_id

    def is_assigned_to(self, user) -> bool:
        if user is None or not user.is_authenticated:
            return False
        if self.assignee_user_id is not None and self.assignee_user_id == user.pk:
            return True
        person_id = getattr(user, "person_id", None)
        return person_id is not None and self.assignee_person_id == person_id


class CareVisitEvent(StepEvent):
    """One step of a visit (raised, escalated, visited, cancelled); append-only."""

    visit = models.ForeignKey(
        CareVisit, on_delete=models.CASCADE, related_name="events", verbose_name=_("care visit")
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "visit__member__node__path"

    class Meta(StepEvent.Meta):
        verbose_name = _("care visit event")
        verbose_name_plural = _("care visit events")

    def __str__(self) -> str:
        return f"{self.visit_id} {self.verb} {self.at:%Y-%m-%d %H:%M}"
