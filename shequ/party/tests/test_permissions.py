"""Every role × every party page and API endpoint × places inside and outside its scope
(tests/matrix.py): 0 leaks, 0 wrong denials."""

import pytest
from rest_framework.authtoken.models import Token

from shequ.accounts.roles import ROLE_PERMISSIONS
from shequ.conftest import ROLE_NODES

from .matrix import all_endpoints, build_places


def _expected(role, role_node, endpoint, place) -> bool:
    if endpoint.expect is not None:
        return endpoint.expect(role, role_node, place)
    node = endpoint.where(place) if endpoint.where else place.node
    return endpoint.perm in ROLE_PERMISSIONS[role] and node.path.startswith(role_node.path)


def test_every_role_sees_exactly_its_own_party_records(client, cast, territory):
    places = build_places(territory)
    endpoints = all_endpoints()
    assert endpoints, "no endpoints_<area>.py module lists party endpoints"
    cases, failures = 0, []
    for role, where in ROLE_NODES.items():
        user = getattr(cast, str(role))
        role_node = territory.grids.get(where) or getattr(territory, where)
        client.force_login(user)
        token = Token.objects.get_or_create(user=user)[0].key
        for endpoint in endpoints:
            for code, place in places.items():
                cases += 1
                headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if endpoint.api else {}
                response = client.get(endpoint.url(place), **headers)
                assert response.status_code in (200, 403, 404), (
                    f"{role} {endpoint.name} {code}: HTTP {response.status_code}"
                )
                seen = response.status_code == 200 and (
                    endpoint.shows is None or endpoint.shows(place, response)
                )
                expected = _expected(role, role_node, endpoint, place)
                if seen and not expected:
                    failures.append(f"LEAK {role} {endpoint.name} {code}")
                elif expected and not seen:
                    failures.append(f"DENIED {role} {endpoint.name} {code}")
        client.logout()
    leaks = sum(f.startswith("LEAK") for f in failures)
    print(
        f"\nparty permission matrix: {len(ROLE_NODES)} roles x {len(endpoints)} endpoints x "
        f"{len(places)} places = {cases} cases, {leaks} leaks, "
        f"{len(failures) - leaks} wrong denials"
    )
    assert not failures, "\n".join(failures[:60])


pytestmark = pytest.mark.django_db
