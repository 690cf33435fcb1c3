"""The permission matrix of party building: every role × every party page and API endpoint ×
places inside and outside the role's scope (STYLE.md; the site-wide matrix is
core/tests/test_permission_matrix.py).

Each part of the work adds its endpoints in ``tests/endpoints_<area>.py``:

    def build(place) -> dict:            # optional: objects of the area at this place
        return {"meeting": meeting_schedule(org=place.org, ...)}

    ENDPOINTS = [
        Endpoint("page meeting", VIEW_PARTY_MEMBER,
                 lambda place: reverse("party:meeting_detail", args=[place.objs["meeting"].pk])),
        Endpoint("api meetings", VIEW_PARTY_MEMBER, lambda place: "/api/v1/party/meetings/",
                 api=True, shows=lambda place, response: ...),
    ]

A place is a grid with a branch covering it (``place.org``) under its community's committee
(``place.committee``) and subdistrict's working committee, a full member of the branch living
there (``place.member``), an in-service member living there whose membership is held elsewhere
(``place.in_service``), a household (``place.household``) and a flat (``place.flat``).
``place.new_member(**kwargs)`` registers another resident of the place as a member of the branch.
The places: C1G1 (where the branch secretary and grid worker hold their roles), C1G2, C2G1, C3G1
and X1G1 in another district, outside every role's scope.

An object is expected visible exactly when the role grants the endpoint's permission and the
object's node (``where(place)``: the grid by default; give ``where=lambda p: p.community`` for
objects kept at the community) lies under the node of the role. ``expect`` overrides this for
endpoints with another rule (a public board). Anything else is a leak or a wrong denial.
"""

from __future__ import annotations

import datetime as dt
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from shequ.accounts.roles import ROLE_PERMISSIONS
from shequ.conftest import add_person
from shequ.people import services as people
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node
from shequ.territory.services import node_create

from ..choices import MemberCategory, MembershipStage, OrgKind
from ..services.members import member_register
from ..services.orgs import org_create

PLACES = ["C1G1", "C1G2", "C2G1", "C3G1", "X1G1"]


@dataclass
class Endpoint:
    name: str
    perm: str
    url: Callable
    api: bool = False
    shows: Callable | None = None
    where: Callable | None = None
    expect: Callable | None = None  # (role, role_node, place) -> bool


@dataclass
class Place:
    code: str
    node: Node
    community: Node
    flat: Node
    org: object = None
    committee: object = None
    member: object = None
    in_service: object = None
    household: object = None
    objs: dict = field(default_factory=dict)

    def new_member(self, name="党员", **kwargs):
        person = add_person(self.flat, name)
        options = {
            "category": MemberCategory.DIRECT,
            "stage": MembershipStage.FULL,
            "joined_on": dt.date(2010, 7, 1),
            "full_on": dt.date(2011, 7, 1),
            "org": self.org,
        }
        options.update(kwargs)
        return member_register(person=person, **options)


def endpoint_modules(package: str = "shequ.party.tests"):
    """The ``endpoints_<area>.py`` modules of a tests package (other apps reuse these places
    for their own matrix: ``run_matrix(..., package="shequ.pb.tests")``)."""
    tests = import_module(package)
    for info in sorted(pkgutil.iter_modules(tests.__path__), key=lambda m: m.name):
        if info.name.startswith("endpoints_"):
            yield import_module(f"{package}.{info.name}")


