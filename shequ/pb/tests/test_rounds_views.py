"""Pages of rounds, projects and voting: the list (search, export audited, keyset paging), a
round's page and its steps, proposing with a photo, vetting, the council's shortlist, the
voting page without JavaScript, the receipt shown once and checked, paper codes and entry,
and the sections of 我的议事."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from shequ.core.models import AuditAction, AuditEvent
from shequ.pb.choices import Phase, ProjectStatus, VoteType
from shequ.pb.models import Ballot, CoFunding, PaperCode, Participation, Project, Round

pytestmark = pytest.mark.django_db


def test_the_list_searches_pages_and_exports_with_an_audit_row(client, pb):
    for n in range(3):
        pb.round_in(Phase.COLLECT, title=f"第{n}轮")
    client.force_login(pb.manager)
    response = client.get(reverse("pb:index"), {"q": "第1轮"})
    assert response.status_code == 200
    assert "第1轮" in response.content.decode() and "第2轮" not in response.content.decode()
    from shequ.pb.views import index

    index.PAGE_SIZE, old = 2, index.PAGE_SIZE
    try:
        first = client.get(reverse("pb:index"))
        assert first.context["page"].has_next
        second = client.get(reverse("pb:index"), {"after": first.context["page"].next_cursor})
        assert len(second.context["page"].rows) == 1
    finally:
        index.PAGE_SIZE = old
    export = client.get(reverse("pb:index_export"), {"q": "第"})
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(
        values_only=True))  # fmt: skip
    assert len(rows) == 4
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor_id=pb.manager.pk).exists()


def test_a_resident_sees_public_rounds_but_not_drafts_nor_other_communities(client, pb):
    public = pb.round_in(Phase.COLLECT, title="公开轮次")
    draft = pb.round_in("draft", title="草稿轮次")
    other = pb.round_in(Phase.COLLECT, title="别的社区", node=pb.territory.c2)
    client.force_login(pb.resident())
    page = client.get(reverse("pb:index")).content.decode()
    assert "公开轮次" in page and "草稿轮次" not in page and "别的社区" not in page
    assert client.get(reverse("pb:round_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("pb:round_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("pb:round_detail", args=[public.pk])).status_code == 200


def test_a_manager_creates_a_round_and_moves_it_on(client, pb):
    client.force_login(pb.manager)
    response = client.post(reverse("pb:round_create"), {
        "node": pb.territory.c1.pk, "title": "新轮次", "year": 2026, "budget": "50000",
        "vote_type": VoteType.APPROVAL, "min_length": 1, "starts_on": "2026-04-01",
    })  # fmt: skip
    round = Round.objects.get(title="新轮次")
    assert response.status_code == 302
    page = client.get(reverse("pb:round_detail", args=[round.pk])).content.decode()
    assert 'id="timeline"' in page and "2026-04-01" in page
    client.post(reverse("pb:round_transition", args=[round.pk]), {"to": Phase.COLLECT})
    round.refresh_from_db()
    assert round.phase == Phase.COLLECT
    with translation.override("en"):
        refused = client.post(reverse("pb:round_transition", args=[round.pk]),
                              {"to": Phase.VOTE})  # fmt: skip
    assert refused.status_code == 400
    moved = client.post(reverse("pb:round_phase_move", args=[round.pk]), {
        "phase": Phase.VOTE, "starts_on": "2026-05-10", "ends_on": "2026-05-01"})  # fmt: skip
    assert moved.status_code == 400 and moved.context["move_form"].errors["ends_on"]


def test_a_resident_proposes_with_a_photo_and_a_worker_vets_it(client, pb):
    round = pb.round_in(Phase.COLLECT)
    resident = pb.resident("提议人")
    client.force_login(resident)
    photo = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(photo, format="PNG")
    response = client.post(reverse("pb:project_propose", args=[round.pk]), {
        "title": "楼道灯", "description": "晚上太黑", "category": "goods", "cost": "8000",
        "location": "3号楼", "photos": [SimpleUploadedFile("p.png", photo.getvalue())],
    })  # fmt: skip
    project = Project.objects.get(title="楼道灯")
    assert response.status_code == 302 and project.proposer == resident.person
    (photo_row,) = project.photos.all()
    served = client.get(reverse("pb:project_photo", args=[project.pk, photo_row.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    over = client.post(reverse("pb:project_propose", args=[round.pk]), {
        "title": "大工程", "category": "goods", "cost": "900000"})  # fmt: skip
    assert over.status_code == 200 and over.context["form"].errors["cost"]

    client.force_login(pb.worker)
    refused = client.post(reverse("pb:project_vet", args=[project.pk]), {"feasible": "no"})
    assert refused.status_code == 400 and refused.context["vet_form"].errors["note"]
    client.post(reverse("pb:project_vet", args=[project.pk]), {"feasible": "yes", "cost": "7500"})
    project.refresh_from_db()
    assert project.status == ProjectStatus.FEASIBLE and project.cost == Decimal("7500")
    client.post(reverse("pb:project_cofunding", args=[project.pk]), {
        "funder": "某银行", "kind": "company", "amount": "1000", "status": "pledged"})  # fmt: skip
    assert CoFunding.objects.filter(project=project).count() == 1
    page = client.get(reverse("pb:project_detail", args=[project.pk])).content.decode()
    assert "某银行" in page and "8500" in page


def test_the_council_shortlists_on_its_page_and_a_resident_cannot(client, pb):
    round = pb.round_in(Phase.SHORTLIST)
    project = round.test_projects[0]
    client.force_login(pb.resident())
    assert client.get(reverse("pb:round_shortlist", args=[round.pk])).status_code == 403
    client.force_login(pb.councillor)
    page = client.get(reverse("pb:round_detail", args=[round.pk])).content.decode()
    assert 'id="go-shortlist"' in page
    client.post(reverse("pb:round_shortlist", args=[round.pk]),
                {"project": project.pk, "on_ballot": "0"})  # fmt: skip
    project.refresh_from_db()
    assert project.status == ProjectStatus.FEASIBLE


def test_voting_without_javascript_shows_the_receipt_once(client, pb):
    round = pb.round_in(Phase.VOTE, max_length=2)
    voter = pb.resident("投票者")
    client.force_login(voter)
    page = client.get(reverse("pb:vote", args=[round.pk])).content.decode()
    assert page.count('type="checkbox"') == 3 and 'name="viewport"' in page
    too_many = client.post(reverse("pb:vote", args=[round.pk]),
                           {"project": [p.pk for p in round.test_projects]})  # fmt: skip
    assert too_many.status_code == 400 and not Ballot.objects.exists()
    response = client.post(reverse("pb:vote", args=[round.pk]),
                           {"project": [round.test_projects[0].pk]})  # fmt: skip
    token = response.context["token"]
    assert token in response.content.decode() and response["Cache-Control"].startswith("max-age=0")
    again = client.get(reverse("pb:vote", args=[round.pk])).content.decode()
    assert 'id="already-voted"' in again and token not in again
    client.logout()
    found = client.post(reverse("pb:receipt_check"), {"token": token}).content.decode()
    assert 'id="receipt-found"' in found and round.title in found
    missing = client.post(reverse("pb:receipt_check"), {"token": "abc"}).content.decode()
    assert 'id="receipt-missing"' in missing


def test_cumulative_points_are_posted_as_numbers(client, pb):
    round = pb.round_in(Phase.VOTE, vote_type=VoteType.CUMULATIVE)
    client.force_login(pb.resident())
    a, b, _c = round.test_projects
    response = client.post(reverse("pb:vote", args=[round.pk]),
                           {f"points-{a.pk}": "4", f"points-{b.pk}": "6"})  # fmt: skip
    assert response.status_code == 200 and response.context["token"]
    assert sorted(Ballot.objects.get().marks.values_list("points", flat=True)) == [4, 6]


def test_an_ineligible_resident_is_told_why(client, pb):
    round = pb.round_in(Phase.VOTE)
    client.force_login(pb.resident(grid="C2G1"))
    assert client.get(reverse("pb:vote", args=[round.pk])).status_code == 404
    user = pb.resident()
    user.person.status = "moved_out"
    user.person.save()
    client.force_login(user)
    assert 'id="refusal"' in client.get(reverse("pb:vote", args=[round.pk])).content.decode()


def test_paper_codes_are_issued_printed_and_entered_once(client, pb):
    round = pb.round_in(Phase.VOTE)
    voter = pb.resident("纸票人")
    client.force_login(pb.worker)
    client.post(reverse("pb:paper_codes", args=[round.pk]))
    code = PaperCode.objects.get(person=voter.person).code
    listing = client.get(reverse("pb:paper_codes", args=[round.pk]), {"q": "纸票人"})
    assert code in listing.content.decode()
    entered = client.post(reverse("pb:paper_enter", args=[round.pk]),
                          {"code": code, "project": [round.test_projects[1].pk]})  # fmt: skip
    assert entered.status_code == 302
    twice = client.post(reverse("pb:paper_enter", args=[round.pk]),
                        {"code": code, "project": [round.test_projects[1].pk]})  # fmt: skip
    assert twice.status_code == 400 and twice.context["form"].errors["code"]
    client.force_login(voter)
    online = client.post(reverse("pb:vote", args=[round.pk]),
                         {"project": [round.test_projects[0].pk]})  # fmt: skip
    assert online.status_code == 400 and 'id="already-voted"' in online.content.decode()
    assert Participation.objects.count() == 1 and Ballot.objects.count() == 1
    client.force_login(pb.resident())
    assert client.get(reverse("pb:paper_codes", args=[round.pk])).status_code == 403


def test_my_page_lists_rounds_to_vote_in_and_my_ballots(client, pb):
    round = pb.round_in(Phase.VOTE)
    voter = pb.resident("我的页")
    client.force_login(voter)
    page = client.get(reverse("deliberation:mine")).content.decode()
    assert reverse("pb:vote", args=[round.pk]) in page
    client.post(reverse("pb:vote", args=[round.pk]), {"project": [round.test_projects[0].pk]})
    page = client.get(reverse("deliberation:mine")).content.decode()
    assert 'id="mine-receipts"' in page and reverse("pb:vote", args=[round.pk]) not in page


def test_list_and_round_pages_read_in_a_fixed_number_of_queries(client, pb):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(pb.manager)
    first = pb.round_in(Phase.VOTE, title="一")

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    count(reverse("pb:index"))  # the session's first request reads more
    index_one, detail_one = count(reverse("pb:index")), count(
        reverse("pb:round_detail", args=[first.pk]))  # fmt: skip
    for n in range(2):
        pb.round_in(Phase.VOTE, title=f"多{n}")
    from shequ.pb.services.projects import cofunding_record

    for project in first.test_projects:
        cofunding_record(project=project, actor=pb.worker, funder="企业", amount="10")
    assert count(reverse("pb:index")) == index_one
    assert count(reverse("pb:round_detail", args=[first.pk])) == detail_one
