"""`shequ rotate_data_key`: personal data moves to a new key and stays searchable."""

import base64
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shequ.conftest import add_person
from shequ.core import crypto
from shequ.core.models import AuditEvent
from shequ.core.testing import make_id_number
from shequ.people import services as people
from shequ.people.models import Person
from shequ.people.selectors import person_search_q

KEY_A = base64.b64encode(b"A" * 32).decode()
KEY_B = base64.b64encode(b"B" * 32).decode()
ID_A = crypto.key_id(b"A" * 32)
ID_B = crypto.key_id(b"B" * 32)


@pytest.fixture
def keys(settings):
    """Switch the data keys; the cached keyring is rebuilt now and dropped afterwards."""

    def use(primary, *old):
        settings.SHEQU_DATA_KEY = primary
        settings.SHEQU_DATA_KEYS_OLD = list(old)
        crypto.keyring.cache_clear()

    use(KEY_A)
    yield use
    crypto.keyring.cache_clear()


@pytest.fixture
def registry(keys, territory):
    """Three persons under key A, one without phone or registered address."""
    flat = territory.flats["C1G1"][0]
    full = [
        add_person(flat, "张三", registered_address="北京市东城区示范路1号"),
        add_person(flat, "李四", sex="F", registered_address="北京市西城区样例街2号"),
    ]
    bare = people.person_create(
        name="王五", id_number=make_id_number(dt.date(1990, 1, 2), 977), node=flat
    )
    persons = [*full, bare]
    plain = {
        p.pk: {
            "id_number_enc": crypto.decrypt(p.id_number_enc),
            "phone_enc": crypto.decrypt(p.phone_enc),
            "registered_address_enc": crypto.decrypt(p.registered_address_enc),
        }
        for p in persons
    }
    return persons, plain


def rotate(*args):
    out = io.StringIO()
    call_command("rotate_data_key", *args, stdout=out)
    return out.getvalue()


def test_rotation_moves_every_value_to_the_new_key_and_search_works_again(keys, registry):
    persons, plain = registry
    phone = plain[persons[0].pk]["phone_enc"]
    assert persons[0].phone_enc.startswith(f"{ID_A}$")

    keys(KEY_B, KEY_A)
    # Control: before rotation the index still comes from key A, so search misses.
    assert not Person.objects.filter(person_search_q(phone)).exists()

    output = rotate("--batch-size", "2")

    assert "people.Person: 2/3 rows" in output and "people.Person: 3/3 rows" in output
    keys(KEY_B)  # the new key alone
    for person in Person.objects.filter(pk__in=plain):
        for column, value in plain[person.pk].items():
            token = getattr(person, column)
            if value:
                assert token.split("$")[0] == ID_B
                assert crypto.decrypt(token) == value
            else:
                assert token == ""
    assert list(Person.objects.filter(person_search_q(phone))) == [persons[0]]
    id_number = plain[persons[2].pk]["id_number_enc"]
    assert list(Person.objects.filter(person_search_q(id_number))) == [persons[2]]
    assert Person.objects.get(pk=persons[2].pk).phone_bidx == ""


def test_rerun_is_harmless_and_recomputes_indexes(keys, registry):
    persons, plain = registry
    keys(KEY_B, KEY_A)
    rotate()
    first = {p.pk: (p.id_number_enc, p.phone_enc, p.id_number_bidx) for p in Person.objects.all()}

    # A row that already holds the new ciphertext but a stale index (an interrupted run).
    Person.objects.filter(pk=persons[1].pk).update(phone_bidx="stale")
    output = rotate()

    assert "rows rewritten: 1, values re-encrypted: 0." in output  # only the stale row
    second = {p.pk: (p.id_number_enc, p.phone_enc, p.id_number_bidx) for p in Person.objects.all()}
    assert second == first  # ciphertext under the primary key is left as it is
    phone = plain[persons[1].pk]["phone_enc"]
    assert list(Person.objects.filter(person_search_q(phone))) == [persons[1]]


def test_rotation_without_the_old_key_fails_and_changes_nothing(keys, registry):
    persons, _plain = registry
    before = Person.objects.get(pk=persons[0].pk)
    keys(KEY_B)  # key A forgotten

    with pytest.raises(CommandError, match="SHEQU_DATA_KEYS_OLD"):
        rotate()

    after = Person.objects.get(pk=persons[0].pk)
    assert (after.id_number_enc, after.id_number_bidx) == (
        before.id_number_enc,
        before.id_number_bidx,
    )


def test_check_fails_until_rotation_is_done(keys, registry):
    keys(KEY_B, KEY_A)
    with pytest.raises(CommandError, match="3 rows are not under the primary key"):
        rotate("--check")

    rotate()

    assert "Every value is under the primary key." in rotate("--check")


def test_rotation_is_recorded_in_the_audit_trail(keys, registry):
    keys(KEY_B, KEY_A)
    rotate()

    event = AuditEvent.objects.filter(object_repr="data key rotation: people.Person").get()
    assert event.row_count == 3
    # 2 full persons × 3 values + 1 person with an ID number only
    assert event.changes == {"primary_key_id": ID_B, "rows_rewritten": 3, "values_reencrypted": 7}
