"""API of the member register (R-PM-1, R-PM-7): lists with the page's filters, no ID numbers or
phones, registering, transferring out, the transfers register and the member's own record."""

import datetime as dt
import json

import pytest
from rest_framework.test import APIClient

from shequ.conftest import add_person, make_user
from shequ.core import crypto
from shequ.party.choices import MemberCategory, MembershipStage
from shequ.party.models import PartyMember
from shequ.party.services.members import member_register, member_transfer_out

pytestmark = pytest.mark.django_db

BASE = "/api/v1/party"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def register(party, territory):
    r = type("R", (), {})()
    r.zhang = party.member("C1G1", party.b1, "张红", card_number="DY-0007")
    r.wang = party.member("C1G2", party.b2, "王芳", category=MemberCategory.RETIRED)
    r.zhao = member_register(
        person=add_person(territory.flats["C1G2"][1], "赵刚"), external_org="某大学机关党委",
        category=MemberCategory.IN_SERVICE, employer="某大学", stage=MembershipStage.FULL,
        joined_on=dt.date(2005, 1, 1), full_on=dt.date(2006, 1, 1),
    )  # fmt: skip
    r.west = party.member("C3G1", party.c3, "钱西")
    return r


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


def test_list_filters_like_the_page_and_never_carries_id_numbers_or_phones(
    api, cast, party, register
):
    api.force_authenticate(cast.community_secretary)
    response = api.get(f"{BASE}/members/")
    assert _names(response) == sorted(["张红", "王芳", "赵刚"])
    text = response.content.decode()
    for member in (register.zhang, register.wang, register.zhao):
        person = member.person
        assert crypto.decrypt(person.id_number_enc) not in text
        assert person.id_number_masked not in text
        assert person.phone_masked not in text
    assert not {"id_number", "phone", "id_number_masked", "phone_masked"} & set(
        response.json()["results"][0]
    )
    assert _names(api.get(f"{BASE}/members/", {"held": "elsewhere"})) == ["赵刚"]
    assert _names(api.get(f"{BASE}/members/", {"org": party.b1.pk})) == ["张红"]
    assert _names(api.get(f"{BASE}/members/", {"q": "DY-0007"})) == ["张红"]
    row = api.get(f"{BASE}/members/", {"category": "in_service"}).json()["results"][0]
    assert (row["management_mode"], row["org"], row["external_org"]) == (
        "dual", None, "某大学机关党委"
    )  # fmt: skip
    bad = api.get(f"{BASE}/members/", {"category": "nonsense"})
    assert bad.status_code == 400 and "category" in bad.json()["error"]["fields"]


def test_person_id_only_for_registry_readers(api, cast, register):
    url = f"{BASE}/members/{register.zhang.pk}/"
    api.force_authenticate(cast.community_secretary)
    assert api.get(url).json()["person"] == register.zhang.person_id
    api.force_authenticate(cast.branch_secretary)
    data = api.get(url).json()
    assert data["person"] is None and data["name"] == "张红"
    assert api.get(f"{BASE}/members/{register.west.pk}/").status_code == 404


def test_register_through_the_api_inside_the_scope_only(api, cast, party, territory):
    inside = add_person(territory.flats["C1G1"][1], "孔新")
    outside = add_person(territory.flats["C3G1"][1], "冯西")
    body = {"org": party.b1.pk, "category": "direct", "stage": "probationary",
            "joined_on": "2025-07-01"}  # fmt: skip
    api.force_authenticate(cast.community_secretary)
    response = api.post(f"{BASE}/members/", {**body, "person": outside.pk}, format="json")
    assert response.status_code == 400 and "person" in response.json()["error"]["fields"]
    response = api.post(f"{BASE}/members/", {**body, "person": inside.pk, "org": party.c3.pk},
                        format="json")  # fmt: skip
    assert response.status_code == 400 and "org" in response.json()["error"]["fields"]
    response = api.post(f"{BASE}/members/", {**body, "person": inside.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["stage"] == "probationary"
    assert PartyMember.objects.get(person=inside).org == party.b1
    again = api.post(f"{BASE}/members/", {**body, "person": inside.pk}, format="json")
    assert again.status_code == 400 and "person" in again.json()["error"]["fields"]
    api.force_authenticate(cast.community_worker)
    other = add_person(territory.flats["C1G1"][1], "孔二")
    assert api.post(f"{BASE}/members/", {**body, "person": other.pk},
                    format="json").status_code == 403  # fmt: skip


def test_transfer_out_and_the_transfers_register(api, cast, register):
    api.force_authenticate(cast.community_secretary)
    url = f"{BASE}/members/{register.wang.pk}/transfer-out/"
    response = api.post(url, {"to_org_name": "外区某社区党委", "letter_number": "",
                              "issued_on": "2026-09-01"}, format="json")  # fmt: skip
    assert response.status_code == 400
    assert "letter_number" in response.json()["error"]["fields"]
    response = api.post(url, {"to_org_name": "外区某社区党委", "letter_number": "组转字2026-30",
                              "issued_on": "2026-09-01"}, format="json")  # fmt: skip
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["left_on"]) == ("transferred_out",
                                                                       "2026-09-01")  # fmt: skip
    member_transfer_out(member=register.west, to_org_name="外区", letter_number="W-1",
                        issued_on=dt.date(2026, 9, 1))  # fmt: skip
    rows = api.get(f"{BASE}/transfers/", {"direction": "out"}).json()["results"]
    assert [(r["name"], r["letter_number"], r["from_name"], r["to_name"]) for r in rows] == [
        ("王芳", "组转字2026-30", "第二网格党支部", "外区某社区党委")
    ]
    assert api.get(f"{BASE}/transfers/", {"direction": "in"}).json()["results"] == []
    api.force_authenticate(cast.branch_secretary)  # not his branch
    url = f"{BASE}/members/{register.zhao.pk}/transfer-out/"
    response = api.post(url, {"to_org_name": "x", "letter_number": "1",
                              "issued_on": "2026-09-01"}, format="json")  # fmt: skip
    assert response.status_code == 404


def test_me_is_the_own_record_or_404(api, cast, register):
    user = make_user("zhanghong")
    user.person = register.zhang.person
    user.save()
    api.force_authenticate(user)
    response = api.get(f"{BASE}/me/")
    assert response.status_code == 200
    data = response.json()
    assert (data["name"], data["org_name"], data["card_number"]) == ("张红", "第一网格党支部",
                                                                     "DY-0007")  # fmt: skip
    assert "id_number" not in json.dumps(data)
    assert api.get(f"{BASE}/members/").status_code == 403  # the register is not his
    api.force_authenticate(cast.community_secretary)
    assert api.get(f"{BASE}/me/").status_code == 404


def test_schema_documents_the_member_routes(api, cast):
    api.force_authenticate(cast.district_admin)
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert "/api/v1/party/members/{id}/transfer-out/" in paths
    assert "/api/v1/party/me/" in paths
    assert "post" in paths["/api/v1/party/members/"]
