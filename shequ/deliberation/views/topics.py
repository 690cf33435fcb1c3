"""Pages of topics (议题, R-DLB-2): the list with its filters and export, opening a topic, a
topic's page with its timeline of steps and the next step's form, its documents, and the
residents' evaluation. Every write goes through ``services.topics``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import MANAGE_DELIBERATION, VIEW_PUBLIC
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response

from ..forms_topics import EvaluationForm, StepForm, TopicCreateForm, TopicFilterForm
from ..models import Topic, TopicDocument
from ..selectors import topics as selectors
from ..services import topics as services

PAGE_SIZE = 50


def _topic(user, pk) -> Topic:
    try:
        return selectors.topic_get_for(user=user, pk=pk)
    except Topic.DoesNotExist:
        raise Http404 from None


def _filtered(request):
    user = request.user
    _require(user, VIEW_PUBLIC)
    form = TopicFilterForm(request.GET or None, steps=selectors.topic_steps_in_use(user=user))
    data = form.cleaned_data if form.is_valid() else {}
    topics = selectors.topic_list_for(
        user=user, q=data.get("q", ""), procedure=data.get("procedure", ""),
        step=data.get("step", ""), state=data.get("state", ""),
    )  # fmt: skip
    return form, topics


@login_required
def topic_list(request):
    form, topics = _filtered(request)
    page = keyset_page(topics, keys=("-created_at", "-id"),
                       cursor=request.GET.get("after", ""), size=PAGE_SIZE)  # fmt: skip
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "deliberation/topics/list.html", {
        "form": form, "page": page, "export_query": query.urlencode(),
        "may_open": request.user.has_perm(MANAGE_DELIBERATION),
    })  # fmt: skip


@never_cache
@login_required
def topic_export(request):
    _form, topics = _filtered(request)
    name = _("topics %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(services.topic_export(user=request.user, topics=topics), name)


@login_required
def topic_create(request):
    user = request.user
    _require(user, MANAGE_DELIBERATION)
    form = TopicCreateForm(request.POST or None,
                           communities=selectors.topic_communities_for(user=user))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            topic = services.topic_create(actor=user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Topic opened."))
            return redirect("deliberation:topic_detail", pk=topic.pk)
    return render(request, "deliberation/topics/form.html", {"form": form})


def _detail_context(request, topic: Topic, **forms) -> dict:
    user = request.user
    step = services.next_step(topic)
    may_record = step is not None and user.has_perm(services.step_perm(step), topic)
    step_form = forms.get("step_form")
    if step_form is None and may_record:
        step_form = StepForm(
            initial={"step": step.code}, needs_motion=step.motion,
            motions=selectors.motion_choices_for(user=user, topic=topic, step=step),
        )  # fmt: skip
    may_evaluate = services.may_evaluate(user, topic)
    own = selectors.own_evaluation(user, topic) if may_evaluate else None
    return {
        "topic": topic,
        "timeline": selectors.topic_timeline(topic),
        "next_step": step,
        "step_form": step_form if may_record else None,
        "rating": selectors.topic_rating(topic),
        "evaluations": selectors.topic_evaluations(topic) if topic.evaluation_opened_at else [],
        "own_evaluation": own,
        "evaluation_form": forms.get("evaluation_form")
        or (EvaluationForm() if may_evaluate and own is None else None),
        "proposal": getattr(topic, "proposal", None),
    }


@login_required
def topic_detail(request, pk):
    topic = _topic(request.user, pk)
    return render(request, "deliberation/topics/detail.html", _detail_context(request, topic))


@login_required
@require_POST
def topic_step(request, pk):
    user = request.user
    topic = _topic(user, pk)
    step = services.next_step(topic)
    if step is None:
        messages.error(request, _("Every step of this topic is done."))
        return redirect("deliberation:topic_detail", pk=topic.pk)
    _require(user, services.step_perm(step), topic)
    motions = selectors.motion_choices_for(user=user, topic=topic, step=step)
    form = StepForm(request.POST, request.FILES, needs_motion=step.motion, motions=motions)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.topic_step_complete(
                actor=user, topic=topic, step=data["step"], decision=data["decision"],
                motion=data.get("motion"), documents=data["documents"],
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Step recorded: %(step)s") % {"step": step.label})
            return redirect("deliberation:topic_detail", pk=topic.pk)
    context = _detail_context(request, topic, step_form=form)
    return render(request, "deliberation/topics/detail.html", context, status=400)


@login_required
@require_POST
def topic_evaluate(request, pk):
    user = request.user
    topic = _topic(user, pk)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.topic_evaluate(actor=user, topic=topic, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("deliberation:topic_detail", pk=topic.pk)
    context = _detail_context(request, topic, evaluation_form=form)
    return render(request, "deliberation/topics/detail.html", context, status=400)


@login_required
def topic_document(request, pk, document_pk):
    """A document of a topic's step, to those who see the topic (else 404, as the topic)."""
    topic = _topic(request.user, pk)
    document = get_object_or_404(TopicDocument, pk=document_pk, step__topic=topic)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing.")) from None
    response = FileResponse(handle, content_type=document.content_type,
                            as_attachment=not document.is_image,
                            filename=document.original_name)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


urlpatterns = [
    path("topics/", topic_list, name="topic_list"),
    path("topics/export/", topic_export, name="topic_export"),
    path("topics/new/", topic_create, name="topic_create"),
    path("topics/<int:pk>/", topic_detail, name="topic_detail"),
    path("topics/<int:pk>/step/", topic_step, name="topic_step"),
    path("topics/<int:pk>/evaluate/", topic_evaluate, name="topic_evaluate"),
    path("topics/<int:pk>/documents/<int:document_pk>/", topic_document, name="topic_document"),
]
