"""The audit trail (审计日志) is append-only in the ORM and in the database, records every
registry write with masked old → new values, and logs each unmasking (R-PPL-3)."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from shequ.accounts.roles import VIEW_AUDIT
from shequ.conftest import add_person
from shequ.core import crypto
from shequ.core.context import acting_as
from shequ.core.models import AuditAction, AuditEvent, audit_record
from shequ.core.testing import make_id_number
from shequ.people import services as people
from shequ.people.models import Household, HouseholdMember, Person, PersonTag, TagType
from shequ.territory import services as territory_services
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

pytestmark = pytest.mark.django_db

# After the fixtures' role grants (dated today), so the roles are in force.
T0 = dt.datetime(2031, 4, 1, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
TABLE = AuditEvent._meta.db_table


@pytest.fixture
def event():
    return audit_record(AuditAction.EXPORT, object_repr="residents", reason="monthly report")


def unchanged(event) -> bool:
    row = AuditEvent.objects.filter(pk=event.pk).values("reason", "action").first()
    return row == {"reason": event.reason, "action": event.action}


def events_for(obj, action=None):
    qs = AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return qs.filter(action=action) if action else qs


# --- append-only in the ORM ----------------------------------------------------------------


def test_saving_an_existing_event_is_refused(event):
    event.reason = "edited"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        AuditEvent(pk=event.pk, action=AuditAction.LOGIN).save()
    assert AuditEvent.objects.get(pk=event.pk).reason == "monthly report"


def test_deleting_an_event_is_refused(event):
    with pytest.raises(PermissionDenied):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: AuditEvent.objects.update(reason="x"), id="manager-update"),
        pytest.param(lambda: AuditEvent.objects.filter().update(reason="x"), id="qs-update"),
        pytest.param(lambda: AuditEvent.objects.all().delete(), id="qs-delete"),
        pytest.param(lambda: AuditEvent.objects.filter(action="export").delete(), id="filter-del"),
        pytest.param(
            lambda: AuditEvent.objects.bulk_update(
                [AuditEvent(pk=e.pk, reason="x") for e in AuditEvent.objects.all()], ["reason"]
            ),
            id="bulk-update",
        ),
    ],
)
def test_queryset_writes_are_refused(event, write):
    with pytest.raises(PermissionDenied), transaction.atomic():
        write()
    assert unchanged(event)


# --- append-only in the database -----------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        f"UPDATE {TABLE} SET reason = 'edited' WHERE id = %s",
        f"UPDATE {TABLE} SET at = at WHERE id = %s",
        f"DELETE FROM {TABLE} WHERE id = %s",
    ],
)
def test_raw_sql_update_and_delete_are_refused_by_the_database(event, sql):
    # The connection is the application's own database user: the trigger stops it too.
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert unchanged(event)


def test_raw_sql_on_the_whole_table_is_refused(event):
    audit_record(AuditAction.EXPORT, object_repr="second")
    for sql in (f"UPDATE {TABLE} SET reason = ''", f"DELETE FROM {TABLE}"):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    assert AuditEvent.objects.count() == 2 and unchanged(event)


def test_truncate_is_refused_on_postgresql(event):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is a PostgreSQL statement; SQLite's DELETE is tested above")
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {TABLE}")
    assert unchanged(event)


def test_appending_through_raw_sql_still_works():
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (at, actor_name, ip, action, object_type, object_id, "
            "object_repr, node_path, field, reason, changes) "
            "VALUES (%s, 'system', '', 'export', '', '', 'raw', '', '', '', '{}')",
            [T0],
        )
    assert AuditEvent.objects.filter(object_repr="raw").exists()


# --- registry writes are audited, personal fields masked -----------------------------------


def _dump(events) -> str:
    return json.dumps(
        [[e.changes, e.object_repr, e.reason] for e in events], ensure_ascii=False, default=str
    )


def test_person_create_update_delete_are_audited_with_masked_values(territory, cast):
    flat = territory.flats["C1G1"][0]
    number = make_id_number(dt.date(1971, 6, 5), 401, sex="F")
    worker = cast.community_worker
    with time_machine.travel(T0, tick=False), acting_as(worker, ip="10.0.0.5"):
        person = people.person_create(
            name="周敏",
            id_number=number,
            phone="13912340401",
            node=flat,
            registered_address="北京市东城区和平里七区9号",
        )
        created = person
        person = people.person_update(
            person=person, phone="13812345678", name="周敏华", registered_address="天津市河西区1号"
        )
    stored = Person.objects.get(pk=person.pk)

    create = events_for(person, AuditAction.CREATE).get()
    assert (create.actor_id, create.ip) == (worker.pk, "10.0.0.5")
    assert create.actor_name == worker.username
    assert (create.person_id, create.node_path, create.at) == (person.pk, flat.path, T0)
    assert create.changes["name"] == [None, "周敏"]
    assert create.changes["id_number_masked"] == [None, number[:4] + "*" * 10 + number[-4:]]
    assert create.changes["phone_masked"] == [None, "139****0401"]
    assert create.changes["registered_address_masked"] == [None, "北京********"]
    for secret in Person.audit_secret:
        assert create.changes[secret] == "***"

    update = events_for(person, AuditAction.UPDATE).get()
    assert update.changes["phone_masked"] == ["139****0401", "138****5678"]
    assert update.changes["name"] == ["周敏", "周敏华"]
    assert update.changes["registered_address_masked"] == ["北京********", "天津******"]
    assert update.changes["phone_enc"] == update.changes["phone_bidx"] == "***"
    assert "id_number_masked" not in update.changes  # unchanged fields are not repeated

    person_id = person.pk
    with acting_as(worker):
        Person.objects.get(pk=person_id).delete()
    delete = AuditEvent.objects.get(
        action=AuditAction.DELETE, object_type="people.person", object_id=str(person_id)
    )
    assert delete.person_id == person_id and delete.actor_id == worker.pk
    assert delete.changes["name"] == ["周敏华", None]
    assert delete.changes["phone_masked"] == ["138****5678", None]
    assert delete.changes["id_number_enc"] == "***"

    trail = _dump(AuditEvent.objects.filter(person_id=person_id))
    plaintexts = [number, "13912340401", "13812345678", "+8613812345678", "和平里", "河西区"]
    ciphertexts = [created.id_number_enc, stored.phone_enc, stored.id_number_bidx]
    for secret in plaintexts + ciphertexts:
        assert secret not in trail


def test_person_end_residence_is_audited_as_old_to_new(residents):
    person = residents["C1G1"].spouse
    people.person_end_residence(person=person, reason="moved_out", on=dt.date(2026, 1, 31))
    update = events_for(person, AuditAction.UPDATE).get()
    assert update.changes["status"] == ["resident", "moved_out"]
    ended = AuditEvent.objects.get(
        action=AuditAction.UPDATE, object_type="people.householdmember", person_id=person.pk
    )
    assert ended.changes["ended_on"] == [None, "2026-01-31"]


def test_household_create_add_remove_delete_are_audited(territory):
    flat = territory.flats["C2G1"][0]
    head, child = add_person(flat, "钱一"), add_person(flat, "钱二", birth=dt.date(2005, 1, 1))
    household = people.household_create(node=flat, head=head, number="H-9")
    member = people.household_add_member(household=household, person=child, relation="child")
    people.household_remove_member(membership=member, on=dt.date(2026, 2, 1))

    create = events_for(household, AuditAction.CREATE).get()
    assert create.changes["number"] == [None, "H-9"] and create.node_path == flat.path
    joined = events_for(member, AuditAction.CREATE).get()
    assert joined.person_id == child.pk and joined.changes["relation"] == [None, "child"]
    left = events_for(member, AuditAction.UPDATE).get()
    assert left.changes == {"ended_on": [None, "2026-02-01"]}

    household_id = household.pk
    Household.objects.get(pk=household_id).delete()
    delete = AuditEvent.objects.get(
        action=AuditAction.DELETE, object_type="people.household", object_id=str(household_id)
    )
    assert delete.changes["number"] == ["H-9", None] and delete.node_path == flat.path
    assert not HouseholdMember.objects.filter(household_id=household_id).exists()


def test_person_tag_add_end_delete_are_audited(residents):
    person = residents["C1G2"].head
    tag, _created = TagType.objects.get_or_create(code="test-elderly", defaults={"name": "老年人"})
    person_tag = people.person_tag_add(person=person, tag=tag, valid_from=dt.date(2026, 1, 1))
    people.person_tag_end(person_tag=person_tag, on=dt.date(2026, 3, 1))

    create = events_for(person_tag, AuditAction.CREATE).get()
    assert create.person_id == person.pk and create.node_path == person.node.path
    assert create.changes["tag_id"] == [None, tag.pk]
    update = events_for(person_tag, AuditAction.UPDATE).get()
    assert update.changes == {"valid_to": [None, "2026-03-01"]}

    tag_id = person_tag.pk
    PersonTag.objects.get(pk=tag_id).delete()
    delete = AuditEvent.objects.get(
        action=AuditAction.DELETE, object_type="people.persontag", object_id=str(tag_id)
    )
    assert delete.person_id == person.pk and delete.changes["valid_to"] == ["2026-03-01", None]


def test_node_create_rename_move_delete_are_audited(territory, cast):
    admin = cast.district_admin
    with acting_as(admin):
        grid = territory_services.node_create(
            parent=territory.c1, kind=NodeKind.GRID, code="C1G9", name="第九网格", actor=admin
        )
        territory_services.node_rename(node=grid, name="第九网格（新）", actor=admin)
        moved = territory_services.node_move(node=grid, new_parent=territory.c2, actor=admin)

    create = events_for(grid, AuditAction.CREATE).get()
    assert create.actor_id == admin.pk and create.changes["code"] == [None, "C1G9"]
    updates = list(events_for(grid, AuditAction.UPDATE).order_by("id"))
    assert updates[0].changes == {"name": ["第九网格", "第九网格（新）"]}
    assert updates[-1].changes["parent"] == ["C1", "C2"]
    assert updates[-1].changes["path"] == [grid.path, moved.path]

    with acting_as(admin):
        Node.objects.get(pk=grid.pk).delete()
    delete = events_for(grid, AuditAction.DELETE).get()
    assert delete.actor_id == admin.pk and delete.changes["name"] == ["第九网格（新）", None]


# --- unmasking -----------------------------------------------------------------------------


def test_unmasking_logs_who_whose_which_field_why_and_when(residents, cast):
    person = residents["C1G1"].head
    other = residents["C1G1"].spouse
    worker = cast.grid_worker
    with time_machine.travel(T0, tick=False):
        value = people.person_unmask(
            user=worker, person=person, field="id_number", reason="核对低保申请"
        )
    assert value == crypto.decrypt(person.id_number_enc)
    people.person_unmask(user=worker, person=person, field="phone", reason="上门联系")
    people.person_unmask(user=worker, person=other, field="phone", reason="上门联系")

    first = AuditEvent.objects.filter(action=AuditAction.UNMASK).order_by("id").first()
    assert (first.actor_id, first.actor_name) == (worker.pk, worker.username)
    assert (first.person_id, first.field, first.reason, first.at) == (
        person.pk,
        "id_number",
        "核对低保申请",
        T0,
    )
    assert value not in _dump([first])

    # Queryable per person, through the auditor's scoped view of the trail.
    auditor = cast.auditor
    per_person = AuditEvent.objects.visible_to(auditor, VIEW_AUDIT).filter(
        person_id=person.pk, action=AuditAction.UNMASK
    )
    assert list(per_person.values_list("field", flat=True).order_by("id")) == [
        "id_number",
        "phone",
    ]


def test_a_refused_unmask_reveals_nothing(residents, cast):
    person = residents["C3G1"].head  # outside the grid worker's grid
    with pytest.raises(PermissionDenied):
        people.person_unmask(user=cast.grid_worker, person=person, field="phone", reason="好奇")
    assert not AuditEvent.objects.filter(action=AuditAction.UNMASK).exists()
