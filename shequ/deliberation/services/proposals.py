"""Writes of proposals (提案, R-DLB-5): submitted by a party member or a resident, co-signed by
his neighbours, answered by the community party organisation — accepted as a topic under a
chosen procedure, or declined with a reason."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_DELIBERATION, PROPOSE
from shequ.core.models import AuditAction, audit_record
from shequ.core.scope import path_public_to
from shequ.core.xlsx import xlsx_table
from shequ.territory.choices import NodeKind

from ..models import Proposal, ProposalSignature
from ..models.proposals import ProposalKind, ProposalStatus
from ..models.topics import TopicOrigin
from .topics import check_perm, topic_create


def community_of_person(person):
    return person.node.enclosing(NodeKind.COMMUNITY) if person is not None else None


def _is_party_member(person) -> bool:
    from shequ.party.models import PartyMember

    return PartyMember.objects.active().filter(person=person).exists()


def may_propose_in(user, community) -> bool:
    """PROPOSE held at, below or above the community (a resident holds his role in a grid)."""
    return community is not None and path_public_to(user, PROPOSE, community.path)


def _person_of(actor, person):
    """The proposer or co-signer: the given person (the platform entering one) or the actor's."""
    if person is not None:
        return person
    person = getattr(actor, "person", None)
    if person is None:
        raise ValidationError(
            {
                "person": _(
                    "Your account is not linked to your resident record; ask the "
                    "community to link it."
                )
            }  # fmt: skip
        )
    return person


@transaction.atomic
def proposal_submit(*, actor=None, title: str, text: str, person=None) -> Proposal:
    """A resident or party member submits a proposal to his own community (his person's); a
    party member's proposal is a 党员提案, anyone else's a 社区提案."""
    person = _person_of(actor, person)
    community = community_of_person(person)
    if community is None:
        raise ValidationError({"person": _("%(name)s lives in no community.")
                               % {"name": person.name}})  # fmt: skip
    if actor is not None and not may_propose_in(actor, community):
        raise PermissionDenied(_("You may not propose here."))
    errors: dict[str, str] = {}
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        errors["title"] = _("Enter a title.")
    if not text:
        errors["text"] = _("Say what you propose.")
    if errors:
        raise ValidationError(errors)
    proposal = Proposal(
        community=community, title=title[:160], text=text, proposer=person,
        kind=ProposalKind.PARTY_MEMBER if _is_party_member(person) else ProposalKind.RESIDENT,
        submitted_by=actor if actor is not None and actor.is_authenticated else None,
        sign_token=secrets.token_urlsafe(18)[:24],
    )  # fmt: skip
    proposal.save()
    return proposal


def proposal_sign(*, actor=None, proposal: Proposal, person=None) -> ProposalSignature:
    """A resident of the proposal's community co-signs it while it awaits an answer; once per
    person (a database constraint), never its proposer."""
    person = _person_of(actor, person)
    if actor is not None and not may_propose_in(actor, proposal.community):
        raise PermissionDenied(_("You may not sign proposals here."))
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError({"proposal": _("The proposal has been answered; it takes no more "
                                             "signatures.")})  # fmt: skip
    if person.pk == proposal.proposer_id:
        raise ValidationError({"person": _("The proposer cannot co-sign his own proposal.")})
    if not person.node.path.startswith(proposal.community.path):
        raise ValidationError({"person": _("Only residents of %(community)s co-sign it.")
                               % {"community": proposal.community.name}})  # fmt: skip
    try:
        with transaction.atomic():
            return ProposalSignature.objects.create(proposal=proposal, person=person)
    except IntegrityError:
        message = _("%(name)s has already signed it.") % {"name": person.name}
        raise ValidationError({"person": ValidationError(message, code="once")}) from None


def _locked_open(proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("community").get(pk=proposal.pk)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError({"proposal": _("The proposal has already been answered.")})
    return proposal


@transaction.atomic
def proposal_accept(
    *, actor=None, proposal: Proposal, procedure: str, affects_all_residents: bool = False,
    title: str = "",
) -> Proposal:  # fmt: skip
    """The community party organisation accepts a proposal: it becomes a topic under the
    chosen procedure (the topic's title is the proposal's unless another is given)."""
    check_perm(actor, MANAGE_DELIBERATION, proposal)
    proposal = _locked_open(proposal)
    topic = topic_create(
        actor=actor, community=proposal.community, title=title or proposal.title,
        description=proposal.text, procedure=procedure,
        affects_all_residents=affects_all_residents, origin=TopicOrigin.PROPOSAL,
    )  # fmt: skip
    proposal.status = ProposalStatus.ACCEPTED
    proposal.topic = topic
    proposal.decided_at = timezone.now()
    proposal.decided_by = actor if actor is not None and actor.is_authenticated else None
    proposal.save(update_fields=["status", "topic", "decided_at", "decided_by", "updated_at"])
    return proposal


@transaction.atomic
def proposal_decline(*, actor=None, proposal: Proposal, reason: str) -> Proposal:
    """Decline a proposal; the reason is required and shown to the proposer and the public."""
    check_perm(actor, MANAGE_DELIBERATION, proposal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for declining.")})
    proposal = _locked_open(proposal)
    proposal.status = ProposalStatus.DECLINED
    proposal.decline_reason = reason
    proposal.decided_at = timezone.now()
    proposal.decided_by = actor if actor is not None and actor.is_authenticated else None
    proposal.save(
        update_fields=["status", "decline_reason", "decided_at", "decided_by", "updated_at"]
    )
    return proposal


def proposal_export(*, user, proposals) -> bytes:
    """The proposals as a workbook (names only, never an ID number or phone); audited."""
    columns = [
        (_("Community"), 16), (_("Kind"), 14), (_("Title"), 36), (_("Proposer"), 12),
        (_("Co-signers"), 8), (_("Status"), 10), (_("Submitted"), 17), (_("Answered"), 17),
        (_("Reason for declining"), 30), (_("Topic"), 30),
    ]  # fmt: skip
    rows = [
        [p.community.name, str(p.get_kind_display()), p.title, p.proposer.name,
         p.signature_count, str(p.get_status_display()), p.created_at, p.decided_at,
         p.decline_reason, p.topic.title if p.topic_id else ""]
        for p in proposals.iterator(chunk_size=500)
    ]  # fmt: skip
    content = xlsx_table(_("Proposals"), columns, rows)
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Proposals")),
                 row_count=len(rows))  # fmt: skip
    return content
