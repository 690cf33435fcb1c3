import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.conftest import add_person
from shequ.core.models import AuditAction, AuditEvent
from shequ.core.testing import make_id_number
from shequ.people import services
from shequ.people.choices import PersonStatus
from shequ.people.models import HouseholdMember, Person, Residence


def test_person_is_stored_encrypted_with_masked_copy(territory):
    flat = territory.flats["C1G1"][0]
    number = make_id_number(dt.date(1960, 1, 2), 11, sex="F")
    person = services.person_create(name="曾小红", id_number=number, phone="13912345678", node=flat)
    row = Person.objects.values().get(pk=person.pk)
    assert number not in str(row) and "13912345678" not in str(row)
    assert row["id_number_masked"] == number[:4] + "*" * 10 + number[-4:]
    assert row["phone_masked"] == "139****5678"
    assert (row["sex"], row["birth_date"]) == ("F", dt.date(1960, 1, 2))
    assert (row["name_pinyin"], row["name_initials"]) == ("zengxiaohong", "zxh")


def test_duplicate_id_number_is_refused_on_the_field(territory):
    flat = territory.flats["C1G1"][0]
    number = make_id_number(dt.date(1960, 1, 2), 12)
    services.person_create(name="甲", id_number=number, node=flat)
    with pytest.raises(ValidationError) as exc:
        services.person_create(name="乙", id_number=number, node=territory.flats["C2G1"][0])
    assert "id_number" in exc.value.message_dict
    assert Person.objects.count() == 1


def test_sex_inconsistent_with_id_is_refused(territory):
    number = make_id_number(dt.date(1960, 1, 2), 13, sex="M")
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            name="甲", id_number=number, sex="F", node=territory.flats["C1G1"][0]
        )
    assert "sex" in exc.value.message_dict


def test_address_must_be_an_existing_flat(territory):
    number = make_id_number(dt.date(1960, 1, 2), 14)
    with pytest.raises(ValidationError) as exc:
        services.person_create(name="甲", id_number=number, node=territory.grids["C1G1"])
    assert "node" in exc.value.message_dict


def test_household_cannot_have_two_heads(residents):
    household = residents["C1G1"].household
    other = add_person(household.node, "赵四")
    with pytest.raises(ValidationError) as exc:
        services.household_add_member(household=household, person=other, relation="head")
    assert "relation" in exc.value.message_dict


def test_person_belongs_to_one_household_at_a_time_with_history(residents, territory):
    spouse = residents["C1G1"].spouse
    with pytest.raises(ValidationError):
        services.household_create(node=territory.flats["C1G1"][1], head=spouse)
    membership = HouseholdMember.objects.get(person=spouse, ended_on__isnull=True)
    services.household_remove_member(membership=membership, on=dt.date(2026, 1, 1))
    services.household_create(node=territory.flats["C1G1"][1], head=spouse)
    assert HouseholdMember.objects.filter(person=spouse).count() == 2
    assert HouseholdMember.objects.filter(person=spouse, ended_on__isnull=True).count() == 1


def test_death_ends_residence_and_keeps_the_person(residents):
    head = residents["C1G1"].head
    services.person_end_residence(person=head, reason="deceased", on=dt.date(2026, 6, 1))
    head.refresh_from_db()
    assert head.status == PersonStatus.DECEASED and head.died_on == dt.date(2026, 6, 1)
    assert Residence.objects.get(person=head).ended_on == dt.date(2026, 6, 1)
    assert not HouseholdMember.objects.filter(person=head, ended_on__isnull=True).exists()


def test_unmask_needs_permission_and_reason_and_is_logged(residents, cast):
    person = residents["C1G1"].head
    with pytest.raises(ValidationError):
        services.person_unmask(user=cast.grid_worker, person=person, field="phone", reason="")
    with pytest.raises(PermissionDenied):
        services.person_unmask(user=cast.auditor, person=person, field="phone", reason="核查")
    phone = services.person_unmask(
        user=cast.grid_worker, person=person, field="phone", reason="电话回访"
    )
    assert len(phone) == 11 and phone.startswith("139")
    event = AuditEvent.objects.get(action=AuditAction.UNMASK)
    assert (event.person_id, event.field, event.reason, event.actor_id) == (
        person.pk,
        "phone",
        "电话回访",
        cast.grid_worker.pk,
    )


def test_grid_worker_cannot_unmask_in_a_sibling_grid(residents, cast):
    with pytest.raises(PermissionDenied):
        services.person_unmask(
            user=cast.grid_worker, person=residents["C1G2"].head, field="id_number", reason="核查"
        )


def test_updates_are_audited_with_masked_values(residents):
    person = residents["C1G1"].head
    services.person_update(person=person, phone="13700001111")
    event = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="people.person"
    ).latest("id")
    assert event.changes["phone_enc"] == "***"
    assert event.changes["phone_masked"][1] == "137****1111"
    assert "13700001111" not in str(event.changes)
