"""No plaintext ID number or mobile number anywhere in the stored database (R-PPL-3): the
raw SQLite file and its WAL, or every PostgreSQL table dumped with COPY.

Run with ``-s`` to see the counts the scan prints.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection
from stdnum.cn import ric

from shequ.conftest import add_person
from shequ.core import crypto, pii
from shequ.core.models import AuditEvent
from shequ.core.testing import make_id_number
from shequ.people import services as people
from shequ.people.models import Person, TagType

# Transactional: on SQLite the rows must be committed to reach the file.
committed = pytest.mark.django_db(transaction=True)

# Overlapping windows and no boundaries: in a raw SQLite page one column's bytes run straight
# into the next, and the record header byte before an 18-character text is the digit "1".
ID_WINDOW = re.compile(r"(?=(\d{17}[\dXx]))")
MOBILE = re.compile(r"(?=(1[3-9]\d{9}))")
E164 = re.compile(r"\+861[3-9]\d{9}")
# Values known not to be numbers are blanked before the patterns run, because their digits
# form chance "numbers" with their neighbours: blind indexes, password hashes and API tokens
# (long lowercase hex) and timestamps (whose microseconds run into the next column's tree
# path in a raw page). A real number glued to one of them is still caught: every known value
# is also searched verbatim in the unblanked bytes.
NOT_NUMBERS = re.compile(
    rb"[0-9a-f]{32,}"
    rb"|\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:[+-]\d\d(?::?\d\d)?)?"
)


@dataclass
class Findings:
    id_numbers: set[str] = field(default_factory=set)
    mobiles: set[str] = field(default_factory=set)
    e164: set[str] = field(default_factory=set)
    known: set[str] = field(default_factory=set)


def scan(raw: bytes, known: set[str] = frozenset()) -> Findings:
    text = NOT_NUMBERS.sub(lambda m: b"." * len(m.group()), raw).decode("latin-1")
    return Findings(
        id_numbers={m for m in ID_WINDOW.findall(text) if ric.is_valid(m)},
        mobiles=set(MOBILE.findall(text)),
        e164=set(E164.findall(text)),
        known={value for value in known if value.encode() in raw},
    )


def stored_bytes() -> bytes:
    """Everything the database holds, as the disk (SQLite) or a dump (PostgreSQL) sees it."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
        path = Path(connection.settings_dict["NAME"])
        wal = path.with_name(path.name + "-wal")
        return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                chunks.extend(bytes(block) for block in copy)
    return b"".join(chunks)


