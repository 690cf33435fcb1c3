"""Member engagement projects (R-PM-8): who serves in which team, and what the teams did
(余热 patrols and mediation, 志愿 service, 双带 re-employment help)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

__all__ = ["ActivityKind", "TeamActivity", "TeamActivityParticipant", "TeamMembership"]


class ActivityKind(models.TextChoices):
    PATROL = "patrol", _("Patrol")  # 治安巡逻
    MENTORING = "mentoring", _("Mentoring of young people")  # 关心下一代
    MEDIATION = "mediation", _("Mediation of disputes")  # 调解
    VOLUNTEER_SERVICE = "volunteer_service", _("Volunteer service")  # 志愿服务
    REEMPLOYMENT_HELP = "reemployment_help", _("Re-employment help")  # 双带: 带头就业, 带动就业
    OTHER = "other", _("Other")


class TeamMembership(AuditedModel, TimeStampedModel):
    """A member's service in a team (队员) from the day he joined to the day he left."""

    team = models.ForeignKey(
        "party.Team", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    member = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        related_name="team_memberships",
        verbose_name=_("member"),
    )
    joined_on = models.DateField(_("joined"))
    left_on = models.DateField(_("left"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "team__node__path"

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["team", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "member"],
                condition=Q(left_on__isnull=True),
                name="one_open_team_membership",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="team_membership_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.member}"

    def audit_node_path(self) -> str:
        return self.team.node.path

    def audit_person_id(self):
        return self.member.person_id


class TeamActivity(AuditedModel, TimeStampedModel):
    """One activity of a team (活动): the members who took part, the person-times counted
    (volunteers who are not members count too), the people it served and what came of it."""

    team = models.ForeignKey(
        "party.Team", on_delete=models.PROTECT, related_name="activities", verbose_name=_("team")
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind of activity"), max_length=30, choices=ActivityKind.choices)
    participants = models.ManyToManyField(
        "party.PartyMember",
        through="TeamActivityParticipant",
        related_name="team_activities",
        verbose_name=_("members taking part"),
    )
    person_times = models.PositiveIntegerField(_("person-times"))
    beneficiaries = models.PositiveIntegerField(_("people served"), default=0)
    results = models.TextField(_("results"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "team__node__path"

    class Meta:
        verbose_name = _("team activity")
        verbose_name_plural = _("team activities")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person_times__gt=0), name="team_activity_has_person_times"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.held_on} · {self.title}"

    def audit_node_path(self) -> str:
        return self.team.node.path


class TeamActivityParticipant(models.Model):
    """A member who took part in an activity."""

    activity = models.ForeignKey(
        TeamActivity, on_delete=models.CASCADE, related_name="+", verbose_name=_("activity")
    )
    member = models.ForeignKey(
        "party.PartyMember", on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"], name="one_participation_per_activity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.member_id}"
