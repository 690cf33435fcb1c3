"""Pages of bodies, seats, petitions, the sizing report, the board and the index: what each
role sees, the forms' messages, exports audit-logged."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from shequ.accounts.services import role_grant
from shequ.conftest import add_person, make_user
from shequ.core.models import AuditAction, AuditEvent
from shequ.deliberation.choices import SeatEnd, SeatPost
from shequ.deliberation.models import BodyMember, Petition, PublicationKind
from shequ.deliberation.selectors.bodies import person_pick_token
from shequ.deliberation.services.board import publish
from shequ.deliberation.services.petitions import petition_open, petition_sign

pytestmark = pytest.mark.django_db


def _sheet(response):
    return list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )


def test_index_shows_figures_and_links_by_role(client, cast, bodies):
    client.force_login(cast.community_secretary)
    page = client.get(reverse("deliberation:index")).content.decode()
    assert reverse("deliberation:body_list") in page and 'id="figure-bodies"' in page
    client.force_login(cast.resident)
    page = client.get(reverse("deliberation:index")).content.decode()
    assert reverse("deliberation:body_list") not in page
    assert reverse("deliberation:board_list") in page


def test_body_list_searches_flags_and_exports(client, cast, bodies):
    client.force_login(cast.community_secretary)
    url = reverse("deliberation:body_list")
    page = client.get(url, {"q": "议事会"}).content.decode()
    assert bodies.council.name in page and bodies.committee.name not in page
    response = client.get(reverse("deliberation:body_export"), {"q": "议事会"})
    rows = _sheet(response)
    assert [r[2] for r in rows[1:]] == [bodies.council.name]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, row_count=1).exists()
    client.force_login(cast.resident)
    assert client.get(url).status_code == 403


def test_set_up_a_body_and_a_bad_share_names_its_field(client, cast, territory):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(cast.community_secretary)
    url = reverse("deliberation:body_create")
    data = {"node": territory.c1.pk, "kind": "council", "name": "新议事会",
            "assembly_mode": "members", "quorum": "5/4"}  # fmt: skip
    with translation.override("en"):
        response = client.post(url, data)
    assert response.status_code == 400
    assert "between 0 and 1" in response.context["form"].errors["quorum"][0]
    data["quorum"] = "2/3"
    response = client.post(url, data)
    assert response.status_code == 302


def test_seat_a_resident_found_by_name(client, cast, bodies, territory):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(cast.community_secretary)
    person = add_person(territory.flats["C1G2"][1], "欧阳新")
    url = reverse("deliberation:seat_create", args=[bodies.council.pk])
    page = client.get(url, {"q": "欧阳"}).content.decode()
    assert "欧阳新" in page and person.id_number_masked not in page
    token = person_pick_token(person)
    response = client.post(url, {"person": token, "post": "member", "source": "elected",
                                 "started_on": "2025-03-01"})  # fmt: skip
    assert response.status_code == 302
    assert BodyMember.objects.filter(body=bodies.council, person=person, ended_on=None).exists()
    with translation.override("en"):
        again = client.post(url, {"person": token, "post": "member", "source": "elected",
                                  "started_on": "2025-03-01"})  # fmt: skip
    assert again.status_code == 400 and "already sits" in again.context["form"].errors["person"][0]


def test_recall_then_by_election_on_the_pages(client, cast, bodies):
    client.force_login(cast.community_secretary)
    chair = BodyMember.objects.get(body=bodies.committee, post=SeatPost.CHAIR)
    url = reverse("deliberation:seat_recall", args=[chair.pk])
    response = client.post(url, {"ended_on": "2025-03-01"})
    assert response.status_code == 400 and "reference" in response.context["recall_form"].errors
    response = client.post(url, {"ended_on": "2025-03-01", "reference": "居民会议决议3号"})
    assert response.status_code == 302
    chair.refresh_from_db()
    assert chair.end_reason == SeatEnd.RECALLED
    page = client.get(reverse("deliberation:body_detail", args=[bodies.committee.pk]))
    assert 'id="vacancies"' in page.content.decode()
    newcomer = add_person(chair.person.node, "补选人")
    by_url = reverse("deliberation:seat_by_election", args=[chair.pk])
    response = client.post(
        by_url, {"person": person_pick_token(newcomer), "started_on": "2025-04-01"}
    )
    assert response.status_code == 302
    assert BodyMember.objects.get(person=newcomer).replaces == chair


def test_sizing_report_page_and_export(client, cast, bodies):
    client.force_login(cast.subdistrict_admin)
    page = client.get(reverse("deliberation:sizing_report")).content.decode()
    assert 'data-community="C1"' in page and 'data-community="C3"' not in page
    rows = _sheet(client.get(reverse("deliberation:sizing_export")))
    assert [r[0] for r in rows[1:]] == ["东一社区", "东二社区"]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_petition_signed_by_a_member_flags_the_body_on_its_page(client, cast, bodies):
    member = bodies.people[0]
    user = make_user("议事员0")
    user.person = member
    user.save()
    role_grant(user=user, role="resident", node=member.node)
    client.force_login(user)
    response = client.post(reverse("deliberation:petition_create"),
                           {"body": bodies.council.pk, "title": "请求召开议事会"})  # fmt: skip
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.signatures.get().person == member  # the opener signs first
    page = client.get(reverse("deliberation:petition_detail", args=[petition.pk])).content.decode()
    assert 'id="signed"' in page and 'id="signers"' not in page
    petition_sign(petition=petition, person=bodies.people[1])  # 2 of 9 ≥ 1/5
    client.force_login(cast.community_worker)
    page = client.get(
        reverse("deliberation:body_detail", args=[bodies.council.pk])
    ).content.decode()
    assert 'id="must-convene"' in page
    page = client.get(reverse("deliberation:petition_detail", args=[petition.pk])).content.decode()
    assert 'id="signers"' in page and 'data-state="reached"' in page


def test_staff_enter_a_paper_signature(client, cast, bodies):
    petition = petition_open(body=bodies.council, title="请求召开")
    client.force_login(cast.community_worker)
    person = bodies.people[4]
    url = reverse("deliberation:petition_sign", args=[petition.pk])
    assert client.post(url, {"person": person_pick_token(person)}).status_code == 302
    assert petition.signatures.get().channel == "paper"
    client.force_login(cast.grid_worker)  # reads, does not record
    assert client.post(url, {"person": person_pick_token(bodies.people[5])}).status_code == 403


def test_board_lists_what_is_public_where_the_user_stands(client, cast, territory):
    publish(node=territory.c1, kind=PublicationKind.NOTICE, title="东一社区停水通知")
    publish(node=territory.grids["C1G2"], kind=PublicationKind.NOTICE, title="第2网格通知")
    publish(node=territory.c2, kind=PublicationKind.DECISION, title="东二社区决定")
    client.force_login(cast.resident)  # at C1G1
    page = client.get(reverse("deliberation:board_list")).content.decode()
    assert "东一社区停水通知" in page and "第2网格通知" not in page and "东二社区决定" not in page
    client.force_login(cast.subdistrict_admin)
    page = client.get(reverse("deliberation:board_list"), {"kind": "decision"}).content.decode()
    assert "东二社区决定" in page and "东一社区停水通知" not in page
    rows = _sheet(client.get(reverse("deliberation:board_export"), {"q": "停水"}))
    assert [r[2] for r in rows[1:]] == ["东一社区停水通知"]


def test_staff_post_a_notice(client, cast, territory):
    client.force_login(cast.community_worker)
    data = {"node": territory.c1.pk, "title": "议事会召开通知", "body": "周五晚"}
    response = client.post(reverse("deliberation:notice_create"), data)
    assert response.status_code == 302
    client.force_login(cast.resident)
    assert client.get(response["Location"]).status_code == 200
    client.force_login(cast.resident)
    assert client.get(reverse("deliberation:notice_create")).status_code == 403


def test_my_page_shows_my_seats(client, bodies):
    user = make_user("议事员1")
    user.person = bodies.people[1]
    user.save()
    client.force_login(user)
    page = client.get(reverse("deliberation:mine")).content.decode()
    assert 'id="my-seats"' in page and bodies.council.name in page


def test_term_warning_on_the_body_page(client, cast, bodies):
    from shequ.deliberation.services.bodies import body_update

    body_update(body=bodies.committee, term_ends_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(cast.community_secretary)
    page = client.get(reverse("deliberation:body_detail", args=[bodies.committee.pk]))
    assert 'id="term-warning"' in page.content.decode()
