"""Reads of the annual evaluation (R-PM-4): rounds, who is evaluated, progress, outcomes,
the party-affairs board (党务公开栏) and the democratic evaluation records."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import RoleAssignment
from shequ.accounts.roles import VIEW_PARTY, Role
from shequ.core.scope import ancestor_paths, path_in_scope, subtree_q
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..models import (
    DemocraticEvaluation,
    DutyReport,
    EvaluationRound,
    Outcome,
    PartyMember,
    PartyOrg,
    Rating,
    RoundRater,
    RoundStatus,
)

# Roles whose holders in a community read its party-affairs board (R-PM-4 "posted on the
# board of his community"): its residents and members. Staff read it through VIEW_PARTY.
BOARD_ROLES = (Role.PARTY_MEMBER, Role.RESIDENT)


def community_or_self(node: Node) -> Node:
    """The community a node lies in; a node above the communities stands for itself."""
    return node.enclosing(NodeKind.COMMUNITY) or node


def round_list_for(*, user, q: str = "", year: int | None = None, status: str = ""):
    rounds = EvaluationRound.objects.visible_to(user, VIEW_PARTY).select_related("org", "org__node")
    if year:
        rounds = rounds.filter(year=year)
    if status:
        rounds = rounds.filter(status=status)
    if q:
        rounds = rounds.filter(Q(org__name__icontains=q) | Q(org__code__iexact=q))
    return rounds


def round_get_for(*, user, pk: int) -> EvaluationRound:
    return round_list_for(user=user).get(pk=pk)


def round_members(round: EvaluationRound):
    """The members evaluated in a round: the active members of its organisation's subtree,
    and anyone already rated or reporting in it (a member who moved away mid-round keeps
    the ratings he received)."""
    involved = Q(org__in=PartyOrg.objects.subtree(round.org), state="active")
    involved |= Q(pk__in=Rating.objects.filter(round=round).values("member_id"))
    involved |= Q(pk__in=DutyReport.objects.filter(round=round).values("member_id"))
    return (
        PartyMember.objects.filter(involved)
        .select_related("person", "org")
        .order_by("person__name_pinyin", "id")
    )


def round_progress(round: EvaluationRound) -> dict:
    """Per member: report submitted and ratings received; per round: raters registered and
    raters who have rated. Three queries whatever the size of the round."""
    members = list(
        round_members(round).annotate(
            rating_count=Count("ratings_received", filter=Q(ratings_received__round=round)),
            has_report=Exists(DutyReport.objects.filter(round=round, member=OuterRef("pk"))),
        )
    )
    raters = list(
        RoundRater.objects.filter(round=round).select_related("user").order_by("kind", "id")
    )
    given = dict(
        Rating.objects.filter(round=round)
        .values_list("rater_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for rater in raters:
        rater.given = given.get(rater.user_id, 0)
    return {
        "members": members,
        "raters": raters,
        "reports": sum(1 for m in members if m.has_report),
        "raters_done": sum(1 for r in raters if r.given),
    }


def outcome_list(round: EvaluationRound):
    return (
        Outcome.objects.filter(round=round)
        .select_related("member", "member__person", "member__org", "decided_by")
        .order_by("-mean", "member__person__name_pinyin", "id")
    )


def rater_registration(*, user, round: EvaluationRound) -> RoundRater | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return RoundRater.objects.filter(round=round, user=user).first()


def rating_rounds_for(*, user, on: dt.date | None = None):
    """Open rounds the user is registered to rate, today within their span."""
    on = on or timezone.localdate()
    if not getattr(user, "is_authenticated", False):
        return EvaluationRound.objects.none()
    return (
        EvaluationRound.objects.filter(
            raters__user=user, status=RoundStatus.OPEN, opens_on__lte=on, closes_on__gte=on
        )
        .select_related("org")
        .order_by("closes_on", "id")
    )


def rating_round_get_for(*, user, pk: int) -> EvaluationRound:
    """A round the user may rate in: registered for it (whatever its state, to show why
    rating is over); anything else is not found."""
    return (
        EvaluationRound.objects.filter(raters__user=user).select_related("org", "org__node")
    ).get(pk=pk)


def rating_sheet(*, user, round: EvaluationRound) -> list[dict]:
    """The members the rater rates in a round, himself left out, with what he gave."""
    given = {
        r.member_id: r.scores
        for r in Rating.objects.filter(round=round, rater=user).only("member_id", "scores")
    }
    person_id = getattr(user, "person_id", None)
    return [
        {"member": m, "scores": given.get(m.pk)}
        for m in round_members(round)
        if m.person_id != person_id
    ]


def report_rounds_for(*, member: PartyMember, on: dt.date | None = None):
    """Open rounds of the member's organisation (or above it) he reports in."""
    if member.org_id is None:
        return EvaluationRound.objects.none()
    on = on or timezone.localdate()
    paths = ancestor_paths(member.org.path)
    return (
        EvaluationRound.objects.filter(
            org__path__in=paths, status=RoundStatus.OPEN, opens_on__lte=on, closes_on__gte=on
        )
        .select_related("org")
        .annotate(reported=Exists(DutyReport.objects.filter(round=OuterRef("pk"), member=member)))
        .order_by("closes_on", "id")
    )


