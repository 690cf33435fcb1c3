"""Concurrent writes on the registry keep its invariants (STYLE.md: constraints or row locks,
proven on PostgreSQL): one person per ID number, one head per household."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from shequ.conftest import add_person
from shequ.core import crypto
from shequ.core.testing import make_id_number, race
from shequ.people import services as people
from shequ.people.models import HouseholdMember, Person

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency is proven on PostgreSQL; SQLite runs one writer at a time",
    ),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 5
WAIT = 10  # seconds: a thread that waits longer than this has deadlocked


def one_winner(outcomes, field: str):
    """Exactly one call succeeded; the other failed with a field error on ``field``."""
    errors = [e for _r, e in outcomes if e is not None]
    results = [r for r, e in outcomes if e is None]
    assert len(results) == 1 and len(errors) == 1, outcomes
    assert isinstance(errors[0], ValidationError), repr(errors[0])
    assert field in errors[0].message_dict, errors[0].message_dict
    return results[0]


def waiting_on_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def interleave(first, second):
    """``first`` runs in a transaction left open until ``second`` is seen blocked on a lock
    in the database; then ``first`` commits. Returns (outcomes, second_was_blocked)."""
    done_first, second_started, commit = threading.Event(), threading.Event(), threading.Event()
    pid: list[int] = []
    outcomes: list[tuple] = [(None, None), (None, None)]

    def run_first():
        try:
            with transaction.atomic():
                outcomes[0] = (first(), None)
                done_first.set()
                commit.wait(WAIT)
        except Exception as exc:  # noqa: BLE001
            outcomes[0] = (None, exc)
        finally:
            done_first.set()
            connections.close_all()

    def run_second():
        try:
            done_first.wait(WAIT)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid.append(cursor.fetchone()[0])
            second_started.set()
            outcomes[1] = (second(), None)
        except Exception as exc:  # noqa: BLE001
            outcomes[1] = (None, exc)
        finally:
            second_started.set()
            connections.close_all()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    second_started.wait(WAIT)
    blocked = False
    deadline = time.monotonic() + WAIT
    while pid and not blocked and time.monotonic() < deadline:
        blocked = waiting_on_lock(pid[0])
        time.sleep(0.01)
    commit.set()
    for thread in threads:
        thread.join(WAIT * 2)
        assert not thread.is_alive(), "a thread hung"
    return outcomes, blocked


# --- one person per ID number --------------------------------------------------------------


def test_concurrent_creations_with_one_id_number_leave_one_person(territory):
    flat_a, flat_b = territory.flats["C1G1"][0], territory.flats["C3G2"][1]
    for round_ in range(ROUNDS):
        number = make_id_number(dt.date(1970, 1, 1), 800 + round_)
        outcomes = race(
            lambda n=number: people.person_create(name="甲", id_number=n, node=flat_a),
            lambda n=number: people.person_create(name="乙", id_number=n, node=flat_b),
        )
        winner = one_winner(outcomes, "id_number")
        stored = Person.objects.filter(id_number_bidx=crypto.blind_index(number))
        assert list(stored.values_list("pk", flat=True)) == [winner.pk]
    assert Person.objects.count() == ROUNDS


def test_the_unique_index_stops_a_creation_the_early_check_missed(territory):
    # The second creation starts while the first is inserted but not committed: its
    # "already registered?" query cannot see the row, so only the database can refuse it.
    number = make_id_number(dt.date(1971, 2, 2), 850)
    flat = territory.flats["C2G1"][0]
    outcomes, blocked = interleave(
        lambda: people.person_create(name="甲", id_number=number, node=flat),
        lambda: people.person_create(name="乙", id_number=number, node=flat),
    )
    assert blocked, "the second creation never waited on the first one's row"
    assert outcomes[0][1] is None
    error = outcomes[1][1]
    assert isinstance(error, ValidationError) and "id_number" in error.message_dict
    assert list(Person.objects.values_list("name", flat=True)) == ["甲"]


# --- one head per household ----------------------------------------------------------------


def _headless_household(flat, round_):
    """A household whose head has left, and two candidates for head."""
    old_head = add_person(flat, f"旧户主{round_}")
    household = people.household_create(node=flat, head=old_head, number=f"R{round_}")
    people.household_remove_member(
        membership=HouseholdMember.objects.get(person=old_head), on=dt.date(2026, 1, 1)
    )
    return household, add_person(flat, f"甲{round_}"), add_person(flat, f"乙{round_}")


def open_heads(household):
    return HouseholdMember.objects.filter(
        household=household, relation="head", ended_on__isnull=True
    )


def test_concurrent_new_heads_leave_one_head(territory):
    flat = territory.flats["C1G2"][0]
    for round_ in range(ROUNDS):
        household, first, second = _headless_household(flat, round_)
        outcomes = race(
            *(
                lambda h=household, p=p: people.household_add_member(
                    household=h, person=p, relation="head"
                )
                for p in (first, second)
            )
        )
        winner = one_winner(outcomes, "relation")
        assert list(open_heads(household)) == [winner]


def test_a_second_head_waits_for_the_first_and_is_refused(territory):
    household, first, second = _headless_household(territory.flats["C2G2"][0], 0)
    outcomes, blocked = interleave(
        lambda: people.household_add_member(household=household, person=first, relation="head"),
        lambda: people.household_add_member(household=household, person=second, relation="head"),
    )
    assert blocked, "the second call never waited on the household's row lock"
    assert outcomes[0][1] is None
    error = outcomes[1][1]
    assert isinstance(error, ValidationError) and "relation" in error.message_dict
    assert [m.person_id for m in open_heads(household)] == [first.pk]
