"""API of bodies, seats, petitions and the board: scoped reads, writes through the services,
errors naming their field."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from shequ.conftest import add_person
from shequ.deliberation.choices import SeatEnd, SeatPost
from shequ.deliberation.models import BodyMember, PublicationKind
from shequ.deliberation.services.board import publish
from shequ.deliberation.services.petitions import petition_open

pytestmark = pytest.mark.django_db


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_bodies_are_listed_in_scope_with_their_flags(cast, bodies):
    response = _api(cast.community_worker).get("/api/v1/deliberation/bodies/", {"q": "议事会"})
    [row] = response.json()["results"]
    assert row["name"] == bodies.council.name and row["seats_open"] == 9
    assert row["must_convene"] is False
    detail = _api(cast.community_worker).get(f"/api/v1/deliberation/bodies/{bodies.reps.pk}/")
    assert len(detail.json()["seats"]) == 6
    assert _api(cast.resident).get("/api/v1/deliberation/bodies/").status_code == 403


def test_set_up_change_and_seat_through_the_api(cast, territory):
    api = _api(cast.community_secretary)
    response = api.post("/api/v1/deliberation/bodies/",
                        {"node": territory.c1.pk, "kind": "council", "name": "议事会",
                         "quorum": "7/5"}, format="json")  # fmt: skip
    assert response.status_code == 400 and "quorum" in response.json()["error"]["fields"]
    response = api.post("/api/v1/deliberation/bodies/",
                        {"node": territory.c1.pk, "kind": "council", "name": "议事会"},
                        format="json")  # fmt: skip
    assert response.status_code == 201
    pk = response.json()["id"]
    response = api.patch(
        f"/api/v1/deliberation/bodies/{pk}/", {"name": "议事协商会"}, format="json"
    )
    assert response.json()["name"] == "议事协商会"
    person = add_person(territory.flats["C1G1"][0], "新成员")
    seat = {"person": person.pk, "started_on": "2025-03-01"}
    assert (
        api.post(f"/api/v1/deliberation/bodies/{pk}/seats/", seat, format="json").status_code == 201
    )
    again = api.post(f"/api/v1/deliberation/bodies/{pk}/seats/", seat, format="json")
    assert again.status_code == 400 and "person" in again.json()["error"]["fields"]
    outsider = add_person(territory.flats["C3G1"][0], "外人")
    seat = {"person": outsider.pk, "started_on": "2025-03-01"}
    response = api.post(f"/api/v1/deliberation/bodies/{pk}/seats/", seat, format="json")
    assert response.status_code == 400 and "person" in response.json()["error"]["fields"]


def test_recall_and_by_election_through_the_api(cast, bodies):
    api = _api(cast.community_secretary)
    chair = BodyMember.objects.get(body=bodies.committee, post=SeatPost.CHAIR)
    url = f"/api/v1/deliberation/seats/{chair.pk}/"
    response = api.post(url + "recall/", {"on": "2025-03-01"}, format="json")
    assert response.status_code == 400 and "reference" in response.json()["error"]["fields"]
    response = api.post(
        url + "recall/", {"on": "2025-03-01", "reference": "决议3号"}, format="json"
    )
    assert response.json()["end_reason"] == SeatEnd.RECALLED
    newcomer = add_person(chair.person.node, "补选人")
    response = api.post(url + "by-election/", {"person": newcomer.pk, "started_on": "2025-04-01"},
                        format="json")  # fmt: skip
    assert response.status_code == 201 and response.json()["replaces"] == chair.pk
    assert _api(cast.grid_worker).post(url + "end/", {"on": "2025-05-01", "reason": "resigned"},
                                       format="json").status_code == 403  # fmt: skip


def test_sizing_through_the_api(cast, bodies):
    rows = _api(cast.subdistrict_admin).get("/api/v1/deliberation/bodies/sizing/").json()
    assert [r["community_name"] for r in rows] == ["东一社区", "东二社区"]
    assert {f["code"] for f in rows[1]["findings"]} == {"no_committee", "no_representatives"}


def test_petitions_through_the_api(cast, bodies):
    petition = petition_open(body=bodies.council, title="请求召开议事会")
    api = _api(cast.community_worker)
    for person in bodies.people[:2]:
        response = api.post(f"/api/v1/deliberation/petitions/{petition.pk}/sign/",
                            {"person": person.pk}, format="json")  # fmt: skip
        assert response.status_code == 201
    assert response.json()["state"] == "reached"
    detail = api.get(f"/api/v1/deliberation/petitions/{petition.pk}/").json()
    assert detail["count"]["needed"] == 2 and len(detail["signers"]) == 2
    public = _api(cast.resident).get(f"/api/v1/deliberation/petitions/{petition.pk}/").json()
    assert public["signers"] is None and public["waiting"] is True
    again = api.post(f"/api/v1/deliberation/petitions/{petition.pk}/sign/",
                     {"person": bodies.people[0].pk}, format="json")  # fmt: skip
    assert again.status_code == 400 and "person" in again.json()["error"]["fields"]


def test_board_through_the_api(cast, territory):
    publish(node=territory.c1, kind=PublicationKind.NOTICE, title="东一社区通知")
    publish(node=territory.c2, kind=PublicationKind.NOTICE, title="东二社区通知")
    rows = _api(cast.resident).get("/api/v1/deliberation/board/").json()["results"]
    assert [r["title"] for r in rows] == ["东一社区通知"]
    response = _api(cast.community_worker).post(
        "/api/v1/deliberation/board/", {"node": territory.c2.pk, "title": "越界"}, format="json"
    )
    assert response.status_code == 400 and "node" in response.json()["error"]["fields"]
    response = _api(cast.community_worker).post(
        "/api/v1/deliberation/board/", {"node": territory.c1.pk, "title": "通知"}, format="json"
    )
    assert response.status_code == 201 and response.json()["kind"] == "notice"
    assert _api(cast.resident).post("/api/v1/deliberation/board/", {"node": territory.c1.pk,
                                    "title": "x"}, format="json").status_code == 403  # fmt: skip
