import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from shequ.conftest import add_person
from shequ.core import crypto
from shequ.core.models import AuditAction, AuditEvent
from shequ.core.testing import make_id_number
from shequ.people import views
from shequ.people.models import HouseholdMember, Person, TagType
from shequ.people.services import person_tag_add


def _login(client, user):
    client.force_login(user)
    return client


def _full_values(persons):
    for person in persons:
        yield crypto.decrypt(person.id_number_enc)
        yield crypto.decrypt(person.phone_enc)[3:]  # national number without +86


# --- list ---------------------------------------------------------------------------------


def test_grid_worker_lists_only_his_grid(client, cast, residents):
    response = _login(client, cast.grid_worker).get(reverse("people:list"))
    assert response.status_code == 200
    names = {p.name for p in response.context["page"]}
    assert names == {"王C1G1", "李C1G1"}


def test_roles_without_view_person_get_403_on_the_list(client, cast, residents):
    for user in (cast.party_member, cast.resident, cast.unit_contact):
        assert _login(client, user).get(reverse("people:list")).status_code == 403


def test_list_shows_masked_values_never_full_ones(client, cast, residents):
    response = _login(client, cast.district_admin).get(reverse("people:list"))
    body = response.content.decode()
    persons = list(Person.objects.all())
    assert all(p.id_number_masked in body for p in persons)
    for value in _full_values(persons):
        assert value not in body


def test_search_by_name_pinyin_and_id_tail(client, cast, residents):
    client = _login(client, cast.community_worker)
    head = residents["C1G2"].head

    def names(**params):
        return {p.name for p in client.get(reverse("people:list"), params).context["page"]}

    assert names(q="王C1G2") == {"王C1G2"}
    assert names(q=head.id_number_masked[-4:]) >= {"王C1G2"}
    assert names(q=crypto.decrypt(head.id_number_enc)) == {"王C1G2"}
    outside = residents["C3G1"].head
    assert names(q=crypto.decrypt(outside.id_number_enc)) == set()


def test_filters_by_tag_residence_status_and_node(client, territory, cast, residents):
    tag = TagType.objects.filter(is_sensitive=False).first()
    person_tag_add(person=residents["C1G2"].spouse, tag=tag, valid_from=dt.date(2024, 1, 1))
    add_person(territory.flats["C1G2"][1], "流动乙", residence_kind="floating")
    client = _login(client, cast.community_secretary)

    def names(**params):
        return {p.name for p in client.get(reverse("people:list"), params).context["page"]}

    assert names(tag=tag.code) == {"李C1G2"}
    assert names(residence_kind="floating") == {"流动乙"}
    assert names(node=territory.grids["C1G1"].pk) == {"王C1G1", "李C1G1"}
    assert names(status="moved_out") == set()
    response = client.get(reverse("people:list"), {"tag": tag.code})
    assert tag.name in response.content.decode()


def test_node_filter_outside_scope_is_404(client, territory, cast, residents):
    response = _login(client, cast.grid_worker).get(
        reverse("people:list"), {"node": territory.grids["C1G2"].pk}
    )
    assert response.status_code == 404


def test_list_pages_by_keyset_in_name_order(client, territory, cast, residents, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client = _login(client, cast.subdistrict_admin)
    seen, params = [], {}
    for _ in range(10):
        response = client.get(reverse("people:list"), params)
        page = response.context["page"]
        seen += [p.pk for p in page]
        if not page.has_next:
            break
        assert "after=" in response.content.decode()
        params = {"after": page.next_cursor}
    expected = Person.objects.filter(node__path__startswith=territory.sub1.path).order_by(
        "name_pinyin", "id"
    )
    assert seen == [p.pk for p in expected] and len(seen) == 8


def test_list_query_count_does_not_grow_with_rows(
    client, territory, cast, residents, django_assert_max_num_queries
):
    tags = list(TagType.objects.filter(is_sensitive=False)[:2])
    for person in Person.objects.all():
        for tag in tags:
            person_tag_add(person=person, tag=tag, valid_from=dt.date(2024, 1, 1))
    for n in range(20):
        add_person(territory.flats["C1G1"][1], f"赵{n}")
    client = _login(client, cast.subdistrict_admin)
    client.get(reverse("people:list"))  # warm the session
    # session, user, scopes (view_person, sensitive tags, audit), tag vocabulary, one page
    # of persons with their flats, their tags, the session save.
    # (13 today: core.scope caches scopes on the user object, and request.user's lazy wrapper
    # and the user itself keep separate caches; 10 once that is unified.)
    with django_assert_max_num_queries(13) as captured:
        response = client.get(reverse("people:list"), {"sort": "birth"})
    assert len(response.context["page"]) == 28
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)


