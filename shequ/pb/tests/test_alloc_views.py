"""The results page, its downloads, the re-run form and the API."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from shequ.core.models import AuditAction, AuditEvent
from shequ.pb.allocation import pabulib
from shequ.pb.choices import Phase, ProjectStatus, Rule
from shequ.pb.models import Project
from shequ.pb.services.allocation import round_allocate

from . import fixtures_alloc

alloc_round = fixtures_alloc.alloc_round

pytestmark = pytest.mark.django_db


def test_page_shows_each_project_with_its_reason_in_chinese(client, cast, alloc_round):
    round_allocate(round=alloc_round, rule=Rule.GREEDY)
    client.force_login(cast.community_secretary)
    response = client.get(reverse("pb:round_results", args=[alloc_round.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="explanation"') == 4
    assert 'id="result-P2"' in html and 'id="rerun"' in html


def test_page_search_filters_projects(client, cast, alloc_round):
    round_allocate(round=alloc_round, rule=Rule.GREEDY)
    client.force_login(cast.community_secretary)
    html = client.get(reverse("pb:round_results", args=[alloc_round.pk]) + "?q=照明").content
    assert html.decode().count('class="explanation"') == 1


def test_page_before_any_allocation_says_so(client, cast, alloc_round):
    client.force_login(cast.community_secretary)
    with translation.override("en"):
        response = client.get(reverse("pb:round_results", args=[alloc_round.pk]),
                              HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 200


def test_manager_reruns_with_another_rule(client, cast, alloc_round):
    round_allocate(round=alloc_round, rule=Rule.GREEDY)
    client.force_login(cast.community_secretary)
    response = client.post(reverse("pb:round_results_rerun", args=[alloc_round.pk]),
                           {"rule": "equal_shares", "completion": "none"})  # fmt: skip
    assert response.status_code == 302
    assert Project.objects.get(round=alloc_round, code="P1").status == ProjectStatus.NOT_FUNDED
    assert alloc_round.allocations.count() == 2


def test_rerun_refused_to_staff_who_only_record(client, cast, alloc_round):
    client.force_login(cast.grid_worker)
    response = client.post(reverse("pb:round_results_rerun", args=[alloc_round.pk]),
                           {"rule": "greedy", "completion": "none"})  # fmt: skip
    assert response.status_code in (403, 404)
    assert not alloc_round.allocations.exists()


def test_rerun_after_publication_is_refused_naming_the_phase(client, cast, alloc_round):
    round_allocate(round=alloc_round, rule=Rule.GREEDY)
    type(alloc_round).objects.filter(pk=alloc_round.pk).update(phase=Phase.IMPLEMENT)
    client.force_login(cast.community_secretary)
    response = client.post(reverse("pb:round_results_rerun", args=[alloc_round.pk]),
                           {"rule": "equal_shares", "completion": "none"})  # fmt: skip
    assert response.status_code == 400
    assert alloc_round.allocations.count() == 1


def test_exports_are_audited(client, cast, alloc_round):
    round_allocate(round=alloc_round, rule=Rule.GREEDY)
    client.force_login(cast.community_secretary)
    xlsx = client.get(reverse("pb:round_results_export", args=[alloc_round.pk]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")
    pb = client.get(reverse("pb:round_results_pabulib", args=[alloc_round.pk]))
    parsed = pabulib.read(pb.content.decode())
    assert len(parsed.instance.ballots) == 10
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 2


def test_api_gives_results_and_reruns(client, cast, alloc_round):
    round_allocate(round=alloc_round, rule=Rule.GREEDY)
    client.force_login(cast.community_secretary)
    url = f"/api/v1/pb/rounds/{alloc_round.pk}/results/"
    with translation.override("en"):
        data = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["rule"] == "greedy" and data["spent"] == "80000.00"
    funded = [r["code"] for r in data["results"] if r["funded"]]
    assert funded == ["P1", "P4"]
    response = client.post(url, {"rule": "equal_shares", "completion": "greedy"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201 and response.json()["completion"] == "greedy"
    bad = client.post(url, {"rule": "lottery"}, content_type="application/json")
    assert bad.status_code == 400 and "rule" in str(bad.json())


def test_resident_sees_results_only_once_published(client, cast, alloc_round):
    round_allocate(round=alloc_round, rule=Rule.GREEDY)
    client.force_login(cast.resident)
    url = reverse("pb:round_results", args=[alloc_round.pk])
    assert client.get(url).status_code == 404
    type(alloc_round).objects.filter(pk=alloc_round.pk).update(phase=Phase.PUBLISH)
    assert client.get(url).status_code == 200
