"""Territory browser (R-ORG-1, R-ORG-4, R-ORG-8): drill down the tree from subdistrict to
household, see the figures of each child, the persons in charge and the node's history;
rename and move nodes where the user may change them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.roles import CHANGE_NODE, VIEW_HOUSEHOLD, VIEW_NODE, VIEW_PERSON
from shequ.core.paging import keyset_page
from shequ.core.scope import path_in_scope, subtree_q
from shequ.core.views import add_service_errors
from shequ.people.models import HouseholdMember
from shequ.people.selectors import (
    counts_by_child,
    household_list_for,
    person_list_for,
    tag_counts_by_child,
    tag_types_for,
)

from . import services
from .choices import NodeKind, SizeClass
from .forms import NodeMoveForm, NodeRenameForm
from .models import Node, NodeResponsibility
from .selectors import (
    community_size_class,
    node_changes_for,
    node_get_for,
    node_list_for,
    node_roots_for,
)

_ZERO = {"residents": 0, "floating": 0, "households": 0}


def node_figures(node, *, user) -> dict:
    """Residents, households, floating residents and open tags of each child of ``node``,
    with the totals and the data of a bar chart (grouped queries, none per child)."""
    children = list(Node.objects.get_children(node))
    counts = counts_by_child(node)
    tags = list(tag_types_for(user=user))
    tag_counts = tag_counts_by_child(node, user=user)
    rows = []
    for child in children:
        figures = counts.get(child.path, _ZERO)
        per_tag = tag_counts.get(child.path, {})
        rows.append(
            {
                "node": child,
                **figures,
                "tags": [per_tag.get(t.code, 0) for t in tags],
                "people_link": user.has_perm(VIEW_PERSON, child),
            }
        )
    tag_totals = [sum(r["tags"][i] for r in rows) for i in range(len(tags))]
    chart = {
        "categories": [r["node"].name for r in rows],
        "series": [
            {"name": _("Residents"), "data": [r["residents"] for r in rows]},
            {"name": _("Households"), "data": [r["households"] for r in rows]},
            {"name": _("Floating"), "data": [r["floating"] for r in rows]},
        ],
    }
    return {
        "node": node,
        "rows": rows,
        "total": counts.get("", _ZERO),
        "tags": tags,
        "tag_totals": tag_totals,
        "chart": chart,
        "chart_id": f"chart-{node.pk}",
        "people_link": user.has_perm(VIEW_PERSON, node),
    }


@login_required
def node_index(request):
    """The territory entry: the first node of the user's scope."""
    root = node_roots_for(user=request.user).first()
    if root is None:
        messages.info(request, _("No area has been assigned to you yet."))
        return redirect("home")
    return redirect("territory:detail", pk=root.pk)


def _detail_context(request, node, *, rename_form=None, move_form=None) -> dict:
    user = request.user
    today = timezone.localdate()
    breadcrumb = [
        {"node": n, "link": path_in_scope(user, VIEW_NODE, n.path)}
        for n in node.ancestors_and_self()
    ]
    figures = node_figures(node, user=user)
    size_class = None
    if node.kind == NodeKind.COMMUNITY:
        size_class = SizeClass(community_size_class(figures["total"]["households"])).label
    responsibilities = [
        {"duty": r, "person_link": r.person_id and user.has_perm(VIEW_PERSON, r.person)}
        for r in NodeResponsibility.objects.visible_to(user, VIEW_NODE)
        .filter(node=node)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("person__node", "user")
        .order_by("duty", "started_on")
    ]
    history = node_changes_for(user=user, node=node)[:20]
    households = persons = None
    if node.kind == NodeKind.FLAT:
        if user.has_perm(VIEW_HOUSEHOLD, node):
            households = household_list_for(user=user, node=node).prefetch_related(
                Prefetch(
                    "members",
                    queryset=HouseholdMember.objects.filter(ended_on__isnull=True)
                    .select_related("person")
                    .order_by("id"),
                    to_attr="open_members",
                )
            )
        if user.has_perm(VIEW_PERSON, node):
            persons = person_list_for(user=user, node=node).order_by("name", "id")[:100]
    search = None
    q = request.GET.get("q", "").strip()
    if q:
        found = (
            node_list_for(user=user)
            .filter(subtree_q("path", node.path))
            .filter(Q(name__icontains=q) | Q(code__iexact=q))
        )
        search = keyset_page(found, keys=("depth", "id"), cursor=request.GET.get("after", ""))
    may_change = user.has_perm(CHANGE_NODE, node)
    return {
        "node": node,
        "breadcrumb": breadcrumb,
        "figures": figures,
        "size_class": size_class,
        "responsibilities": responsibilities,
        "history": history,
        "households": households,
        "persons": persons,
        "q": q,
        "search": search,
        "may_change": may_change,
        "rename_form": rename_form or (NodeRenameForm(initial={"name": node.name})),
        "move_form": move_form or NodeMoveForm(),
    }


@login_required
def node_detail(request, pk):
    node = node_get_for(user=request.user, pk=pk)
    return render(request, "territory/node_detail.html", _detail_context(request, node))


def _changeable(request, pk):
    node = node_get_for(user=request.user, pk=pk)
    if not request.user.has_perm(CHANGE_NODE, node):
        raise PermissionDenied(_("You may not change this node."))
    return node


@login_required
@require_POST
def node_rename_view(request, pk):
    node = _changeable(request, pk)
    form = NodeRenameForm(request.POST)
    if form.is_valid():
        try:
            services.node_rename(node=node, name=form.cleaned_data["name"], actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The node has been renamed."))
            return redirect("territory:detail", pk=node.pk)
    node.refresh_from_db()
    context = _detail_context(request, node, rename_form=form)
    return render(request, "territory/node_detail.html", context)


@login_required
@require_POST
def node_move_view(request, pk):
    node = _changeable(request, pk)
    form = NodeMoveForm(request.POST)
    if form.is_valid():
        code = form.cleaned_data["parent_code"].strip()
        parent = node_list_for(user=request.user, perm=CHANGE_NODE).filter(code=code).first()
        if parent is None:
            form.add_error("parent_code", _("No node with this code in your area."))
        else:
            try:
                services.node_move(
                    node=node,
                    new_parent=parent,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {"parent": "parent_code"})
            else:
                messages.success(request, _("The node has been moved."))
                return redirect("territory:detail", pk=node.pk)
    context = _detail_context(request, node, move_form=form)
    return render(request, "territory/node_detail.html", context)
