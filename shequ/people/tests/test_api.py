"""The registry API: scoping, masking, permission-checked writes, field-named errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from stdnum.cn import ric

from shequ.conftest import add_person
from shequ.core import crypto, pii
from shequ.core.api.testing import api_client, assert_error
from shequ.core.models import AuditAction, AuditEvent
from shequ.core.testing import make_id_number
from shequ.people import services
from shequ.people.models import Household, HouseholdMember, Person, PersonTag, TagType

PERSONS = "/api/v1/persons/"
HOUSEHOLDS = "/api/v1/households/"


def full_id(person) -> str:
    return crypto.decrypt(person.id_number_enc)


def full_phone(person) -> str:
    return crypto.decrypt(person.phone_enc)[-11:]  # +86 1xxxxxxxxxx → national mobile


def assert_no_full_personal_data(response, persons) -> None:
    text = response.content.decode()
    for person in persons:
        assert full_id(person) not in text
        assert full_phone(person) not in text
    for secret in ("_enc", "_bidx"):
        assert secret not in text


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["results"]}


def new_person_body(flat, seq=700, **extra):
    return {
        "name": "赵六",
        "id_number": make_id_number(dt.date(1975, 6, 1), seq),
        "phone": "13800138000",
        "node": flat.pk,
        **extra,
    }


# Reading -------------------------------------------------------------------------------


def test_grid_worker_lists_only_persons_of_his_grid(cast, residents):
    assert names(api_client(cast.grid_worker).get(PERSONS)) == {"王C1G1", "李C1G1"}


def test_community_worker_lists_his_community(cast, residents):
    assert names(api_client(cast.community_worker).get(PERSONS)) == {
        "王C1G1",
        "李C1G1",
        "王C1G2",
        "李C1G2",
    }


def test_party_member_sees_no_persons(cast, residents):
    client = api_client(cast.party_member)
    assert names(client.get(PERSONS)) == set()
    assert_error(client.get(f"{PERSONS}{residents['C1G1'].head.pk}/"), 404)


def test_person_outside_scope_is_not_found(cast, residents):
    client = api_client(cast.grid_worker)
    assert client.get(f"{PERSONS}{residents['C1G1'].head.pk}/").status_code == 200
    assert_error(client.get(f"{PERSONS}{residents['C1G2'].head.pk}/"), 404)


def test_person_list_filters(cast, territory, residents):
    client = api_client(cast.subdistrict_admin)
    head = residents["C1G1"].head
    assert names(client.get(PERSONS, {"q": "王C1"})) == {"王C1G1", "王C1G2"}
    assert names(client.get(PERSONS, {"q": full_id(head)})) == {"王C1G1"}
    assert names(client.get(PERSONS, {"q": full_phone(head)})) == {"王C1G1"}
    assert names(client.get(PERSONS, {"node": territory.grids["C2G1"].pk})) == {
        "王C2G1",
        "李C2G1",
    }
    assert names(client.get(PERSONS, {"residence_kind": "floating"})) == set()
    services.person_tag_add(
        person=head, tag=TagType.objects.get(code="disabled"), valid_from=dt.date(2020, 1, 1)
    )
    assert names(client.get(PERSONS, {"tag": "disabled"})) == {"王C1G1"}
    services.person_end_residence(person=head, reason="moved_out", on=dt.date(2024, 1, 1))
    assert names(client.get(PERSONS, {"status": "moved_out"})) == {"王C1G1"}
    assert "王C1G1" not in names(client.get(PERSONS, {"status": "resident"}))


def test_bad_filter_values_are_field_errors(cast, territory):
    client = api_client(cast.grid_worker)
    assert_error(client.get(PERSONS, {"status": "flying"}), 400, "status")
    assert_error(client.get(PERSONS, {"node": "c3"}), 400, "node")
    assert_error(client.get(PERSONS, {"node": "1.5"}), 400, "node")


def test_node_filter_outside_scope_matches_nothing(cast, territory, residents):
    client = api_client(cast.grid_worker)
    assert names(client.get(PERSONS, {"node": territory.c3.pk})) == set()
    assert client.get(HOUSEHOLDS, {"node": territory.c3.pk}).json()["results"] == []
    assert names(client.get(PERSONS, {"node": territory.grids["C1G1"].pk})) == {
        "王C1G1",
        "李C1G1",
    }


def test_person_list_query_count_does_not_grow_with_rows(
    cast, residents, django_assert_num_queries
):
    client = api_client(cast.district_admin)
    # token + user, role scope, one page with its flats joined
    with django_assert_num_queries(3):
        assert len(client.get(PERSONS).json()["results"]) == 12


def test_list_and_detail_show_personal_data_masked_only(cast, residents):
    client = api_client(cast.community_worker)
    everyone = Person.objects.all()
    listed = client.get(PERSONS)
    assert_no_full_personal_data(listed, everyone)
    row = listed.json()["results"][0]
    person = Person.objects.get(pk=row["id"])
    assert row["id_number_masked"] == person.id_number_masked
    assert row["phone_masked"] == person.phone_masked
    assert "birth_date" not in row and "id_number" not in row and "phone" not in row
    detail = client.get(f"{PERSONS}{residents['C1G1'].head.pk}/")
    assert_no_full_personal_data(detail, everyone)
    body = detail.json()
    assert body["registered_address_masked"] == "北京********"
    assert body["household"]["relation"] == "head"
    assert body["residences"][0]["ended_on"] is None


def test_detail_hides_tags_the_role_may_not_see(cast, residents):
    head = residents["C1G1"].head
    services.person_tag_add(
        person=head, tag=TagType.objects.get(code="veteran"), valid_from=dt.date(2020, 1, 1)
    )
    services.person_tag_add(
        person=head, tag=TagType.objects.get(code="low_income"), valid_from=dt.date(2020, 1, 1)
    )
    tags = api_client(cast.grid_worker).get(f"{PERSONS}{head.pk}/").json()["tags"]
    assert {t["code"] for t in tags} == {"veteran", "low_income"}


# Creating and changing -----------------------------------------------------------------


def test_worker_creates_a_person_and_the_audit_names_him(cast, territory):
    flat = territory.flats["C1G1"][1]
    body = new_person_body(flat, registered_address="上海市浦东新区世纪大道100号")
    response = api_client(cast.community_worker).post(PERSONS, body, format="json")
    assert response.status_code == 201, response.content
    person = Person.objects.get(name="赵六")
    assert full_id(person) == body["id_number"]
    assert body["id_number"] not in response.content.decode()
    assert "13800138000" not in response.content.decode()
    assert response.json()["phone_masked"] == "138****8000"
    assert response.json()["sex"] == "M" and response.json()["age"] is not None
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE, object_type="people.person", object_id=str(person.pk)
    )
    assert event.actor_name == "community_worker"
    assert body["id_number"] not in json.dumps(event.changes, ensure_ascii=False)


def test_party_member_cannot_create_a_person(cast, territory):
    response = api_client(cast.party_member).post(
        PERSONS, new_person_body(territory.flats["C1G1"][1]), format="json"
    )
    assert_error(response, 403)
    assert not Person.objects.exists()


def test_auditor_cannot_create_a_person_even_inside_his_scope(cast, territory):
    response = api_client(cast.auditor).post(
        PERSONS, new_person_body(territory.flats["C1G1"][1]), format="json"
    )
    assert_error(response, 403)
    assert not Person.objects.exists()


def _invalid_id(code: str, number: str) -> str:
    """``number``, after making sure the registry refuses it for the reason named."""
    with pytest.raises(DjangoValidationError) as exc:
        pii.validate_id_number(number)
    assert exc.value.code == code
    return number


def _wrong_check_digit() -> str:
    number = make_id_number(dt.date(1975, 6, 1), 701)
    return _invalid_id("id_checksum", number[:17] + ("0" if number[17] != "0" else "1"))


def _impossible_birth_date() -> str:
    first17 = "11010119750230" + "013"  # 30 February, with a correct check digit
    return _invalid_id("id_birth_date", first17 + ric.calc_check_digit(first17 + "0"))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id_number": _wrong_check_digit()}, "id_number"),
        ({"id_number": _impossible_birth_date()}, "id_number"),
        ({"id_number": "12345"}, "id_number"),
        ({"phone": "1380013"}, "phone"),
        ({"phone": "not a phone"}, "phone"),
        ({"sex": "F"}, "sex"),  # the ID number says male
        ({"name": ""}, "name"),
        ({"node": 999_999}, "node"),  # no such node
        ({"node": "abc"}, "node"),
        ({"residence_kind": "nomad"}, "residence_kind"),
    ],
)
def test_bad_person_is_refused_on_the_field_and_not_saved(cast, territory, change, field):
    body = {**new_person_body(territory.flats["C1G1"][1]), **change}
    response = api_client(cast.community_worker).post(PERSONS, body, format="json")
    error = assert_error(response, 400, field)
    assert error["code"] == "invalid"
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(object_type="people.person").exists()


def test_address_must_be_a_flat_not_a_grid_or_a_flat_out_of_reach(cast, territory):
    client = api_client(cast.community_worker)
    for node in (territory.grids["C1G1"], territory.flats["C3G1"][0]):
        body = new_person_body(territory.flats["C1G1"][1], node=node.pk)
        assert_error(client.post(PERSONS, body, format="json"), 400, "node")
    assert not Person.objects.exists()


def test_duplicate_id_number_is_refused_on_the_field(cast, territory, residents):
    existing = residents["C3G1"].head  # in another subdistrict: still one person, one ID
    body = new_person_body(territory.flats["C1G1"][1], id_number=full_id(existing))
    count = Person.objects.count()
    response = api_client(cast.community_worker).post(PERSONS, body, format="json")
    error = assert_error(response, 400, "id_number")
    assert full_id(existing) not in json.dumps(error, ensure_ascii=False)
    assert Person.objects.count() == count


def test_partial_update_changes_phone_and_keeps_it_masked(cast, residents):
    person = residents["C1G1"].spouse
    client = api_client(cast.grid_worker)
    response = client.patch(f"{PERSONS}{person.pk}/", {"phone": "13700137000"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["phone_masked"] == "137****7000"
    assert "13700137000" not in response.content.decode()
    assert full_phone(Person.objects.get(pk=person.pk)) == "13700137000"


def test_bad_update_is_refused_on_the_field_and_not_saved(cast, residents):
    person = residents["C1G1"].spouse
    client = api_client(cast.grid_worker)
    before = Person.objects.values().get(pk=person.pk)
    assert_error(
        client.patch(f"{PERSONS}{person.pk}/", {"phone": "123"}, format="json"), 400, "phone"
    )
    assert_error(
        client.patch(
            f"{PERSONS}{person.pk}/", {"id_number": full_id(residents["C1G1"].head)}, format="json"
        ),
        400,
        "id_number",
    )
    assert Person.objects.values().get(pk=person.pk) == before


def test_update_needs_the_right_and_the_scope(cast, residents):
    person = residents["C1G1"].spouse
    assert_error(
        api_client(cast.auditor).patch(f"{PERSONS}{person.pk}/", {"name": "x"}, format="json"),
        403,
    )
    other = residents["C1G2"].spouse
    assert_error(
        api_client(cast.grid_worker).patch(f"{PERSONS}{other.pk}/", {"name": "x"}, format="json"),
        404,
    )
    assert Person.objects.get(pk=person.pk).name == person.name


def test_put_is_not_offered(cast, residents):
    response = api_client(cast.grid_worker).put(
        f"{PERSONS}{residents['C1G1'].spouse.pk}/", {"name": "x"}, format="json"
    )
    assert_error(response, 405)


# Unmasking -----------------------------------------------------------------------------


def test_unmask_returns_the_full_value_and_logs_who_and_why(cast, residents):
    person = residents["C1G1"].head
    response = api_client(cast.grid_worker).post(
        f"{PERSONS}{person.pk}/unmask/",
        {"field": "id_number", "reason": "低保复核"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"field": "id_number", "value": full_id(person)}
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditAction.UNMASK)
    assert (event.actor_name, event.person_id, event.field, event.reason) == (
        "grid_worker",
        person.pk,
        "id_number",
        "低保复核",
    )


def test_unmask_phone_and_address(cast, residents):
    person = residents["C1G1"].head
    client = api_client(cast.grid_worker)
    url = f"{PERSONS}{person.pk}/unmask/"
    phone = client.post(url, {"field": "phone", "reason": "联系"}, format="json").json()
    assert phone["value"] == full_phone(person)
    address = client.post(
        url, {"field": "registered_address", "reason": "核实"}, format="json"
    ).json()
    assert address["value"] == "北京市东城区示范路1号"


def test_unmask_needs_a_reason_and_a_known_field(cast, residents):
    url = f"{PERSONS}{residents['C1G1'].head.pk}/unmask/"
    client = api_client(cast.grid_worker)
    assert_error(client.post(url, {"field": "id_number"}, format="json"), 400, "reason")
    assert_error(
        client.post(url, {"field": "id_number", "reason": " "}, format="json"), 400, "reason"
    )
    assert_error(client.post(url, {"field": "name", "reason": "看看"}, format="json"), 400, "field")
    assert not AuditEvent.objects.filter(action=AuditAction.UNMASK).exists()


def test_auditor_reads_but_never_unmasks(cast, residents):
    url = f"{PERSONS}{residents['C1G1'].head.pk}/unmask/"
    response = api_client(cast.auditor).post(
        url, {"field": "id_number", "reason": "检查"}, format="json"
    )
    assert_error(response, 403)
    assert full_id(residents["C1G1"].head) not in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.UNMASK).exists()


def test_unmask_outside_scope_is_not_found(cast, residents):
    url = f"{PERSONS}{residents['C1G2'].head.pk}/unmask/"
    response = api_client(cast.grid_worker).post(
        url, {"field": "id_number", "reason": "检查"}, format="json"
    )
    assert_error(response, 404)


# Residence -----------------------------------------------------------------------------


def test_end_residence_keeps_the_person_and_ends_membership(cast, residents):
    person = residents["C1G1"].spouse
    response = api_client(cast.grid_worker).post(
        f"{PERSONS}{person.pk}/end-residence/",
        {"reason": "moved_out", "on": "2025-03-01"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "moved_out" and body["household"] is None
    assert body["residences"][0]["ended_on"] == "2025-03-01"


def test_end_residence_before_it_began_is_refused(cast, residents):
    person = residents["C1G1"].spouse
    response = api_client(cast.grid_worker).post(
        f"{PERSONS}{person.pk}/end-residence/",
        {"reason": "moved_out", "on": "2000-01-01"},
        format="json",
    )
    assert_error(response, 400, "on")
    assert Person.objects.get(pk=person.pk).status == "resident"


def test_move_in_as_floating_resident_with_landlord(cast, territory, residents):
    person = residents["C1G1"].spouse
    landlord = residents["C1G2"].head
    flat = territory.flats["C1G2"][1]
    response = api_client(cast.community_worker).post(
        f"{PERSONS}{person.pk}/move-in/",
        {
            "node": flat.pk,
            "kind": "floating",
            "on": "2025-05-01",
            "landlord": landlord.pk,
            "employer": "示范公司",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["node"], body["residence_kind"]) == (flat.pk, "floating")
    assert body["residences"][0]["landlord"] == landlord.pk
    assert body["residences"][1]["end_reason"] == "moved_within"


def test_move_in_to_a_non_flat_or_unseen_flat_is_a_field_error(cast, territory, residents):
    person = residents["C1G1"].spouse
    client = api_client(cast.grid_worker)
    for node in (territory.grids["C1G1"], territory.flats["C1G2"][0]):
        response = client.post(
            f"{PERSONS}{person.pk}/move-in/",
            {"node": node.pk, "kind": "registered", "on": "2025-05-01"},
            format="json",
        )
        assert_error(response, 400, "node")
    assert Person.objects.get(pk=person.pk).residences.count() == 1


# Households ----------------------------------------------------------------------------


def test_household_list_and_detail_show_members(cast, residents):
    client = api_client(cast.grid_worker)
    rows = client.get(HOUSEHOLDS).json()["results"]
    assert [r["number"] for r in rows] == ["HC1G1"]
    members = rows[0]["members"]
    assert [(m["name"], m["relation"]) for m in members] == [
        ("王C1G1", "head"),
        ("李C1G1", "spouse"),
    ]
    assert members[0]["person"] == residents["C1G1"].head.pk
    detail = client.get(f"{HOUSEHOLDS}{residents['C1G1'].household.pk}/")
    assert detail.json()["members"] == members
    assert_error(client.get(f"{HOUSEHOLDS}{residents['C1G2'].household.pk}/"), 404)


def test_party_member_sees_no_households(cast, residents):
    assert api_client(cast.party_member).get(HOUSEHOLDS).json()["results"] == []


def test_household_list_query_count(cast, residents, django_assert_num_queries):
    client = api_client(cast.district_admin)
    # token + user, role scope, households with flats, members with persons
    with django_assert_num_queries(4):
        assert len(client.get(HOUSEHOLDS).json()["results"]) == 6


def test_create_household_with_head(cast, territory):
    flat = territory.flats["C1G1"][1]
    head = add_person(flat, "孙七")
    response = api_client(cast.grid_worker).post(
        HOUSEHOLDS, {"node": flat.pk, "head": head.pk, "number": "H9"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["members"][0]["relation"] == "head"


def test_household_create_refuses_a_non_flat_and_a_head_of_another_household(
    cast, territory, residents
):
    client = api_client(cast.grid_worker)
    count = Household.objects.count()
    grid = territory.grids["C1G1"]
    free = add_person(territory.flats["C1G1"][1], "周八")
    response = client.post(HOUSEHOLDS, {"node": grid.pk, "head": free.pk}, format="json")
    assert_error(response, 400, "node")
    taken = residents["C1G1"].spouse
    flat = territory.flats["C1G1"][1]
    response = client.post(HOUSEHOLDS, {"node": flat.pk, "head": taken.pk}, format="json")
    assert_error(response, 400, "head")
    response = client.post(HOUSEHOLDS, {"node": flat.pk, "head": 999_999}, format="json")
    assert_error(response, 400, "head")
    assert Household.objects.count() == count


def test_household_cannot_have_two_heads(cast, residents):
    household = residents["C1G1"].household
    other = add_person(household.node, "吴九")
    response = api_client(cast.grid_worker).post(
        f"{HOUSEHOLDS}{household.pk}/add-member/",
        {"person": other.pk, "relation": "head"},
        format="json",
    )
    assert_error(response, 400, "relation")
    assert not HouseholdMember.objects.filter(person=other).exists()


def test_add_and_remove_a_member(cast, residents):
    household = residents["C1G1"].household
    child = add_person(household.node, "王小", birth=dt.date(2015, 1, 1))
    client = api_client(cast.grid_worker)
    response = client.post(
        f"{HOUSEHOLDS}{household.pk}/add-member/",
        {"person": child.pk, "relation": "child"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert [m["name"] for m in response.json()["members"]][-1] == "王小"
    response = client.post(
        f"{HOUSEHOLDS}{household.pk}/remove-member/", {"person": child.pk}, format="json"
    )
    assert response.status_code == 200
    assert "王小" not in [m["name"] for m in response.json()["members"]]
    response = client.post(
        f"{HOUSEHOLDS}{household.pk}/remove-member/", {"person": child.pk}, format="json"
    )
    assert_error(response, 400, "person")


def test_household_writes_need_the_right(cast, residents):
    household = residents["C1G1"].household
    other = add_person(household.node, "郑十")
    response = api_client(cast.auditor).post(
        f"{HOUSEHOLDS}{household.pk}/add-member/",
        {"person": other.pk, "relation": "other"},
        format="json",
    )
    assert_error(response, 403)
    assert not HouseholdMember.objects.filter(person=other).exists()


# Tags ----------------------------------------------------------------------------------


def test_tag_vocabulary_hides_sensitive_tags_from_roles_without_the_right(cast):
    staff = {t["code"] for t in api_client(cast.grid_worker).get("/api/v1/tags/").json()}
    member = {t["code"] for t in api_client(cast.party_member).get("/api/v1/tags/").json()}
    assert {"low_income", "community_correction", "elderly"} <= staff
    assert "elderly" in member
    assert not member & {"low_income", "community_correction", "disabled"}


def test_person_tag_add_and_end(cast, residents):
    person = residents["C1G1"].head
    client = api_client(cast.grid_worker)
    response = client.post(
        "/api/v1/person-tags/",
        {"person": person.pk, "tag": "veteran", "valid_from": "2024-01-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["tag"] == "veteran"
    again = client.post(
        "/api/v1/person-tags/",
        {"person": person.pk, "tag": "veteran", "valid_from": "2024-02-01"},
        format="json",
    )
    assert_error(again, 400, "tag")
    assert_error(
        client.post(f"/api/v1/person-tags/{pk}/end/", {"on": "2023-01-01"}, format="json"),
        400,
        "on",
    )
    ended = client.post(f"/api/v1/person-tags/{pk}/end/", {"on": "2024-06-30"}, format="json")
    assert ended.status_code == 200 and ended.json()["valid_to"] == "2024-06-30"
    listed = client.get("/api/v1/person-tags/", {"person": person.pk, "current": "false"})
    assert [row["id"] for row in listed.json()["results"]] == [pk]


def test_person_tag_bad_inputs_and_rights(cast, residents):
    person = residents["C1G1"].head
    body = {"person": person.pk, "tag": "no_such_tag", "valid_from": "2024-01-01"}
    client = api_client(cast.grid_worker)
    assert_error(client.post("/api/v1/person-tags/", body, format="json"), 400, "tag")
    body["tag"] = "veteran"
    body["person"] = residents["C1G2"].head.pk  # outside his grid
    assert_error(client.post("/api/v1/person-tags/", body, format="json"), 400, "person")
    body["person"] = person.pk
    assert_error(api_client(cast.auditor).post("/api/v1/person-tags/", body, format="json"), 403)
    assert not PersonTag.objects.exists()


def test_person_tags_outside_scope_are_not_found(cast, residents):
    tag = services.person_tag_add(
        person=residents["C1G2"].head,
        tag=TagType.objects.get(code="veteran"),
        valid_from=dt.date(2024, 1, 1),
    )
    client = api_client(cast.grid_worker)
    assert client.get("/api/v1/person-tags/").json()["results"] == []
    assert_error(client.get(f"/api/v1/person-tags/{tag.pk}/"), 404)
    assert_error(client.post(f"/api/v1/person-tags/{tag.pk}/end/", {"on": "2024-02-01"}), 404)
