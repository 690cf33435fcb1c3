"""The life of a work item as a transition table (准入制, R-CASE-5): requested → approved or
refused (with a reason), requested → withdrawn, approved → withdrawn or expired. Pure data and
checks, no I/O: ``services.work_item_transition`` is the one writer.

费随事转, as decided here: approving needs a time span and funding above zero. The one
exception is a statutory duty (法定协助事项, a duty a law or regulation puts on communities),
which may be approved without funding of its own when its legal basis is recorded: the
community's yearly budget already pays for such duties. The database holds the same rule
(``work_item_admitted_is_funded``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.accounts.roles import DECIDE_ITEM, REQUEST_ITEM
from shequ.core.workflow import Transition, TransitionTable
from shequ.core.workflow import edge as _t

from .choices import WorkItemStatus as S

# What a step may need, beside the actor:
REASON = "reason"  # a note saying why (refusal, withdrawal of an approved item)
FUNDING = "funding"  # funding above zero, or a statutory duty with its legal basis
SPAN = "span"  # a time span: a start and an end not before it
ENDED = "ended"  # the time span is over (the item expires)


TRANSITION_LIST: tuple[Transition, ...] = (
    _t("approve", S.REQUESTED, S.APPROVED, DECIDE_ITEM, _("Approve"), FUNDING, SPAN),
    _t("refuse", S.REQUESTED, S.REFUSED, DECIDE_ITEM, _("Refuse"), REASON),
    # the department takes its request back before the decision
    _t("withdraw", S.REQUESTED, S.WITHDRAWN, REQUEST_ITEM, _("Withdraw the request")),
    # an approved item stops early: the department no longer needs it, or the decider revokes it
    _t("withdraw", S.APPROVED, S.WITHDRAWN, DECIDE_ITEM, _("End early"), REASON),
    _t("expire", S.APPROVED, S.EXPIRED, DECIDE_ITEM, pgettext_lazy("work item", "Expire"), ENDED),
)

_TABLE = TransitionTable(TRANSITION_LIST)
TABLE = _TABLE.by_edge
TRANSITIONS = _TABLE.targets
transition_for = _TABLE.get
transitions_from = _TABLE.leaving


@dataclass
class StepInput:
    """What the item will be after the step (only what the step needs is looked at)."""

    note: str = ""
    funding: Decimal | None = None
    is_statutory: bool = False
    legal_basis: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    today: dt.date | None = None


def missing(transition: Transition, given: StepInput) -> dict[str, str]:
    """Field → message for every precondition of ``transition`` that ``given`` does not meet
    (empty when the step may go ahead). Permissions are the service's to check."""
    errors: dict[str, str] = {}
    needs = transition.needs
    if REASON in needs and not given.note.strip():
        errors["note"] = str(_("Give the reason."))
    if FUNDING in needs:
        funded = given.funding is not None and given.funding > 0
        if given.funding is not None and given.funding < 0:
            errors["funding"] = str(_("Funding cannot be negative."))
        elif given.is_statutory and not given.legal_basis.strip():
            errors["legal_basis"] = str(_("A statutory duty needs its legal basis."))
        elif not funded and not given.is_statutory:
            errors["funding"] = str(
                _(
                    "Funding goes with the work: give the funding per community, "
                    "or refuse the item. Only a statutory duty with its legal basis may go "
                    "without."
                )
            )
    if SPAN in needs:
        if given.start_date is None:
            errors["start_date"] = str(_("Give the first day of the time span."))
        if given.end_date is None:
            errors["end_date"] = str(_("Give the last day of the time span."))
        elif given.start_date is not None and given.end_date < given.start_date:
            errors["end_date"] = str(_("The time span cannot end before it starts."))
    if ENDED in needs and (
        given.end_date is None or given.today is None or given.end_date >= given.today
    ):
        errors["end_date"] = str(_("The item is still within its time span."))
    return errors


# How an item's history names each step (the request itself is no transition).
VERB_LABELS = {
    "request": pgettext_lazy("work item step", "Request registered"),
    "approve": pgettext_lazy("work item step", "Approved"),
    "refuse": pgettext_lazy("work item step", "Refused"),
    "withdraw": pgettext_lazy("work item step", "Withdrawn"),
    "expire": pgettext_lazy("work item step", "Expired"),
}
