"""Reads of micro-project rounds (R-PB-1, R-PB-3): the rounds and projects a user may see (made
public to residents at, below and above the round's node; a draft only to staff), a round's
timeline and money, the export of the list."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from shequ.accounts.roles import VIEW_PB, VIEW_PUBLIC
from shequ.core.models import AuditAction, audit_record
from shequ.core.scope import ancestor_paths, public_q, scope_q
from shequ.core.xlsx import xlsx_table

from ..choices import PHASE_ORDER, Phase, ProjectStatus
from ..models import CoFunding, CoFundingStatus, Project, Round, RoundPhase


def _public(user, path_field: str) -> Q:
    """Public to the user: by his roles (core.scope.public_q), or, for a resident's own
    account without a role, at the nodes above where he lives."""
    q = public_q(user, VIEW_PUBLIC, path_field)
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is not None:
        q |= Q(**{f"{path_field}__in": ancestor_paths(person.node.path)})
    return q


def round_list_for(*, user, q: str = "", phase: str = "", year: int | None = None):
    """Rounds the user may see: those made public to him (every phase but the draft) and
    every round in his staff subtree (VIEW_PB)."""
    staff = scope_q(user, VIEW_PB, "node__path")
    rounds = Round.objects.filter(
        (_public(user, "node__path") & ~Q(phase=Phase.DRAFT)) | staff
    ).select_related("node")
    if phase:
        rounds = rounds.filter(phase=phase)
    if year:
        rounds = rounds.filter(year=year)
    if q:
        rounds = rounds.filter(Q(title__icontains=q) | Q(node__name__icontains=q))
    return rounds


def round_get_for(*, user, pk: int) -> Round:
    return round_list_for(user=user).get(pk=pk)


def project_list_for(*, user, round: Round | None = None, q: str = "", status: str = ""):
    rounds = round_list_for(user=user)
    projects = Project.objects.filter(round__in=rounds.values("pk")).select_related(
        "round", "round__node"
    )
    if round is not None:
        projects = projects.filter(round=round)
    if status:
        projects = projects.filter(status=status)
    if q:
        projects = projects.filter(
            Q(title__icontains=q) | Q(code__iexact=q) | Q(location__icontains=q)
        )
    return projects


def project_get_for(*, user, pk: int) -> Project:
    return project_list_for(user=user).get(pk=pk)


@dataclass
class TimelineStep:
    phase: str
    label: str
    starts_on: object
    ends_on: object
    state: str  # "done", "current" or "next"


def round_timeline(round: Round) -> list[TimelineStep]:
    """The round's phases in order with their dates, marked done, current or to come."""
    rows = {p.phase: p for p in RoundPhase.objects.filter(round=round)}
    current = PHASE_ORDER.index(round.phase) if round.phase in PHASE_ORDER else None
    out = []
    for i, phase in enumerate(PHASE_ORDER):
        row = rows.get(phase)
        if round.phase == Phase.CLOSED or (current is not None and i < current):
            state = "done"
        elif current == i:
            state = "current"
        else:
            state = "next"
        out.append(TimelineStep(phase, Phase(phase).label, row and row.starts_on,
                                row and row.ends_on, state))  # fmt: skip
    return out


def project_money(project: Project) -> dict:
    """Public money (the project's cost) and co-funding pledged and paid (R-PB-3)."""
    sums = {
        row["status"]: row["total"]
        for row in CoFunding.objects.filter(project=project)
        .values("status")
        .annotate(total=Sum("amount"))
    }
    pledged = sums.get(CoFundingStatus.PLEDGED) or Decimal("0")
    paid = sums.get(CoFundingStatus.PAID) or Decimal("0")
    return {"public": project.cost, "pledged": pledged, "paid": paid,
            "total": project.cost + pledged + paid}  # fmt: skip


def round_projects(round: Round):
    """The round's projects with their co-funding (pledged and paid), by number."""
    live = Q(cofundings__status__in=[CoFundingStatus.PLEDGED, CoFundingStatus.PAID])
    return (
        Project.objects.filter(round=round)
        .annotate(
            cofunding=Sum("cofundings__amount", filter=live),
            photo_count=Count("photos", distinct=True),
        )  # fmt: skip
        .select_related("proposer")
        .order_by("code", "id")
    )


def round_money(round: Round, projects) -> dict:
    shortlisted = [p for p in projects if p.status == ProjectStatus.SHORTLISTED]
    funded = [p for p in projects if p.status == ProjectStatus.FUNDED]
    return {
        "budget": round.budget,
        "on_ballot": sum((p.cost for p in shortlisted), Decimal("0")),
        "funded": sum((p.cost for p in funded), Decimal("0")),
        "cofunding": sum((p.cofunding or Decimal("0") for p in projects), Decimal("0")),
    }


def round_export(*, user, rounds) -> bytes:
    """The rounds list as a workbook; the export is written in the audit trail."""
    columns = [(_("Title"), 36), (_("Territory"), 16), (_("Year"), 8), (_("Budget (yuan)"), 14),
               (_("Ballot"), 16), (_("Phase"), 18), (_("Projects"), 10)]  # fmt: skip
    rows = [
        [r.title, r.node.name, r.year, r.budget, str(r.get_vote_type_display()),
         str(r.get_phase_display()), r.project_count]
        for r in rounds.annotate(project_count=Count("projects"))
    ]  # fmt: skip
    content = xlsx_table(_("Micro-project rounds"), columns, rows)
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Micro-project rounds")),
                 row_count=len(rows))  # fmt: skip
    return content
