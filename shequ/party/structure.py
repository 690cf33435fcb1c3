"""The structural rules engine (R-ORG-3, R-ORG-2): which organisations no longer fit their size,
which committees are too small or too large, which terms ran out, which places lack their
organisation. Pure domain: the facts come in (``OrgFacts``, ``PlaceFacts``, gathered by
``selectors/structure.py`` in a handful of queries), the findings go out; every number is read
from ``party_config()["structure"]``.

Which form fits which size (党章 art. 30, 支部工作条例 art. 5; thresholds configurable):

* ``members`` is the number of ACTIVE members held in the organisation's whole subtree (a
  committee counts the members of its branches), ``full`` those of them who are full members.
* ≥ ``committee_min_members`` (100) members → a party committee fits;
  ≥ ``general_branch_min_members`` (50) → a general branch; otherwise ≥
  ``branch_min_full_members`` (3) FULL members → a branch; fewer → no organisation of its own
  (the members join a joint branch, 联合党支部, with neighbouring units).
* A branch with ≥ 50 members, or a general branch with ≥ 100, has outgrown its form:
  ``form_too_small``. A general branch under 50, or a committee under 100, is a form too
  large for its size: ``form_too_large``. A branch with fewer than 3 full members cannot
  stand alone: ``branch_too_few_full`` (a joint branch is still told, it has to merge).
* The working committee (党工委) is the subdistrict's appointed body and party groups have no
  size of their own: neither is sized.

Committees (``committee_size``): the open seats today of secretary, deputy and committee
member. A branch committee (支委会) has ``committee_size_min``–``committee_size_max`` (3–5)
members, and only a branch with ≥ ``branch_committee_min_full_members`` (7) full members
elects one (支部工作条例 art. 12: smaller branches have a secretary only). General branches
and committees use ``committee_size_ranges`` (总支 5–7, 党委 5–9 by the election rules); part-
time members (兼职委员, R-ORG-6) hold seats and count. The working committee is not sized.

Terms (``term_expired``, ``term_expiring``): a term ending before today has expired; one ending
today or within ``term_expiring_days`` is expiring (exactly N days ahead is told, N+1 is not).

Places (``compound_without_branch``, ``building_without_group``; "支部建在小区，党小组建在
楼栋"): a compound where ≥ ``compound_min_resident_members`` active members live and no current
branch (or a larger sized form) covers the compound itself or a place inside it; a building
where ≥ ``building_min_members`` active members live and no current party group covers it (a
functional group attached to a team does not count: the building still lacks its own group;
a sized form set up at the building does). A place's finding is charged to the organisation
answering for it: the deepest current, non-joint, non-group organisation whose territory
contains it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.territory.choices import NodeKind

from .choices import OrgKind
from .config import party_config

# The sized forms, smallest first (R-ORG-3).
RANK = {OrgKind.BRANCH: 1, OrgKind.GENERAL_BRANCH: 2, OrgKind.COMMITTEE: 3}


@dataclass
class OrgFacts:
    """What the rules know of an organisation (facts gathered by the selector)."""

    org: Any  # PartyOrg: kind, name, path, is_joint, team_id, term_ends_on
    members: int = 0
    full: int = 0
    seats: int = 0  # open seats today of secretary, deputy and committee member
    secretary: str = ""


@dataclass
class PlaceFacts:
    """A compound or building, the members living there and the organisations set up there."""

    node: Any  # territory Node of kind compound or building
    residents: int = 0  # active members living in it
    orgs_here: list[tuple[str, int | None]] = field(default_factory=list)  # (kind, team_id)
    org: Any = None  # the organisation answering for the place


@dataclass(frozen=True)
class Rule:
    code: str
    label: Any  # lazy text
    check: Callable
    on_places: bool = False


@dataclass(frozen=True)
class Finding:
    """A rule broken by an organisation or a place, with the numbers behind it."""

    rule: Rule
    org: Any  # the organisation concerned (for a place: the one answering for it)
    node: Any  # the place, for the territory rules; None for an organisation's own finding
    numbers: dict
    message: str

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def label(self):
        return self.rule.label

    @property
    def subject(self):
        return self.node if self.node is not None else self.org

    @property
    def subject_name(self) -> str:
        return self.subject.name if self.subject is not None else ""


def fitting_form(members: int, full: int, cfg: dict) -> str | None:
    """The form an organisation of this size should take; None: too few full members to stand
    alone (a joint branch)."""
    if members >= cfg["committee_min_members"]:
        return OrgKind.COMMITTEE
    if members >= cfg["general_branch_min_members"]:
        return OrgKind.GENERAL_BRANCH
    if full >= cfg["branch_min_full_members"]:
        return OrgKind.BRANCH
    return None


def _min_members(kind: str, cfg: dict) -> int:
    return {
        OrgKind.COMMITTEE: cfg["committee_min_members"],
        OrgKind.GENERAL_BRANCH: cfg["general_branch_min_members"],
        OrgKind.BRANCH: cfg["branch_min_full_members"],
    }[kind]


def _label(kind: str) -> str:
    return str(OrgKind(kind).label)


def _form_too_small(facts: OrgFacts, cfg: dict, today: dt.date):
    kind = facts.org.kind
    fits = fitting_form(facts.members, facts.full, cfg)
    if kind not in (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH) or fits is None:
        return None
    if RANK[fits] <= RANK[kind]:
        return None
    threshold = _min_members(fits, cfg)
    numbers = {"members": facts.members, "threshold": threshold, "fits": fits}
    message = _(
        "%(members)s members, enough for a %(form)s (≥%(threshold)s members): "
        "the %(kind)s has outgrown its form."
    ) % {"members": facts.members, "form": _label(fits), "threshold": threshold,
         "kind": _label(kind)}  # fmt: skip
    return numbers, message


def _form_too_large(facts: OrgFacts, cfg: dict, today: dt.date):
    kind = facts.org.kind
    if kind not in (OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE):
        return None
    fits = fitting_form(facts.members, facts.full, cfg)
    if fits is not None and RANK[fits] >= RANK[kind]:
        return None
    threshold = _min_members(kind, cfg)
    numbers = {"members": facts.members, "full": facts.full, "threshold": threshold,
               "fits": fits or ""}  # fmt: skip
    values = {"members": facts.members, "threshold": threshold, "kind": _label(kind)}
    if fits is None:
        message = (
            _(
                "%(members)s members, fewer than a %(kind)s needs (≥%(threshold)s members), and "
                "too few full members for a branch of their own: join a joint branch."
            )
            % values
        )
    else:
        message = _(
            "%(members)s members, fewer than a %(kind)s needs (≥%(threshold)s members): "
            "a %(form)s fits."
        ) % {**values, "form": _label(fits)}
    return numbers, message


def _branch_too_few_full(facts: OrgFacts, cfg: dict, today: dt.date):
    if facts.org.kind != OrgKind.BRANCH:
        return None
    threshold = cfg["branch_min_full_members"]
    if facts.full >= threshold:
        return None
    numbers = {"full": facts.full, "threshold": threshold}
    values = {"full": facts.full, "threshold": threshold}
    if facts.org.is_joint:
        message = (
            _(
                "%(full)s full members, fewer than a branch needs (≥%(threshold)s) even as a joint "
                "branch: merge it with another."
            )
            % values
        )
    else:
        message = (
            _(
                "%(full)s full members, fewer than a branch needs (≥%(threshold)s): form a joint "
                "branch with neighbouring units."
            )
            % values
        )
    return numbers, message


def committee_range(kind: str, full: int, cfg: dict) -> tuple[int, int] | None:
    """The size its committee should have, or None where the committee is not sized."""
    if kind == OrgKind.BRANCH:
        if full < cfg["branch_committee_min_full_members"]:
            return None
        return cfg["committee_size_min"], cfg["committee_size_max"]
    bounds = cfg.get("committee_size_ranges", {}).get(str(kind))
    return (bounds[0], bounds[1]) if bounds else None


def _committee_size(facts: OrgFacts, cfg: dict, today: dt.date):
    bounds = committee_range(facts.org.kind, facts.full, cfg)
    if bounds is None:
        return None
    low, high = bounds
    if low <= facts.seats <= high:
        return None
    numbers = {"seats": facts.seats, "min": low, "max": high}
    values = {"seats": facts.seats, "min": low, "max": high}
    if facts.seats < low:
        message = _("%(seats)s committee members, fewer than the %(min)s–%(max)s required.")
    else:
        message = _("%(seats)s committee members, more than the %(min)s–%(max)s allowed.")
    return numbers, message % values


def _has_term(facts: OrgFacts) -> bool:
    return facts.org.kind != OrgKind.GROUP and facts.org.term_ends_on is not None


def _term_expired(facts: OrgFacts, cfg: dict, today: dt.date):
    if not _has_term(facts) or facts.org.term_ends_on >= today:
        return None
    days = (today - facts.org.term_ends_on).days
    ends_on = facts.org.term_ends_on.isoformat()
    message = _("The term ended on %(ends_on)s, %(days)s days ago: hold the election.") % {
        "ends_on": ends_on,
        "days": days,
    }
    return {"ends_on": ends_on, "days_overdue": days}, message


def _term_expiring(facts: OrgFacts, cfg: dict, today: dt.date):
    if not _has_term(facts):
        return None
    days = (facts.org.term_ends_on - today).days
    notice = cfg["term_expiring_days"]
    if not 0 <= days <= notice:
        return None
    ends_on = facts.org.term_ends_on.isoformat()
    message = _(
        "The term ends on %(ends_on)s, in %(days)s days (told %(notice)s days ahead): "
        "prepare the election."
    ) % {"ends_on": ends_on, "days": days, "notice": notice}
    return {"ends_on": ends_on, "days_left": days, "notice_days": notice}, message


def _compound_without_branch(place: PlaceFacts, cfg: dict, today: dt.date):
    if place.node.kind != NodeKind.COMPOUND:
        return None
    threshold = cfg["compound_min_resident_members"]
    if place.residents < threshold or any(kind in RANK for kind, _team in place.orgs_here):
        return None
    message = _(
        "%(residents)s members live in this compound (a branch from %(threshold)s) and no "
        "branch has been set up here."
    ) % {"residents": place.residents, "threshold": threshold}
    return {"residents": place.residents, "threshold": threshold}, message


def _building_without_group(place: PlaceFacts, cfg: dict, today: dt.date):
    if place.node.kind != NodeKind.BUILDING:
        return None
    threshold = cfg["building_min_members"]
    covered = any(
        (kind == OrgKind.GROUP and team is None) or kind in RANK for kind, team in place.orgs_here
    )
    if place.residents < threshold or covered:
        return None
    message = _(
        "%(residents)s members live in this building (a group from %(threshold)s) and no "
        "party group has been set up here."
    ) % {"residents": place.residents, "threshold": threshold}
    return {"residents": place.residents, "threshold": threshold}, message


RULES: tuple[Rule, ...] = (
    Rule("form_too_small", gettext_lazy("Form too small for its size"), _form_too_small),
    Rule("form_too_large", gettext_lazy("Form too large for its size"), _form_too_large),
    Rule(
        "branch_too_few_full",
        gettext_lazy("Too few full members for a branch"),
        _branch_too_few_full,
    ),  # fmt: skip
    Rule("committee_size", gettext_lazy("Committee size out of range"), _committee_size),
    Rule("term_expired", gettext_lazy("Term expired"), _term_expired),
    Rule("term_expiring", gettext_lazy("Term expiring"), _term_expiring),
    Rule(
        "compound_without_branch",
        gettext_lazy("Compound with members and no branch"),
        _compound_without_branch,
        on_places=True,
    ),  # fmt: skip
    Rule(
        "building_without_group",
        gettext_lazy("Building with members and no party group"),
        _building_without_group,
        on_places=True,
    ),  # fmt: skip
)
RULE_CODES = tuple(rule.code for rule in RULES)


def evaluate(
    orgs: Iterable[OrgFacts],
    places: Iterable[PlaceFacts] = (),
    *,
    today: dt.date,
    config: dict | None = None,
) -> list[Finding]:
    """Every finding of the enabled rules, organisations first (in the order given), then
    places."""
    cfg = config if config is not None else party_config()["structure"]
    disabled = set(cfg.get("disabled_rules") or ())
    rules = [rule for rule in RULES if rule.code not in disabled]
    findings: list[Finding] = []
    for facts in orgs:
        for rule in rules:
            if rule.on_places:
                continue
            result = rule.check(facts, cfg, today)
            if result is not None:
                findings.append(Finding(rule, facts.org, None, *result))
    for place in places:
        for rule in rules:
            if not rule.on_places:
                continue
            result = rule.check(place, cfg, today)
            if result is not None:
                findings.append(Finding(rule, place.org, place.node, *result))
    return findings


def subjects_with_findings(findings: Iterable[Finding]) -> int:
    """How many organisations have at least one finding; a place no organisation answers for
    counts on its own."""
    subjects = set()
    for finding in findings:
        if finding.org is not None:
            subjects.add(("org", finding.org.pk))
        else:
            subjects.add(("node", finding.node.pk))
    return len(subjects)
