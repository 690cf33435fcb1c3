"""Reads of party dues (R-PM-5): a member's dues card, the arrears report, an organisation's
ledger with its running balance, the yearly summary per organisation, and their xlsx exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import VIEW_PARTY_MEMBER
from shequ.core.xlsx import xlsx_table

from ..choices import MemberState, OrgKind
from ..config import party_config
from ..models import DuesEntry, DuesEntryKind, DuesStandard, PartyMember, PartyOrg
from ..services.dues import money, month_start, months_between, paid_months, standards_by_month

ZERO = Decimal("0.00")


# ----------------------------------------------------------------------------- member card


@dataclass
class MemberDues:
    member: PartyMember
    standards: list
    months: list = field(default_factory=list)  # (month, standard, paid entry or None)
    owed: list = field(default_factory=list)
    amount_owed: Decimal = ZERO
    last_paid: dt.date | None = None

    @property
    def current_standard(self):
        return self.standards[0] if self.standards else None


def _dues_start(member: PartyMember, standards) -> dt.date | None:
    """The first month a member owes: his first standard's, not before he joined."""
    if not standards:
        return None
    first = min(s.from_month for s in standards)
    return max(first, month_start(member.joined_on))


def _owed(member, standards, paid: set, today: dt.date):
    start = _dues_start(member, standards)
    if start is None:
        return [], ZERO, {}
    months = months_between(start, month_start(today))
    by_month = standards_by_month(standards, months)
    owed = [m for m in months if m not in paid]
    return owed, sum((by_month[m].monthly_amount for m in owed), ZERO), by_month


def member_dues_for(*, user, member: PartyMember, today: dt.date) -> MemberDues:
    """One member's dues card: his standards, each month since his dues started up to the
    current one with its payment, the months owed and their amount (3 queries)."""
    if not user.has_perm(VIEW_PARTY_MEMBER, member):
        raise PartyMember.DoesNotExist
    standards = list(member.dues_standards.order_by("-from_month"))
    payments = {
        e.month: e
        for e in DuesEntry.objects.filter(
            member=member, kind=DuesEntryKind.PAYMENT, reversals__isnull=True
        ).select_related("recorded_by")
    }
    owed, amount, by_month = _owed(member, standards, set(payments), today)
    months = [(m, by_month[m], payments.get(m)) for m in sorted(by_month, reverse=True)]
    advance = sorted((m for m in payments if m > month_start(today)), reverse=True)
    months = [(m, None, payments[m]) for m in advance] + months
    return MemberDues(
        member=member,
        standards=standards,
        months=months,
        owed=owed,
        amount_owed=amount,
        last_paid=max(payments) if payments else None,
    )


# ----------------------------------------------------------------------------- arrears


@dataclass
class ArrearsRow:
    member: PartyMember
    owed: list
    amount_owed: Decimal
    last_paid: dt.date | None

    @property
    def months_owed(self) -> int:
        return len(self.owed)


@dataclass
class ArrearsReport:
    rows: list
    without_standard: list
    threshold: int


def dues_members_for(*, user, org: PartyOrg | None = None, q: str = ""):
    """Active members the user sees whose membership is held here (they pay here)."""
    members = (
        PartyMember.objects.visible_to(user, VIEW_PARTY_MEMBER)
        .filter(state=MemberState.ACTIVE, org__isnull=False)
        .select_related("person", "org")
    )
    if org is not None:
        members = members.filter(org__in=PartyOrg.objects.subtree(org))
    if q:
        members = members.filter(
            Q(person__name__icontains=q) | Q(person__name_pinyin__istartswith=q.lower())
            | Q(card_number=q)
        )  # fmt: skip
    return members