def build_places(territory, package: str = "shequ.party.tests") -> dict[str, Place]:
    other = node_create(parent=None, kind=NodeKind.DISTRICT, code="X", name="邻区")
    xs = node_create(parent=other, kind=NodeKind.SUBDISTRICT, code="XS", name="邻街道")
    xc = node_create(parent=xs, kind=NodeKind.COMMUNITY, code="XC", name="邻社区")
    xg = node_create(parent=xc, kind=NodeKind.GRID, code="X1G1", name="邻网格")
    xb = node_create(parent=xg, kind=NodeKind.BUILDING, code="X1G1B1", name="1号楼")
    xflat = node_create(parent=xb, kind=NodeKind.FLAT, code="X1G1F1", name="101室")
    subs = {"S1": territory.sub1, "S2": territory.sub2, "XS": xs}
    communities = {"C1": territory.c1, "C2": territory.c2, "C3": territory.c3, "XC": xc}
    working = {
        code: org_create(parent=None, kind=OrgKind.WORKING_COMMITTEE, name=f"{node.name}党工委",
                         code=f"M-{code}", node=node, term_started_on=dt.date(2024, 6, 1))
        for code, node in subs.items()
    }  # fmt: skip
    committees = {}
    for code, node in communities.items():
        parent_code = "XS" if code == "XC" else ("S2" if code == "C3" else "S1")
        committees[code] = org_create(
            parent=working[parent_code], kind=OrgKind.COMMITTEE, name=f"{node.name}党委",
            code=f"M-{code}", node=node, term_started_on=dt.date(2024, 6, 1),
        )  # fmt: skip
    places = {}
    for code in PLACES:
        if code == "X1G1":
            grid, flat, community = xg, xflat, xc
        else:
            grid, flat = territory.grids[code], territory.flats[code][0]
            community = communities[code[:2]]
        committee = committees["XC" if code == "X1G1" else code[:2]]
        place = Place(code=code, node=grid, community=community, flat=flat, committee=committee)
        place.org = org_create(parent=committee, kind=OrgKind.BRANCH, name=f"{grid.name}党支部",
                               code=f"M-{code}", node=grid,
                               term_started_on=dt.date(2024, 6, 1))  # fmt: skip
        place.member = place.new_member(f"党员{code}")
        place.in_service = member_register(
            person=add_person(flat, f"在职{code}"), external_org="示范区人民医院党委",
            category=MemberCategory.IN_SERVICE, employer="示范区人民医院",
            employer_party_org="示范区人民医院党委", stage=MembershipStage.FULL,
            joined_on=dt.date(2012, 7, 1), full_on=dt.date(2013, 7, 1),
        )  # fmt: skip
        head = add_person(flat, f"户主{code}")
        place.household = people.household_create(node=flat, head=head, number=f"PH{code}")
        places[code] = place
    for module in endpoint_modules(package):
        build = getattr(module, "build", None)
        if build is not None:
            for place in places.values():
                place.objs.update(build(place) or {})
    return places


def all_endpoints(package: str = "shequ.party.tests") -> list[Endpoint]:
    out = []
    for module in endpoint_modules(package):
        out += list(getattr(module, "ENDPOINTS", []))
    return out


def expected(role, role_node, endpoint, place) -> bool:
    if endpoint.expect is not None:
        return endpoint.expect(role, role_node, place)
    node = endpoint.where(place) if endpoint.where else place.node
    return endpoint.perm in ROLE_PERMISSIONS[role] and node.path.startswith(role_node.path)


def run_matrix(client, cast, territory, package: str, label: str) -> None:
    """Every role (``shequ.conftest.ROLE_NODES``) × every endpoint of ``package`` × every
    place: asserts 0 leaks and 0 wrong denials and prints the count of cases."""
    from rest_framework.authtoken.models import Token

    from shequ.conftest import ROLE_NODES

    places = build_places(territory, package)
    endpoints = all_endpoints(package)
    assert endpoints, f"no endpoints_<area>.py module in {package}"
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
                want = expected(role, role_node, endpoint, place)
                if seen and not want:
                    failures.append(f"LEAK {role} {endpoint.name} {code}")
                elif want and not seen:
                    failures.append(f"DENIED {role} {endpoint.name} {code}")
        client.logout()
    leaks = sum(f.startswith("LEAK") for f in failures)
    print(
        f"\n{label} permission matrix: {len(ROLE_NODES)} roles x {len(endpoints)} endpoints x "
        f"{len(places)} places = {cases} cases, {leaks} leaks, "
        f"{len(failures) - leaks} wrong denials"
    )
    assert not failures, "\n".join(failures[:60])
