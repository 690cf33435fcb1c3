"""The member register's pages (R-PM-1, R-PM-7): the register with its filters, paging, query
count and export, a member's record, registering a resident, transfers in, out and between
organisations here, the transfers register, and a member's own page (item 12)."""

import datetime as dt
import io
import re
from urllib.parse import quote, unquote

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shequ.conftest import add_person, make_user
from shequ.core import crypto
from shequ.core.models import AuditAction, AuditEvent
from shequ.party.choices import MemberCategory, MembershipStage, MemberState
from shequ.party.models import MembershipTransfer, PartyMember
from shequ.party.selectors import mine as mine_selectors
from shequ.party.selectors.members import person_pick_token
from shequ.party.services.members import member_register, member_transfer_out

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    body = response.content.decode()
    table = body[body.index('id="member-table"') :]
    return re.findall(r'/party/members/\d+/">([^<]+)</a>', table)


@pytest.fixture
def register(party, territory):
    """东一社区: two direct members of b1 (one with a card), a retired probationary member
    of b2, an in-service resident belonging elsewhere; 西一社区: one member."""
    r = type("R", (), {})()
    r.zhang = party.member("C1G1", party.b1, "张红", card_number="DY-0007")
    r.li = party.member("C1G1", party.b1, "李明")
    r.wang = party.member("C1G2", party.b2, "王芳", category=MemberCategory.RETIRED,
                          stage=MembershipStage.PROBATIONARY)  # fmt: skip
    r.zhao = member_register(
        person=add_person(territory.flats["C1G2"][1], "赵刚"), external_org="某大学机关党委",
        category=MemberCategory.IN_SERVICE, employer="某大学", stage=MembershipStage.FULL,
        joined_on=dt.date(2005, 1, 1), full_on=dt.date(2006, 1, 1),
    )  # fmt: skip
    r.west = party.member("C3G1", party.c3, "钱西")
    return r


def test_register_lists_the_members_in_scope_with_their_category_and_holder(client, cast, register):
    client.force_login(cast.community_secretary)
    response = client.get(reverse("party:member_list"))
    assert response.status_code == 200
    assert sorted(_names(response)) == sorted(["张红", "李明", "王芳", "赵刚"])
    body = response.content.decode()
    assert "某大学机关党委" in body and "DY-0007" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "zhang"}, ["张红"]),  # pinyin
        ({"q": "李"}, ["李明"]),
        ({"q": "DY-0007"}, ["张红"]),  # card number
        ({"category": "retired"}, ["王芳"]),
        ({"stage": "probationary"}, ["王芳"]),
        ({"held": "elsewhere"}, ["赵刚"]),
        ({"held": "here", "category": "direct"}, ["张红", "李明"]),
    ],
)
def test_register_filters(client, cast, register, query, expected):
    client.force_login(cast.community_secretary)
    response = client.get(reverse("party:member_list"), query)
    assert sorted(_names(response)) == sorted(expected)


def test_register_filters_by_organisation_subtree_and_state(client, cast, party, register):
    client.force_login(cast.community_secretary)
    response = client.get(reverse("party:member_list"), {"org": party.b1.pk})
    assert sorted(_names(response)) == ["张红", "李明"]
    response = client.get(reverse("party:member_list"), {"org": party.c1.pk})
    assert sorted(_names(response)) == sorted(["张红", "李明", "王芳"])
    member_transfer_out(member=register.li, to_org_name="外区", letter_number="1",
                        issued_on=dt.date(2026, 1, 1))  # fmt: skip
    response = client.get(reverse("party:member_list"), {"org": party.b1.pk})
    assert _names(response) == ["张红"]
    response = client.get(reverse("party:member_list"), {"state": "transferred_out"})
    assert _names(response) == ["李明"]


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_register_query_count_does_not_grow_with_members(client, cast, party, register):
    client.force_login(cast.community_secretary)
    url = reverse("party:member_list")
    client.get(url)  # warm the session
    before = _count_queries(client, url)
    for n in range(10):
        party.member("C1G1", party.b1, f"新党员{n}", category=MemberCategory.RETIRED)
    assert _count_queries(client, url) == before
    assert before <= 8


