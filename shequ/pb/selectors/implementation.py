"""Reads of carrying out funded micro-projects (R-PB-1): the staff list across rounds with
progress, spending and acceptance; the public project page; the ledger; the 我的议事 section
of accepted projects awaiting the resident's rating."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shequ.accounts.roles import MANAGE_PB, RECORD_PB, VIEW_PB, VIEW_PUBLIC
from shequ.core.models import AuditAction, audit_record
from shequ.core.xlsx import xlsx_table
from shequ.deliberation.selectors.mine import register_my_section
from shequ.people.choices import PersonStatus

from ..choices import ProjectStatus
from ..models import (
    AcceptanceCheck,
    Milestone,
    ProgressPhoto,
    ProgressReport,
    Project,
    ProjectRating,
    SpendingEntry,
)
from ..models.implementation import ACCEPTING
from ..services.implementation import cofunding_received, money

ZERO = Decimal("0.00")


class State:
    """The list's filter on acceptance."""

    IMPLEMENTING = "implementing"
    ACCEPTED = "accepted"


def _annotated(qs, today: dt.date):
    latest = ProgressReport.objects.filter(project=OuterRef("pk")).order_by("-created_at", "-id")
    spent = (
        SpendingEntry.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    overdue = (
        Milestone.objects.filter(project=OuterRef("pk"), done_on__isnull=True, due_on__lt=today)
        .order_by()
        .values("project")
        .annotate(n=Count("id"))
        .values("n")
    )
    money_field = DecimalField(max_digits=14, decimal_places=2)
    return qs.annotate(
        percent=Coalesce(Subquery(latest.values("percent")[:1]), Value(0),
                         output_field=IntegerField()),
        spent=Coalesce(Subquery(spent, output_field=money_field), Value(ZERO),
                       output_field=money_field),
        overdue=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
        accepted=Exists(AcceptanceCheck.objects.filter(project=OuterRef("pk"),
                                                       result__in=ACCEPTING)),
    )  # fmt: skip


def funded_list_for(
    *, user, q: str = "", round=None, state: str = "", overdue: bool = False,
    today: dt.date | None = None,
):  # fmt: skip
    """Funded projects of every round in the user's subtree, each with its progress, what is
    spent, its overdue milestones and whether it is accepted."""
    today = today or timezone.localdate()
    qs = Project.objects.visible_to(user, VIEW_PB).filter(status=ProjectStatus.FUNDED)
    if round is not None:
        qs = qs.filter(round=round)
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(code__icontains=q) | Q(round__title__icontains=q)
            | Q(location__icontains=q) | Q(round__node__name__icontains=q)
        )  # fmt: skip
    qs = _annotated(qs.select_related("round__node"), today)
    if state == State.ACCEPTED:
        qs = qs.filter(accepted=True)
    elif state == State.IMPLEMENTING:
        qs = qs.filter(accepted=False)
    if overdue:
        qs = qs.filter(overdue__gt=0)
    return qs


def with_money(rows) -> list:
    """Set ``money`` (cost and co-funding received) and ``left`` on each row (one query)."""
    rows = list(rows)
    received = cofunding_received(r.pk for r in rows)
    for row in rows:
        row.money = money(row.cost) + received.get(row.pk, ZERO)
        row.spent = money(row.spent)
        row.left = row.money - row.spent
    return rows


def funded_rounds_for(*, user):
    from ..models import Round

    funded = Project.objects.filter(round=OuterRef("pk"), status=ProjectStatus.FUNDED)
    return Round.objects.visible_to(user, VIEW_PB).filter(Exists(funded)).order_by("-year", "-id")


def funded_export(*, user, rows) -> bytes:
    """The list as a workbook; the export is audit-logged."""
    columns = [
        (_("Round"), 24), (_("Territory"), 14), (_("Number"), 10), (_("Micro-project"), 30),
        (_("Progress (%)"), 10), (_("Money (yuan)"), 14), (_("Spent (yuan)"), 14),
        (_("Left (yuan)"), 14), (_("Overdue milestones"), 10),
        (pgettext("micro-project", "Accepted"), 8),
    ]  # fmt: skip
    rows = with_money(rows)
    content = xlsx_table(
        str(_("Funded micro-projects")), columns,
        ([r.round.title, r.round.node.name, r.code, r.title, r.percent, r.money, r.spent, r.left,
          r.overdue, r.accepted] for r in rows),
    )  # fmt: skip
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Funded micro-projects")),
                 row_count=len(rows))  # fmt: skip
    return content


# ----------------------------------------------------------------------------- one project


def project_public_get_for(*, user, pk) -> Project:
    """A funded project public to the user: at, below or above his nodes."""
    return (
        Project.objects.public_to(user, VIEW_PUBLIC)
        .filter(status=ProjectStatus.FUNDED)
        .select_related("round__node")
        .get(pk=pk)
    )


def project_staff_get_for(*, user, pk) -> Project:
    return (
        Project.objects.visible_to(user, VIEW_PB)
        .filter(status=ProjectStatus.FUNDED)
        .select_related("round__node")
        .get(pk=pk)
    )


@dataclass
class Delivery:
    """What the public project page shows."""

    project: Project
    milestones: list
    reports: list
    checks: list
    money: Decimal
    spent: Decimal
    percent: int
    accepted: AcceptanceCheck | None
    rating_mean: Decimal | None
    rating_count: int
    ratings: list
    overdue: list = field(default_factory=list)

    @property
    def left(self) -> Decimal:
        return self.money - self.spent

    @property
    def spent_percent(self) -> int:
        return int(self.spent * 100 / self.money) if self.money else 0


