"""Two imports of the same people at once on PostgreSQL: one person per ID number, every row
counted once as created and once as unchanged, nothing rejected (R-PPL-4, STYLE.md)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings

from shequ.core.testing import race
from shequ.people.models import HouseholdMember, Person
from shequ.sheets.importing import import_file

from .test_import_crash import big_sheet

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency is proven on PostgreSQL; SQLite runs one writer at a time",
    ),
    pytest.mark.django_db(transaction=True),
]


@override_settings(SHEQU_IMPORT_BATCH=100)
def test_two_imports_of_one_file_at_once_write_each_person_once(tmp_path, territory):
    path = big_sheet(tmp_path / "same.csv", 1_000)

    def run():
        return import_file(path, kind="residents", area=territory.c1)

    (first, e1), (second, e2) = race(run, run)
    assert e1 is None and e2 is None, (e1, e2)
    assert Person.objects.count() == 1_000
    assert first.created_count + second.created_count == 1_000
    assert first.unchanged_count + second.unchanged_count == 1_000
    assert first.rejected_count == second.rejected_count == 0
    # one open membership per person and one head per household survived the race too
    assert HouseholdMember.objects.filter(ended_on__isnull=True).count() == 1_000
    assert HouseholdMember.objects.filter(ended_on__isnull=True, relation="head").count() == 250
