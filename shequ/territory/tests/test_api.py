"""The territory API: scoped reads, permission-checked tree changes, one error shape."""

from __future__ import annotations

import pytest

from shequ.conftest import PASSWORD
from shequ.core.api.testing import api_client, assert_error
from shequ.core.models import AuditEvent
from shequ.people.models import Person
from shequ.territory.models import Node, NodeChange

URL = "/api/v1/nodes/"


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


# Authentication ------------------------------------------------------------------------


def test_token_is_issued_for_good_credentials_and_opens_the_api(cast):
    anonymous = api_client()
    response = anonymous.post(
        "/api/v1/auth/token/", {"username": "grid_worker", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert "C1G1" in codes(anonymous.get(URL))


def test_wrong_password_gets_no_token_and_names_the_field(cast):
    response = api_client().post(
        "/api/v1/auth/token/", {"username": "grid_worker", "password": "wrong"}, format="json"
    )
    assert_error(response, 400, "password")


def test_anonymous_and_bad_token_are_refused_in_the_error_shape(territory):
    assert assert_error(api_client().get(URL), 401)["code"] == "not_authenticated"
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert_error(client.get(URL), 401)


# Reading -------------------------------------------------------------------------------


def test_grid_worker_lists_only_his_grid_in_tree_order(cast, territory):
    rows = api_client(cast.grid_worker).get(URL).json()["results"]
    assert [r["code"] for r in rows] == ["C1G1", "C1G1B1", "C1G1B1E1", "C1G1F1", "C1G1F2"]
    by_code = {r["code"]: r for r in rows}
    assert by_code["C1G1B1"]["parent"] == territory.grids["C1G1"].pk
    assert by_code["C1G1"]["parent"] == territory.c1.pk


def test_node_list_filters_by_kind_parent_name_and_activity(cast, territory):
    client = api_client(cast.subdistrict_admin)
    assert codes(client.get(URL, {"kind": "community"})) == ["C1", "C2"]
    assert codes(client.get(URL, {"parent": territory.c1.pk})) == ["C1G1", "C1G2"]
    assert codes(client.get(URL, {"q": "东二"})) == ["C2", "C2G1", "C2G2"]
    assert codes(client.get(URL, {"q": "c2g1f", "kind": "flat"})) == ["C2G1F1", "C2G1F2"]
    assert codes(client.get(URL, {"active": "false"})) == []


def test_filter_on_a_parent_outside_scope_matches_nothing(cast, territory):
    client = api_client(cast.community_worker)
    # outside the scope and unknown look the same: no rows, no error that would tell them apart
    assert codes(client.get(URL, {"parent": territory.c3.pk})) == []
    assert codes(client.get(URL, {"parent": 999_999})) == []
    assert_error(client.get(URL, {"parent": "abc"}), 400, "parent")


def test_node_list_is_keyset_paginated_without_count(cast, territory, django_assert_num_queries):
    client = api_client(cast.district_admin)
    # token + user, role scope, one page: no COUNT
    with django_assert_num_queries(3):
        first = client.get(URL, {"page_size": 5}).json()
    assert "count" not in first and len(first["results"]) == 5
    second = client.get(first["next"]).json()
    assert second["results"][0]["path"] > first["results"][-1]["path"]


def test_detail_has_counts_and_community_size(cast, territory, residents):
    response = api_client(cast.community_worker).get(f"{URL}{territory.c1.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["counts"] == {"residents": 4, "floating": 0, "households": 2}
    assert body["size_class"] == "small"
    grid = api_client(cast.community_worker).get(f"{URL}{territory.grids['C1G1'].pk}/").json()
    assert grid["size_class"] is None and grid["counts"]["households"] == 1


def test_node_outside_scope_is_not_found(cast, territory):
    client = api_client(cast.grid_worker)
    error = assert_error(client.get(f"{URL}{territory.grids['C1G2'].pk}/"), 404)
    assert error["code"] == "not_found"
    assert_error(client.get(f"{URL}{territory.c3.pk}/children/"), 404)
    assert_error(client.get(f"{URL}{territory.c3.pk}/history/"), 404)


def test_non_numeric_id_is_a_404_not_a_500(cast):
    assert api_client(cast.grid_worker).get(f"{URL}abc/").status_code == 404


def test_children_come_with_their_counts(cast, territory, residents):
    response = api_client(cast.subdistrict_admin).get(f"{URL}{territory.sub1.pk}/children/")
    rows = response.json()["results"]
    assert [r["code"] for r in rows] == ["C1", "C2"]
    assert all(r["counts"] == {"residents": 4, "floating": 0, "households": 2} for r in rows)


def test_children_hide_what_the_user_may_not_see(cast, territory):
    response = api_client(cast.grid_worker).get(f"{URL}{territory.grids['C1G1'].pk}/children/")
    assert codes(response) == ["C1G1B1"]


# Writing -------------------------------------------------------------------------------


def test_secretary_creates_a_grid_in_his_community_with_history_and_audit(cast, territory):
    client = api_client(cast.community_secretary)
    response = client.post(
        URL,
        {"parent": territory.c1.pk, "kind": "grid", "code": "C1G3", "name": "第3网格"},
        format="json",
    )
    assert response.status_code == 201, response.content
    node = Node.objects.get(code="C1G3")
    assert response.json()["parent"] == territory.c1.pk
    assert NodeChange.objects.get(node=node, kind="create").actor == cast.community_secretary
    # the token user is the actor of the audit row written by the model layer
    event = AuditEvent.objects.get(object_type="territory.node", object_id=str(node.pk))
    assert event.actor_name == "community_secretary"


def test_party_member_cannot_create_a_node(cast, territory):
    response = api_client(cast.party_member).post(
        URL,
        {"parent": territory.c1.pk, "kind": "grid", "code": "C1G3", "name": "第3网格"},
        format="json",
    )
    assert_error(response, 403)
    assert not Node.objects.filter(code="C1G3").exists()


def test_parent_outside_scope_or_unknown_is_a_field_error(cast, territory):
    client = api_client(cast.community_secretary)
    for parent in (territory.c3.pk, 999_999, "x"):
        response = client.post(
            URL, {"parent": parent, "kind": "grid", "code": "XG", "name": "网格"}, format="json"
        )
        assert_error(response, 400, "parent")
    assert not Node.objects.filter(code="XG").exists()


def test_only_a_whole_tree_scope_may_add_a_root(cast, territory):
    body = {"parent": None, "kind": "district", "code": "D2", "name": "新区"}
    assert_error(api_client(cast.district_admin).post(URL, body, format="json"), 403)
    assert not Node.objects.filter(code="D2").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "community", "code": "BAD", "name": "社区"}, "parent"),  # above a grid
        ({"kind": "building", "code": "C1G1", "name": "楼"}, "code"),  # code taken
        ({"kind": "castle", "code": "BAD", "name": "城堡"}, "kind"),
        ({"kind": "building", "code": "BAD"}, "name"),
    ],
)
def test_bad_node_is_refused_on_the_field_and_not_saved(cast, territory, body, field):
    count = Node.objects.count()
    response = api_client(cast.community_secretary).post(
        URL, {"parent": territory.grids["C1G2"].pk, **body}, format="json"
    )
    assert_error(response, 400, field)
    assert Node.objects.count() == count


