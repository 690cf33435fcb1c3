"""Pages and API of the organisation tree and the structural report (R-ORG-2, R-ORG-3,
R-ORG-6): the tree with sizes and findings, search, export, detail with seats, the forms that
set up an organisation, seat and unseat members and renew the term, and the report."""

import datetime as dt
import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from shequ.party.choices import OrgKind, SeatPost, SeatSource
from shequ.party.models import CommitteeSeat, PartyOrg
from shequ.party.services.orgs import org_create, seat_assign

from .test_structure import add_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(party, territory):
    """b2 has 2 full members (too few for a branch); c1's secretary is 赵书记."""
    add_members(party.b2, territory.flats["C1G2"][0], 2)
    add_members(party.b1, territory.flats["C1G1"][0], 4, full=3)
    seat_assign(
        org=party.c1, post=SeatPost.SECRETARY, name="赵书记", started_on=dt.date(2024, 6, 1)
    )
    return party


def _row(content: bytes, code: str) -> str:
    text = content.decode()
    start = text.index(f'data-org="{code}"')
    return text[start : text.index("</tr>", start)]


def test_tree_lists_sizes_secretary_and_findings(client, cast, tree):
    client.force_login(cast.community_secretary)
    response = client.get(reverse("party:org_list"))
    assert response.status_code == 200
    content = response.content
    assert b'data-org="P-S1"' not in content  # the working committee lies above his community
    c1 = _row(content, "P-C1")
    assert "赵书记" in c1 and ">6 <" in c1  # 6 members in its branches (4 + 2)
    assert 'data-rule="form_too_large"' in c1
    assert 'data-rule="branch_too_few_full"' in _row(content, "P-C1G2")
    assert 'data-rule="branch_too_few_full"' not in _row(content, "P-C1G1")


def test_tree_is_searchable_by_name_code_and_form(client, cast, tree):
    client.force_login(cast.subdistrict_admin)
    url = reverse("party:org_list")
    by_name = client.get(url, {"q": "第二网格"}).content
    assert b'data-org="P-C1G2"' in by_name and b'data-org="P-C1G1"' not in by_name
    by_code = client.get(url, {"q": "p-c2"}).content
    assert b'data-org="P-C2"' in by_code and b'data-org="P-C1"' not in by_code
    groups = client.get(url, {"kind": OrgKind.GROUP}).content
    assert b'data-org="P-C1G1B1"' in groups and b'data-org="P-C1G1"' not in groups


def test_tree_page_takes_a_bounded_number_of_queries(client, cast, tree, territory,
                                                     django_assert_max_num_queries):  # fmt: skip
    for i in range(15):
        branch = org_create(parent=tree.c1, kind=OrgKind.BRANCH, name=f"支部{i}", code=f"V{i}",
                            node=territory.grids["C1G2"])  # fmt: skip
        add_members(branch, territory.flats["C1G2"][1], 3, prefix=f"v{i}")
        seat_assign(org=branch, post=SeatPost.SECRETARY, name=f"书记{i}",
                    started_on=dt.date(2024, 6, 1))  # fmt: skip
    client.force_login(cast.subdistrict_admin)
    client.get(reverse("party:org_list"))  # session and caches warmed
    with django_assert_max_num_queries(16):
        response = client.get(reverse("party:org_list"))
    assert response.content.count(b"data-org=") == 8 + 15 - 2  # sub1's: not wc2, not c3


def test_tree_exports_to_xlsx(client, cast, tree):
    client.force_login(cast.community_secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("party:org_export"))
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True))  # fmt: skip
    assert rows[0][:3] == ("Code", "Name", "Form")
    by_code = {row[0]: row for row in rows[1:]}
    assert set(by_code) == {"P-C1", "P-C1G1", "P-C1G1B1", "P-C1G2"}
    assert by_code["P-C1"][7:11] == (6, 5, 1, "赵书记")
    assert "Too few full members" in by_code["P-C1G2"][13]


