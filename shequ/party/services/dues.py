"""Writes of party dues (党费, R-PM-5): a member's standard, payments, reversals, spending and
remittances to the higher level. The ledger is append-only: a mistake is corrected by a
reversal (冲正), never by an edit."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_PARTY, RECORD_PARTY

from ..choices import MemberState, OrgKind
from ..config import party_config
from ..models import DuesBasis, DuesEntry, DuesEntryKind, DuesStandard, PartyMember, PartyOrg
from . import check_perm

CENT = Decimal("0.01")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the months from ``first`` to ``last``, both included."""
    out, month = [], month_start(first)
    while month <= last:
        out.append(month)
        month = add_months(month, 1)
    return out


def dues_rate(*, basis: str, income: Decimal | None) -> tuple[Decimal | None, Decimal]:
    """The rate of the income's band and the monthly amount, rounded half up to the fen.

    The 2008 standard applies the band's rate to the whole income (an income of 3000.01 pays
    1 % of it, not 0.5 % of 3000 plus 1 % of the rest): so do we. Flat-rate members pay the
    configured flat amount whatever their income."""
    config = party_config()["dues"]
    if basis == DuesBasis.FLAT:
        return None, Decimal(config["flat_monthly"]).quantize(CENT, ROUND_HALF_UP)
    bands = config["in_service_bands" if basis == DuesBasis.IN_SERVICE else "retired_bands"]
    income = Decimal(income)
    for ceiling, rate in bands:
        if ceiling is None or income <= Decimal(ceiling):
            rate = Decimal(rate)
            return rate, (income * rate).quantize(CENT, ROUND_HALF_UP)
    raise ValueError("the dues bands must end with an open band (ceiling None)")


@transaction.atomic
def dues_standard_set(
    *,
    actor=None,
    member: PartyMember,
    from_month: dt.date,
    basis: str,
    income: Decimal | None = None,
    note: str = "",
) -> DuesStandard:
    """Set a member's standard from a month on (核定, done yearly): the amount follows from
    the configured bands. One standard per member per month: a second one is refused."""
    check_perm(actor, MANAGE_PARTY, member)
    errors: dict[str, str] = {}
    if basis not in DuesBasis.values:
        errors["basis"] = _("Choose what the dues are computed from.")
    elif basis != DuesBasis.FLAT:
        if income is None:
            errors["income"] = _("Give the monthly income the dues are computed from.")
        elif Decimal(income) < 0:
            errors["income"] = _("The income cannot be negative.")
    if from_month is None:
        errors["from_month"] = _("Give the first month of the standard.")
    if member.state != MemberState.ACTIVE:
        errors["member"] = _("He is no longer in the register.")
    if errors:
        raise ValidationError(errors)
    from_month = month_start(from_month)
    if DuesStandard.objects.filter(member=member, from_month=from_month).exists():
        raise ValidationError(
            {"from_month": _("A standard from %(month)s is already set.")
             % {"month": f"{from_month:%Y-%m}"}}
        )  # fmt: skip
    rate, amount = dues_rate(basis=basis, income=income)
    try:
        with transaction.atomic():
            return DuesStandard.objects.create(
                member=member,
                from_month=from_month,
                basis=basis,
                income=None if basis == DuesBasis.FLAT else Decimal(income).quantize(CENT),
                rate=rate,
                monthly_amount=amount,
                note=(note or "").strip()[:200],
                set_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"from_month": _("A standard from %(month)s is already set.")
             % {"month": f"{from_month:%Y-%m}"}}
        ) from exc  # fmt: skip


def standards_by_month(standards, months: list[dt.date]) -> dict[dt.date, DuesStandard | None]:
    """The standard in force in each month: the latest starting on or before it."""
    ordered = sorted(standards, key=lambda s: s.from_month)
    out = {}
    for month in months:
        current = None
        for standard in ordered:
            if standard.from_month <= month:
                current = standard
            else:
                break
        out[month] = current
    return out