def arrears_for(
    *,
    user,
    today: dt.date,
    org: PartyOrg | None = None,
    q: str = "",
    min_months: int | None = None,
) -> ArrearsReport:
    """Members whose unpaid months, from the month their dues started up to the current
    month included, number at least ``arrears_months`` (configured; 3 by default: a member
    paid up to August is listed in November, owing September to November). With
    ``min_months=0`` every member is listed with what he owes. Members with no standard set
    cannot owe a computed amount: they are returned apart, to be given one. Three queries
    whatever the number of members."""
    threshold = party_config()["dues"]["arrears_months"] if min_months is None else min_months
    members = list(dues_members_for(user=user, org=org, q=q).order_by("org__path", "id"))
    ids = [m.pk for m in members]
    standards: dict[int, list] = {}
    for standard in DuesStandard.objects.filter(member_id__in=ids):
        standards.setdefault(standard.member_id, []).append(standard)
    paid = paid_months(ids)
    rows, without = [], []
    for member in members:
        own = standards.get(member.pk, [])
        if not own:
            without.append(member)
            continue
        months = paid.get(member.pk, set())
        owed, amount, _by_month = _owed(member, own, months, today)
        if len(owed) >= threshold:
            rows.append(ArrearsRow(member, owed, amount, max(months) if months else None))
    rows.sort(key=lambda r: (-r.months_owed, r.member.org.path, r.member.pk))
    return ArrearsReport(rows=rows, without_standard=without, threshold=threshold)


def arrears_count_for(*, user, today: dt.date) -> int:
    """Members in arrears the user sees (home dashboard)."""
    return len(arrears_for(user=user, today=today).rows)


# ----------------------------------------------------------------------------- ledger


def dues_orgs_for(*, user):
    """Organisations keeping a dues ledger that the user may read: every form but a group."""
    return (
        PartyOrg.objects.visible_to(user, VIEW_PARTY_MEMBER)
        .current()
        .exclude(kind=OrgKind.GROUP)
        .select_related("node")
    )


def dues_org_get_for(*, user, pk: int) -> PartyOrg:
    return dues_orgs_for(user=user).get(pk=pk)


@dataclass
class Ledger:
    org: PartyOrg
    year: int
    opening: Decimal
    rows: list  # (entry, balance after it)
    closing: Decimal
    income: Decimal
    outflow: Decimal


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    return start, timezone.make_aware(dt.datetime(year + 1, 1, 1))


def dues_ledger_for(*, user, org: PartyOrg, year: int) -> Ledger:
    """The organisation's ledger (党费账) for a year: the balance carried in, each entry with
    the balance after it, the balance carried forward (2 queries)."""
    if not user.has_perm(VIEW_PARTY_MEMBER, org):
        raise PartyOrg.DoesNotExist
    start, end = _year_bounds(year)
    opening = money(
        DuesEntry.objects.filter(org=org, recorded_at__lt=start).aggregate(total=Sum("amount"))[
            "total"
        ]
    )
    entries = (
        DuesEntry.objects.filter(org=org, recorded_at__gte=start, recorded_at__lt=end)
        .select_related("member__person", "recorded_by", "reverses")
        .order_by("recorded_at", "id")
    )
    balance, rows, income, outflow = opening, [], ZERO, ZERO
    for entry in entries:
        balance += entry.amount
        if entry.amount > 0:
            income += entry.amount
        else:
            outflow += entry.amount
        rows.append((entry, balance))
    return Ledger(org, year, opening, rows, balance, income, outflow)


# ----------------------------------------------------------------------------- yearly summary


def _net(kind: str) -> Q:
    """Entries of ``kind`` and the reversals of such entries (a reversed payment is no
    payment)."""
    return Q(kind=kind) | Q(kind=DuesEntryKind.REVERSAL, reverses__kind=kind)