def forget_earlier_tests() -> None:
    """SQLite keeps deleted rows of earlier tests in free pages and old WAL frames: compact
    the file so the scan sees what this test stored (PostgreSQL's COPY sees live rows only)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def plaintexts_of(persons) -> set[str]:
    values = set()
    for person in persons:
        number = crypto.decrypt(person.id_number_enc)
        values |= {number, number.lower()}
        if person.phone_enc:
            e164 = crypto.decrypt(person.phone_enc)
            values |= {e164, pii.national_phone(e164)}
        if person.registered_address_enc:
            values.add(crypto.decrypt(person.registered_address_enc))
    return values


def _more_residents(territory, cast) -> None:
    """Beyond the fixture: floating residents, corrections, tags, a move, a death, unmasking."""
    flats = territory.flats
    tag, _ = TagType.objects.get_or_create(code="scan-elderly", defaults={"name": "老年人"})
    for n, code in enumerate(flats):
        landlord = add_person(flats[code][1], f"房东{n}", registered_address=f"上海市{n}号")
        tenant = people.person_create(
            name=f"租客{n}",
            id_number=make_id_number(dt.date(1995, 1 + n, 3), 700 + n, sex="F"),
            phone=f"+86 137 0000 {n:04d}",
            node=flats[code][1],
            residence_kind="floating",
            landlord=landlord,
            employer="示范公司",
            started_on=dt.date(2025, 1, 1),
        )
        people.person_tag_add(person=landlord, tag=tag, valid_from=dt.date(2026, 1, 1))
        people.household_create(node=flats[code][1], head=landlord, number=f"F{code}")
        people.person_update(
            person=tenant,
            phone=f"1860000{n:04d}",
            id_number=make_id_number(dt.date(1995, 1 + n, 3), 720 + n, sex="F"),
            registered_address="江苏省南京市玄武区",
        )
    person = Person.objects.filter(name__startswith="房东").first()
    people.person_move_in(
        person=person, node=flats["C2G2"][1], kind="registered", on=dt.date(2026, 2, 1)
    )
    people.person_end_residence(
        person=Person.objects.filter(name__startswith="租客").first(),
        reason="deceased",
        on=dt.date(2026, 3, 1),
    )
    for field_name in ("id_number", "phone", "registered_address"):
        people.person_unmask(
            user=cast.community_worker,
            person=Person.objects.filter(node__path__startswith=territory.c1.path).first(),
            field=field_name,
            reason="核对信息",
        )


@committed
def test_no_plaintext_id_or_mobile_number_is_stored(residents, territory, cast):
    forget_earlier_tests()
    _more_residents(territory, cast)
    persons = list(Person.objects.all())
    assert len(persons) == 24

    raw = stored_bytes()
    # The scan reads the real data: masked copies and ciphertexts are there.
    sample = residents["C1G1"].head
    sample.refresh_from_db()
    assert sample.phone_masked.encode() in raw and sample.phone_enc.encode() in raw

    known = plaintexts_of(persons)
    found = scan(raw, known)
    print(
        f"\nleak scan ({connection.vendor}): {len(raw)} bytes, {len(persons)} persons, "
        f"{AuditEvent.objects.count()} audit rows; ID numbers found {len(found.id_numbers)}, "
        f"mobiles {len(found.mobiles)}, E.164 {len(found.e164)}, "
        f"known values {len(found.known)} of {len(known)}"
    )
    assert found.id_numbers == set()
    assert found.mobiles == set(), found.mobiles
    assert found.e164 == set()
    assert found.known == set()


@committed
def test_the_scanner_finds_plaintext_numbers(territory):
    """The same scan must find numbers stored in plain: else the test above proves nothing."""
    forget_earlier_tests()
    number = make_id_number(dt.date(1988, 8, 8), 901)
    person = add_person(territory.flats["C1G1"][0], "明文")
    leaked_phone = pii.national_phone(crypto.decrypt(person.phone_enc))
    table = "leak_scan_scratch"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {table} (id integer PRIMARY KEY, note varchar(40))")
        try:
            for pk, note in enumerate((number, "13700001111", "+8613700002222"), start=1):
                cursor.execute(f"INSERT INTO {table} (id, note) VALUES (%s, %s)", [pk, note])
            # A full phone where only the masked copy belongs, in a real table's layout.
            cursor.execute(
                "UPDATE people_person SET phone_masked = %s WHERE id = %s",
                [leaked_phone, person.pk],
            )
            found = scan(stored_bytes(), {leaked_phone})
        finally:
            cursor.execute(f"DROP TABLE {table}")
    print(
        f"\nleak scan control ({connection.vendor}): ID numbers {len(found.id_numbers)}, "
        f"mobiles {len(found.mobiles)}, E.164 {len(found.e164)}, known {len(found.known)}"
    )
    assert number in found.id_numbers
    assert {"13700001111", "13700002222"} <= found.mobiles
    assert "+8613700002222" in found.e164
    assert found.known == {leaked_phone}


def test_hex_digests_alone_are_not_reported():
    digest = crypto.blind_index("13912345678").encode()
    assert scan(b"x" + digest * 50 + b"y") == Findings()
    assert scan(b"x" + digest + b"'13912345678'").mobiles == {"13912345678"}