def paid_months(member_ids) -> dict[int, set[dt.date]]:
    """For each member, the months paid by a payment not reversed (one query)."""
    rows = DuesEntry.objects.filter(
        member_id__in=list(member_ids), kind=DuesEntryKind.PAYMENT, reversals__isnull=True
    ).values_list("member_id", "month")
    out: dict[int, set[dt.date]] = {}
    for member_id, month in rows:
        out.setdefault(member_id, set()).add(month)
    return out


def _fmt(months) -> str:
    return "、".join(f"{m:%Y-%m}" for m in sorted(months))


@transaction.atomic
def dues_pay(
    *,
    actor=None,
    member: PartyMember,
    months: list[dt.date],
    amount: Decimal,
    note: str = "",
) -> list[DuesEntry]:
    """Record a member's payment for one or more dues months (补交 and 预交 included), one
    ledger entry per month, to the organisation holding his membership.

    The amount must equal the sum of the months' standards. A month is paid once: the member's
    row is locked (``select_for_update``) before the check, so two clerks recording the same
    payment at once serialize and the second is refused. A unique index cannot say this — a
    reversed payment leaves its row, and the month may then be paid again."""
    check_perm(actor, RECORD_PARTY, member)
    config = party_config()["dues"]
    member = (
        PartyMember.objects.select_for_update(of=("self",)).select_related("org").get(pk=member.pk)
    )
    if member.state != MemberState.ACTIVE:
        raise ValidationError({"member": _("He is no longer in the register.")})
    if member.org_id is None:
        raise ValidationError(
            {"member": _("His membership is held elsewhere: he pays his dues there.")}
        )
    months = sorted({month_start(m) for m in months or []})
    if not months:
        raise ValidationError({"months": _("Choose the months paid.")})
    latest = add_months(month_start(timezone.localdate()), config["advance_months_max"])
    errors: dict[str, str] = {}
    early = [m for m in months if m < month_start(member.joined_on)]
    late = [m for m in months if m > latest]
    if early:
        errors["months"] = _("He was not yet a member in %(months)s.") % {"months": _fmt(early)}
    elif late:
        errors["months"] = _("Dues may be paid in advance up to %(month)s at most.") % {
            "month": f"{latest:%Y-%m}"
        }
    if errors:
        raise ValidationError(errors)
    standards = standards_by_month(member.dues_standards.all(), months)
    missing = [m for m, s in standards.items() if s is None]
    if missing:
        raise ValidationError(
            {"months": _("No dues standard is set for %(months)s.") % {"months": _fmt(missing)}}
        )
    already = paid_months([member.pk]).get(member.pk, set()) & set(months)
    if already:
        raise ValidationError({"months": _("%(months)s already paid.") % {"months": _fmt(already)}})
    expected = sum((standards[m].monthly_amount for m in months), Decimal("0.00"))
    try:
        amount = Decimal(amount)
    except (TypeError, ArithmeticError) as exc:
        raise ValidationError({"amount": _("Enter the amount paid.")}) from exc
    if amount != expected:
        raise ValidationError(
            {"amount": _("The dues for %(months)s come to %(expected)s yuan, not %(amount)s.")
             % {"months": _fmt(months), "expected": expected, "amount": amount}}
        )  # fmt: skip
    note = (note or "").strip()[:200]
    return [
        DuesEntry.objects.create(
            org=member.org,
            member=member,
            kind=DuesEntryKind.PAYMENT,
            month=month,
            amount=standards[month].monthly_amount,
            recorded_by=actor,
            note=note,
        )
        for month in months
    ]


def org_balance(org: PartyOrg) -> Decimal:
    total = DuesEntry.objects.filter(org=org).aggregate(total=Sum("amount"))["total"]
    return money(total)


def money(value) -> Decimal:
    """A sum from the database as yuan with two decimals (SQLite drops trailing zeros)."""
    return Decimal(value or 0).quantize(CENT)


