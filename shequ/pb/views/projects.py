"""Pages of a round's projects (R-PB-1, R-PB-3): proposing one (with photos), its page (public
money and co-funding side by side, photos, the vetting finding), vetting, co-funding, and
the photos served to those who may see the project."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.roles import RECORD_PB
from shequ.core.perms import require_perm

from ..choices import Phase, ProjectStatus
from ..forms import CoFundingForm, ProposeForm, VetForm
from ..models import Project, ProjectPhoto
from ..selectors.rounds import project_get_for, project_money
from ..services import projects as services
from .rounds import round_for


def _project(user, pk) -> Project:
    try:
        project = project_get_for(user=user, pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None
    hidden = (ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN)
    mine = project.proposer_id and project.proposer_id == getattr(user, "person_id", None)
    if project.status in hidden and not mine and not user.has_perm(RECORD_PB, project.round):
        raise Http404
    return project


@login_required
def project_propose(request, pk):
    user = request.user
    round = round_for(user, pk)
    refusal = services.proposal_refusal(user, round)
    if refusal:
        raise PermissionDenied(refusal)
    form = ProposeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_propose(round=round, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your proposal is registered as %(code)s.")
                             % {"code": project.code})  # fmt: skip
            return redirect("pb:project_detail", pk=project.pk)
    caps = services.pb_config()["projects"]["cost_caps"]
    return render(request, "pb/projects/propose.html", {"round": round, "form": form,
                                                         "caps": caps})  # fmt: skip


def add_errors(form, exc: ValidationError) -> None:
    from shequ.core.views import add_service_errors

    add_service_errors(form, exc)


def _detail_context(request, project: Project, **forms) -> dict:
    user = request.user
    round = project.round
    staff = user.has_perm(RECORD_PB, round)
    return {
        "project": project,
        "round": round,
        "money": project_money(project),
        "cofundings": project.cofundings.order_by("id")
        if staff
        else project.cofundings.exclude(status="withdrawn").order_by("id"),
        "photos": project.photos.all(),
        "staff": staff,
        "vet_form": forms.get("vet_form")
        or (
            VetForm(initial={"cost": project.cost})
            if staff and round.phase in (Phase.COLLECT, Phase.VET)
            else None
        ),  # fmt: skip
        "cofunding_form": forms.get("cofunding_form") or (CoFundingForm() if staff else None),
        "may_shortlist": round.phase == Phase.SHORTLIST and services.may_shortlist(user, round),
    }


@login_required
def project_detail(request, pk):
    project = _project(request.user, pk)
    return render(request, "pb/projects/detail.html", _detail_context(request, project))


@login_required
@require_POST
def project_vet(request, pk):
    user = request.user
    project = _project(user, pk)
    require_perm(user, RECORD_PB, project.round)
    form = VetForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.project_vet(project=project, actor=user, feasible=data["feasible"],
                                 note=data["note"], cost=data["cost"])  # fmt: skip
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The finding is recorded."))
            return redirect("pb:project_detail", pk=project.pk)
    return render(request, "pb/projects/detail.html",
                  _detail_context(request, project, vet_form=form), status=400)  # fmt: skip


@login_required
@require_POST
def project_cofunding(request, pk):
    user = request.user
    project = _project(user, pk)
    require_perm(user, RECORD_PB, project.round)
    form = CoFundingForm(request.POST)
    if form.is_valid():
        try:
            services.cofunding_record(project=project, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The co-funding is recorded."))
            return redirect("pb:project_detail", pk=project.pk)
    return render(request, "pb/projects/detail.html",
                  _detail_context(request, project, cofunding_form=form), status=400)  # fmt: skip


@login_required
def project_photo(request, pk, photo_pk):
    project = _project(request.user, pk)
    try:
        photo = project.photos.get(pk=photo_pk)
    except ProjectPhoto.DoesNotExist:
        raise Http404 from None
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


urlpatterns = [
    path("rounds/<int:pk>/propose/", project_propose, name="project_propose"),
    path("projects/<int:pk>/", project_detail, name="project_detail"),
    path("projects/<int:pk>/vet/", project_vet, name="project_vet"),
    path("projects/<int:pk>/cofunding/", project_cofunding, name="project_cofunding"),
    path("projects/<int:pk>/photos/<int:photo_pk>/", project_photo, name="project_photo"),
]