def test_register_pages_by_keyset(client, cast, party, register, monkeypatch):
    from shequ.party.views import members as views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client.force_login(cast.community_secretary)
    first = client.get(reverse("party:member_list"))
    cursor = first.context["page"].next_cursor
    assert len(_names(first)) == 3 and cursor
    second = client.get(reverse("party:member_list"), {"after": cursor})
    assert len(_names(second)) == 1
    assert set(_names(first)) | set(_names(second)) == {"张红", "李明", "王芳", "赵刚"}


def test_register_exports_its_filtered_rows_and_logs_the_export(client, cast, register):
    client.force_login(cast.community_secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("party:member_export"), {"category": "direct"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True))  # fmt: skip
    assert rows[0][:3] == ("Name", "Card number", "Organisation holding the membership")
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"张红", "李明"}
    assert by_name["张红"][1] == "DY-0007"
    assert by_name["张红"][2] == "第一网格党支部"
    assert by_name["张红"][9] == dt.datetime(2010, 7, 1)
    body = response.content
    assert crypto.decrypt(register.zhang.person.id_number_enc).encode() not in body
    audit = AuditEvent.objects.get(action=AuditAction.EXPORT, actor_id=cast.community_secretary.pk)
    assert audit.row_count == 2


def test_detail_links_the_resident_only_for_registry_readers(client, cast, register):
    url = reverse("party:member_detail", args=[register.zhang.pk])
    client.force_login(cast.community_secretary)
    response = client.get(url)
    assert response.status_code == 200
    assert 'id="person-link"' in response.content.decode()
    client.force_login(cast.branch_secretary)  # runs the branch, not the registry
    response = client.get(url)
    assert response.status_code == 200
    assert 'id="person-link"' not in response.content.decode()
    assert client.get(reverse("party:member_detail", args=[register.wang.pk])).status_code == 404


def _pick(client, url, q):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return re.findall(r'href="\?person=([^"]+)"', response.content.decode())


def test_branch_secretary_registers_a_resident_found_by_id_number(client, cast, party, territory):
    resident = add_person(territory.flats["C1G1"][1], "孔新")
    client.force_login(cast.branch_secretary)
    url = reverse("party:member_register")
    assert _pick(client, url, "孔新") == []  # no registry role: no name search
    tokens = _pick(client, url, crypto.decrypt(resident.id_number_enc))
    assert len(tokens) == 1
    form = client.get(url, {"person": unquote(tokens[0])})
    assert "孔新" in form.content.decode()
    data = {"person": person_pick_token(resident), "org": party.b1.pk, "group": party.g1.pk,
            "category": "in_service", "stage": "full", "joined_on": "2015-07-01",
            "full_on": "2016-07-01", "employer": "", "card_number": "DY-0100"}  # fmt: skip
    response = client.post(url, data)
    assert 'id="id_employer_error"' in response.content.decode()
    assert not PartyMember.objects.filter(person=resident).exists()
    data["employer"] = "区人民医院"
    response = client.post(url, data)
    member = PartyMember.objects.get(person=resident)
    assert response["Location"] == reverse("party:member_detail", args=[member.pk])
    assert (member.org, member.group, member.card_number) == (party.b1, party.g1, "DY-0100")


