"""Writes of the member register (R-PM-1): registering a member, his category and stage, and the
transfers of his membership (组织关系转接)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_PARTY
from shequ.people.choices import PoliticalStatus
from shequ.people.services import person_update
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..choices import MemberCategory, MembershipStage, MemberState, OrgKind, TransferDirection
from ..models import MembershipTransfer, PartyMember, PartyOrg
from . import check_perm


def community_of(node) -> Node | None:
    """The community a node lies in (itself, if it is one)."""
    return node.enclosing(NodeKind.COMMUNITY)


def _managed_at(org: PartyOrg | None, person) -> Node:
    if org is not None:
        return org.node
    return community_of(person.node) or person.node


def _political_status(stage: str) -> str:
    return (
        PoliticalStatus.PARTY_MEMBER
        if stage == MembershipStage.FULL
        else (PoliticalStatus.PROBATIONARY)
    )


@transaction.atomic
def member_register(
    *,
    actor=None,
    person,
    category: str,
    stage: str,
    joined_on: dt.date,
    org: PartyOrg | None = None,
    external_org: str = "",
    full_on: dt.date | None = None,
    group: PartyOrg | None = None,
    employer: str = "",
    employer_party_org: str = "",
    card_number: str = "",
) -> PartyMember:
    """Enter a member in the register, held by ``org`` here or, for a member who lives here
    and belongs elsewhere, by ``external_org``. The person's political status follows."""
    # Both: the organisation he joins and the resident he is must lie in the actor's scope.
    check_perm(actor, MANAGE_PARTY, person)
    if org is not None:
        check_perm(actor, MANAGE_PARTY, org)
    errors: dict[str, str] = {}
    external_org = (external_org or "").strip()
    if category not in MemberCategory.values:
        errors["category"] = _("Choose the member's category.")
    if stage not in MembershipStage.values:
        errors["stage"] = _("Say whether he is a probationary or a full member.")
    if org is None and not external_org:
        errors["org"] = _("Choose the organisation holding his membership, or name it.")
    if org is not None and org.kind == OrgKind.GROUP:
        errors["org"] = _("Membership is held by a branch or a committee, not a party group.")
    if org is not None and org.dissolved_on is not None:
        errors["org"] = _("This organisation has been dissolved.")
    if group is not None and (
        group.kind != OrgKind.GROUP or org is None or not group.path.startswith(org.path)
    ):
        errors["group"] = _("Choose a party group of his branch.")
    if joined_on is None:
        errors["joined_on"] = _("Give the date he joined the party.")
    if stage == MembershipStage.FULL and full_on is None:
        errors["full_on"] = _("Give the date he became a full member.")
    if full_on is not None and joined_on is not None and full_on < joined_on:
        errors["full_on"] = _("He cannot become a full member before joining.")
    if category == MemberCategory.IN_SERVICE and not (employer or "").strip():
        errors["employer"] = _("Name the employer of an in-service member.")
    if PartyMember.objects.active().filter(person=person).exists():
        errors["person"] = _("%(name)s is already in the register.") % {"name": person.name}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            member = PartyMember.objects.create(
                person=person,
                org=org,
                external_org=external_org[:160],
                node=_managed_at(org, person),
                group=group,
                category=category,
                stage=stage,
                joined_on=joined_on,
                full_on=full_on if stage == MembershipStage.FULL else None,
                employer=(employer or "").strip()[:160],
                employer_party_org=(employer_party_org or "").strip()[:160],
                card_number=(card_number or "").strip() or None,
            )
    except IntegrityError as exc:
        if card_number and PartyMember.objects.filter(card_number=card_number.strip()).exists():
            raise ValidationError({"card_number": _("This card number is taken.")}) from exc
        raise ValidationError({"person": _("%(name)s is already in the register.")
                               % {"name": person.name}}) from exc  # fmt: skip
    political_status_follow(person, _political_status(stage))
    return member


def political_status_follow(person, status: str) -> None:
    """The registry's political status follows the party register (through the registry's
    own service, so it is validated and audited like any change of the person)."""
    if person.political_status != status:
        person_update(person=person, political_status=status)
        person.political_status = status


def member_update(*, actor=None, member: PartyMember, **fields) -> PartyMember:
    """Change the category, employer, group or card of a member (not his organisation: that
    is a transfer; not his stage: that is the recruitment pipeline)."""
    check_perm(actor, MANAGE_PARTY, member)
    allowed = {"category", "employer", "employer_party_org", "group", "card_number"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"member_update cannot change {sorted(unknown)}")
    if fields.get("category") not in (None, *MemberCategory.values):
        raise ValidationError({"category": _("Choose the member's category.")})
    category = fields.get("category", member.category)
    employer = fields.get("employer", member.employer)
    if category == MemberCategory.IN_SERVICE and not (employer or "").strip():
        raise ValidationError({"employer": _("Name the employer of an in-service member.")})
    if "card_number" in fields:
        fields["card_number"] = (fields["card_number"] or "").strip() or None
        if (
            fields["card_number"]
            and PartyMember.objects.filter(card_number=fields["card_number"])
            .exclude(pk=member.pk)
            .exists()
        ):
            raise ValidationError({"card_number": _("This card number is taken.")})
    for name, value in fields.items():
        setattr(member, name, value)
    member.save(update_fields=[*fields, "updated_at"])
    return member


