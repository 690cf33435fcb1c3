"""Every role × every micro-project page and API endpoint × places inside and outside its
scope (party/tests/matrix.py, endpoints in tests/endpoints_<area>.py): 0 leaks, 0 wrong
denials."""

import pytest

from shequ.party.tests.matrix import run_matrix


def test_every_role_sees_exactly_its_own_micro_project_records(client, cast, territory):
    run_matrix(client, cast, territory, "shequ.pb.tests", "pb")


pytestmark = pytest.mark.django_db
