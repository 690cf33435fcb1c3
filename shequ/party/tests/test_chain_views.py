"""Pages and API of the 四联四包 chain (R-ORG-5)."""

import datetime as dt
import io

import openpyxl
from django.urls import reverse
from rest_framework.authtoken.models import Token

from shequ.party.models import ChainKind, ChainLink
from shequ.party.services.chain import chain_link_assign

from . import fixtures_chaincare

cc = fixtures_chaincare.cc
ON = dt.date(2025, 3, 1)


def test_household_chain_page_and_search_by_number(cc, cast, client):
    chain_link_assign(kind=ChainKind.MEMBER_HOUSEHOLD, who=cc.m1, what=cc.household, started_on=ON)
    client.force_login(cast.community_secretary)
    page = client.get(reverse("party:household_chain", args=[cc.household.pk])).content.decode()
    assert "吴党员" in page and "第一网格党支部" in page and page.count("table-warning") == 5
    found = client.get(reverse("party:household_chain_find"), {"number": "HC1G1"})
    assert found.status_code == 302 and found.url.endswith(f"/{cc.household.pk}/")
    missing = client.get(reverse("party:household_chain_find"), {"number": "HC3G1"})  # elsewhere
    assert missing.status_code == 200 and missing.context["form"].errors["number"]


def test_assign_page_reads_the_fields_of_the_kind_and_names_errors(cc, cast, client):
    client.force_login(cast.community_secretary)
    url = reverse("party:chain_link_assign")
    form = {
        "kind": ChainKind.MEMBER_HOUSEHOLD,
        "who_member": str(cc.m3.pk),
        "what_household": "HC1G1",
        "started_on": "2025-03-01",
    }
    response = client.post(url, form)  # m3 belongs to the second grid's branch
    assert response.status_code == 200 and "what_household" in response.context["form"].errors
    response = client.post(url, {**form, "who_member": str(cc.m1.pk)})
    assert response.status_code == 302
    link = ChainLink.objects.get()
    assert (link.who_member, link.what_household) == (cc.m1, cc.household)
    response = client.post(
        url, {"kind": ChainKind.COMMITTEE_MEMBER_BUILDING, "started_on": "2025-03-01"}
    )
    assert {"who_seat", "what_node"} <= set(response.context["form"].errors)
    end = client.post(reverse("party:chain_link_end", args=[link.pk]), {"ended_on": "2025-04-01"})
    assert end.status_code == 302
    link.refresh_from_db()
    assert link.ended_on == dt.date(2025, 4, 1)


def test_report_page_export_and_api(cc, cast, client, django_assert_max_num_queries):
    for n in range(3):
        chain_link_assign(
            kind=ChainKind.MEMBER_HOUSEHOLD,
            who=cc.m1,
            what=cc.new_household("C1G1", f"Z{n}"),
            started_on=ON,
        )
    user = cast.community_secretary
    client.force_login(user)
    client.get(reverse("party:chain_report"))  # warm the session and caches
    with django_assert_max_num_queries(14):
        response = client.get(reverse("party:chain_report"))
    rows = {r["grid"].code: r for r in response.context["rows"]}
    assert (rows["C1G1"]["assigned"], rows["C1G1"]["unassigned"]) == (3, 1)
    grid = cc.t.grids["C1G1"]
    page = client.get(reverse("party:chain_report"), {"grid": grid.pk})
    assert [h.number for h in page.context["page"]] == ["HC1G1"]
    export = client.get(reverse("party:chain_export"))
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    assert len(book.worksheets) == 3
    assert book.worksheets[1].max_row == 4  # heading + three links
    token = Token.objects.create(user=user).key
    api = client.get(
        f"/api/v1/party/chain/households/{cc.household.pk}/", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert api.status_code == 200 and len(api.json()["steps"]) == 7
    assert api.json()["steps"][0]["gap"] is True
    report = client.get("/api/v1/party/chain/report/", HTTP_AUTHORIZATION=f"Token {token}")
    assert {r["grid_name"]: r["unassigned"] for r in report.json()}[grid.name] == 1


def test_link_list_queries_do_not_grow_with_links(cc, cast, client, django_assert_max_num_queries):
    def page():
        return client.get(reverse("party:chain_link_list"))

    client.force_login(cast.community_secretary)
    chain_link_assign(
        kind=ChainKind.BRANCH_SECRETARY_AREA,
        who=cc.b1_secretary,
        what=cc.t.grids["C1G1"],
        started_on=ON,
    )
    page()
    with django_assert_max_num_queries(10) as few:
        page()
    chain_link_assign(
        kind=ChainKind.COMMITTEE_MEMBER_BUILDING, who=cc.b1_member, what=cc.building, started_on=ON
    )
    chain_link_assign(
        kind=ChainKind.MEMBER_SECRETARY, who=cc.c1_member, what=cc.p.b1, started_on=ON
    )
    for n in range(3):
        chain_link_assign(
            kind=ChainKind.MEMBER_HOUSEHOLD,
            who=cc.m1,
            what=cc.new_household("C1G1", f"L{n}"),
            started_on=ON,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = page()
    assert len(response.context["page"]) == 6
