import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.conftest import add_person
from shequ.core.models import AuditAction, AuditEvent
from shequ.core.paging import encode_cursor, keyset_page
from shequ.people.models import Person


def _login(client, user):
    client.force_login(user)
    return client


# --- keyset paging helper ---------------------------------------------------------------


def _walk(qs, keys, size):
    seen, cursor = [], ""
    for _ in range(100):
        page = keyset_page(qs, keys=keys, cursor=cursor, size=size)
        assert len(page.rows) <= size
        seen += [row.pk for row in page.rows]
        if not page.has_next:
            return seen
        cursor = page.next_cursor
    raise AssertionError("paging never ended")


def test_keyset_pages_cover_every_row_once_in_order_with_nulls_last(residents):
    Person.objects.filter(pk__in=[residents["C1G1"].head.pk, residents["C2G2"].spouse.pk]).update(
        birth_date=None
    )
    qs = Person.objects.all()
    expected_asc = [
        p.pk
        for p in sorted(qs, key=lambda p: (p.birth_date is None, p.birth_date or dt.date.min, p.pk))
    ]
    assert _walk(qs, ("birth_date", "id"), 5) == expected_asc
    expected_desc = [
        p.pk
        for p in sorted(
            qs,
            key=lambda p: (p.birth_date is None, -(p.birth_date or dt.date.min).toordinal(), -p.pk),
        )
    ]
    assert _walk(qs, ("-birth_date", "-id"), 4) == expected_desc
    assert _walk(qs, ("-id",), 3) == sorted((p.pk for p in qs), reverse=True)


def test_keyset_paging_over_equal_timestamps_loses_nothing(residents):
    events = AuditEvent.objects.all()
    expected = list(events.order_by("-at", "-id").values_list("pk", flat=True))
    assert len(expected) > 10
    assert _walk(events, ("-at", "-id"), 7) == expected


def test_a_tampered_cursor_starts_from_the_first_page(residents):
    qs = Person.objects.all()
    first = keyset_page(qs, keys=("name_pinyin", "id"), size=3)
    for bad in ("%%%", "bm90IGpzb24", encode_cursor(["x"]), encode_cursor([{"a": 1}, 2])):
        page = keyset_page(qs, keys=("name_pinyin", "id"), cursor=bad, size=3)
        assert [p.pk for p in page.rows] == [p.pk for p in first.rows]
        assert page.first


def test_the_last_keyset_key_must_be_the_primary_key(db):
    with pytest.raises(ValueError):
        keyset_page(Person.objects.all(), keys=("name",))


# --- home page ----------------------------------------------------------------------------


def test_home_shows_the_totals_of_the_users_area(client, territory, cast, residents):
    add_person(territory.flats["C1G2"][1], "流动甲", residence_kind="floating")
    response = _login(client, cast.subdistrict_admin).get(reverse("home"))
    assert response.status_code == 200
    (area,) = response.context["areas"]
    assert area["node"] == territory.sub1
    assert area["total"] == {"residents": 9, "households": 4, "floating": 1}
    rows = {r["node"].code: r for r in area["rows"]}
    assert (rows["C1"]["residents"], rows["C1"]["households"], rows["C1"]["floating"]) == (5, 2, 1)
    assert (rows["C2"]["residents"], rows["C2"]["households"]) == (4, 2)
    assert area["chart"]["series"][0]["data"] == [5, 4]
    body = response.content.decode()
    assert f'id="chart-{territory.sub1.pk}"' in body and 'type="application/json"' in body
    assert f"{reverse('people:list')}?node={territory.c1.pk}" in body


def test_home_of_a_resident_shows_figures_but_no_person_links(client, territory, cast, residents):
    response = _login(client, cast.resident).get(reverse("home"))
    assert response.status_code == 200
    (area,) = response.context["areas"]
    assert area["node"] == territory.grids["C1G1"]
    assert area["total"]["residents"] == 2
    body = response.content.decode()
    assert reverse("people:list") not in body
    assert reverse("audit:list") not in body
    assert "王C1G1" not in body


def test_home_counts_tags_without_sensitive_ones_for_party_members(
    client, territory, cast, residents
):
    from shequ.people.models import TagType
    from shequ.people.services import person_tag_add

    sensitive = TagType.objects.filter(is_sensitive=True).first()
    plain = TagType.objects.filter(is_sensitive=False).first()
    assert sensitive and plain
    for tag in (sensitive, plain):
        person_tag_add(person=residents["C1G1"].head, tag=tag, valid_from=dt.date(2024, 1, 1))
    shown = _login(client, cast.community_secretary).get(reverse("home")).context["areas"][0]
    assert sensitive in shown["tags"] and sum(shown["tag_totals"]) == 2
    hidden = _login(client, cast.party_member).get(reverse("home")).context["areas"][0]
    assert sensitive not in hidden["tags"] and sum(hidden["tag_totals"]) == 1


