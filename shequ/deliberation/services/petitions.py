"""Convening petitions (R-DLB-3): opening one, signing it (online by the signer, on paper
entered by staff), counting the signatures against the body's convening share of its roll —
exactly: one-fifth of 50 is 10 signatures, and 10 suffice — and answering it with a meeting."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.models import AuditAction, audit_record

from ..models import Body, Meeting, MeetingStatus, Petition, PetitionSignature, SignatureChannel
from .bodies import body_convene_ratio, body_roll


def signatures_needed(ratio: Fraction, roll_size: int) -> int:
    """The fewest signatures reaching ``ratio`` of a roll of ``roll_size`` (a ceiling, in
    integers: n × den ≥ num × size)."""
    return -(-ratio.numerator * roll_size // ratio.denominator)


def share_reached(signed: int, ratio: Fraction, roll_size: int) -> bool:
    return roll_size > 0 and signed * ratio.denominator >= ratio.numerator * roll_size


def petition_count(petition: Petition, roll: list[int] | None = None) -> dict:
    """Where a petition stands: signatures of persons on the body's roll today, the roll's
    size, the share and the signatures it needs."""
    roll = body_roll(petition.body) if roll is None else roll
    on_roll = set(roll)
    signers = petition.signatures.values_list("person_id", flat=True)
    signed = sum(1 for person_id in signers if person_id in on_roll)
    ratio = body_convene_ratio(petition.body)
    return {
        "signed": signed,
        "roll": len(roll),
        "ratio": ratio,
        "needed": signatures_needed(ratio, len(roll)),
        "reached": share_reached(signed, ratio, len(roll)),
    }


@transaction.atomic
def petition_open(*, body: Body, title: str, reason: str = "", opened_on: dt.date | None = None,
                  actor=None) -> Petition:  # fmt: skip
    """Open a petition to convene ``body`` (not dissolved)."""
    if body.dissolved_on is not None:
        raise ValidationError({"body": _("%(body)s is dissolved.") % {"body": body.name}})
    petition = Petition(body=body, title=title.strip(), reason=reason,
                        opened_on=opened_on or timezone.localdate(), opened_by=actor)  # fmt: skip
    petition.full_clean()
    petition.save()
    return petition


@transaction.atomic
def petition_sign(*, petition: Petition, person, channel: str = SignatureChannel.ONLINE,
                  actor=None) -> PetitionSignature:  # fmt: skip
    """``person`` signs ``petition``: he must be on its body's roll today; one signature per
    person (a constraint). The petition is locked while counting, so that of two last
    signatures arriving together one sees the other and the share is marked reached once."""
    petition = (
        Petition.objects.select_for_update(of=("self",))
        .select_related("body__node")
        .get(pk=petition.pk)
    )
    if petition.withdrawn_on is not None:
        raise ValidationError(_("The petition has been withdrawn."))
    if petition.body.dissolved_on is not None:
        raise ValidationError(_("%(body)s is dissolved.") % {"body": petition.body.name})
    roll = body_roll(petition.body)
    if person.pk not in set(roll):
        message = _("%(name)s is not on the roll of %(body)s.")
        names = {"name": person.name, "body": petition.body.name}
        raise ValidationError({"person": ValidationError(message % names, code="not_on_roll")})
    already = ValidationError(
        _("%(name)s has already signed.") % {"name": person.name}, code="signed"
    )
    if PetitionSignature.objects.filter(petition=petition, person=person).exists():
        raise ValidationError({"person": already})
    try:
        with transaction.atomic():
            signature = PetitionSignature.objects.create(
                petition=petition, person=person, signed_at=timezone.now(), channel=channel,
                entered_by=actor if channel == SignatureChannel.PAPER else None,
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError({"person": already}) from None
    audit_record(AuditAction.CREATE, obj=signature, node_path=petition.body.node.path,
                 actor=actor, person_id=person.pk)  # fmt: skip
    if petition.reached_at is None and petition_count(petition, roll)["reached"]:
        petition.reached_at = signature.signed_at
        petition.save(update_fields=["reached_at", "updated_at"])
    return signature


@transaction.atomic
def petition_withdraw(*, petition: Petition, on: dt.date | None = None, actor=None) -> Petition:
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.withdrawn_on is not None:
        raise ValidationError(_("The petition has been withdrawn."))
    if petition.reached_at is not None:
        raise ValidationError(_("The petition has reached its share: the body must be convened."))
    petition.withdrawn_on = on or timezone.localdate()
    petition.save(update_fields=["withdrawn_on", "updated_at"])
    return petition


def answering_meeting(petition: Petition) -> Meeting | None:
    """The meeting answering a petition: the one linked to it unless cancelled, else the
    first meeting of its body scheduled after the share was reached and not cancelled."""
    if petition.reached_at is None:
        return None
    if petition.meeting_id is not None and petition.meeting.status != MeetingStatus.CANCELLED:
        return petition.meeting
    return (
        Meeting.objects.filter(body_id=petition.body_id, created_at__gte=petition.reached_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("created_at", "id")
        .first()
    )


@transaction.atomic
def petitions_settle(*, body: Body) -> int:
    """Link every reached petition of ``body`` still waiting to the meeting answering it (the
    meeting services call this when a meeting is scheduled; reading pages call it too).
    Returns how many were linked."""
    linked = 0
    waiting = Petition.objects.select_for_update(of=("self",)).filter(
        body=body, reached_at__isnull=False, withdrawn_on__isnull=True
    )
    for petition in waiting.select_related("meeting"):
        meeting = answering_meeting(petition)
        if meeting is not None and meeting.pk != petition.meeting_id:
            petition.meeting = meeting
            petition.save(update_fields=["meeting", "updated_at"])
            linked += 1
    return linked