def _locked_org(org: PartyOrg) -> PartyOrg:
    # The organisation's row is the lock of its balance: spendings, remittances and
    # reversals of one organisation serialize on it, so none overdraws the balance.
    return PartyOrg.objects.select_for_update().get(pk=org.pk)


def _outflow(*, actor, org, kind: str, amount, note: str, on: dt.datetime | None):
    check_perm(actor, MANAGE_PARTY, org)
    errors: dict[str, str] = {}
    try:
        amount = Decimal(amount).quantize(CENT)
    except (TypeError, ArithmeticError):
        amount = None
    if amount is None or amount <= 0:
        errors["amount"] = _("Enter an amount above zero.")
    note = (note or "").strip()
    if not note:
        errors["note"] = _("Say what the money is for.")
    if org.kind == OrgKind.GROUP:
        errors["org"] = _("A party group keeps no dues ledger.")
    if errors:
        raise ValidationError(errors)
    org = _locked_org(org)
    balance = org_balance(org)
    if amount > balance:
        raise ValidationError(
            {
                "amount": _("The balance of %(org)s is %(balance)s yuan: %(amount)s would "
                            "overdraw it.") % {"org": org.name, "balance": balance,
                                               "amount": amount}
            }
        )  # fmt: skip
    fields = {"recorded_at": on} if on else {}
    return DuesEntry.objects.create(
        org=org, kind=kind, amount=-amount, recorded_by=actor, note=note[:200], **fields
    )


@transaction.atomic
def dues_spend(*, actor=None, org: PartyOrg, amount: Decimal, note: str,
               on: dt.datetime | None = None) -> DuesEntry:  # fmt: skip
    """Record a spending from the organisation's dues (党费使用: education, aid to members in
    hardship …); refused when it would overdraw the balance."""
    return _outflow(actor=actor, org=org, kind=DuesEntryKind.SPENDING, amount=amount, note=note,
                    on=on)  # fmt: skip


@transaction.atomic
def dues_remit(*, actor=None, org: PartyOrg, amount: Decimal, note: str,
               on: dt.datetime | None = None) -> DuesEntry:  # fmt: skip
    """Record the remittance of dues to the higher organisation (上缴); the funds module will
    read these entries later."""
    return _outflow(actor=actor, org=org, kind=DuesEntryKind.REMITTANCE, amount=amount,
                    note=note, on=on)  # fmt: skip


@transaction.atomic
def dues_reverse(*, actor=None, entry: DuesEntry, note: str) -> DuesEntry:
    """Reverse one ledger entry (冲正) with a reason: a new entry of the opposite amount. An
    entry is reversed once (a unique index on ``reverses``); a reversal is not reversed — the
    original is recorded again instead. Reversing a payment may not overdraw the balance."""
    check_perm(actor, MANAGE_PARTY, entry.org)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Give the reason for the reversal.")})
    org = _locked_org(entry.org)
    entry = DuesEntry.objects.select_related("member__person").get(pk=entry.pk)
    if entry.kind == DuesEntryKind.REVERSAL:
        raise ValidationError({"entry": _("A reversal cannot itself be reversed.")})
    if entry.reversals.exists():
        raise ValidationError({"entry": _("This entry has already been reversed.")})
    if entry.amount > 0 and entry.amount > org_balance(org):
        raise ValidationError(
            {"entry": _("Reversing %(amount)s yuan would overdraw the balance of %(org)s.")
             % {"amount": entry.amount, "org": org.name}}
        )  # fmt: skip
    try:
        with transaction.atomic():
            return DuesEntry.objects.create(
                org=org,
                member=entry.member,
                kind=DuesEntryKind.REVERSAL,
                month=entry.month,
                amount=-entry.amount,
                recorded_by=actor,
                note=note[:200],
                reverses=entry,
            )
    except IntegrityError as exc:
        raise ValidationError({"entry": _("This entry has already been reversed.")}) from exc