def dues_summary_for(*, user, year: int, org: PartyOrg | None = None) -> list[dict]:
    """Per organisation keeping a ledger (under ``org`` if given): balance carried in, dues
    collected, spent and remitted in the year (net of reversals), balance carried forward.
    Three queries whatever the number of organisations."""
    orgs = dues_orgs_for(user=user)
    if org is not None:
        orgs = orgs.filter(pk__in=PartyOrg.objects.subtree(org).values("pk"))
    orgs = list(orgs.order_by("path"))
    start, end = _year_bounds(year)
    ids = [o.pk for o in orgs]
    opening = dict(
        DuesEntry.objects.filter(org_id__in=ids, recorded_at__lt=start)
        .values("org_id")
        .annotate(total=Sum("amount"))
        .values_list("org_id", "total")
    )
    sums = {
        row["org_id"]: row
        for row in DuesEntry.objects.filter(
            org_id__in=ids, recorded_at__gte=start, recorded_at__lt=end
        )
        .values("org_id")
        .annotate(
            paid=Sum("amount", filter=_net(DuesEntryKind.PAYMENT)),
            spent=Sum("amount", filter=_net(DuesEntryKind.SPENDING)),
            remitted=Sum("amount", filter=_net(DuesEntryKind.REMITTANCE)),
            total=Sum("amount"),
        )
    }
    out = []
    for o in orgs:
        row = sums.get(o.pk, {})
        carried = money(opening.get(o.pk))
        if not row and not carried:
            continue
        out.append(
            {
                "org": o,
                "opening": carried,
                "paid": money(row.get("paid")),
                "spent": ZERO - money(row.get("spent")),
                "remitted": ZERO - money(row.get("remitted")),
                "closing": carried + money(row.get("total")),
            }
        )
    return out


# ----------------------------------------------------------------------------- exports


def _months_text(months) -> str:
    return "、".join(f"{m:%Y-%m}" for m in months)


def arrears_export(report: ArrearsReport) -> bytes:
    columns = [
        (_("Organisation"), 24),
        (_("Member"), 12),
        (_("Months owed"), 10),
        (_("Amount owed (yuan)"), 14),
        (_("Last month paid"), 14),
        (_("Months"), 60),
    ]
    rows = [
        [
            r.member.org.name,
            r.member.person.name,
            r.months_owed,
            r.amount_owed,
            f"{r.last_paid:%Y-%m}" if r.last_paid else "",
            _months_text(r.owed),
        ]
        for r in report.rows
    ]
    return xlsx_table(_("Dues arrears"), columns, rows)


def ledger_export(ledger: Ledger) -> bytes:
    columns = [
        (_("Recorded"), 17),
        (_("Kind"), 14),
        (_("Member"), 12),
        (_("Dues month"), 10),
        (_("Amount (yuan)"), 12),
        (_("Balance (yuan)"), 12),
        (_("Note"), 40),
        (_("Recorded by"), 12),
    ]
    rows = [["", _("Balance carried in"), "", "", None, ledger.opening, "", ""]]
    for entry, balance in ledger.rows:
        rows.append(
            [
                entry.recorded_at,
                str(entry.get_kind_display()),
                entry.member.person.name if entry.member_id else "",
                f"{entry.month:%Y-%m}" if entry.month else "",
                entry.amount,
                balance,
                entry.note,
                str(entry.recorded_by) if entry.recorded_by_id else "",
            ]
        )
    return xlsx_table(_("Dues ledger"), columns, rows)


def summary_export(rows: list[dict]) -> bytes:
    columns = [
        (_("Organisation"), 28),
        (_("Balance carried in"), 14),
        (_("Dues collected"), 14),
        (_("Spent"), 14),
        (_("Remitted to the higher level"), 14),
        (_("Balance carried forward"), 14),
    ]
    data = [
        [r["org"].name, r["opening"], r["paid"], r["spent"], r["remitted"], r["closing"]]
        for r in rows
    ]
    return xlsx_table(_("Dues summary"), columns, data)


# ----------------------------------------------------------------------------- my page

try:
    from .mine import register_my_section
except ImportError:  # pragma: no cover — the members area provides it
    register_my_section = None


def my_dues(user, member: PartyMember) -> dict | None:
    """His dues owed, on the member's own page (3 queries)."""
    if member.org_id is None:
        return None
    standards = list(member.dues_standards.all())
    paid = paid_months([member.pk]).get(member.pk, set())
    owed, amount, _by_month = _owed(member, standards, paid, timezone.localdate())
    if not standards:
        return None
    return {
        "title": _("My party dues"),
        "template": "party/dues/mine.html",
        "context": {
            "owed": owed,
            "amount_owed": amount,
            "standard": max(standards, key=lambda s: s.from_month),
        },
    }


if register_my_section is not None:
    register_my_section(my_dues)
