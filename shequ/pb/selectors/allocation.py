"""Reads of allocation results (R-PB-2): a round's results are public once published (from
PUBLISH on); before that only staff over the round (VIEW_PB) see them."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from shequ.accounts.roles import VIEW_PB
from shequ.core.models import AuditAction, audit_record
from shequ.core.xlsx import xlsx_table

from ..choices import PHASE_ORDER, Phase
from ..models import AllocationResult, Round
from .rounds import round_get_for

PUBLISHED = PHASE_ORDER[PHASE_ORDER.index(Phase.PUBLISH) :] + [Phase.CLOSED]


def results_round_get_for(*, user, pk: int) -> Round:
    """The round whose results ``user`` may read (Round.DoesNotExist otherwise)."""
    round = round_get_for(user=user, pk=pk)
    if round.phase not in PUBLISHED and not user.has_perm(VIEW_PB, round):
        raise Round.DoesNotExist
    return round


def result_rows(run, *, q: str = ""):
    rows = AllocationResult.objects.filter(run=run).select_related("project")
    if q:
        rows = rows.filter(Q(project__title__icontains=q) | Q(project__code__iexact=q))
    return rows


def results_export(*, user, round: Round, results) -> bytes:
    """The results as a workbook; the export is written in the audit trail."""
    columns = [(_("Number"), 10), (_("Project"), 40), (_("Cost (yuan)"), 14), (_("Votes"), 8),
               (_("Score"), 8), (_("Funded"), 8), (_("Order"), 8), (_("Why"), 80)]  # fmt: skip
    rows = [
        [r.project.code, r.project.title, r.cost, r.votes, r.score, r.funded, r.order, r.reason]
        for r in results
    ]
    content = xlsx_table(_("Allocation results"), columns, rows)
    audit_record(AuditAction.EXPORT, actor=user, obj=round, row_count=len(rows),
                 object_repr=str(_("Allocation results")))  # fmt: skip
    return content
