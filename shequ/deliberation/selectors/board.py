"""Reads of the disclosure board (公开栏): what is public to where the user stands (his subtree
and the nodes above it), searchable and filtered by kind; its export; where staff may post."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from shequ.accounts.roles import RECORD_DELIBERATION, VIEW_PUBLIC
from shequ.core.models import AuditAction, audit_record
from shequ.core.xlsx import xlsx_table
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..models import Publication

NOTICE_NODE_KINDS = [NodeKind.DISTRICT, NodeKind.SUBDISTRICT, NodeKind.COMMUNITY, NodeKind.GRID]


def publication_list_for(*, user, q: str = "", kind: str = ""):
    publications = Publication.objects.public_to(user, VIEW_PUBLIC).select_related("node")
    if q:
        publications = publications.filter(
            Q(title__icontains=q) | Q(body__icontains=q) | Q(node__name__icontains=q)
        )
    if kind:
        publications = publications.filter(kind=kind)
    return publications


def publication_get_for(*, user, pk: int) -> Publication:
    return publication_list_for(user=user).get(pk=pk)


def notice_nodes_for(*, user):
    """Where the user may post a notice: the district, subdistricts, communities and grids
    in his subtree (RECORD_DELIBERATION)."""
    return (
        Node.objects.visible_to(user, RECORD_DELIBERATION)
        .filter(kind__in=NOTICE_NODE_KINDS)
        .order_by("path")
    )


def publication_export(*, user, publications) -> bytes:
    columns = [
        (_("Published"), 17), (_("Kind"), 14), (_("Title"), 40), (_("Territory"), 16),
        (_("On the board until"), 12), (_("Text"), 80),
    ]  # fmt: skip
    rows = [
        [p.published_at, str(p.get_kind_display()), p.title, p.node.name, p.until, p.body]
        for p in publications.order_by("-published_at", "-id")
    ]
    content = xlsx_table(_("Disclosure board"), columns, rows)
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Disclosure board")),
                 row_count=len(rows))  # fmt: skip
    return content