def test_register_refuses_a_resident_outside_the_scope(client, cast, party, territory):
    outsider = add_person(territory.flats["C3G1"][0], "冯西")
    client.force_login(cast.community_secretary)
    url = reverse("party:member_register")
    assert _pick(client, url, "冯西") == []
    data = {"person": person_pick_token(outsider), "org": party.b1.pk, "category": "direct",
            "stage": "full", "joined_on": "2015-07-01", "full_on": "2016-07-01"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200 and 'id="picked"' not in response.content.decode()
    assert not PartyMember.objects.filter(person=outsider).exists()
    client.force_login(cast.community_worker)  # reads the register, may not register
    assert client.get(url).status_code == 403


def test_transfer_in_moves_a_member_registered_as_belonging_elsewhere(
    client, cast, party, register
):
    client.force_login(cast.community_secretary)
    url = reverse("party:member_transfer_in")
    response = client.get(url, {"person": person_pick_token(register.zhao.person)})
    assert "某大学机关党委" in response.content.decode()  # "from" filled in from his record
    data = {"person": person_pick_token(register.zhao.person), "to_org": party.b2.pk,
            "from_org_name": "某大学机关党委", "letter_number": "组转字2026-17",
            "issued_on": "2026-03-05", "received_on": "2026-03-01", "category": "in_service",
            "stage": "full", "joined_on": "2005-01-01", "full_on": "2006-01-01",
            "employer": "某大学"}  # fmt: skip
    response = client.post(url, data)
    assert 'id="id_received_on_error"' in response.content.decode()
    data["received_on"] = "2026-03-06"
    response = client.post(url, data)
    assert response.status_code == 302
    register.zhao.refresh_from_db()
    assert (register.zhao.org, register.zhao.external_org) == (party.b2, "")
    transfer = MembershipTransfer.objects.get(member=register.zhao)
    assert (transfer.direction, transfer.letter_number, transfer.recorded_by) == (
        "in", "组转字2026-17", cast.community_secretary
    )  # fmt: skip


def test_transfer_out_and_move_on_the_member_page(client, cast, party, register):
    client.force_login(cast.community_secretary)
    move = reverse("party:member_move", args=[register.li.pk])
    response = client.post(move, {"to_org": party.b2.pk, "letter_number": "", "on": "2026-04-01"})
    assert response.status_code == 400
    assert 'id="id_letter_number_error"' in response.content.decode()
    response = client.post(move, {"to_org": party.b2.pk, "letter_number": "内转-3",
                                  "on": "2026-04-01"})  # fmt: skip
    assert response.status_code == 302
    register.li.refresh_from_db()
    assert register.li.org == party.b2 and register.li.node == party.b2.node
    out = reverse("party:member_transfer_out", args=[register.li.pk])
    response = client.post(out, {"to_org_name": "外区某社区党委", "letter_number": "组转字2026-30",
                                 "issued_on": "2026-09-01", "note": "搬迁"})  # fmt: skip
    assert response.status_code == 302
    register.li.refresh_from_db()
    assert (register.li.state, register.li.left_on) == (MemberState.TRANSFERRED_OUT,
                                                          dt.date(2026, 9, 1))  # fmt: skip
    detail = client.get(reverse("party:member_detail", args=[register.li.pk])).content.decode()
    assert "内转-3" in detail and "组转字2026-30" in detail
    assert reverse("party:member_transfer_out", args=[register.li.pk]) not in detail
    response = client.post(out, {"to_org_name": "又一处", "letter_number": "X",
                                 "issued_on": "2026-10-01"})  # fmt: skip
    assert response.status_code == 400  # he is no longer in the register


def test_edit_changes_the_card_and_names_a_taken_one(client, cast, party, register):
    client.force_login(cast.community_secretary)
    url = reverse("party:member_edit", args=[register.li.pk])
    data = {"category": "retired", "employer": "", "employer_party_org": "", "group": "",
            "card_number": "DY-0007"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400 and 'id="id_card_number_error"' in response.content.decode()
    data["card_number"] = "DY-0008"
    assert client.post(url, data).status_code == 302
    register.li.refresh_from_db()
    assert (register.li.category, register.li.card_number) == ("retired", "DY-0008")
    client.force_login(cast.community_worker)
    assert client.get(url).status_code == 403


def test_transfers_register_filters_by_direction_and_dates_and_exports(client, cast, register):
    member_transfer_out(member=register.li, to_org_name="外区甲", letter_number="OUT-1",
                        issued_on=dt.date(2026, 2, 1))  # fmt: skip
    member_transfer_out(member=register.wang, to_org_name="外区乙", letter_number="OUT-2",
                        issued_on=dt.date(2026, 6, 1))  # fmt: skip
    member_transfer_out(member=register.west, to_org_name="外区丙", letter_number="OUT-3",
                        issued_on=dt.date(2026, 6, 1))  # fmt: skip
    client.force_login(cast.community_secretary)
    url = reverse("party:transfer_list")
    body = client.get(url, {"direction": "out", "start": "2026-03-01"}).content.decode()
    assert "OUT-2" in body and "OUT-1" not in body and "OUT-3" not in body
    assert "OUT-1" not in client.get(url, {"direction": "in"}).content.decode()
    response = client.get(reverse("party:transfer_export"), {"end": "2026-12-31"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True))[1:]  # fmt: skip
    assert [row[3] for row in rows] == ["OUT-2", "OUT-1"]  # newest first, west not his
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).row_count == 2


def test_transfers_register_query_count_is_bounded(client, cast, party, register):
    client.force_login(cast.community_secretary)
    url = reverse("party:transfer_list")
    client.get(url)
    before = _count_queries(client, url)
    for n in range(6):
        gone = party.member("C1G1", party.b1, f"走{n}")
        member_transfer_out(member=gone, to_org_name="外区", letter_number=f"L{n}",
                            issued_on=dt.date(2026, 1, 1 + n))  # fmt: skip
    assert _count_queries(client, url) == before


# ------------------------------------------------------------------------ my party page


@pytest.fixture
def section():
    """A section registered as another area would, removed after the test."""
    added = []

    def add(fn):
        mine_selectors.register_my_section(fn)
        added.append(fn)
        return fn

    yield add
    for fn in added:
        mine_selectors.MY_SECTIONS.remove(fn)


def test_a_member_sees_his_own_record_and_registered_tasks(client, party, register, section):
    def meetings(user, member):
        return {"title": "待参加的会议", "template": "party/members/section_text.html",
                "context": {"text": f"支部党员大会 · {member.person.name}"}}  # fmt: skip

    def nothing(user, member):
        return None

    section(meetings)
    section(nothing)
    user = make_user("zhanghong")
    user.person = register.zhang.person
    user.save()
    client.force_login(user)
    response = client.get(reverse("party:mine"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "第一网格党支部" in body and "DY-0007" in body
    assert "待参加的会议" in body and "支部党员大会 · 张红" in body
    assert body.count("my-section") == 1  # the empty section is not shown
    assert "李明" not in body


def test_a_failing_section_does_not_hide_the_record(client, register, section):
    def broken(user, member):
        raise RuntimeError("defect in another area")

    section(broken)
    user = make_user("zhanghong")
    user.person = register.zhang.person
    user.save()
    client.force_login(user)
    response = client.get(reverse("party:mine"))
    assert response.status_code == 200
    assert 'id="my-record"' in response.content.decode()


def test_a_user_who_is_not_a_member_is_told_so(client, cast, register):
    client.force_login(cast.community_secretary)
    response = client.get(reverse("party:mine"))
    assert response.status_code == 200
    assert 'id="not-a-member"' in response.content.decode()
    member_transfer_out(member=register.zhang, to_org_name="外区", letter_number="1",
                        issued_on=dt.date(2026, 1, 1))  # fmt: skip
    user = make_user("zhanghong")
    user.person = register.zhang.person
    user.save()
    client.force_login(user)
    assert 'id="not-a-member"' in client.get(reverse("party:mine")).content.decode()
    # his own record, even transferred out, stays readable to him; another's is not
    own = client.get(reverse("party:member_detail", args=[register.zhang.pk]))
    assert own.status_code == 200
    assert client.get(reverse("party:member_detail", args=[register.li.pk])).status_code == 404
    assert client.get(reverse("party:member_list")).status_code == 403


def test_registering_a_member_belonging_elsewhere_points_to_the_transfer_in(client, cast, register):
    client.force_login(cast.community_secretary)
    token = quote(person_pick_token(register.zhao.person))
    body = client.get(reverse("party:member_register") + f"?person={token}").content.decode()
    assert reverse("party:member_transfer_in") + "?person=" in body
