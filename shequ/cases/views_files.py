"""Pages of case attachments and the grid worker's round: a file served only to those who
may see its case, files added from a case's page, and the phone-first form of a round."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shequ.accounts.roles import RECORD_CASE, roles_granting
from shequ.core.views import add_service_errors
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from . import attachments, selectors, services
from .choices import FINAL_STATUSES, Channel
from .forms import AttachmentAddForm, CaseRoundForm
from .models import Case
from .rules import ATTACH_CASE


def attachments_context(user, case: Case) -> dict:
    """What the case page shows of the files: the list, and the form when he may add more."""
    may_attach = case.status not in FINAL_STATUSES and user.has_perm(ATTACH_CASE, case)
    return {
        "attachments": list(case.attachments.order_by("created_at", "id")),
        "attachment_form": AttachmentAddForm() if may_attach else None,
    }


@login_required
@require_GET
def attachment_file(request, pk, attachment_pk):
    """One file of a case, to a user who may see the case (else 404, as for the case)."""
    case = selectors.case_get_for(user=request.user, pk=pk)
    attachment = get_object_or_404(case.attachments, pk=attachment_pk)
    thumbnail = request.GET.get("size") == "thumb" and bool(attachment.thumbnail)
    stored = attachment.thumbnail if thumbnail else attachment.file
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing.")) from None
    # images open in the page; anything else (PDF) is downloaded, never rendered by us
    response = FileResponse(
        handle,
        content_type="image/jpeg" if thumbnail else attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def attachment_upload(request, pk):
    """A worker adds files to a case from its page; each refused file is named."""
    case = selectors.case_get_for(user=request.user, pk=pk)
    form = AttachmentAddForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = attachments.attachments_add(
                case=case, uploads=form.cleaned_data["attachments"], actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(count)s files added.") % {"count": len(added)})
            return redirect("cases:detail", pk=case.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("cases:detail", pk=case.pk)


def _own_grid(user, nodes) -> Node | None:
    """The grid a worker holds his role on; else the only grid he may record in."""
    held = (
        user.role_assignments.active()
        .filter(role__in=roles_granting(RECORD_CASE), node__kind=NodeKind.GRID)
        .order_by("node__path")
        .values_list("node_id", flat=True)
    )
    for node_id in held:
        node = nodes.filter(pk=node_id).first()
        if node is not None:
            return node
    first_two = list(nodes[:2])
    return first_two[0] if len(first_two) == 1 else None


@login_required
def case_round(request):
    """The grid worker's round on his phone (R-CASE-1): photos, his location, what he saw."""
    user = request.user
    if not user.has_perm(RECORD_CASE):
        raise PermissionDenied(_("You may not do this here."))
    nodes = (
        Node.objects.filter(kind=NodeKind.GRID, is_active=True)
        .visible_to(user, RECORD_CASE)
        .order_by("path")
    )
    own = _own_grid(user, nodes)
    form = CaseRoundForm(
        request.POST or None,
        request.FILES or None,
        categories=selectors.categories_active(),
        nodes=nodes,
        initial={"node": own.pk if own else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_submit(
                actor=user,
                channel=Channel.GRID_ROUND,
                title="",
                description=data["description"],
                node=data["node"],
                category=data["category"],
                place=data["place"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                requester_name=data["requester_name"],
                requester_phone=data["requester_phone"],
                wants_reply=data["wants_reply"],
                attachments=data["attachments"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Case %(number)s recorded.") % {"number": case.number})
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_round.html", {"form": form})
