"""Every role × every party page and API endpoint × places inside and outside its scope
(tests/matrix.py): 0 leaks, 0 wrong denials."""

import pytest

from .matrix import run_matrix


def test_every_role_sees_exactly_its_own_party_records(client, cast, territory):
    run_matrix(client, cast, territory, "shequ.party.tests", "party")


pytestmark = pytest.mark.django_db