def test_rename_keeps_history_and_needs_the_right(cast, territory):
    grid = territory.grids["C1G1"]
    response = api_client(cast.community_secretary).post(
        f"{URL}{grid.pk}/rename/", {"name": "幸福网格"}, format="json"
    )
    assert response.status_code == 200 and response.json()["name"] == "幸福网格"
    history = api_client(cast.community_secretary).get(f"{URL}{grid.pk}/history/").json()
    assert [r["kind"] for r in history["results"]] == ["rename", "create"]
    assert history["results"][0]["old_name"] == "东一社区第1网格"
    assert history["results"][0]["actor"] == "community_secretary"

    assert_error(api_client(cast.grid_worker).post(f"{URL}{grid.pk}/rename/", {"name": "x"}), 403)
    assert_error(
        api_client(cast.community_secretary).post(f"{URL}{territory.c3.pk}/rename/", {"name": "x"}),
        404,
    )
    assert_error(
        api_client(cast.community_secretary).post(f"{URL}{grid.pk}/rename/", {"name": ""}),
        400,
        "name",
    )


def test_move_takes_the_subtree_along(cast, territory, residents):
    grid = territory.grids["C1G2"]
    response = api_client(cast.subdistrict_admin).post(
        f"{URL}{grid.pk}/move/", {"parent": territory.c2.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["parent"] == territory.c2.pk
    moved = Person.objects.get(pk=residents["C1G2"].head.pk)
    assert moved.node.path.startswith(Node.objects.get(pk=territory.c2.pk).path)


def test_node_cannot_move_under_its_own_descendant(cast, territory):
    c1 = territory.c1
    response = api_client(cast.subdistrict_admin).post(
        f"{URL}{c1.pk}/move/", {"parent": territory.grids["C1G1"].pk}, format="json"
    )
    assert_error(response, 400, "parent")
    assert Node.objects.get(pk=c1.pk).path == c1.path
    assert not NodeChange.objects.filter(node=c1, kind="move").exists()


def test_move_needs_the_right_over_the_new_parent(cast, territory):
    # The secretary of C1 does not see C2: the new parent is an unknown choice to him.
    response = api_client(cast.community_secretary).post(
        f"{URL}{territory.grids['C1G1'].pk}/move/", {"parent": territory.c2.pk}, format="json"
    )
    assert_error(response, 400, "parent")
    # The district admin sees it all, but the auditor may look and not touch.
    response = api_client(cast.auditor).post(
        f"{URL}{territory.grids['C1G1'].pk}/move/", {"parent": territory.c2.pk}, format="json"
    )
    assert_error(response, 403)


def test_split_makes_a_sibling_that_takes_the_children(cast, territory):
    response = api_client(cast.subdistrict_admin).post(
        f"{URL}{territory.c1.pk}/split/",
        {"code": "C1B", "name": "东一北社区", "children": [territory.grids["C1G2"].pk]},
        format="json",
    )
    assert response.status_code == 201, response.content
    new = Node.objects.get(code="C1B")
    assert response.json()["id"] == new.pk and response.json()["parent"] == territory.sub1.pk
    assert [n.code for n in Node.objects.get_children(new)] == ["C1G2"]


def test_split_needs_the_right_over_the_parent_and_real_children(cast, territory):
    body = {"code": "C1B", "name": "北", "children": [territory.grids["C1G2"].pk]}
    response = api_client(cast.community_secretary).post(
        f"{URL}{territory.c1.pk}/split/", body, format="json"
    )
    assert_error(response, 403)
    body["children"] = [territory.grids["C2G1"].pk]  # a child of C2, not of C1
    response = api_client(cast.subdistrict_admin).post(
        f"{URL}{territory.c1.pk}/split/", body, format="json"
    )
    assert_error(response, 400, "children")
    assert not Node.objects.filter(code="C1B").exists()


def test_merge_moves_children_and_people_and_retires_the_source(cast, territory, residents):
    c2 = territory.c2
    response = api_client(cast.subdistrict_admin).post(
        f"{URL}{c2.pk}/merge/", {"target": territory.c1.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["counts"]["residents"] == 8
    assert Node.objects.get(pk=c2.pk).is_active is False
    inactive = api_client(cast.subdistrict_admin).get(URL, {"active": "false"})
    assert codes(inactive) == ["C2"]


def test_merge_into_a_node_of_another_kind_is_refused(cast, territory):
    response = api_client(cast.subdistrict_admin).post(
        f"{URL}{territory.c2.pk}/merge/", {"target": territory.grids["C1G1"].pk}, format="json"
    )
    assert_error(response, 400, "target")
    assert Node.objects.get(pk=territory.c2.pk).is_active