def test_home_asks_anonymous_visitors_to_log_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_pages_load_nothing_from_outside(client, cast, residents):
    body = _login(client, cast.district_admin).get(reverse("home")).content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', body)
    assert "/static/vendor/htmx/" in body and "/static/vendor/echarts/" in body


def test_login_page_has_no_navbar_and_the_tabler_look(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "navbar-menu" not in body and "tabler.min.css" in body
    assert 'name="password"' in body and "form-control" in body


def test_navbar_shows_audit_only_to_those_who_may_read_it(client, cast, residents):
    assert reverse("audit:list") in _login(client, cast.auditor).get("/").content.decode()
    assert reverse("audit:list") not in _login(client, cast.grid_worker).get("/").content.decode()


# --- audit search -------------------------------------------------------------------------


def test_audit_search_is_scoped_to_the_auditors_subtree(client, territory, cast, residents):
    inside, outside = residents["C1G1"].head, residents["C3G1"].head
    client = _login(client, cast.auditor)
    response = client.get(reverse("audit:list"), {"person": inside.pk})
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert rows and all(e.person_id == inside.pk for e in rows)
    response = client.get(reverse("audit:list"), {"person": outside.pk})
    assert list(response.context["page"]) == []
    rows = list(client.get(reverse("audit:list")).context["page"])
    assert rows and all(e.node_path.startswith(territory.sub1.path) for e in rows)


def test_audit_search_filters_by_action_actor_and_dates(client, cast, residents):
    from shequ.people.services import person_unmask

    person = residents["C1G1"].head
    person_unmask(user=cast.grid_worker, person=person, field="phone", reason="回访核实")
    client = _login(client, cast.subdistrict_admin)
    today = timezone.localdate()
    response = client.get(
        reverse("audit:list"),
        {"action": AuditAction.UNMASK, "actor": "grid", "date_from": today, "date_to": today},
    )
    (event,) = response.context["page"]
    assert (event.person_id, event.field, event.reason) == (person.pk, "phone", "回访核实")
    assert "回访核实" in response.content.decode()
    yesterday = today - dt.timedelta(days=1)
    response = client.get(reverse("audit:list"), {"action": "unmask", "date_to": yesterday})
    assert list(response.context["page"]) == []


def test_audit_search_pages_without_overlap(client, cast, residents):
    client = _login(client, cast.district_admin)
    first = client.get(reverse("audit:list"))
    page = first.context["page"]
    assert len(page.rows) == 50 and page.has_next
    assert f"after={page.next_cursor}" in first.content.decode()
    second = client.get(reverse("audit:list"), {"after": page.next_cursor}).context["page"]
    assert second.rows and not {e.pk for e in second.rows} & {e.pk for e in page.rows}
    assert (second.rows[0].at, second.rows[0].pk) < (page.rows[-1].at, page.rows[-1].pk)


def test_audit_search_is_refused_to_roles_without_it(client, cast, residents):
    for user in (cast.grid_worker, cast.community_secretary, cast.resident):
        assert _login(client, user).get(reverse("audit:list")).status_code == 403


def test_audit_search_reports_a_reversed_date_range(client, cast, residents):
    response = _login(client, cast.auditor).get(
        reverse("audit:list"), {"date_from": "2026-02-02", "date_to": "2026-01-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]
    assert list(response.context["page"]) == []


def test_language_switch_posts_to_set_language_and_keeps_the_page(client, cast, residents):
    client = _login(client, cast.grid_worker)
    body = client.get(reverse("people:list")).content.decode()
    assert f'action="{reverse("set_language")}"' in body and 'value="en"' in body
    response = client.post(reverse("set_language"), {"language": "en", "next": "/people/"})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert '<html lang="en">' in client.get(reverse("people:list")).content.decode()


def test_password_change_page_has_the_tabler_look_and_asks_first_timers(client, cast):
    user = cast.grid_worker
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    client = _login(client, user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    response = client.get(response["Location"])
    body = response.content.decode()
    assert response.status_code == 200 and 'class="alert alert-info"' in body
    assert body.count('type="password"') == 2 and "form-control" in body


def test_not_found_pages_keep_the_site_look(client, cast):
    response = _login(client, cast.grid_worker).get("/people/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="empty-header">404' in body and "navbar-menu" in body