def test_detail_shows_seats_members_children_and_findings(client, cast, tree):
    seat_assign(org=tree.c1, post=SeatPost.MEMBER, name="钱委员", source=SeatSource.HIGHER_CADRE,
                unit="区委组织部", started_on=dt.date(2024, 6, 1))  # fmt: skip
    client.force_login(cast.community_secretary)
    response = client.get(reverse("party:org_detail", args=[tree.c1.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "钱委员" in text and "区委组织部" in text
    assert "第一网格党支部" in text and "第二网格党支部" in text
    assert response.context["facts"].members == 6
    assert {f.code for f in response.context["report"].findings} >= {
        "form_too_large", "committee_size", "branch_too_few_full"
    }  # fmt: skip
    assert response.context["parent"] is None  # the working committee is not his to see
    assert client.get(reverse("party:org_detail", args=[tree.c3.pk])).status_code == 404


def test_create_an_organisation_and_refuse_a_wrong_form(client, cast, tree, territory):
    client.force_login(cast.community_secretary)
    url = reverse("party:org_create")
    assert client.get(url, {"parent": tree.c1.pk}).status_code == 200
    data = {"parent": tree.c1.pk, "kind": OrgKind.BRANCH, "name": "新建党支部", "code": "P-NEW",
            "node": territory.grids["C1G2"].pk, "term_started_on": "2025-03-01"}  # fmt: skip
    response = client.post(url, data)
    org = PartyOrg.objects.get(code="P-NEW")
    assert response.status_code == 302 and response["Location"].endswith(f"/orgs/{org.pk}/")
    assert org.term_ends_on == dt.date(2028, 3, 1)
    assert PartyOrg.objects.get_parent(org) == tree.c1
    response = client.post(url, {**data, "code": "P-NEW2", "parent": tree.g1.pk})
    assert response.status_code == 400  # a group is not offered as a parent
    assert "parent" in response.context["form"].errors
    response = client.post(url, {**data, "code": "P-NEW2", "kind": OrgKind.WORKING_COMMITTEE})
    assert response.status_code == 400 and "kind" in response.context["form"].errors
    client.force_login(cast.grid_worker)
    assert client.get(url).status_code == 403


def test_seat_assign_end_and_renew_term(client, cast, tree):
    client.force_login(cast.community_secretary)
    url = reverse("party:seat_assign", args=[tree.c1.pk])
    response = client.post(url, {"post": SeatPost.MEMBER, "source": SeatSource.UNIT_LEADER,
                                 "name": "孙经理", "started_on": "2025-01-01"})  # fmt: skip
    assert response.status_code == 400 and "unit" in response.context["seat_form"].errors
    data = {"post": SeatPost.MEMBER, "source": SeatSource.UNIT_LEADER, "name": "孙经理",
            "unit": "物业公司", "started_on": "2025-01-01"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    seat = CommitteeSeat.objects.get(name="孙经理")
    response = client.post(reverse("party:seat_end", args=[seat.pk]), {"ended_on": "2024-12-31"})
    assert response.status_code == 400 and "ended_on" in response.context["end_form"].errors
    response = client.post(reverse("party:seat_end", args=[seat.pk]), {"ended_on": "2025-06-30"})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.ended_on == dt.date(2025, 6, 30)
    response = client.post(reverse("party:org_renew_term", args=[tree.c1.pk]),
                           {"term_started_on": "2027-05-20"})  # fmt: skip
    assert response.status_code == 302
    tree.c1.refresh_from_db()
    assert (tree.c1.term_started_on, tree.c1.term_ends_on) == (dt.date(2027, 5, 20),
                                                               dt.date(2030, 5, 20))  # fmt: skip
    response = client.post(reverse("party:org_renew_term", args=[tree.g1.pk]),
                           {"term_started_on": "2027-05-20"})  # fmt: skip
    assert response.status_code == 400 and "term_started_on" in response.context["term_form"].errors
    # the grid worker sees the branch but may not manage it
    client.force_login(cast.grid_worker)
    data = {"post": SeatPost.MEMBER, "name": "x", "started_on": "2025-01-01"}
    response = client.post(reverse("party:seat_assign", args=[tree.b1.pk]), data)
    assert response.status_code == 403


def test_report_page_for_a_subtree_and_its_export(client, cast, tree):
    client.force_login(cast.subdistrict_admin)
    response = client.get(reverse("party:structure_report"), {"org": tree.b2.pk})
    assert response.status_code == 200
    codes = [(f.code, f.subject_name) for f in response.context["report"].findings]
    assert ("branch_too_few_full", "第二网格党支部") in codes
    assert all(name != "东一社区党委" for _code, name in codes)  # only b2's subtree
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("party:structure_report_export"), {"org": tree.b2.pk})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True))  # fmt: skip
    assert rows[0][:3] == ("Rule", "Rule code", "Organisation or place")
    row = next(r for r in rows[1:] if r[1] == "branch_too_few_full")
    assert row[2] == "第二网格党支部" and row[4] == "full=2, threshold=3"


def test_api_lists_orgs_with_detail_and_findings(client, cast, tree):
    client.force_login(cast.community_secretary)
    response = client.get("/api/v1/party/orgs/")
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()["results"]}
    assert list(rows) == ["P-C1", "P-C1G1", "P-C1G1B1", "P-C1G2"]
    assert rows["P-C1"]["parent"] is None and rows["P-C1G2"]["parent"] == tree.c1.pk
    assert [r["code"] for r in client.get("/api/v1/party/orgs/?q=第二").json()["results"]] == [
        "P-C1G2"
    ]
    detail = client.get(f"/api/v1/party/orgs/{tree.c1.pk}/").json()
    assert (detail["members"], detail["full_members"]) == (6, 5)
    assert [s["name"] for s in detail["seats"]] == ["赵书记"]
    findings = client.get(f"/api/v1/party/orgs/{tree.b2.pk}/findings/").json()
    finding = next(f for f in findings if f["rule"] == "branch_too_few_full")
    assert finding["numbers"] == {"full": 2, "threshold": 3} and finding["org"] == tree.b2.pk
    assert client.get(f"/api/v1/party/orgs/{tree.c3.pk}/").status_code == 404
