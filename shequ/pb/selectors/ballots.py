"""Reads of ballots for the voter himself (item 9: "a resident sees rounds he can vote in, his
receipts"): the two sections of 我的议事."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shequ.core.scope import ancestor_paths
from shequ.deliberation.selectors.mine import register_my_section

from ..choices import Phase
from ..models import Participation, Round


def rounds_open_for(person) -> list[Round]:
    """Rounds voting now at or above where the person lives that he has not voted in."""
    if person is None:
        return []
    voted = Participation.objects.filter(person=person).values("round_id")
    rounds = (
        Round.objects.filter(phase=Phase.VOTE, node__path__in=ancestor_paths(person.node.path))
        .exclude(pk__in=voted)
        .order_by("-year", "-id")
    )
    return list(rounds)


@register_my_section
def my_open_rounds(user, person):
    from ..services.ballots import voter_refusal

    rounds = [r for r in rounds_open_for(person) if voter_refusal(r, person) is None]
    if not rounds:
        return None
    return {"title": _("Rounds you can vote in"), "template": "pb/vote/_mine_open.html",
            "context": {"rounds": rounds}, "order": 5}  # fmt: skip


@register_my_section
def my_receipts(user, person):
    if person is None:
        return None
    participations = list(
        Participation.objects.filter(person=person).select_related("round").order_by("-on", "-id")
    )
    if not participations:
        return None
    return {"title": _("My ballots"), "template": "pb/vote/_mine_receipts.html",
            "context": {"participations": participations}, "order": 60}  # fmt: skip
