"""Pages of carrying out funded micro-projects (R-PB-1): the staff list across rounds with its
export, the public project page (milestones, progress and photos, spending totals, acceptance,
ratings) with the forms of those who record, accept or rate, the photos, and the spending
ledger's export. Every write goes through ``services.implementation``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from shequ.accounts.roles import MANAGE_PB, RECORD_PB, VIEW_PB
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response

from ..forms_implementation import (
    AcceptanceForm,
    FundedFilterForm,
    MilestoneDoneForm,
    MilestoneForm,
    ProgressForm,
    RatingForm,
    ReverseForm,
    SpendingForm,
)
from ..models import Milestone, ProgressPhoto, Project, SpendingEntry
from ..selectors import implementation as selectors
from ..services import implementation as services

PAGE_SIZE = 50


# ----------------------------------------------------------------------------- the list


def _filtered(request):
    user = request.user
    _require(user, VIEW_PB)
    form = FundedFilterForm(request.GET or None, rounds=selectors.funded_rounds_for(user=user))
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.funded_list_for(
        user=user, q=data.get("q", ""), round=data.get("round"), state=data.get("state", ""),
        overdue=bool(data.get("overdue")),
    )  # fmt: skip
    return form, rows


@login_required
def implementation_list(request):
    form, rows = _filtered(request)
    page = keyset_page(rows, keys=("-id",), cursor=request.GET.get("after", ""), size=PAGE_SIZE)
    page.rows = selectors.with_money(page.rows)
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "pb/implementation/list.html", {
        "form": form, "page": page, "export_query": query.urlencode(),
    })  # fmt: skip


@never_cache
@login_required
def implementation_export(request):
    _form, rows = _filtered(request)
    content = selectors.funded_export(user=request.user, rows=rows.order_by("-id"))
    name = _("funded micro-projects %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(content, name)


# ----------------------------------------------------------------------------- a project


def _project(user, pk) -> Project:
    try:
        return selectors.project_public_get_for(user=user, pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None


def _context(request, project, **forms) -> dict:
    user = request.user
    may = selectors.abilities(user, project)
    person = getattr(user, "person", None)
    refusal = services.rating_refusal(person=person, project=project)
    today = timezone.localdate()
    context = {
        "project": project, "delivery": selectors.delivery_for(project, today=today), **may,
        "ledger": selectors.ledger_for(project) if may["may_view_ledger"] else None,
        "may_rate": not refusal, "today": today,
        "rating_form": forms.get("rating_form") or RatingForm(),
    }  # fmt: skip
    if may["may_record"]:
        context.update({
            "milestone_form": forms.get("milestone_form") or MilestoneForm(),
            "done_form": MilestoneDoneForm(initial={"done_on": today}),
            "progress_form": forms.get("progress_form") or ProgressForm(),
            "spending_form": forms.get("spending_form") or SpendingForm(
                initial={"paid_on": today}),
            "reverse_form": ReverseForm(),
        })  # fmt: skip
    if may["may_accept"]:
        context["acceptance_form"] = forms.get("acceptance_form") or AcceptanceForm(
            people=selectors.participant_choices(project), initial={"checked_on": today}
        )
    return context


@login_required
def implementation_project(request, pk):
    project = _project(request.user, pk)
    return render(request, "pb/implementation/project.html", _context(request, project))


def _post(request, pk, perm, form_class, form_key, call, done_message, form_kwargs=None):
    """One form of the project page: parse, call the service, redirect or show the errors."""
    user = request.user
    project = _project(user, pk)
    if perm is not None:
        _require(user, perm, project)
    form = form_class(request.POST, request.FILES, **form_kwargs(project) if form_kwargs else {})
    if form.is_valid():
        try:
            call(user, project, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done_message)
            return redirect("pb:implementation_project", pk=project.pk)
    context = _context(request, project, **{form_key: form})
    return render(request, "pb/implementation/project.html", context, status=400)


@login_required
@require_POST
def milestone_add(request, pk):
    return _post(
        request, pk, RECORD_PB, MilestoneForm, "milestone_form",
        lambda user, project, data: services.milestone_add(actor=user, project=project, **data),
        _("Milestone added."),
    )  # fmt: skip


@login_required
@require_POST
def milestone_done(request, pk):
    user = request.user
    try:
        milestone = Milestone.objects.visible_to(user, VIEW_PB).select_related("project").get(pk=pk)
    except Milestone.DoesNotExist:
        raise Http404 from None
    _require(user, RECORD_PB, milestone.project)
    form = MilestoneDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the day it was done."))
    else:
        try:
            services.milestone_done(actor=user, milestone=milestone, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Milestone done."))
    return redirect("pb:implementation_project", pk=milestone.project_id)


@login_required
@require_POST
def progress_add(request, pk):
    return _post(
        request, pk, RECORD_PB, ProgressForm, "progress_form",
        lambda user, project, data: services.progress_report(actor=user, project=project, **data),
        _("Progress reported."),
    )  # fmt: skip


@login_required
@require_POST
def spending_add(request, pk):
    return _post(
        request, pk, RECORD_PB, SpendingForm, "spending_form",
        lambda user, project, data: services.spending_record(actor=user, project=project, **data),
        _("Payment recorded."),
    )  # fmt: skip


@login_required
@require_POST
def spending_reverse(request, pk):
    user = request.user
    try:
        entry = SpendingEntry.objects.visible_to(user, VIEW_PB).select_related("project").get(pk=pk)
    except SpendingEntry.DoesNotExist:
        raise Http404 from None
    _require(user, RECORD_PB, entry.project)
    form = ReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the reversal."))
    else:
        try:
            services.spending_reverse(actor=user, entry=entry, note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Entry reversed."))
    return redirect("pb:implementation_project", pk=entry.project_id)


@login_required
@require_POST
def acceptance_add(request, pk):
    return _post(
        request, pk, MANAGE_PB, AcceptanceForm, "acceptance_form",
        lambda user, project, data: services.acceptance_record(
            actor=user, project=project, **{**data, "participants": list(data["participants"])}
        ),
        _("Acceptance check recorded and posted on the board."),
        form_kwargs=lambda project: {"people": selectors.participant_choices(project)},
    )  # fmt: skip


@login_required
@require_POST
def rating_add(request, pk):
    return _post(
        request, pk, None, RatingForm, "rating_form",
        lambda user, project, data: services.rating_give(actor=user, project=project, **data),
        _("Thank you for your rating."),
    )  # fmt: skip


@never_cache
@login_required
def ledger_export(request, pk):
    user = request.user
    try:
        project = selectors.project_staff_get_for(user=user, pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None
    content = selectors.ledger_export(user=user, project=project)
    name = _("spending %(code)s.xlsx") % {"code": project.code}
    return xlsx_response(content, name)


@login_required
@require_GET
def photo_file(request, pk):
    """A progress photo to those who see its project (else 404, as for the project)."""
    try:
        photo = selectors.photo_get_for(user=request.user, pk=pk)
    except ProgressPhoto.DoesNotExist:
        raise Http404 from None
    thumbnail = request.GET.get("size") == "thumb"
    stored = photo.thumbnail if thumbnail else photo.file
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing.")) from None
    response = FileResponse(handle, content_type="image/jpeg" if thumbnail else photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


urlpatterns = [
    path("implementation/", implementation_list, name="implementation_list"),
    path("implementation/export/", implementation_export, name="implementation_export"),
    path("implementation/projects/<int:pk>/", implementation_project,
         name="implementation_project"),
    path("implementation/projects/<int:pk>/milestones/", milestone_add,
         name="implementation_milestone_add"),
    path("implementation/milestones/<int:pk>/done/", milestone_done,
         name="implementation_milestone_done"),
    path("implementation/projects/<int:pk>/progress/", progress_add,
         name="implementation_progress_add"),
    path("implementation/projects/<int:pk>/spending/", spending_add,
         name="implementation_spending_add"),
    path("implementation/projects/<int:pk>/spending/export/", ledger_export,
         name="implementation_ledger_export"),
    path("implementation/spending/<int:pk>/reverse/", spending_reverse,
         name="implementation_spending_reverse"),
    path("implementation/projects/<int:pk>/acceptance/", acceptance_add,
         name="implementation_acceptance_add"),
    path("implementation/projects/<int:pk>/rating/", rating_add,
         name="implementation_rating_add"),
    path("implementation/photos/<int:pk>/", photo_file, name="implementation_photo"),
]  # fmt: skip