# --- detail and unmask --------------------------------------------------------------------


def test_person_page_in_scope_and_404_outside(client, cast, residents):
    client = _login(client, cast.grid_worker)
    head = residents["C1G1"].head
    response = client.get(reverse("people:detail", args=[head.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert head.id_number_masked in body and head.phone_masked in body
    for value in _full_values([head]):
        assert value not in body
    assert residents["C1G1"].spouse.name in body  # household member
    assert reverse("people:household", args=[residents["C1G1"].household.pk]) in body
    assert client.get(reverse("people:detail", args=[residents["C1G2"].head.pk])).status_code == 404


def test_unmask_shows_the_value_and_writes_an_audit_row(client, cast, residents):
    head = residents["C1G1"].head
    client = _login(client, cast.grid_worker)
    page = client.get(reverse("people:detail", args=[head.pk])).content.decode()
    assert page.count('hx-post="' + reverse("people:unmask", args=[head.pk])) == 3
    response = client.post(
        reverse("people:unmask", args=[head.pk]),
        {"field": "id_number", "reason": "核实低保申请"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert crypto.decrypt(head.id_number_enc) in body
    assert "<html" not in body  # a fragment for htmx
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditAction.UNMASK)
    assert (event.person_id, event.field, event.reason, event.actor_id) == (
        head.pk,
        "id_number",
        "核实低保申请",
        cast.grid_worker.pk,
    )


def test_unmask_without_a_reason_shows_the_error_beside_it(client, cast, residents):
    head = residents["C1G1"].head
    response = _login(client, cast.grid_worker).post(
        reverse("people:unmask", args=[head.pk]),
        {"field": "phone", "reason": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.context["item"]["form"].errors["reason"]
    body = response.content.decode()
    assert "invalid-feedback" in body and crypto.decrypt(head.phone_enc)[3:] not in body
    assert not AuditEvent.objects.filter(action=AuditAction.UNMASK).exists()


def test_unmask_is_refused_to_the_auditor_and_outside_scope(client, cast, residents):
    head = residents["C1G1"].head
    client = _login(client, cast.auditor)
    page = client.get(reverse("people:detail", args=[head.pk])).content.decode()
    assert "hx-post" not in page
    url = reverse("people:unmask", args=[head.pk])
    assert client.post(url, {"field": "phone", "reason": "看看"}).status_code == 403
    client = _login(client, cast.grid_worker)
    other = residents["C1G2"].head
    url = reverse("people:unmask", args=[other.pk])
    assert client.post(url, {"field": "phone", "reason": "看看"}).status_code == 404
    assert client.get(reverse("people:unmask", args=[head.pk])).status_code == 405
    assert not AuditEvent.objects.filter(action=AuditAction.UNMASK).exists()


def test_access_log_card_only_for_audit_readers(client, cast, residents):
    head = residents["C1G1"].head
    _login(client, cast.grid_worker).post(
        reverse("people:unmask", args=[head.pk]), {"field": "phone", "reason": "上门回访"}
    )
    url = reverse("people:detail", args=[head.pk])
    admin_page = _login(client, cast.subdistrict_admin).get(url)
    assert admin_page.context["access_log"]
    body = admin_page.content.decode()
    assert 'id="access-log"' in body and "上门回访" in body and "grid_worker" in body
    worker_page = _login(client, cast.grid_worker).get(url)
    assert worker_page.context["access_log"] is None
    assert 'id="access-log"' not in worker_page.content.decode()


# --- create -------------------------------------------------------------------------------


def _create_data(**overrides):
    data = {
        "name": "新居民",
        "id_number": make_id_number(dt.date(1990, 6, 1), 321, sex="F"),
        "phone": "13900001111",
        "flat_code": "C1G1F2",
        "residence_kind": "floating",
        "registered_address": "河北省某县某村",
        "landlord_name": "房东甲",
        "employer": "某公司",
        "permit_number": "P-1",
        "permit_expires_on": "2027-01-01",
    }
    data.update(overrides)
    return data


def test_create_a_floating_resident(client, territory, cast):
    response = _login(client, cast.grid_worker).post(reverse("people:create"), _create_data())
    person = Person.objects.get(name="新居民")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.node == territory.flats["C1G1"][1] and person.residence_kind == "floating"
    residence = person.residences.get()
    assert (residence.landlord_name, residence.employer, residence.permit_number) == (
        "房东甲",
        "某公司",
        "P-1",
    )


def test_a_bad_id_number_shows_its_message_beside_the_field_and_saves_nothing(
    client, territory, cast
):
    good = make_id_number(dt.date(1990, 6, 1), 321)
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")  # wrong check digit
    response = _login(client, cast.grid_worker).post(
        reverse("people:create"), _create_data(id_number=bad)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["id_number"]
    body = response.content.decode()
    beside = re.search(
        r'name="id_number"[^>]*>\s*<div class="invalid-feedback[^>]*>(.*?)</div>', body, re.S
    )
    assert beside and escape(errors["id_number"][0]) in beside.group(1)
    assert not Person.objects.exists()


def test_a_flat_outside_scope_is_refused_on_the_flat_field(client, territory, cast):
    response = _login(client, cast.grid_worker).post(
        reverse("people:create"), _create_data(flat_code="C1G2F1")
    )
    assert response.context["form"].errors["flat_code"]
    response = _login(client, cast.grid_worker).post(
        reverse("people:create"), _create_data(flat_code="C1G1B1")
    )
    assert response.context["form"].errors["flat_code"]  # the service: not a flat
    assert not Person.objects.exists()


def test_create_needs_change_person(client, territory, cast):
    for user in (cast.auditor, cast.resident):
        assert _login(client, user).get(reverse("people:create")).status_code == 403
    assert _login(client, cast.grid_worker).get(reverse("people:create")).status_code == 200


# --- households ---------------------------------------------------------------------------


def test_household_page_in_scope_and_404_outside(client, cast, residents):
    household = residents["C1G1"].household
    client = _login(client, cast.grid_worker)
    response = client.get(reverse("people:household", args=[household.pk]))
    assert response.status_code == 200
    rows = [(r["member"].person.name, r["member"].relation) for r in response.context["current"]]
    assert rows == [("王C1G1", "head"), ("李C1G1", "spouse")]
    other = residents["C1G2"].household
    assert client.get(reverse("people:household", args=[other.pk])).status_code == 404


def test_add_a_member_to_a_household(client, territory, cast, residents):
    household = residents["C1G1"].household
    child = add_person(territory.flats["C1G1"][0], "王小", birth=dt.date(2015, 1, 1))
    url = reverse("people:household_add_member", args=[household.pk])
    client = _login(client, cast.grid_worker)
    response = client.post(url, {"person": child.pk, "relation": "child"})
    assert response.status_code == 302
    assert HouseholdMember.objects.filter(household=household, person=child).exists()
    # a second head is refused beside the relation field
    other = add_person(territory.flats["C1G1"][0], "王二")
    response = client.post(url, {"person": other.pk, "relation": "head"})
    assert response.context["form"].errors["relation"]
    # a person outside scope is unknown
    response = client.post(url, {"person": residents["C3G1"].head.pk, "relation": "other"})
    assert response.context["form"].errors["person"]
    assert not HouseholdMember.objects.filter(person=other).exists()


@pytest.mark.parametrize("role", ["auditor", "resident"])
def test_household_changes_are_refused_without_change_person(client, cast, residents, role):
    household = residents["C1G1"].household
    url = reverse("people:household_add_member", args=[household.pk])
    response = _login(client, getattr(cast, role)).post(url, {"person": 1, "relation": "other"})
    assert response.status_code in (403, 404)
