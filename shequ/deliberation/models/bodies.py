"""The bodies of residents' self-government and their members (R-DLB-1, R-DLB-6, R-ORG-7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

from ..choices import AssemblyMode, BodyKind, SeatEnd, SeatPost, SeatSource


class Body(AuditedModel, TimeStampedModel):
    """A deliberative or governing body of a community (or of a subdistrict): who sits in it,
    for which term, with which quorum and convening share. Empty numbers fall back to
    ``deliberation_config()`` for the body's kind."""

    scope_path = "node__path"

    node = models.ForeignKey(
        "territory.Node", on_delete=models.PROTECT, related_name="bodies",
        verbose_name=_("territory"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=80)
    assembly_mode = models.CharField(
        _("who sits in it"), max_length=12, choices=AssemblyMode.choices,
        default=AssemblyMode.MEMBERS,
    )  # fmt: skip
    quorum = models.CharField(
        _("quorum"), max_length=10, blank=True,
        help_text=_("Share of the eligible who must be present, e.g. 2/3; empty: configured"),
    )  # fmt: skip
    convene_ratio = models.CharField(
        _("share that may require a meeting"), max_length=10, blank=True,
        help_text=_("e.g. 1/5; empty: configured"),
    )  # fmt: skip
    proxy_allowed = models.BooleanField(_("proxies allowed"), default=False)
    term_started_on = models.DateField(_("term from"), null=True, blank=True)
    term_ends_on = models.DateField(_("term to"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["node__path", "kind", "id"]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name


class Constituency(AuditedModel, TimeStampedModel):
    """The households a residents' representative answers for (R-ORG-7: one per 30–50): the
    territory nodes (buildings, flats) whose households it covers."""

    scope_path = "body__node__path"

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="constituencies", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=80)
    nodes = models.ManyToManyField(
        "territory.Node", related_name="+", blank=True, verbose_name=_("covers")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
        ordering = ["body", "name"]

    def __str__(self) -> str:
        return self.name


class BodyMember(AuditedModel, TimeStampedModel):
    """A seat held by a person in a body, from a day to a day; ended seats are kept (recall,
    by-election, R-DLB-6). One open seat per person and body."""

    scope_path = "body__node__path"

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="seats", verbose_name=_("body")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="body_seats",
        verbose_name=_("person"),
    )  # fmt: skip
    post = models.CharField(_("post"), max_length=12, choices=SeatPost.choices,
                            default=SeatPost.MEMBER)  # fmt: skip
    source = models.CharField(_("how seated"), max_length=12, choices=SeatSource.choices,
                              default=SeatSource.ELECTED)  # fmt: skip
    constituency = models.ForeignKey(
        Constituency, null=True, blank=True, on_delete=models.SET_NULL, related_name="seats",
        verbose_name=_("constituency"),
    )  # fmt: skip
    unit_name = models.CharField(_("unit"), max_length=120, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    end_reason = models.CharField(
        _("why ended"), max_length=12, choices=SeatEnd.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    # R-DLB-6: a by-election fills the seat a recall (or a resignation…) left empty
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by",
        verbose_name=_("fills the seat of"),
    )  # fmt: skip
    # R-DLB-6: the decision recalling the member: a motion ("deliberation.motion:<id>") or
    # the reference of a decision recorded elsewhere (its number, the meeting's name)
    recall_reference = models.CharField(_("recall decided by"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("body member")
        verbose_name_plural = _("body members")
        ordering = ["body", "post", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person"], condition=Q(ended_on__isnull=True),
                name="deliberation_one_open_seat",
            ),
            models.UniqueConstraint(
                fields=["replaces"], condition=Q(replaces__isnull=False),
                name="deliberation_one_by_election_per_seat",
            ),
            models.CheckConstraint(
                condition=~Q(end_reason="recalled") | ~Q(recall_reference=""),
                name="deliberation_recall_has_decision",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.body} · {self.person}"
