"""Party members (R-PM-1) and the transfers of their membership (组织关系转接)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

from ..choices import (
    MANAGEMENT_MODE,
    MemberCategory,
    MembershipStage,
    MemberState,
    TransferDirection,
)


class PartyMemberQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(state=MemberState.ACTIVE)


class PartyMember(AuditedModel, TimeStampedModel):
    """A party member (党员) linked to his resident record: category, stage and dates, and the
    organisation holding his membership (组织关系) — or, for a member who lives here and
    belongs elsewhere, the name of that organisation. ``node`` is where he is managed (the
    organisation's territory, or his community); visibility follows it."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="party_memberships",
        verbose_name=_("person"),
    )
    org = models.ForeignKey(
        "party.PartyOrg",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("organisation holding the membership"),
    )
    external_org = models.CharField(
        _("organisation elsewhere holding the membership"), max_length=160, blank=True
    )
    node = models.ForeignKey(
        "territory.Node",
        on_delete=models.PROTECT,
        related_name="party_members",
        verbose_name=_("managed at"),
    )
    group = models.ForeignKey(
        "party.PartyOrg",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_members",
        verbose_name=_("party group"),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=MemberCategory.choices, db_index=True
    )
    stage = models.CharField(_("stage"), max_length=20, choices=MembershipStage.choices)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=MemberState.choices,
        default=MemberState.ACTIVE,
        db_index=True,
    )
    joined_on = models.DateField(_("joined the party"))
    full_on = models.DateField(_("full member since"), null=True, blank=True)
    employer = models.CharField(_("employer"), max_length=160, blank=True)
    employer_party_org = models.CharField(
        _("party organisation of the employer"), max_length=160, blank=True
    )
    card_number = models.CharField(
        _("member service card"), max_length=30, null=True, blank=True, unique=True
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = PartyMemberQuerySet.as_manager()
    scope_path = "node__path"

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["node__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(state=MemberState.ACTIVE),
                name="one_active_party_member_per_person",
            ),
            models.CheckConstraint(
                condition=Q(org__isnull=False) | ~Q(external_org=""),
                name="party_member_has_an_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(stage=MembershipStage.FULL) | Q(full_on__isnull=False),
                name="party_member_full_has_date",
            ),
            models.CheckConstraint(
                condition=Q(full_on__isnull=True) | Q(full_on__gte=models.F("joined_on")),
                name="party_member_full_after_joining",
            ),
        ]
        indexes = [models.Index(fields=["org", "state"], name="party_member_org_state_idx")]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def management_mode(self) -> str:
        return MANAGEMENT_MODE[self.category]

    def get_management_mode_display(self) -> str:
        from ..choices import ManagementMode

        return ManagementMode(self.management_mode).label

    def audit_node_path(self) -> str:
        return self.node.path if self.node_id else ""

    def audit_person_id(self):
        return self.person_id


class MembershipTransfer(AuditedModel, TimeStampedModel):
    """A transfer of a member's membership (组织关系转接) in, out, or between organisations
    here, with the introduction letter's number and dates."""

    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("member")
    )
    direction = models.CharField(_("direction"), max_length=10, choices=TransferDirection.choices)
    from_org = models.ForeignKey(
        "party.PartyOrg",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from organisation"),
    )
    from_org_name = models.CharField(_("from (elsewhere)"), max_length=160, blank=True)
    to_org = models.ForeignKey(
        "party.PartyOrg",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to organisation"),
    )
    to_org_name = models.CharField(_("to (elsewhere)"), max_length=160, blank=True)
    letter_number = models.CharField(_("letter number"), max_length=60)
    issued_on = models.DateField(_("letter issued"))
    received_on = models.DateField(_("letter received"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "member__node__path"

    class Meta:
        verbose_name = _("membership transfer")
        verbose_name_plural = _("membership transfers")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_org__isnull=False) | ~Q(from_org_name=""),
                name="transfer_has_origin",
            ),
            models.CheckConstraint(
                condition=Q(to_org__isnull=False) | ~Q(to_org_name=""),
                name="transfer_has_destination",
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(received_on__gte=models.F("issued_on")),
                name="transfer_received_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_direction_display()} · {self.letter_number}"

    def audit_node_path(self) -> str:
        return self.member.node.path

    def audit_person_id(self):
        return self.member.person_id