# — the party-affairs board —


def board_visible_to(*, user, community: Node) -> bool:
    """Residents and members holding their role in the community, and staff whose scope
    covers it (R-PM-4: posted for the community; outsiders do not read it)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if path_in_scope(user, VIEW_PARTY, community.path):
        return True
    held = RoleAssignment.objects.active().filter(user=user, role__in=BOARD_ROLES)
    if held.filter(subtree_q("node__path", community.path)).exists():
        return True
    # Staff holding a party role inside the community (a grid worker, a branch secretary)
    # read their own community's board too.
    from shequ.accounts.roles import roles_granting

    return (
        RoleAssignment.objects.active()
        .filter(user=user, role__in=roles_granting(VIEW_PARTY))
        .filter(subtree_q("node__path", community.path))
        .exists()
    )


def board_rounds(*, community: Node, on: dt.date | None = None, current_only: bool = True):
    """Published rounds of the organisations in a community; by default those on the board
    today (published_on ≤ today ≤ board_until)."""
    on = on or timezone.localdate()
    rounds = EvaluationRound.objects.filter(
        subtree_q("org__node__path", community.path), status=RoundStatus.PUBLISHED
    )
    if current_only:
        rounds = rounds.filter(published_on__lte=on, board_until__gte=on)
    return rounds.select_related("org").order_by("-published_on", "org__path", "id")


def board_for(*, user, community: Node, on: dt.date | None = None) -> list[dict]:
    """The board of a community: each round with its members' final grades (never a
    rater's scores). Staff in scope also see rounds whose posting has ended."""
    if not board_visible_to(user=user, community=community):
        raise Node.DoesNotExist
    staff = path_in_scope(user, VIEW_PARTY, community.path)
    rounds = list(board_rounds(community=community, on=on, current_only=not staff))
    outcomes = (
        Outcome.objects.filter(round__in=rounds)
        .select_related("member__person")
        .order_by("round_id", "member__person__name_pinyin", "id")
    )
    by_round: dict[int, list] = {r.pk: [] for r in rounds}
    for outcome in outcomes:
        by_round[outcome.round_id].append(outcome)
    today = on or timezone.localdate()
    return [
        {
            "round": r,
            "outcomes": by_round[r.pk],
            "posted": r.published_on <= today <= r.board_until,
        }
        for r in rounds
    ]


def board_communities_for(*, user) -> list[Node]:
    """The communities whose board the user reads (for the board's index)."""
    if not getattr(user, "is_authenticated", False):
        return []
    paths = set(
        RoleAssignment.objects.active().filter(user=user).values_list("node__path", flat=True)
    )
    q = Q(pk__in=[])
    for path in paths:
        q |= subtree_q("path", path) | Q(path__in=ancestor_paths(path))
    communities = Node.objects.filter(q, kind=NodeKind.COMMUNITY).order_by("path")[:200]
    return [c for c in communities if board_visible_to(user=user, community=c)]


# — democratic evaluation —


def democratic_evaluation_list_for(
    *, user, q: str = "", start: dt.date | None = None, end: dt.date | None = None
):
    rows = DemocraticEvaluation.objects.visible_to(user, VIEW_PARTY).select_related(
        "org", "round", "recorded_by"
    )
    if start:
        rows = rows.filter(held_on__gte=start)
    if end:
        rows = rows.filter(held_on__lte=end)
    if q:
        rows = rows.filter(Q(org__name__icontains=q) | Q(summary__icontains=q))
    return rows


def orgs_for_evaluation(*, user, perm: str):
    """Organisations the user may open rounds or record meetings for (not party groups)."""
    from shequ.core.scope import scope_q

    from ..choices import OrgKind

    return (
        PartyOrg.objects.filter(scope_q(user, perm, "node__path"))
        .current()
        .exclude(kind=OrgKind.GROUP)
        .select_related("node")
    )


def evaluation_figures(*, user, year: int) -> dict:
    """For a dashboard: rounds of a year visible to the user by status, members graded."""
    rounds = round_list_for(user=user, year=year)
    by_status = dict(rounds.values_list("status").annotate(n=Count("id")).order_by())
    graded = Outcome.objects.filter(round__in=rounds).exclude(grade="").count()
    return {"rounds": by_status, "graded": graded}


# — "my tasks" on a member's own page —

try:
    from .mine import register_my_section
except ImportError:  # pragma: no cover — the members area is optional
    register_my_section = None


def my_evaluation_tasks(user, member):
    """His open rating tasks and the duty reports due from him."""
    rating = list(rating_rounds_for(user=user))
    reports = [r for r in report_rounds_for(member=member) if not r.reported]
    if not rating and not reports:
        return None
    return {
        "title": _("Annual evaluation"),
        "template": "party/evaluation/mine.html",
        "context": {"rating_rounds": rating, "report_rounds": reports},
    }


if register_my_section is not None:
    register_my_section(my_evaluation_tasks)
