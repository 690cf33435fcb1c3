"""Reads of the member engagement projects (R-PM-8): teams, their members and activities, and
the counts per kind of team and per community for a period (teams, members, person-times)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from shequ.accounts.roles import VIEW_PARTY
from shequ.core.scope import ancestor_paths
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..choices import TeamKind
from ..models import Team, TeamActivity, TeamMembership

KEYS = ("teams", "members", "activities", "person_times", "beneficiaries")


def team_list_for(*, user, kind: str = "", q: str = ""):
    teams = Team.objects.visible_to(user, VIEW_PARTY).select_related("node", "leader")
    if kind:
        teams = teams.filter(kind=kind)
    if q:
        teams = teams.filter(name__icontains=q)
    return teams


def team_get_for(*, user, pk: int) -> Team:
    return team_list_for(user=user).get(pk=pk)


def team_memberships(team: Team, *, current_only: bool = False):
    rows = TeamMembership.objects.filter(team=team).select_related("member__person")
    if current_only:
        rows = rows.filter(left_on__isnull=True)
    return rows.order_by("left_on", "joined_on", "id")


def activity_list_for(
    *,
    user,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kind: str = "",
    team_kind: str = "",
    team: Team | None = None,
    q: str = "",
):
    rows = (
        TeamActivity.objects.visible_to(user, VIEW_PARTY)
        .select_related("team")
        .annotate(member_count=Count("participants"))
    )
    if start:
        rows = rows.filter(held_on__gte=start)
    if end:
        rows = rows.filter(held_on__lte=end)
    if kind:
        rows = rows.filter(kind=kind)
    if team_kind:
        rows = rows.filter(team__kind=team_kind)
    if team is not None:
        rows = rows.filter(team=team)
    if q:
        rows = rows.filter(
            Q(title__icontains=q) | Q(results__icontains=q) | Q(team__name__icontains=q)
        )
    return rows


def _zero() -> dict:
    return dict.fromkeys(KEYS, 0)


def engagement_counts_for(*, user, start: dt.date, end: dt.date) -> dict:
    """Per kind of team (余热, 志愿, 双带 …) and per community, over the teams the user sees:
    teams active in the period, distinct members serving in it, activities held, their
    person-times and the people they served. Five queries whatever the size of the area.

    ``{"by_kind": [row], "by_community": [row], "total": row}``, each row holding
    ``teams, members, activities, person_times, beneficiaries`` and a ``label``."""
    teams = list(
        Team.objects.visible_to(user, VIEW_PARTY)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=end))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=start))
        .values_list("pk", "kind", "node__path")
    )
    team_kind = {pk: kind for pk, kind, _path in teams}
    team_ids = list(team_kind)
    memberships = set(
        TeamMembership.objects.filter(team_id__in=team_ids, joined_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .values_list("team_id", "member_id")
    )
    activities = {
        row["team_id"]: row
        for row in TeamActivity.objects.filter(
            team_id__in=team_ids, held_on__gte=start, held_on__lte=end
        )
        .values("team_id")
        .annotate(n=Count("id"), times=Sum("person_times"), served=Sum("beneficiaries"))
        .order_by()
    }
    # the community of each team (a team kept above the communities stands for its area)
    paths = {path for _pk, _kind, path in teams}
    wanted = {p for path in paths for p in ancestor_paths(path)}
    communities = {n.path: n for n in Node.objects.filter(path__in=wanted, kind=NodeKind.COMMUNITY)}
    areas = {n.path: n for n in Node.objects.filter(path__in=paths - set(communities))}
    team_area = {}
    for pk, _kind, path in teams:
        found = [communities[p] for p in ancestor_paths(path) if p in communities]
        team_area[pk] = found[-1] if found else areas.get(path)

    def tally(group_of) -> dict:
        out: dict = {}
        members: dict = {}
        for pk in team_ids:
            row = out.setdefault(group_of(pk), _zero())
            row["teams"] += 1
            acts = activities.get(pk)
            if acts:
                row["activities"] += acts["n"]
                row["person_times"] += acts["times"] or 0
                row["beneficiaries"] += acts["served"] or 0
        for team_id, member_id in memberships:
            members.setdefault(group_of(team_id), set()).add(member_id)
        for key, ids in members.items():
            out[key]["members"] = len(ids)
        return out

    by_kind = tally(lambda pk: team_kind[pk])
    by_area = tally(lambda pk: team_area[pk].pk if team_area[pk] else None)
    total = tally(lambda pk: "all").get("all", _zero())
    area_nodes = {n.pk: n for n in team_area.values() if n is not None}
    return {
        "start": start,
        "end": end,
        "by_kind": [
            {"kind": kind, "label": label, **by_kind.get(kind, _zero())}
            for kind, label in TeamKind.choices
        ],
        "by_community": [
            {"community": area_nodes.get(pk), "label": area_nodes[pk].name if pk else "—", **row}
            for pk, row in sorted(
                by_area.items(), key=lambda item: area_nodes[item[0]].path if item[0] else ""
            )
        ],
        "total": {"label": _("Total"), **total},
    }
