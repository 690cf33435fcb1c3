"""Every role × every page and API endpoint × objects inside and outside its scope.

An object is visible exactly when the role grants the endpoint's permission AND the object lies
in the subtree of the node where the role is held. Anything else is a leak (seen but should not
be) or a denial (should be seen but is not); both must be zero.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from shequ.accounts.roles import (
    ROLE_PERMISSIONS,
    VIEW_AUDIT,
    VIEW_HOUSEHOLD,
    VIEW_NODE,
    VIEW_PERSON,
)
from shequ.conftest import ROLE_NODES, add_person
from shequ.people import services as people
from shequ.territory.choices import NodeKind
from shequ.territory.services import node_create

GRIDS = ["C1G1", "C1G2", "C2G1", "C3G1", "X1G1"]


@dataclass
class Target:
    node: object
    person: object
    household: object


@dataclass
class Endpoint:
    name: str
    perm: str
    url: Callable[[Target], str]
    api: bool = False
    # for list endpoints: how to tell the object is in the response
    shows: Callable[[Target, object], bool] | None = None


def _in_api_list(attr):
    def check(target, response):
        rows = response.json().get("results", [])
        return any(row.get("id") == getattr(target, attr).pk for row in rows)

    return check


def _detail_link_in_page(target, response):
    # the search box echoes the query: look for a link to the person, not his name
    return reverse("people:detail", args=[target.person.pk]) in response.content.decode()


def _name_in_page(target, response):
    return target.person.name in response.content.decode()


ENDPOINTS = [
    Endpoint(
        "page territory detail", VIEW_NODE, lambda t: reverse("territory:detail", args=[t.node.pk])
    ),
    Endpoint(
        "page person detail", VIEW_PERSON, lambda t: reverse("people:detail", args=[t.person.pk])
    ),
    Endpoint(
        "page household",
        VIEW_HOUSEHOLD,
        lambda t: reverse("people:household", args=[t.household.pk]),
    ),
    Endpoint(
        "page person search",
        VIEW_PERSON,
        lambda t: reverse("people:list") + f"?q={t.person.name}",
        shows=_detail_link_in_page,
    ),
    Endpoint(
        "page audit by person",
        VIEW_AUDIT,
        lambda t: reverse("audit:list") + f"?person={t.person.pk}",
        shows=_name_in_page,
    ),
    Endpoint("api node", VIEW_NODE, lambda t: f"/api/v1/nodes/{t.node.pk}/", api=True),
    Endpoint(
        "api node children", VIEW_NODE, lambda t: f"/api/v1/nodes/{t.node.pk}/children/", api=True
    ),
    Endpoint(
        "api node history", VIEW_NODE, lambda t: f"/api/v1/nodes/{t.node.pk}/history/", api=True
    ),
    Endpoint(
        "api node search",
        VIEW_NODE,
        lambda t: f"/api/v1/nodes/?q={t.node.code}",
        api=True,
        shows=_in_api_list("node"),
    ),
    Endpoint("api person", VIEW_PERSON, lambda t: f"/api/v1/persons/{t.person.pk}/", api=True),
    Endpoint(
        "api person search",
        VIEW_PERSON,
        lambda t: f"/api/v1/persons/?q={t.person.name}",
        api=True,
        shows=_in_api_list("person"),
    ),
    Endpoint(
        "api household", VIEW_HOUSEHOLD, lambda t: f"/api/v1/households/{t.household.pk}/", api=True
    ),
    Endpoint(
        "api household list",
        VIEW_HOUSEHOLD,
        lambda t: f"/api/v1/households/?node={t.household.node_id}",
        api=True,
        shows=_in_api_list("household"),
    ),
    Endpoint(
        "api audit by person",
        VIEW_AUDIT,
        lambda t: f"/api/v1/audit-events/?person={t.person.pk}",
        api=True,
        shows=lambda t, r: any(
            row.get("person_id") == t.person.pk for row in r.json().get("results", [])
        ),
    ),
]


@pytest.fixture
def targets(territory, residents):
    # A second district: outside the scope of every role, the district admin's included.
    other = node_create(parent=None, kind=NodeKind.DISTRICT, code="X", name="邻区")
    sub = node_create(parent=other, kind=NodeKind.SUBDISTRICT, code="XS", name="邻街道")
    community = node_create(parent=sub, kind=NodeKind.COMMUNITY, code="XC", name="邻社区")
    grid = node_create(parent=community, kind=NodeKind.GRID, code="X1G1", name="邻网格")
    flat = node_create(parent=grid, kind=NodeKind.FLAT, code="X1G1F1", name="101室")
    head = add_person(flat, "王X1G1")
    household = people.household_create(node=flat, head=head, number="HX1G1")
    out = {"X1G1": Target(flat, head, household)}
    for code in GRIDS[:-1]:
        r = residents[code]
        out[code] = Target(territory.flats[code][0], r.head, r.household)
    return out


def _expected(role: str, role_node, endpoint: Endpoint, target: Target) -> bool:
    return endpoint.perm in ROLE_PERMISSIONS[role] and target.node.path.startswith(role_node.path)


def test_every_role_sees_exactly_its_own_subtree(client, cast, territory, targets):
    cases = leaks = denials = 0
    failures = []
    for role, where in ROLE_NODES.items():
        user = getattr(cast, str(role))
        role_node = territory.grids.get(where) or getattr(territory, where)
        client.force_login(user)
        token = Token.objects.get_or_create(user=user)[0].key
        for endpoint in ENDPOINTS:
            for code, target in targets.items():
                cases += 1
                headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if endpoint.api else {}
                response = client.get(endpoint.url(target), **headers)
                assert response.status_code in (200, 403, 404), (
                    f"{role} {endpoint.name} {code}: HTTP {response.status_code}"
                )
                seen = response.status_code == 200 and (
                    endpoint.shows is None or endpoint.shows(target, response)
                )
                expected = _expected(role, role_node, endpoint, target)
                if seen and not expected:
                    leaks += 1
                    failures.append(f"LEAK {role} {endpoint.name} {code}")
                elif expected and not seen:
                    denials += 1
                    failures.append(f"DENIED {role} {endpoint.name} {code}")
        client.logout()
    print(
        f"\npermission matrix: {len(ROLE_NODES)} roles x {len(ENDPOINTS)} endpoints x "
        f"{len(targets)} objects = {cases} cases, {leaks} leaks, {denials} wrong denials"
    )
    assert not failures, "\n".join(failures[:40])
