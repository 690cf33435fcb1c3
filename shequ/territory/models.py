"""The territory tree (R-ORG-1): district › subdistrict › community › grid › compound ›
building › entrance › flat, one materialized-path table (treebeard MP_Node)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet, ancestor_paths, subtree_q

from .choices import CommunityType, Duty, NodeChangeKind, NodeKind


class NodeQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    def subtree(self, node):
        """The node and all its descendants: one indexed prefix query."""
        return self.filter(subtree_q("path", node.path))


class NodeManager(MP_NodeManager.from_queryset(NodeQuerySet)):
    def get_queryset(self):
        return NodeQuerySet(self.model).order_by("path")


class Node(AuditedModel, TimeStampedModel, MP_Node):
    """A node of the territory tree (辖区节点): a district, subdistrict, community, grid,
    compound, building, entrance or flat."""

    steplen = 4
    kind = models.CharField(_("kind"), max_length=20, choices=NodeKind.choices, db_index=True)
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)
    community_type = models.CharField(
        _("community type"), max_length=20, blank=True, choices=CommunityType.choices
    )

    objects = NodeManager()
    scope_path = "path"

    class Meta:
        verbose_name = _("territory node")
        verbose_name_plural = _("territory nodes")
        indexes = [models.Index(fields=["kind", "path"], name="node_kind_path_idx")]

    def __str__(self) -> str:
        return self.name

    def audit_node_path(self) -> str:
        return self.path

    def ancestors_and_self(self):
        return Node.objects.filter(path__in=ancestor_paths(self.path)).order_by("depth")

    def enclosing(self, kind: str):
        """The nearest node of ``kind`` among the node and its ancestors (the community a
        flat lies in), or None: one indexed query on the ancestors' paths."""
        return (
            Node.objects.filter(path__in=ancestor_paths(self.path), kind=kind)
            .order_by("-depth")
            .first()
        )

    def full_name(self) -> str:
        return " ".join(n.name for n in self.ancestors_and_self() if n.depth > 1)


class NodeResponsibility(AuditedModel, models.Model):
    """A person in charge of a node (网格员, 楼栋长 …), with dates (R-ORG-4)."""

    node = models.ForeignKey(
        Node, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("node")
    )
    duty = models.CharField(_("duty"), max_length=30, choices=Duty.choices)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsibilities",
        verbose_name=_("person"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsibilities",
        verbose_name=_("user"),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "node__path"

    class Meta:
        verbose_name = _("person in charge")
        verbose_name_plural = _("persons in charge")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(user__isnull=False),
                name="responsibility_has_person_or_user",
            ),
        ]

    def __str__(self) -> str:
        who = self.person or self.user
        return f"{self.node} · {self.get_duty_display()} · {who}"

    def audit_node_path(self) -> str:
        return self.node.path


class NodeChange(models.Model):
    """History of the tree (R-ORG-8): who created, renamed, moved, split or merged a node."""

    node = models.ForeignKey(
        Node, on_delete=models.CASCADE, related_name="changes", verbose_name=_("node")
    )
    kind = models.CharField(_("change"), max_length=10, choices=NodeChangeKind.choices)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    from_parent = models.ForeignKey(
        Node,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("previous parent"),
    )
    to_parent = models.ForeignKey(
        Node,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("new parent"),
    )
    related = models.ForeignKey(
        Node,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("related node"),
    )
    old_path = models.CharField(_("old path"), max_length=255, blank=True)
    new_path = models.CharField(_("new path"), max_length=255, blank=True)
    old_name = models.CharField(_("old name"), max_length=100, blank=True)
    new_name = models.CharField(_("new name"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "node__path"

    class Meta:
        verbose_name = _("territory change")
        verbose_name_plural = _("territory changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.node} · {self.get_kind_display()}"
