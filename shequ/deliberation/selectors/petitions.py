"""Reads of convening petitions (R-DLB-3): which bodies must be convened, a body's petitions,
the public list of petitions with their counts, and who signed (staff only)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from shequ.accounts.roles import VIEW_DELIBERATION, VIEW_PUBLIC
from shequ.core.scope import in_scope

from ..models import Meeting, MeetingStatus, Petition, PetitionSignature
from ..services.petitions import answering_meeting, petition_count


def waiting_petitions():
    """Petitions whose share is reached and that no meeting answers yet: a meeting of the
    body scheduled (created) after the share was reached, and not cancelled."""
    answered = Meeting.objects.filter(
        body_id=OuterRef("body_id"), created_at__gte=OuterRef("reached_at")
    ).exclude(status=MeetingStatus.CANCELLED)
    return Petition.objects.filter(reached_at__isnull=False, withdrawn_on__isnull=True).exclude(
        Exists(answered)
    )


def must_convene_q() -> Exists:
    """An annotation for a Body queryset: a petition obliges it to be convened."""
    return Exists(waiting_petitions().filter(body_id=OuterRef("pk")))


def petition_list_for(*, user, q: str = "", state: str = "", body=None):
    """Petitions public to the user (VIEW_PUBLIC: his subtree and the nodes above it),
    searchable by title and body, filtered by state (open, reached, answered, withdrawn)."""
    petitions = (
        Petition.objects.public_to(user, VIEW_PUBLIC)
        .select_related("body__node", "meeting")
        .annotate(
            waiting=Exists(waiting_petitions().filter(pk=OuterRef("pk"))),
            n_signed=Count("signatures"),
        )
    )
    if body is not None:
        petitions = petitions.filter(body=body)
    if q:
        petitions = petitions.filter(
            Q(title__icontains=q) | Q(body__name__icontains=q) | Q(reason__icontains=q)
        )
    if state == "open":
        petitions = petitions.filter(reached_at__isnull=True, withdrawn_on__isnull=True)
    elif state == "reached":
        petitions = petitions.filter(pk__in=waiting_petitions().values("pk"))
    elif state == "answered":
        petitions = petitions.filter(reached_at__isnull=False, withdrawn_on__isnull=True).exclude(
            pk__in=waiting_petitions().values("pk")
        )
    elif state == "withdrawn":
        petitions = petitions.filter(withdrawn_on__isnull=False)
    return petitions


def petition_get_for(*, user, pk: int) -> Petition:
    return petition_list_for(user=user).get(pk=pk)


def petition_state(petition: Petition) -> str:
    if petition.withdrawn_on is not None:
        return "withdrawn"
    if petition.reached_at is None:
        return "open"
    return "answered" if answering_meeting(petition) is not None else "reached"


def petition_facts(petition: Petition) -> dict:
    """The counts of one petition and the meeting answering it."""
    return {**petition_count(petition), "meeting": answering_meeting(petition),
            "state": petition_state(petition)}  # fmt: skip


def may_see_signers(user, petition: Petition) -> bool:
    """Who signed is personal: staff holding a role over the body's place only (not its
    members, whom ``is_seated`` lets read the body)."""
    return in_scope(user, VIEW_DELIBERATION, petition.body)


def petition_signers(petition: Petition):
    return PetitionSignature.objects.filter(petition=petition).select_related(
        "person", "entered_by"
    )


def has_signed(petition: Petition, person) -> bool:
    return (
        person is not None
        and PetitionSignature.objects.filter(petition=petition, person=person).exists()
    )
