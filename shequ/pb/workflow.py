"""The phases of a micro-project round as a transition table (R-PB-1; core/workflow.py): each
phase opens the next, in ``PHASE_ORDER``; a step names what it needs. Only
``services.rounds.round_transition`` moves a round along it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shequ.accounts.roles import MANAGE_PB
from shequ.core.workflow import TransitionTable, edge

from .choices import Phase

# what a step needs, checked by services.rounds before it moves the round
NEEDS_PHASES = "phases"  # the round has the dates of its phases
NEEDS_SHORTLIST = "shortlist"  # at least one project is on the ballot
NEEDS_ALLOCATION = "allocation"  # the allocation has been run

P = Phase
TRANSITIONS = TransitionTable(
    [
        edge("open", P.DRAFT, P.COLLECT, MANAGE_PB, _("Open for proposals"), NEEDS_PHASES),
        edge("vet", P.COLLECT, P.VET, MANAGE_PB, _("Close proposals and vet them")),
        edge("shortlist", P.VET, P.SHORTLIST, MANAGE_PB, _("Hand over to the council")),
        edge("vote", P.SHORTLIST, P.VOTE, MANAGE_PB, _("Open voting"), NEEDS_SHORTLIST),
        edge("allocate", P.VOTE, P.ALLOCATE, MANAGE_PB, _("Close voting and allocate")),
        edge("publish", P.ALLOCATE, P.PUBLISH, MANAGE_PB, _("Publish the results"),
             NEEDS_ALLOCATION),
        edge("implement", P.PUBLISH, P.IMPLEMENT, MANAGE_PB, _("Start the work")),
        edge("accept", P.IMPLEMENT, P.ACCEPT, MANAGE_PB, _("Check and accept")),
        edge("evaluate", P.ACCEPT, P.EVALUATE, MANAGE_PB, _("Open the evaluation")),
        edge("close", P.EVALUATE, P.CLOSED, MANAGE_PB, _("Close the round")),
    ]
)  # fmt: skip


def next_step(phase: str):
    """The one step leaving ``phase`` (None once closed)."""
    steps = TRANSITIONS.leaving(phase)
    return steps[0] if steps else None
