"""Reads of task admission (准入制, R-CASE-5): the register a user may see, one item, the items
in force in his communities, and the workload pushed down to each community."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, F, Func, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.shortcuts import get_object_or_404

from shequ.accounts.roles import REQUEST_ITEM, VIEW_ITEM
from shequ.cases.choices import HandlerKind
from shequ.cases.models import Handler
from shequ.core.scope import EVERYTHING, ancestor_paths, scope_paths, scope_q, subtree_q
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from .choices import WorkItemStatus
from .models import WorkItem, WorkItemCommunity

CENT = Decimal("0.01")


def _visible_q(user) -> Q:
    """The deciding level's own register, and the admitted items applying to a community
    in the user's scope (a community sees what it has to do, not what was refused)."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    own = scope_q(user, VIEW_ITEM, "decider__path")
    if not scope_paths(user, VIEW_ITEM):
        return own
    concerning = WorkItemCommunity.objects.filter(scope_q(user, VIEW_ITEM, "community__path"))
    return own | (Q(approved_at__isnull=False) & Q(pk__in=concerning.values("item")))


def work_item_list_for(
    *,
    user,
    q: str = "",
    status: str = "",
    department: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
):
    """Items the user may see, searched by words (title, description, department, legal
    basis) and filtered by status, department and a period their time span overlaps."""
    qs = WorkItem.objects.filter(_visible_q(user))
    if status:
        qs = qs.filter(status=status)
    department = (department or "").strip()
    if department:
        qs = qs.filter(department__icontains=department)
    if start is not None:
        qs = qs.filter(end_date__gte=start)
    if end is not None:
        qs = qs.filter(start_date__lte=end)
    q = (q or "").strip()
    if q:
        words = Q()
        for word in q.split():
            words &= (
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(department__icontains=word)
                | Q(legal_basis__icontains=word)
            )
        if q.isdigit():
            words |= Q(pk=int(q))
        qs = qs.filter(words)
    return qs


def with_community_counts(qs):
    return qs.annotate(community_count=Count("links"))


def work_item_get_for(*, user, pk) -> WorkItem:
    return get_object_or_404(
        WorkItem.objects.filter(_visible_q(user)).select_related(
            "decider", "department_handler", "requested_by", "decided_by"
        ),
        pk=pk,
    )


def work_items_in_force_for(*, user, on: dt.date, community: Node | None = None):
    """Approved items in force on ``on`` that apply to a community in the user's scope (or
    to ``community``): what the community has to do, each with its funding."""
    links = WorkItemCommunity.objects.filter(scope_q(user, VIEW_ITEM, "community__path"))
    if community is not None:
        links = links.filter(community=community)
    return WorkItem.objects.filter(
        status=WorkItemStatus.APPROVED,
        start_date__lte=on,
        last_day__gte=on,
        pk__in=links.values("item"),
    )


def deciders_for(*, user):
    """The levels where the user may register requests (districts and subdistricts)."""
    return (
        Node.objects.visible_to(user, REQUEST_ITEM)
        .filter(kind__in=[NodeKind.DISTRICT, NodeKind.SUBDISTRICT], is_active=True)
        .order_by("path")
    )


def communities_for(*, user, perm: str = REQUEST_ITEM):
    return (
        Node.objects.visible_to(user, perm)
        .filter(kind=NodeKind.COMMUNITY, is_active=True)
        .order_by("path")
    )


def departments_for(*, user):
    """Government departments (handlers of requests) placed in or above the user's area."""
    paths = scope_paths(user, REQUEST_ITEM)
    if not paths:
        return Handler.objects.none()
    handlers = Handler.objects.filter(kind=HandlerKind.DEPARTMENT, is_active=True)
    if EVERYTHING not in paths:
        above = {a for p in paths for a in ancestor_paths(p)}
        handlers = handlers.filter(
            scope_q(user, REQUEST_ITEM, "node__path") | Q(node__path__in=above)
        )
    return handlers.order_by("name")


