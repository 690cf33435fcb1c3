import pytest
from django.core.exceptions import ValidationError

from shequ.people.selectors import counts_by_child
from shequ.territory.choices import NodeChangeKind, NodeKind
from shequ.territory.models import Node, NodeChange
from shequ.territory.selectors import community_size_class
from shequ.territory.services import node_create, node_merge, node_move, node_split


def test_moving_a_subtree_updates_every_descendant_path(territory, cast):
    grid = territory.grids["C1G1"]
    before = {n.pk: n.path for n in Node.objects.subtree(grid)}
    node_move(node=grid, new_parent=territory.c2, actor=cast.district_admin)
    grid.refresh_from_db()
    moved = list(Node.objects.subtree(grid))
    assert len(moved) == len(before) == 5  # grid, building, entrance, two flats
    assert all(n.path.startswith(territory.c2.path) for n in moved)
    assert all(n.path != before[n.pk] for n in moved)
    change = NodeChange.objects.get(node=grid, kind=NodeChangeKind.MOVE)
    assert (change.from_parent, change.to_parent, change.actor) == (
        territory.c1,
        territory.c2,
        cast.district_admin,
    )
    assert change.old_path == before[grid.pk] and change.new_path == grid.path


def test_a_node_cannot_move_under_its_own_descendant(territory):
    with pytest.raises(ValidationError) as exc:
        node_move(node=territory.c1, new_parent=territory.grids["C1G1"])
    assert "parent" in exc.value.message_dict
    with pytest.raises(ValidationError):
        node_move(node=territory.c1, new_parent=territory.c1)
    assert not NodeChange.objects.filter(kind=NodeChangeKind.MOVE).exists()


def test_kinds_keep_their_order(territory):
    with pytest.raises(ValidationError) as exc:
        node_move(node=territory.c1, new_parent=territory.c2)
    assert "parent" in exc.value.message_dict
    with pytest.raises(ValidationError):
        node_create(parent=territory.grids["C1G1"], kind=NodeKind.COMMUNITY, code="X", name="X")


def test_merge_moves_children_and_people_and_retires_the_source(residents, territory):
    node_merge(source=territory.c2, target=territory.c1)
    territory.c2.refresh_from_db()
    assert not territory.c2.is_active
    assert Node.objects.get_children(Node.objects.get(pk=territory.c1.pk)).count() == 4
    counts = counts_by_child(Node.objects.get(pk=territory.c1.pk))
    assert counts[""] == {"residents": 8, "floating": 0, "households": 4}
    assert NodeChange.objects.filter(kind=NodeChangeKind.MERGE).count() == 3


def test_split_hands_children_to_a_new_sibling(territory):
    grid2 = territory.grids["C1G2"]
    new = node_split(node=territory.c1, code="C9", name="东九社区", children=[grid2])
    assert Node.objects.get_parent(new) == territory.sub1
    assert [c.code for c in Node.objects.get_children(new)] == ["C1G2"]
    assert NodeChange.objects.filter(kind=NodeChangeKind.SPLIT).count() == 2


def test_counts_by_child_and_size_class(residents, territory, settings):
    counts = counts_by_child(territory.sub1)
    assert counts[territory.c1.path] == {"residents": 4, "floating": 0, "households": 2}
    assert counts[""]["residents"] == 8
    settings.SHEQU_COMMUNITY_SIZE_BOUNDS = [1, 3]
    assert community_size_class(counts[territory.c1.path]["households"]) == "medium"
    assert community_size_class(5) == "large"
