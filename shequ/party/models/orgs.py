"""The party-organisation tree (R-ORG-2, R-ORG-6): organisations, their committee seats and the
teams functional groups attach to."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet, subtree_q

from ..choices import OrgKind, SeatPost, SeatSource, TeamKind


class Team(AuditedModel, TimeStampedModel):
    """A team members serve in (服务队, 文体队): a volunteer or culture team, or an
    engagement project's team (余热, 志愿, 双带, R-PM-8). Functional party groups attach to one."""

    node = models.ForeignKey(
        "territory.Node", on_delete=models.PROTECT, related_name="teams", verbose_name=_("area")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TeamKind.choices)
    name = models.CharField(_("name"), max_length=100)
    leader = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
        verbose_name=_("leader"),
    )
    founded_on = models.DateField(_("founded"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "node__path"

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["node__path", "name"]

    def __str__(self) -> str:
        return self.name

    def audit_node_path(self) -> str:
        return self.node.path if self.node_id else ""


class PartyOrgQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    def subtree(self, org):
        """The organisation and every one under it: one indexed prefix query."""
        return self.filter(subtree_q("path", org.path))

    def current(self):
        return self.filter(dissolved_on__isnull=True)


class PartyOrgManager(MP_NodeManager.from_queryset(PartyOrgQuerySet)):
    def get_queryset(self):
        return PartyOrgQuerySet(self.model).order_by("path")


class PartyOrg(AuditedModel, TimeStampedModel, MP_Node):
    """A party organisation (党组织): a working committee at a subdistrict, a committee or
    general branch at a community, a branch at a compound or area, a party group at a
    building or attached to a team. ``node`` is the territory it covers; visibility follows
    it. A joint organisation (联合党组织) spans units rather than one place."""

    steplen = 4
    kind = models.CharField(_("form"), max_length=20, choices=OrgKind.choices, db_index=True)
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    node = models.ForeignKey(
        "territory.Node",
        on_delete=models.PROTECT,
        related_name="party_orgs",
        verbose_name=_("territory covered"),
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_groups",
        verbose_name=_("team (functional group)"),
    )
    is_joint = models.BooleanField(_("joint organisation across units"), default=False)
    units = models.TextField(_("units joined"), blank=True)
    established_on = models.DateField(_("established"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved"), null=True, blank=True)
    # The committee's current term (换届): its start and the day it expires.
    term_started_on = models.DateField(_("term started"), null=True, blank=True)
    term_ends_on = models.DateField(_("term ends"), null=True, blank=True)

    objects = PartyOrgManager()
    scope_path = "node__path"

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True)
                | Q(term_started_on__isnull=True)
                | Q(term_ends_on__gt=models.F("term_started_on")),
                name="party_org_term_ordered",
            ),
            models.CheckConstraint(
                condition=Q(team__isnull=True) | Q(kind=OrgKind.GROUP),
                name="party_org_team_only_for_groups",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_node_path(self) -> str:
        return self.node.path if self.node_id else ""


class CommitteeSeat(AuditedModel, TimeStampedModel):
    """A seat on an organisation's committee (委员) for a period: secretary, deputy or
    member, elected from the organisation or part-time from a unit or a higher level
    (兼职委员, R-ORG-6). Outsiders need not be residents: their name and unit stand."""

    org = models.ForeignKey(
        PartyOrg, on_delete=models.CASCADE, related_name="seats", verbose_name=_("organisation")
    )
    post = models.CharField(_("post"), max_length=20, choices=SeatPost.choices)
    source = models.CharField(
        _("source"), max_length=20, choices=SeatSource.choices, default=SeatSource.ELECTED
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_seats",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=60)
    unit = models.CharField(_("unit"), max_length=120, blank=True)
    user = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="party_seats",
        verbose_name=_("login"),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "org__node__path"

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        ordering = ["org", "post", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["org"],
                condition=Q(ended_on__isnull=True, post=SeatPost.SECRETARY),
                name="one_open_secretary_per_org",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="committee_seat_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.get_post_display()} · {self.name}"

    def audit_node_path(self) -> str:
        return self.org.node.path