def _letter(letter_number: str, issued_on: dt.date | None, received_on: dt.date | None) -> dict:
    errors = {}
    if not (letter_number or "").strip():
        errors["letter_number"] = _("Give the number of the introduction letter.")
    if issued_on is None:
        errors["issued_on"] = _("Give the date the letter was issued.")
    elif received_on is not None and received_on < issued_on:
        errors["received_on"] = _("The letter cannot arrive before it was issued.")
    return errors


@transaction.atomic
def member_transfer_in(
    *,
    actor=None,
    person,
    to_org: PartyOrg,
    from_org_name: str,
    letter_number: str,
    issued_on: dt.date,
    received_on: dt.date,
    category: str,
    stage: str,
    joined_on: dt.date,
    full_on: dt.date | None = None,
    employer: str = "",
) -> PartyMember:
    """A member arrives with his letter from an organisation elsewhere: he enters the
    register under ``to_org`` — or, if he was registered here as belonging elsewhere, his
    record moves to ``to_org``."""
    check_perm(actor, MANAGE_PARTY, to_org)
    errors = _letter(letter_number, issued_on, received_on)
    if not (from_org_name or "").strip():
        errors["from_org_name"] = _("Name the organisation he comes from.")
    if errors:
        raise ValidationError(errors)
    member = PartyMember.objects.active().filter(person=person).first()
    if member is not None and member.org_id is not None:
        raise ValidationError({"person": _("%(name)s already belongs to %(org)s here.")
                               % {"name": person.name, "org": member.org}})  # fmt: skip
    if member is None:
        member = member_register(
            actor=actor, person=person, org=to_org, category=category, stage=stage,
            joined_on=joined_on, full_on=full_on, employer=employer,
        )  # fmt: skip
    else:
        member.org, member.external_org, member.node = to_org, "", to_org.node
        member.save(update_fields=["org", "external_org", "node", "updated_at"])
    MembershipTransfer.objects.create(
        member=member,
        direction=TransferDirection.IN,
        from_org_name=from_org_name.strip()[:160],
        to_org=to_org,
        letter_number=letter_number.strip()[:60],
        issued_on=issued_on,
        received_on=received_on,
        recorded_by=actor,
    )
    return member


@transaction.atomic
def member_transfer_out(
    *,
    actor=None,
    member: PartyMember,
    to_org_name: str,
    letter_number: str,
    issued_on: dt.date,
    note: str = "",
) -> PartyMember:
    """His membership leaves for an organisation elsewhere: the record stays, closed."""
    check_perm(actor, MANAGE_PARTY, member)
    errors = _letter(letter_number, issued_on, None)
    if not (to_org_name or "").strip():
        errors["to_org_name"] = _("Name the organisation he goes to.")
    if member.state != MemberState.ACTIVE:
        errors["member"] = _("He is no longer in the register.")
    if errors:
        raise ValidationError(errors)
    MembershipTransfer.objects.create(
        member=member,
        direction=TransferDirection.OUT,
        from_org=member.org,
        from_org_name="" if member.org_id else member.external_org,
        to_org_name=to_org_name.strip()[:160],
        letter_number=letter_number.strip()[:60],
        issued_on=issued_on,
        note=(note or "").strip()[:200],
        recorded_by=actor,
    )
    member.state, member.left_on = MemberState.TRANSFERRED_OUT, issued_on
    member.save(update_fields=["state", "left_on", "updated_at"])
    return member


@transaction.atomic
def member_move(
    *, actor=None, member: PartyMember, to_org: PartyOrg, letter_number: str, on: dt.date
) -> PartyMember:
    """Move a membership between two organisations here (e.g. to the branch of his new
    compound)."""
    check_perm(actor, MANAGE_PARTY, member)
    check_perm(actor, MANAGE_PARTY, to_org)
    errors = _letter(letter_number, on, on)
    if to_org.kind == OrgKind.GROUP or to_org.dissolved_on is not None:
        errors["to_org"] = _("Choose a branch or committee in being.")
    if to_org.pk == member.org_id:
        errors["to_org"] = _("He already belongs there.")
    if errors:
        raise ValidationError(errors)
    MembershipTransfer.objects.create(
        member=member,
        direction=TransferDirection.INTERNAL,
        from_org=member.org,
        from_org_name="" if member.org_id else member.external_org,
        to_org=to_org,
        letter_number=letter_number.strip()[:60],
        issued_on=on,
        received_on=on,
        recorded_by=actor,
    )
    member.org, member.external_org, member.node, member.group = to_org, "", to_org.node, None
    member.save(update_fields=["org", "external_org", "node", "group", "updated_at"])
    return member
