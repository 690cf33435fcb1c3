"""API of rounds, projects and ballots: list and detail scoped, create and move a round,
propose, vet, shortlist, cast a ballot (receipt once, second refused), check a receipt."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from shequ.pb.choices import Phase, ProjectStatus

pytestmark = pytest.mark.django_db


def _api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_rounds_are_listed_with_their_phases_and_moved_by_a_manager(pb):
    round = pb.round_in(Phase.COLLECT)
    body = _api(pb.resident()).get("/api/v1/pb/rounds/").json()
    assert [r["id"] for r in body["results"]] == [round.pk]
    detail = _api(pb.resident()).get(f"/api/v1/pb/rounds/{round.pk}/").json()
    assert [p["phase"] for p in detail["phases"]][0] == "collect"
    assert _api(pb.worker).post(f"/api/v1/pb/rounds/{round.pk}/transition/",
                                {"to": "vet"}).status_code == 403  # fmt: skip
    moved = _api(pb.manager).post(f"/api/v1/pb/rounds/{round.pk}/transition/", {"to": "vote"})
    assert moved.status_code == 400 and "phase" in moved.json()["error"]["fields"]
    assert _api(pb.manager).post(f"/api/v1/pb/rounds/{round.pk}/transition/",
                                 {"to": "vet"}).json()["phase"] == "vet"  # fmt: skip
    created = _api(pb.manager).post("/api/v1/pb/rounds/", {
        "node": pb.territory.c1.pk, "title": "API轮次", "year": 2026, "budget": "1000.00"},
        format="json")  # fmt: skip
    assert created.status_code == 201 and len(created.json()["phases"]) == 9


def test_propose_vet_and_shortlist_through_the_api(pb):
    round = pb.round_in(Phase.COLLECT)
    resident = pb.resident()
    response = _api(resident).post("/api/v1/pb/projects/", {
        "round": round.pk, "title": "API项目", "category": "service", "cost": "300000"},
        format="json")  # fmt: skip
    assert response.status_code == 400 and "cost" in response.json()["error"]["fields"]
    response = _api(resident).post("/api/v1/pb/projects/", {
        "round": round.pk, "title": "API项目", "category": "service", "cost": "3000"},
        format="json")  # fmt: skip
    project = response.json()
    assert response.status_code == 201 and project["status"] == ProjectStatus.PROPOSED
    assert _api(resident).post(f"/api/v1/pb/projects/{project['id']}/vet/",
                               {"feasible": True}).status_code == 403  # fmt: skip
    vetted = _api(pb.worker).post(f"/api/v1/pb/projects/{project['id']}/vet/", {"feasible": True})
    assert vetted.json()["status"] == ProjectStatus.FEASIBLE
    detail = _api(resident).get(f"/api/v1/pb/projects/{project['id']}/").json()
    assert detail["money"]["public"] == "3000.00"


def test_casting_a_ballot_gives_a_receipt_once_and_refuses_a_second(pb):
    round = pb.round_in(Phase.VOTE)
    voter = pb.resident()
    marks = {str(round.test_projects[0].pk): 1}
    first = _api(voter).post("/api/v1/pb/ballots/", {"round": round.pk, "marks": marks},
                             format="json")  # fmt: skip
    assert first.status_code == 201
    receipt = first.json()["receipt"]
    second = _api(voter).post("/api/v1/pb/ballots/", {"round": round.pk, "marks": marks},
                              format="json")  # fmt: skip
    assert second.status_code == 400 and "person" in second.json()["error"]["fields"]
    mine = _api(voter).get("/api/v1/pb/ballots/").json()
    assert [m["round"] for m in mine] == [round.pk] and "marks" not in mine[0]
    check = _api().post("/api/v1/pb/receipts/check/", {"receipt": receipt}).json()
    assert check == {"found": True, "round_title": round.title}
    assert _api().post("/api/v1/pb/receipts/check/", {"receipt": "x"}).json()["found"] is False
