"""Writes on the territory tree: create, rename, move, split, merge; each keeps history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from shequ.core.models import AuditAction, audit_record

from .choices import KIND_ORDER, NodeChangeKind, NodeKind
from .models import Node, NodeChange, NodeResponsibility

# Sent inside the merge transaction so apps holding records on the retired node move them
# to the surviving one (sender=Node, source=…, target=…).
node_merged = Signal()


def _check_kind(kind: str, parent: Node | None, field: str = "parent") -> None:
    if parent is None:
        if kind != NodeKind.DISTRICT:
            raise ValidationError({field: _("Only a district can be the root of the tree.")})
        return
    if KIND_ORDER.index(kind) <= KIND_ORDER.index(parent.kind):
        raise ValidationError(
            {
                field: _("A %(kind)s cannot be placed under a %(parent)s.")
                % {"kind": NodeKind(kind).label, "parent": NodeKind(parent.kind).label}
            }
        )


def _check_code(code: str, exclude_pk: int | None = None) -> None:
    if not code:
        raise ValidationError({"code": _("Enter a code.")})
    if Node.objects.filter(code=code).exclude(pk=exclude_pk).exists():
        raise ValidationError({"code": _("Another node already has this code.")})


@transaction.atomic
def node_create(
    *, parent: Node | None, kind: str, code: str, name: str, actor=None, **extra
) -> Node:
    _check_kind(kind, parent)
    _check_code(code)
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    fields = {"kind": kind, "code": code, "name": name, **extra}
    if parent is None:
        node = Node.objects.add_root(create_kwargs=fields)
    else:
        parent = Node.objects.select_for_update().get(pk=parent.pk)
        node = Node.objects.add_child(parent, create_kwargs=fields)
    NodeChange.objects.create(
        node=node,
        kind=NodeChangeKind.CREATE,
        actor=actor,
        to_parent=parent,
        new_path=node.path,
        new_name=name,
    )
    return node


@transaction.atomic
def node_rename(*, node: Node, name: str, actor=None) -> Node:
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    old = node.name
    node.name = name
    node.save(update_fields=["name", "updated_at"])
    NodeChange.objects.create(
        node=node,
        kind=NodeChangeKind.RENAME,
        actor=actor,
        old_name=old,
        new_name=name,
        old_path=node.path,
        new_path=node.path,
    )
    return node


def _move(
    node: Node, new_parent: Node, actor, kind: str, related: Node | None = None, note: str = ""
) -> Node:
    node = Node.objects.get(pk=node.pk)  # fresh path: an earlier move may have shifted it
    new_parent = Node.objects.get(pk=new_parent.pk)
    if new_parent.path.startswith(node.path):
        raise ValidationError(
            {"parent": _("A node cannot be moved under itself or one of its own descendants.")}
        )
    _check_kind(node.kind, new_parent)
    old_parent = Node.objects.get_parent(node)
    old_path = node.path
    Node.objects.move(node, new_parent, "last-child")
    node.refresh_from_db()
    NodeChange.objects.create(
        node=node,
        kind=kind,
        actor=actor,
        from_parent=old_parent,
        to_parent=new_parent,
        old_path=old_path,
        new_path=node.path,
        related=related,
        note=note,
    )
    audit_record(
        AuditAction.UPDATE,
        obj=node,
        actor=actor,
        changes={
            "parent": [old_parent.code if old_parent else None, new_parent.code],
            "path": [old_path, node.path],
        },
    )
    return node


@transaction.atomic
def node_move(*, node: Node, new_parent: Node, actor=None, note: str = "") -> Node:
    """Move a node and its whole subtree (one UPDATE of every descendant's path)."""
    return _move(node, new_parent, actor, NodeChangeKind.MOVE, note=note)


@transaction.atomic
def node_split(*, node: Node, code: str, name: str, children: list[Node], actor=None) -> Node:
    """Split ``node``: a new sibling of the same kind takes over ``children``."""
    for child in children:
        if not (child.path.startswith(node.path) and child.depth == node.depth + 1):
            raise ValidationError(
                {
                    "children": _("%(name)s is not a child of %(node)s.")
                    % {"name": child.name, "node": node.name}
                }
            )
    new = node_create(
        parent=Node.objects.get_parent(node), kind=node.kind, code=code, name=name, actor=actor
    )
    for child in children:
        _move(child, new, actor, NodeChangeKind.SPLIT, related=node)
    NodeChange.objects.create(
        node=node,
        kind=NodeChangeKind.SPLIT,
        actor=actor,
        related=new,
        old_path=node.path,
        new_path=node.path,
        note=_("Split into %(name)s") % {"name": name},
    )
    return Node.objects.get(pk=new.pk)


@transaction.atomic
def node_merge(*, source: Node, target: Node, actor=None) -> Node:
    """Merge ``source`` into ``target`` (same kind): children move, ``source`` is retired."""
    if source.pk == target.pk:
        raise ValidationError({"target": _("A node cannot be merged into itself.")})
    if source.kind != target.kind:
        raise ValidationError({"target": _("Only nodes of the same kind can be merged.")})
    if target.path.startswith(source.path):
        raise ValidationError({"target": _("A node cannot be merged into its own descendant.")})
    for child in list(Node.objects.get_children(Node.objects.get(pk=source.pk))):
        _move(child, target, actor, NodeChangeKind.MERGE, related=source)
    source = Node.objects.get(pk=source.pk)
    node_merged.send(sender=Node, source=source, target=target)
    NodeResponsibility.objects.filter(node=source, ended_on__isnull=True).update(node=target)
    source.is_active = False
    source.save(update_fields=["is_active", "updated_at"])
    NodeChange.objects.create(
        node=source,
        kind=NodeChangeKind.MERGE,
        actor=actor,
        related=target,
        old_path=source.path,
        new_path=source.path,
        note=_("Merged into %(name)s") % {"name": target.name},
    )
    return Node.objects.get(pk=target.pk)


@transaction.atomic
def node_assign_duty(
    *, node: Node, duty: str, started_on, person=None, user=None, actor=None
) -> NodeResponsibility:
    if person is None and user is None:
        raise ValidationError({"person": _("Name the person in charge.")})
    return NodeResponsibility.objects.create(
        node=node, duty=duty, person=person, user=user, started_on=started_on
    )