def report_areas_for(*, user):
    """Areas a workload report may be asked for: districts, subdistricts and communities
    in the user's scope."""
    return (
        Node.objects.visible_to(user, VIEW_ITEM)
        .filter(
            kind__in=[NodeKind.DISTRICT, NodeKind.SUBDISTRICT, NodeKind.COMMUNITY], is_active=True
        )
        .order_by("path")
    )


# ----------------------------------------------------------------------------- workload


class DayNumber(Func):
    """Days since 2000-01-01 of a date, an integer on both databases (date arithmetic is
    spelled differently by each)."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} - DATE '2000-01-01')", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(julianday({sql}) - 2451544.5 AS INTEGER)", params


class ProRata(Func):
    """amount × part ÷ whole, in decimals (SQLite would divide integers as integers)."""

    output_field = DecimalField(max_digits=24, decimal_places=6)

    def as_sql(self, compiler, connection, **extra_context):
        (a, pa), (b, pb), (c, pc) = (compiler.compile(e) for e in self.source_expressions)
        return f"(({a}) * ({b}) / ({c}))", [*pa, *pb, *pc]

    def as_sqlite(self, compiler, connection, **extra_context):
        (a, pa), (b, pb), (c, pc) = (compiler.compile(e) for e in self.source_expressions)
        return f"(CAST({a} AS REAL) * ({b}) / ({c}))", [*pa, *pb, *pc]


@dataclass
class WorkloadRow:
    community: Node
    items: int
    hours: Decimal
    funding: Decimal


@dataclass
class Workload:
    area: Node
    start: dt.date
    end: dt.date
    rows: list[WorkloadRow] = field(default_factory=list)
    items: int = 0
    hours: Decimal = Decimal(0)
    funding: Decimal = Decimal(0)


def _day(value: dt.date) -> int:
    return (value - dt.date(2000, 1, 1)).days


def workload_report(*, user, area: Node, start: dt.date, end: dt.date) -> Workload:
    """Per community of ``area`` in the user's scope: the admitted items in force at some
    time in [start, end], their hours per month added up, and their funding for the days
    of the period they were in force (an item's funding covers its whole time span, so it is
    counted pro rata: funding × days in force within the period ÷ days of the span). One
    grouped query over the communities; the totals are the sums of the rows."""
    prefix = "admission_links__item__"
    in_force = Q(
        **{
            f"{prefix}approved_at__isnull": False,
            f"{prefix}start_date__lte": end,
            f"{prefix}last_day__gte": start,
        }
    ) & Q(**{f"{prefix}last_day__gte": F(f"{prefix}start_date")})
    first = Greatest(DayNumber(F(f"{prefix}start_date")), Value(_day(start)))
    last = Least(DayNumber(F(f"{prefix}last_day")), Value(_day(end)))
    span = DayNumber(F(f"{prefix}end_date")) - DayNumber(F(f"{prefix}start_date")) + 1
    communities = (
        Node.objects.visible_to(user, VIEW_ITEM)
        .filter(subtree_q("path", area.path), kind=NodeKind.COMMUNITY)
        .annotate(
            n_items=Count("admission_links", filter=in_force),
            n_hours=Coalesce(
                Sum(f"{prefix}hours_per_month", filter=in_force),
                Value(Decimal(0)),
                output_field=DecimalField(max_digits=12, decimal_places=2),
            ),
            n_funding=Sum(ProRata(F(f"{prefix}funding"), last - first + 1, span), filter=in_force),
        )
        .order_by("path")
    )
    report = Workload(area=area, start=start, end=end)
    for node in communities:
        row = WorkloadRow(
            community=node,
            items=node.n_items,
            hours=Decimal(node.n_hours).quantize(CENT),
            funding=Decimal(node.n_funding or 0).quantize(CENT, rounding=ROUND_HALF_UP),
        )
        report.rows.append(row)
        report.items += row.items
        report.hours += row.hours
        report.funding += row.funding
    return report
