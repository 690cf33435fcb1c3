"""Writes on the party-organisation tree (R-ORG-2, R-ORG-6): organisations, committee terms and
seats, teams."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_PARTY
from shequ.territory.choices import NodeKind

from ..choices import COMMITTEE_KINDS, OrgKind, SeatPost, SeatSource
from ..config import party_config
from ..models import CommitteeSeat, PartyOrg, Team
from . import check_perm

# Which forms may sit under which (R-ORG-2): the working committee at the subdistrict over
# community committees and general branches; branches under those; groups under a branch.
ALLOWED_CHILDREN = {
    None: {OrgKind.WORKING_COMMITTEE, OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH},
    OrgKind.WORKING_COMMITTEE: {OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH},
    OrgKind.COMMITTEE: {OrgKind.GENERAL_BRANCH, OrgKind.BRANCH},
    OrgKind.GENERAL_BRANCH: {OrgKind.BRANCH},
    OrgKind.BRANCH: {OrgKind.GROUP},
    OrgKind.GROUP: set(),
}


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def org_create(
    *,
    actor=None,
    parent: PartyOrg | None,
    kind: str,
    name: str,
    code: str,
    node,
    team: Team | None = None,
    is_joint: bool = False,
    units: str = "",
    established_on: dt.date | None = None,
    term_started_on: dt.date | None = None,
    term_ends_on: dt.date | None = None,
) -> PartyOrg:
    """Set up an organisation under ``parent`` (a root: a subdistrict's working committee or
    a stand-alone one). Its territory lies inside the parent's unless it is a joint
    organisation; a functional party group names its team; a term without an end runs the
    configured number of years."""
    check_perm(actor, MANAGE_PARTY, parent or node)
    errors: dict[str, str] = {}
    name, code = (name or "").strip(), (code or "").strip()
    if not name:
        errors["name"] = _("Enter a name.")
    if not code:
        errors["code"] = _("Enter a code.")
    elif PartyOrg.objects.filter(code=code).exists():
        errors["code"] = _("Another organisation already has this code.")
    if kind not in OrgKind.values:
        errors["kind"] = _("Choose the form of the organisation.")
    elif kind not in ALLOWED_CHILDREN[parent.kind if parent else None]:
        errors["kind"] = _("A %(kind)s cannot be set up under a %(parent)s.") % {
            "kind": OrgKind(kind).label,
            "parent": OrgKind(parent.kind).label if parent else _("nothing"),
        }
    if node is None:
        errors["node"] = _("Choose the territory the organisation covers.")
    elif parent is not None and not is_joint and not node.path.startswith(parent.node.path):
        errors["node"] = _("The territory must lie inside that of %(parent)s.") % {
            "parent": parent.name
        }
    elif kind == OrgKind.WORKING_COMMITTEE and node.kind not in (
        NodeKind.DISTRICT,
        NodeKind.SUBDISTRICT,
    ):
        errors["node"] = _("A working committee covers a subdistrict.")
    if team is not None:
        if kind != OrgKind.GROUP:
            errors["team"] = _("Only a party group attaches to a team.")
        elif node is not None and not (
            team.node.path.startswith(node.path) or node.path.startswith(team.node.path)
        ):
            errors["team"] = _("The team works elsewhere.")
    if term_started_on and kind not in COMMITTEE_KINDS:
        errors["term_started_on"] = _("A party group elects no committee.")
    if term_started_on and not term_ends_on:
        term_ends_on = add_years(term_started_on, party_config()["structure"]["term_years"])
    if term_started_on and term_ends_on and term_ends_on <= term_started_on:
        errors["term_ends_on"] = _("The term must end after it starts.")
    if errors:
        raise ValidationError(errors)
    fields = {
        "kind": kind,
        "name": name[:120],
        "code": code[:40],
        "node": node,
        "team": team,
        "is_joint": is_joint,
        "units": (units or "").strip(),
        "established_on": established_on,
        "term_started_on": term_started_on,
        "term_ends_on": term_ends_on,
    }
    if parent is None:
        return PartyOrg.objects.add_root(create_kwargs=fields)
    parent = PartyOrg.objects.select_for_update().get(pk=parent.pk)
    return PartyOrg.objects.add_child(parent, create_kwargs=fields)


@transaction.atomic
def org_renew_term(
    *, actor=None, org: PartyOrg, started_on: dt.date, ends_on: dt.date | None = None
) -> PartyOrg:
    """Record a new term after an election (换届): the seats of the old term stay as history."""
    check_perm(actor, MANAGE_PARTY, org)
    if org.kind not in COMMITTEE_KINDS:
        raise ValidationError({"term_started_on": _("A party group elects no committee.")})
    ends_on = ends_on or add_years(started_on, party_config()["structure"]["term_years"])
    if ends_on <= started_on:
        raise ValidationError({"term_ends_on": _("The term must end after it starts.")})
    org.term_started_on, org.term_ends_on = started_on, ends_on
    org.save(update_fields=["term_started_on", "term_ends_on", "updated_at"])
    return org


@transaction.atomic
def org_dissolve(*, actor=None, org: PartyOrg, on: dt.date) -> PartyOrg:
    """Dissolve an organisation (撤销); refused while it still holds members or open units."""
    check_perm(actor, MANAGE_PARTY, org)
    if org.members.active().exists():
        raise ValidationError({"org": _("Move its members to another organisation first.")})
    if PartyOrg.objects.subtree(org).exclude(pk=org.pk).current().exists():
        raise ValidationError({"org": _("Dissolve or move the organisations under it first.")})
    org.dissolved_on = on
    org.save(update_fields=["dissolved_on", "updated_at"])
    org.seats.filter(ended_on__isnull=True).update(ended_on=on)
    return org


@transaction.atomic
def seat_assign(
    *,
    actor=None,
    org: PartyOrg,
    post: str,
    started_on: dt.date,
    person=None,
    name: str = "",
    source: str = SeatSource.ELECTED,
    unit: str = "",
    user=None,
) -> CommitteeSeat:
    """Seat someone on the committee (or as a group's leader). A new secretary ends the
    previous one's seat the day before; part-time members name their unit."""
    check_perm(actor, MANAGE_PARTY, org)
    errors: dict[str, str] = {}
    if post not in SeatPost.values:
        errors["post"] = _("Choose the post.")
    elif (post == SeatPost.GROUP_LEADER) != (org.kind == OrgKind.GROUP):
        errors["post"] = _("A party group has a leader; the other forms have a committee.")
    name = (name or (person.name if person else "")).strip()
    if not name:
        errors["name"] = _("Name the person.")
    if source != SeatSource.ELECTED and not (unit or "").strip():
        errors["unit"] = _("A part-time member names his unit.")
    if errors:
        raise ValidationError(errors)
    if post in (SeatPost.SECRETARY, SeatPost.GROUP_LEADER):
        for previous in org.seats.filter(post=post, ended_on__isnull=True):
            previous.ended_on = max(started_on - dt.timedelta(days=1), previous.started_on)
            previous.save(update_fields=["ended_on", "updated_at"])
    return CommitteeSeat.objects.create(
        org=org,
        post=post,
        source=source,
        person=person,
        name=name[:60],
        unit=(unit or "").strip()[:120],
        user=user,
        started_on=started_on,
    )


def seat_end(*, actor=None, seat: CommitteeSeat, on: dt.date) -> CommitteeSeat:
    check_perm(actor, MANAGE_PARTY, seat.org)
    if on < seat.started_on:
        raise ValidationError({"ended_on": _("A seat cannot end before it starts.")})
    seat.ended_on = on
    seat.save(update_fields=["ended_on", "updated_at"])
    return seat


def team_create(
    *, actor=None, node, kind: str, name: str, leader=None, founded_on: dt.date | None = None
) -> Team:
    check_perm(actor, MANAGE_PARTY, node)
    if not (name or "").strip():
        raise ValidationError({"name": _("Enter a name.")})
    return Team.objects.create(
        node=node, kind=kind, name=name.strip()[:100], leader=leader, founded_on=founded_on
    )
