"""Pages of case attachments and the grid worker's round: a file served only to those who
may see its case, files added from a case's page, and the phone-first form of a round."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shequ.core.views import add_service_errors

from . import attachments, selectors
from .choices import FINAL_STATUSES
from .forms import AttachmentAddForm
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
