import datetime as dt

from django.urls import reverse

from shequ.conftest import add_person
from shequ.territory.choices import Duty, NodeChangeKind, SizeClass
from shequ.territory.models import Node, NodeChange
from shequ.territory.services import node_assign_duty


def _login(client, user):
    client.force_login(user)
    return client


def _detail(pk):
    return reverse("territory:detail", args=[pk])


def test_territory_index_opens_the_first_node_of_the_users_scope(client, territory, cast):
    response = _login(client, cast.community_worker).get(reverse("territory:index"))
    assert response.status_code == 302 and response["Location"] == _detail(territory.c1.pk)


def test_territory_index_without_any_role_goes_home_with_a_message(client, territory):
    from shequ.conftest import make_user

    response = _login(client, make_user("nobody")).get(reverse("territory:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["areas"] == []


def test_grid_worker_sees_his_grid_and_gets_404_for_the_sibling_grid(client, territory, cast):
    client = _login(client, cast.grid_worker)
    assert client.get(_detail(territory.grids["C1G1"].pk)).status_code == 200
    assert client.get(_detail(territory.grids["C1G2"].pk)).status_code == 404
    assert client.get(_detail(territory.c1.pk)).status_code == 404


def test_breadcrumb_links_only_the_ancestors_inside_scope(client, territory, cast):
    flat = territory.flats["C1G1"][0]
    response = _login(client, cast.grid_worker).get(_detail(flat.pk))
    crumbs = {c["node"].code: c["link"] for c in response.context["breadcrumb"]}
    assert crumbs == {
        "D": False,
        "S1": False,
        "C1": False,
        "C1G1": True,
        "C1G1B1": True,
        "C1G1B1E1": True,
        "C1G1F1": True,
    }
    body = response.content.decode()
    assert _detail(territory.c1.pk) not in body
    assert _detail(territory.grids["C1G1"].pk) in body


def test_community_page_shows_children_counts_and_size_class(client, territory, cast, residents):
    response = _login(client, cast.community_secretary).get(_detail(territory.c1.pk))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert [r["node"].code for r in figures["rows"]] == ["C1G1", "C1G2"]
    assert [(r["residents"], r["households"]) for r in figures["rows"]] == [(2, 1), (2, 1)]
    assert response.context["size_class"] == SizeClass.SMALL.label
    assert "data-size-class" in response.content.decode()


def test_flat_page_lists_its_households_with_links(client, territory, cast, residents):
    flat = territory.flats["C1G1"][0]
    household = residents["C1G1"].household
    response = _login(client, cast.grid_worker).get(_detail(flat.pk))
    assert list(response.context["households"]) == [household]
    body = response.content.decode()
    assert reverse("people:household", args=[household.pk]) in body
    assert reverse("people:detail", args=[residents["C1G1"].head.pk]) in body


def test_a_resident_sees_figures_but_no_households_nor_persons(client, territory, cast, residents):
    flat = territory.flats["C1G1"][0]
    response = _login(client, cast.resident).get(_detail(flat.pk))
    assert response.status_code == 200
    assert response.context["households"] is None and response.context["persons"] is None
    assert response.context["figures"]["total"]["residents"] == 2
    body = response.content.decode()
    assert "/people/" not in body and "王C1G1" not in body


def test_persons_in_charge_and_history_are_shown(client, territory, cast, residents):
    grid = territory.grids["C1G1"]
    head = residents["C1G1"].head
    node_assign_duty(node=grid, duty=Duty.GRID_WORKER, started_on=dt.date(2025, 1, 1), person=head)
    response = _login(client, cast.resident).get(_detail(grid.pk))
    body = response.content.decode()
    assert head.name in body and head.id_number_masked not in body
    assert reverse("people:detail", args=[head.pk]) not in body  # no person link
    assert str(NodeChangeKind.CREATE.label) in body
    staff = _login(client, cast.grid_worker).get(_detail(grid.pk)).content.decode()
    assert reverse("people:detail", args=[head.pk]) in staff


def test_rename_by_a_secretary_keeps_history(client, territory, cast):
    grid = territory.grids["C1G1"]
    client = _login(client, cast.community_secretary)
    assert 'id="rename"' in client.get(_detail(grid.pk)).content.decode()
    response = client.post(reverse("territory:rename", args=[grid.pk]), {"name": "幸福网格"})
    assert response.status_code == 302
    grid.refresh_from_db()
    assert grid.name == "幸福网格"
    change = NodeChange.objects.get(node=grid, kind=NodeChangeKind.RENAME)
    assert (change.old_name, change.new_name, change.actor) == (
        "东一社区第1网格",
        "幸福网格",
        cast.community_secretary,
    )


def test_rename_with_a_blank_name_shows_the_error_and_saves_nothing(client, territory, cast):
    grid = territory.grids["C1G1"]
    response = _login(client, cast.community_secretary).post(
        reverse("territory:rename", args=[grid.pk]), {"name": " "}
    )
    assert response.status_code == 200
    assert response.context["rename_form"].errors["name"]
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    grid.refresh_from_db()
    assert grid.name == "东一社区第1网格"


def test_roles_without_change_node_get_no_forms_and_403(client, territory, cast):
    grid = territory.grids["C1G1"]
    client = _login(client, cast.grid_worker)
    assert 'id="rename"' not in client.get(_detail(grid.pk)).content.decode()
    response = client.post(reverse("territory:rename", args=[grid.pk]), {"name": "x"})
    assert response.status_code == 403
    outside = territory.grids["C3G1"]
    response = _login(client, cast.community_secretary).post(
        reverse("territory:rename", args=[outside.pk]), {"name": "x"}
    )
    assert response.status_code == 404


def test_move_a_grid_to_another_community_by_code(client, territory, cast, residents):
    grid = territory.grids["C1G1"]
    response = _login(client, cast.subdistrict_admin).post(
        reverse("territory:move", args=[grid.pk]), {"parent_code": "C2", "note": "区划调整"}
    )
    assert response.status_code == 302
    grid.refresh_from_db()
    assert grid.path.startswith(territory.c2.path)
    change = NodeChange.objects.get(node=grid, kind=NodeChangeKind.MOVE)
    assert (change.from_parent, change.to_parent, change.note) == (
        territory.c1,
        territory.c2,
        "区划调整",
    )


def test_move_errors_appear_beside_the_parent_field(client, territory, cast):
    client = _login(client, cast.subdistrict_admin)
    grid = territory.grids["C1G1"]
    before = grid.path
    # a parent outside the user's scope is unknown to him
    response = client.post(reverse("territory:move", args=[grid.pk]), {"parent_code": "C3"})
    assert response.status_code == 200
    assert response.context["move_form"].errors["parent_code"]
    # the service refuses a community under a community: its message sits on the field
    response = client.post(reverse("territory:move", args=[territory.c1.pk]), {"parent_code": "C2"})
    assert response.context["move_form"].errors["parent_code"]
    assert Node.objects.get(pk=grid.pk).path == before
    assert not NodeChange.objects.filter(kind=NodeChangeKind.MOVE).exists()


def test_search_finds_places_inside_the_node_only(client, territory, cast):
    client = _login(client, cast.community_worker)
    response = client.get(_detail(territory.c1.pk), {"q": "1单元"})
    codes = {n.code for n in response.context["search"]}
    assert codes == {"C1G1B1E1", "C1G2B1E1"}
    response = client.get(_detail(territory.c1.pk), {"q": "C2G1"})
    assert list(response.context["search"]) == []


def test_drill_down_reaches_the_household(client, territory, cast, residents):
    add_person(territory.flats["C1G1"][1], "独居者")
    client = _login(client, cast.community_secretary)
    node = territory.c1
    for code in ("C1G1", "C1G1B1", "C1G1B1E1", "C1G1F1"):
        body = client.get(_detail(node.pk)).content.decode()
        node = Node.objects.get(code=code)
        assert _detail(node.pk) in body
    body = client.get(_detail(node.pk)).content.decode()
    household = residents["C1G1"].household
    assert reverse("people:household", args=[household.pk]) in body
    assert client.get(reverse("people:household", args=[household.pk])).status_code == 200