def delivery_for(project: Project, *, today: dt.date | None = None) -> Delivery:
    """Milestones, progress with photos, spending totals, checks and ratings of a project,
    in a fixed number of queries."""
    today = today or timezone.localdate()
    milestones = list(Milestone.objects.filter(project=project).order_by("due_on", "id"))
    reports = list(
        ProgressReport.objects.filter(project=project)
        .order_by("-created_at", "-id")
        .prefetch_related(Prefetch("photos", queryset=ProgressPhoto.objects.order_by("id")))
    )
    checks = list(
        AcceptanceCheck.objects.filter(project=project)
        .order_by("-checked_on", "-id")
        .prefetch_related("participants")
    )
    spent = money(SpendingEntry.objects.filter(project=project).aggregate(s=Sum("amount"))["s"])
    figures = ProjectRating.objects.filter(project=project).aggregate(mean=Avg("stars"),
                                                                      n=Count("id"))  # fmt: skip
    mean = figures["mean"]
    return Delivery(
        project=project,
        milestones=milestones,
        reports=reports,
        checks=checks,
        money=money(project.cost) + cofunding_received([project.pk]).get(project.pk, ZERO),
        spent=spent,
        percent=reports[0].percent if reports else 0,
        accepted=next((c for c in checks if c.accepts), None),
        rating_mean=Decimal(str(mean)).quantize(Decimal("0.1")) if mean is not None else None,
        rating_count=figures["n"],
        ratings=list(
            ProjectRating.objects.filter(project=project)
            .exclude(comment="")
            .order_by("-created_at", "-id")[:50]
        ),  # fmt: skip
        overdue=[m for m in milestones if m.is_overdue(today)],
    )


def ledger_for(project: Project) -> list[SpendingEntry]:
    """The spending ledger with voucher details (staff only); each payment knows whether it
    has been reversed."""
    entries = list(
        SpendingEntry.objects.filter(project=project)
        .select_related("recorded_by")
        .order_by("recorded_at", "id")
    )
    reversed_ids = {e.reverses_id for e in entries if e.reverses_id}
    for entry in entries:
        entry.is_reversed = entry.pk in reversed_ids
    return entries


def ledger_export(*, user, project: Project) -> bytes:
    columns = [
        (_("Recorded"), 16), (_("Kind"), 10), (_("Paid on"), 12), (_("Voucher number"), 16),
        (_("Paid to"), 24), (_("Amount (yuan)"), 14), (_("What for"), 30),
    ]  # fmt: skip
    entries = ledger_for(project)
    content = xlsx_table(
        str(_("Spending")), columns,
        ([e.recorded_at, e.get_kind_display(), e.paid_on, e.voucher, e.payee, money(e.amount),
          e.note] for e in entries),
    )  # fmt: skip
    title = _("Spending of %(project)s") % {"project": project.title}
    audit_record(AuditAction.EXPORT, actor=user, obj=project, row_count=len(entries),
                 object_repr=title)  # fmt: skip
    return content


def photo_get_for(*, user, pk) -> ProgressPhoto:
    """A progress photo, public with its funded project."""
    return (
        ProgressPhoto.objects.public_to(user, VIEW_PUBLIC)
        .filter(report__project__status=ProjectStatus.FUNDED)
        .get(pk=pk)
    )


def abilities(user, project: Project) -> dict:
    """What the user may do on the project page."""
    return {
        "may_record": user.has_perm(RECORD_PB, project),
        "may_accept": user.has_perm(MANAGE_PB, project),
        "may_view_ledger": user.has_perm(VIEW_PB, project),
    }


def participant_choices(project: Project):
    """Residents who may take part in a check: those seated in a body of the round's
    territory or above it (residents' representatives, the council, the committees)."""
    from shequ.core.scope import ancestor_paths
    from shequ.deliberation.models import BodyMember
    from shequ.people.models import Person

    paths = ancestor_paths(project.round.node.path)
    seated = BodyMember.objects.filter(body__node__path__in=paths, ended_on__isnull=True).values(
        "person_id"
    )
    return Person.objects.filter(pk__in=seated).order_by("name_pinyin", "id")


# ----------------------------------------------------------------------------- 我的议事


def ratings_due_for(*, person, limit: int = 20) -> list[Project]:
    """Accepted projects of rounds over the resident's home that he has not rated."""
    if person is None or person.status != PersonStatus.RESIDENT:
        return []
    from shequ.core.scope import ancestor_paths

    paths = ancestor_paths(person.node.path)
    rated = ProjectRating.objects.filter(project=OuterRef("pk"), person=person)
    accepted = AcceptanceCheck.objects.filter(project=OuterRef("pk"), result__in=ACCEPTING)
    return list(
        Project.objects.filter(
            status=ProjectStatus.FUNDED, round__node__path__in=paths
        )
        .filter(Exists(accepted))
        .exclude(Exists(rated))
        .select_related("round__node")
        .order_by("-id")[:limit]
    )  # fmt: skip


@register_my_section
def my_ratings_due(user, person):
    projects = ratings_due_for(person=person)
    if not projects:
        return None
    return {
        "title": _("Micro-projects awaiting my rating"),
        "template": "pb/implementation/_mine.html",
        "context": {"projects": projects},
        "order": 40,
    }
