"""Every role × every page and API endpoint of residents' self-government × places inside and
outside its scope (shequ/party/tests/matrix.py over the endpoints_<area>.py modules here):
0 leaks, 0 wrong denials."""

import pytest

from shequ.party.tests.matrix import run_matrix


def test_every_role_sees_exactly_its_own_self_government_records(client, cast, territory):
    run_matrix(client, cast, territory, "shequ.deliberation.tests", "deliberation")


pytestmark = pytest.mark.django_db
