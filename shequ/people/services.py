"""Writes on the registry: persons, residences, households, tags, unmasking (R-PPL-1..3)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import UNMASK_PERSON
from shequ.core import crypto, pii
from shequ.core.models import AuditAction, audit_record
from shequ.core.pinyin import name_pinyin
from shequ.territory.choices import NodeKind

from .choices import PersonStatus, Relation, ResidenceEnd, ResidenceKind
from .models import Household, HouseholdMember, Person, PersonTag, Residence, TagType

UNMASKABLE_FIELDS = {
    "id_number": "id_number_enc",
    "phone": "phone_enc",
    "registered_address": "registered_address_enc",
}


def _set_id_number(person: Person, value: str, *, sex: str = "", birth_date=None) -> None:
    try:
        info = pii.validate_id_number(value)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    if sex and sex != info.sex:
        raise ValidationError({"sex": _("The sex does not match the ID number.")})
    if birth_date and birth_date != info.birth_date:
        raise ValidationError(
            {
                "birth_date": _("The birth date does not match the ID number (%(date)s).")
                % {"date": info.birth_date}
            }
        )
    bidx = crypto.blind_index(info.number)
    if Person.objects.filter(id_number_bidx=bidx).exclude(pk=person.pk).exists():
        raise ValidationError(
            {"id_number": _("A person with this ID number is already registered.")}
        )
    person.id_number_enc = crypto.encrypt(info.number)
    person.id_number_bidx = bidx
    person.id_number_masked = pii.mask_id_number(info.number)
    person.sex = info.sex
    person.birth_date = info.birth_date


def _set_phone(person: Person, value: str) -> None:
    if not value:
        person.phone_enc = person.phone_bidx = person.phone_masked = ""
        return
    try:
        e164 = pii.normalize_phone(value)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None
    person.phone_enc = crypto.encrypt(e164)
    person.phone_bidx = crypto.blind_index(e164)
    person.phone_masked = pii.mask_e164(e164)


def _set_address(person: Person, value: str) -> None:
    person.registered_address_enc = crypto.encrypt(value.strip()) if value else ""
    person.registered_address_masked = pii.mask_text(value.strip()) if value else ""


def _check_flat(node, field: str = "node") -> None:
    if node is None:
        raise ValidationError({field: _("Choose the flat where the person lives.")})
    if not node.is_active:
        raise ValidationError({field: _("This address has been retired.")})
    if node.kind != NodeKind.FLAT:
        raise ValidationError({field: _("An address must be a flat (房号).")})


def _save_unique(person: Person) -> None:
    # The blind index is UNIQUE in the database: two concurrent creations of the same ID
    # number cannot both commit; the loser gets the same field error as the early check.
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        if "id_number_bidx" in str(exc) or "unique" in str(exc).lower():
            raise ValidationError(
                {"id_number": _("A person with this ID number is already registered.")}
            ) from None
        raise


@transaction.atomic
def person_create(
    *,
    name: str,
    id_number: str,
    node,
    phone: str = "",
    sex: str = "",
    birth_date: dt.date | None = None,
    residence_kind: str = ResidenceKind.REGISTERED,
    started_on: dt.date | None = None,
    ethnicity: str = "",
    political_status: str = "",
    registered_address: str = "",
    landlord: Person | None = None,
    landlord_name: str = "",
    employer: str = "",
    permit_number: str = "",
    permit_expires_on: dt.date | None = None,
) -> Person:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the person's name.")})
    if not id_number:
        raise ValidationError({"id_number": _("Enter the ID number.")})
    _check_flat(node)
    person = Person(
        name=name,
        node=node,
        residence_kind=residence_kind,
        ethnicity=ethnicity,
        political_status=political_status,
    )
    person.name_pinyin, person.name_initials = name_pinyin(name)
    _set_id_number(person, id_number, sex=sex, birth_date=birth_date)
    _set_phone(person, phone)
    _set_address(person, registered_address)
    _save_unique(person)
    Residence.objects.create(
        person=person,
        node=node,
        kind=residence_kind,
        started_on=started_on or timezone.localdate(),
        landlord=landlord,
        landlord_name=landlord_name,
        employer=employer,
        permit_number=permit_number,
        permit_expires_on=permit_expires_on,
    )
    return person


@transaction.atomic
def person_update(*, person: Person, **fields) -> Person:
    """Update plain fields and, when given, ID number, phone or registered address."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if "id_number" in fields:
        _set_id_number(
            person,
            fields.pop("id_number"),
            sex=fields.pop("sex", ""),
            birth_date=fields.pop("birth_date", None),
        )
    if "phone" in fields:
        _set_phone(person, fields.pop("phone"))
    if "registered_address" in fields:
        _set_address(person, fields.pop("registered_address"))
    if "name" in fields:
        name = (fields.pop("name") or "").strip()
        if not name:
            raise ValidationError({"name": _("Enter the person's name.")})
        person.name = name
        person.name_pinyin, person.name_initials = name_pinyin(name)
    allowed = {"ethnicity", "political_status"}
    for key, value in fields.items():
        if key not in allowed:
            raise ValidationError({key: _("This field cannot be changed here.")})
        setattr(person, key, value)
    _save_unique(person)
    return person


