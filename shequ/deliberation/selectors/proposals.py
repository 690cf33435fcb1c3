"""Reads of proposals (提案, R-DLB-5): answered proposals are public to the community's
residents; one awaiting an answer is seen by its proposer, its co-signers and the staff of
the community; the proposer follows its path to a decision on 我的议事."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shequ.accounts.roles import VIEW_DELIBERATION, VIEW_PUBLIC
from shequ.core.scope import public_q, scope_q

from ..models import Proposal, ProposalSignature
from ..models.proposals import ProposalStatus
from ..models.topics import TopicState
from ..services.proposals import may_propose_in
from ..services.topics import next_step
from .mine import register_my_section


def _visible_q(user) -> Q:
    q = (public_q(user, VIEW_PUBLIC, "community__path") & ~Q(status=ProposalStatus.SUBMITTED)) | (
        scope_q(user, VIEW_DELIBERATION, "community__path")
    )
    person_id = getattr(user, "person_id", None)
    if person_id:
        signed = ProposalSignature.objects.filter(person_id=person_id).values("proposal_id")
        q |= Q(proposer_id=person_id) | Q(pk__in=signed)
    return q


def proposal_list_for(*, user, q: str = "", status: str = "", kind: str = "", mine=False):
    rows = (
        Proposal.objects.filter(_visible_q(user))
        .select_related("community", "proposer", "topic")
        .annotate(signature_count=Count("signatures", distinct=True))
    )
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(text__icontains=q))
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if mine:
        rows = rows.filter(proposer_id=getattr(user, "person_id", None) or 0)
    return rows


def proposal_get_for(*, user, pk: int) -> Proposal:
    return proposal_list_for(user=user).get(pk=pk)


def proposal_for_signing(*, user, token: str) -> Proposal:
    """The proposal a signing link names, to a user who may propose in its community (else
    DoesNotExist, as for a proposal he may not see)."""
    proposal = (
        Proposal.objects.select_related("community", "proposer")
        .annotate(signature_count=Count("signatures", distinct=True))
        .get(sign_token=token or "-")
    )
    if not may_propose_in(user, proposal.community):
        raise Proposal.DoesNotExist
    return proposal


def proposal_signatures(proposal: Proposal):
    return ProposalSignature.objects.filter(proposal=proposal).select_related("person")


def has_signed(user, proposal: Proposal) -> bool:
    person_id = getattr(user, "person_id", None)
    return bool(person_id) and (
        ProposalSignature.objects.filter(proposal=proposal, person_id=person_id).exists()
    )


def proposal_path(proposal: Proposal) -> list[dict]:
    """Where the proposal stands: submitted → accepted → topic at step X → decided, or
    submitted → declined with the reason. Each stage ``{"label", "done", "note"}``."""
    stages = [{"label": _("Submitted"), "done": True, "at": proposal.created_at, "note": ""}]
    if proposal.status == ProposalStatus.DECLINED:
        stages.append({"label": _("Declined"), "done": True, "at": proposal.decided_at,
                       "note": proposal.decline_reason})  # fmt: skip
        return stages
    accepted = proposal.status == ProposalStatus.ACCEPTED
    stages.append({"label": _("Accepted as a topic"), "done": accepted,
                   "at": proposal.decided_at, "note": ""})  # fmt: skip
    topic = proposal.topic if accepted else None
    if topic is None:
        stages.append({"label": _("Topic under way"), "done": False, "at": None, "note": ""})
        stages.append(
            {"label": pgettext("topic state", "Decided"), "done": False, "at": None, "note": ""}
        )
        return stages
    current = next_step(topic)
    stages.append({
        "label": _("Topic at step: %(step)s") % {"step": current.label} if current
        else _("Topic: every step done"),
        "done": True, "at": None, "note": topic.title,
    })  # fmt: skip
    stages.append({"label": pgettext("topic state", "Decided"), "at": None, "note": "",
                   "done": topic.state in (TopicState.DECIDED, TopicState.COMPLETED)})  # fmt: skip
    return stages


@register_my_section
def my_proposals(user, person):
    if person is None:
        return None
    rows = list(
        Proposal.objects.filter(proposer=person)
        .select_related("topic", "community")
        .annotate(signature_count=Count("signatures", distinct=True))
        .order_by("-created_at", "-id")[:20]
    )
    if not rows:
        return None
    return {"title": _("My proposals"), "template": "deliberation/proposals/_mine.html",
            "context": {"proposals": [(p, proposal_path(p)) for p in rows]},
            "order": 20}  # fmt: skip
