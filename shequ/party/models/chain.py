"""The 四联四包 responsibility chain (R-ORG-5): who answers for which organisation, secretary,
member, point, area, building and household."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

__all__ = ["CHAIN_FIELDS", "ChainKind", "ChainLink"]


class ChainKind(models.TextChoices):
    """The four 联 and the four 包 of 四联四包 ([004]). 党员联系户 and 党员包户 join the same
    pair (a member and a household) with the same data, so they are one kind here."""

    COMMITTEE_BRANCH = "committee_branch", _("Committee links a branch")  # 党委联系支部
    MEMBER_SECRETARY = "member_secretary", _("Committee member links a branch secretary")
    BRANCH_MEMBER = "branch_member", _("Branch links a member")  # 支部联系党员
    MEMBER_HOUSEHOLD = "member_household", _("Member answers for a household")  # 联系户/包户
    SECRETARY_POINT = "secretary_point", _("Committee secretary answers for a point")  # 包点
    BRANCH_SECRETARY_AREA = "branch_secretary_area", _("Branch secretary answers for an area")
    COMMITTEE_MEMBER_BUILDING = (
        "committee_member_building",
        _("Branch committee member answers for a building"),
    )  # 支部委员包楼


# Which link field names "who" and which names "what" for each kind; every other of the
# six fields stays empty (the CheckConstraint below). A 联系 by a branch of a member goes
# through the branch committee member who does the contacting (his seat), so the chain
# always ends at a person.
CHAIN_FIELDS: dict[str, tuple[str, str]] = {
    ChainKind.COMMITTEE_BRANCH: ("who_org", "what_org"),
    ChainKind.MEMBER_SECRETARY: ("who_seat", "what_org"),
    ChainKind.BRANCH_MEMBER: ("who_seat", "what_member"),
    ChainKind.MEMBER_HOUSEHOLD: ("who_member", "what_household"),
    ChainKind.SECRETARY_POINT: ("who_seat", "what_node"),
    ChainKind.BRANCH_SECRETARY_AREA: ("who_seat", "what_node"),
    ChainKind.COMMITTEE_MEMBER_BUILDING: ("who_seat", "what_node"),
}
LINK_FIELDS = (
    "who_org",
    "who_seat",
    "who_member",
    "what_org",
    "what_node",
    "what_member",
    "what_household",
)


def _fields_match_kind() -> Q:
    condition = Q(pk__in=[])
    for kind, used in CHAIN_FIELDS.items():
        part = Q(kind=kind)
        for name in LINK_FIELDS:
            part &= Q(**{f"{name}__isnull": name not in used})
        condition |= part
    return condition


class ChainLink(AuditedModel, TimeStampedModel):
    """One assignment of the 四联四包 chain (四联四包): who (an organisation, a committee seat
    or a member) answers for what (an organisation, a territory node, a member or a
    household) from ``started_on`` until ``ended_on``. ``node`` is where the "what" lies;
    visibility and the per-grid reports follow it."""

    kind = models.CharField(_("kind of link"), max_length=30, choices=ChainKind.choices)
    who_org = models.ForeignKey(
        "party.PartyOrg",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation answering"),
    )
    who_seat = models.ForeignKey(
        "party.CommitteeSeat",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chain_links",
        verbose_name=_("committee member answering"),
    )
    who_member = models.ForeignKey(
        "party.PartyMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chain_links",
        verbose_name=_("member answering"),
    )
    what_org = models.ForeignKey(
        "party.PartyOrg",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("branch"),
    )
    what_node = models.ForeignKey(
        "territory.Node",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("point, area or building"),
    )
    what_member = models.ForeignKey(
        "party.PartyMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chain_links_in",
        verbose_name=_("member linked"),
    )
    what_household = models.ForeignKey(
        "people.Household",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_links",
        verbose_name=_("household"),
    )
    node = models.ForeignKey(
        "territory.Node",
        on_delete=models.PROTECT,
        related_name="party_chain_links",
        verbose_name=_("where"),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "node__path"

    class Meta:
        verbose_name = _("responsibility link")
        verbose_name_plural = _("responsibility links")
        ordering = ["node__path", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_fields_match_kind(), name="chain_link_fields_of_kind"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="chain_link_period_ordered",
            ),
            # R-ORG-5: a household has one member answering for it at a time.
            models.UniqueConstraint(
                fields=["what_household"],
                condition=Q(ended_on__isnull=True, what_household__isnull=False),
                name="one_open_member_per_household",
            ),
            # The same for every other "what": one answering per kind at a time, so the
            # chain of a household is one line, not a tree.
            models.UniqueConstraint(
                fields=["kind", "what_org"],
                condition=Q(ended_on__isnull=True, what_org__isnull=False),
                name="one_open_chain_link_per_org",
            ),
            models.UniqueConstraint(
                fields=["kind", "what_node"],
                condition=Q(ended_on__isnull=True, what_node__isnull=False),
                name="one_open_chain_link_per_node",
            ),
            models.UniqueConstraint(
                fields=["kind", "what_member"],
                condition=Q(ended_on__isnull=True, what_member__isnull=False),
                name="one_open_chain_link_per_member",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "ended_on"], name="chain_link_kind_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.who} → {self.what} ({self.get_kind_display()})"

    @property
    def who(self):
        return getattr(self, CHAIN_FIELDS[self.kind][0])

    @property
    def what(self):
        return getattr(self, CHAIN_FIELDS[self.kind][1])

    def audit_node_path(self) -> str:
        return self.node.path if self.node_id else ""