def _open_residence(person: Person) -> Residence | None:
    return (
        Residence.objects.select_for_update().filter(person=person, ended_on__isnull=True).first()
    )


@transaction.atomic
def person_end_residence(*, person: Person, reason: str, on: dt.date) -> Person:
    """Moving out or death ends the residence and household membership; the person stays."""
    if reason not in ResidenceEnd.values:
        raise ValidationError({"reason": _("Choose why the residence ends.")})
    person = Person.objects.select_for_update().get(pk=person.pk)
    residence = _open_residence(person)
    if residence is None:
        raise ValidationError({"person": _("This person has no current residence.")})
    if on < residence.started_on:
        raise ValidationError({"on": _("The end date is before the residence began.")})
    residence.ended_on = on
    residence.end_reason = reason
    residence.save(update_fields=["ended_on", "end_reason", "updated_at"])
    membership = HouseholdMember.objects.filter(person=person, ended_on__isnull=True).first()
    if membership is not None:
        membership.ended_on = on
        membership.save(update_fields=["ended_on"])
    if reason == ResidenceEnd.DECEASED:
        person.status, person.died_on = PersonStatus.DECEASED, on
    else:
        person.status = PersonStatus.MOVED_OUT
    person.save(update_fields=["status", "died_on", "updated_at"])
    return person


@transaction.atomic
def person_move_in(*, person: Person, node, kind: str, on: dt.date, **floating) -> Residence:
    """Start a new residence (ending the open one as a move within the district)."""
    _check_flat(node)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.status == PersonStatus.DECEASED:
        raise ValidationError({"person": _("This person is recorded as deceased.")})
    current = _open_residence(person)
    if current is not None:
        current.ended_on, current.end_reason = on, ResidenceEnd.MOVED_WITHIN
        current.save(update_fields=["ended_on", "end_reason", "updated_at"])
    residence = Residence.objects.create(
        person=person, node=node, kind=kind, started_on=on, **floating
    )
    person.node, person.residence_kind, person.status = node, kind, PersonStatus.RESIDENT
    person.save(update_fields=["node", "residence_kind", "status", "updated_at"])
    return residence


@transaction.atomic
def household_create(
    *, node, head: Person, number: str = "", started_on: dt.date | None = None
) -> Household:
    _check_flat(node)
    household = Household.objects.create(node=node, number=number)
    household_add_member(
        household=household, person=head, relation=Relation.HEAD, started_on=started_on
    )
    return household


@transaction.atomic
def household_add_member(
    *, household: Household, person: Person, relation: str, started_on: dt.date | None = None
) -> HouseholdMember:
    if relation not in Relation.values:
        raise ValidationError({"relation": _("Choose the relation to the head.")})
    household = Household.objects.select_for_update().get(pk=household.pk)
    open_members = HouseholdMember.objects.filter(ended_on__isnull=True)
    if (
        relation == Relation.HEAD
        and open_members.filter(household=household, relation=Relation.HEAD).exists()
    ):
        raise ValidationError({"relation": _("This household already has a head.")})
    if open_members.filter(person=person).exists():
        raise ValidationError(
            {"person": _("This person already belongs to a household; remove him from it first.")}
        )
    try:
        with transaction.atomic():
            return HouseholdMember.objects.create(
                household=household,
                person=person,
                relation=relation,
                started_on=started_on or timezone.localdate(),
            )
    except IntegrityError:
        raise ValidationError(
            {
                "relation": _(
                    "This household already has a head, or the person "
                    "already belongs to a household."
                )
            }
        ) from None


@transaction.atomic
def household_remove_member(*, membership: HouseholdMember, on: dt.date) -> None:
    membership.ended_on = on
    membership.save(update_fields=["ended_on"])


@transaction.atomic
def person_tag_add(
    *,
    person: Person,
    tag: TagType,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    note: str = "",
) -> PersonTag:
    if valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end date is before the start date.")})
    if PersonTag.objects.filter(person=person, tag=tag, valid_to__isnull=True).exists():
        raise ValidationError({"tag": _("The person already carries this tag.")})
    return PersonTag.objects.create(
        person=person, tag=tag, valid_from=valid_from, valid_to=valid_to, note=note
    )


@transaction.atomic
def person_tag_end(*, person_tag: PersonTag, on: dt.date) -> PersonTag:
    if on < person_tag.valid_from:
        raise ValidationError({"valid_to": _("The end date is before the start date.")})
    person_tag.valid_to = on
    person_tag.save(update_fields=["valid_to"])
    return person_tag


def person_unmask(*, user, person: Person, field: str, reason: str) -> str:
    """Return one personal field in full. Needs the permission over this person and a typed
    reason; writes an access-log row (who, whose, which field, why, when) first."""
    if field not in UNMASKABLE_FIELDS:
        raise ValidationError({"field": _("This field cannot be unmasked.")})
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": _("State why you need to see this in full.")})
    if not user.has_perm(UNMASK_PERSON, person):  # role and scope (people/rules.py)
        raise PermissionDenied(_("You may not see this person's data in full."))
    audit_record(AuditAction.UNMASK, obj=person, field=field, reason=reason, actor=user)
    value = crypto.decrypt(getattr(person, UNMASKABLE_FIELDS[field]))
    if field == "phone" and value:
        value = pii.national_phone(value)
    return value
