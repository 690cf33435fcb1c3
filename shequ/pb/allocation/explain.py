"""Sentences that say why a project was or was not funded, built from the facts a rule
recorded (``ProjectOutcome.facts``), so a stored result can be read in any language.

No Django here: the caller passes its ``gettext`` (English msgids; the Chinese is in
``locale/strings/pb_allocation.py``). Amounts are yuan strings with two decimals."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .outcome import COMPLETION, EQUAL_SHARES, GREEDY


def _same(text: str) -> str:
    return text


def money(value: str | Decimal) -> str:
    """'3400.00' → '3,400'; '1234.5' → '1,234.50'."""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return f"{d:,.0f}"
    return f"{d:,.2f}"


def sentence(fact: dict, *, cardinal: bool = False, gettext: Callable[[str], str] = _same) -> str:
    """One stage's reason, e.g. "Greedy by votes: 485 votes, ranked 1; …"."""
    _ = gettext
    stage, funded = fact.get("stage"), fact.get("funded")
    values = {k: money(v) for k, v in fact.items() if k in _AMOUNTS}
    values |= {k: fact[k] for k in ("rank", "step", "payers") if k in fact}
    if "score" in fact:
        phrase = _("%(n)s points") if cardinal else _("%(n)s votes")
        values["score"] = phrase % {"n": fact["score"]}
    if stage == GREEDY and funded:
        text = _(
            "Greedy by votes: %(score)s, ranked %(rank)s; the %(remaining)s yuan left in the "
            "budget covered its cost of %(cost)s yuan."
        )
    elif stage == GREEDY:
        text = _(
            "Greedy by votes: %(score)s, ranked %(rank)s; its cost of %(cost)s yuan was more "
            "than the %(remaining)s yuan left in the budget."
        )
    elif stage == EQUAL_SHARES and funded:
        text = _(
            "Method of Equal Shares, step %(step)s: its cost of %(cost)s yuan was shared by "
            "%(payers)s supporters, none paying more than %(max_share)s yuan."
        )
    elif stage == EQUAL_SHARES and not fact.get("named"):
        text = _("Method of Equal Shares: no ballot chose it.")
    elif stage == EQUAL_SHARES:
        text = _(
            "Method of Equal Shares: its supporters had %(supporters_left)s yuan left between "
            "them, %(shortfall)s yuan short of its cost of %(cost)s yuan."
        )
    elif stage == COMPLETION and funded:
        text = _(
            "Completion by votes: %(score)s, ranked %(rank)s; the %(remaining)s yuan left after "
            "the Method of Equal Shares covered its cost of %(cost)s yuan."
        )
    elif stage == COMPLETION:
        text = _(
            "Completion by votes: %(score)s, ranked %(rank)s; its cost of %(cost)s yuan was more "
            "than the %(remaining)s yuan left."
        )
    else:
        return ""
    return text % values


_AMOUNTS = ("cost", "remaining", "max_share", "supporters_left", "shortfall")


def explain(
    facts: list[dict], *, cardinal: bool = False, gettext: Callable[[str], str] = _same
) -> str:
    """All of a project's reasons, in the order the stages looked at it."""
    return " ".join(
        s for s in (sentence(f, cardinal=cardinal, gettext=gettext) for f in facts) if s
    )
