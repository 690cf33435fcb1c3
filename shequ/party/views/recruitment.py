"""Pages of the recruitment pipeline (发展党员, R-PM-3): the pipeline by stage with search and
export, the application, a recruit with his steps and what each next step still lacks, the
forms recording each requirement, and the yearly target report. Every write goes through
``services.recruitment``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import MANAGE_RECRUITMENT, VIEW_PARTY
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response

from .. import forms_recruitment as f
from .. import workflow_recruitment as wf
from ..models.recruitment import NoticeOutcome, RecruitStage
from ..selectors import recruitment as selectors
from ..selectors.orgs import org_list_for
from ..services import recruitment as services

PAGE_SIZE = 50


def _filtered(request):
    user = request.user
    form = f.RecruitFilterForm(request.GET or None, orgs=org_list_for(user=user))
    data = form.cleaned_data if form.is_valid() else {}
    recruits = selectors.recruit_list_for(
        user=user, q=data.get("q", ""), stage=data.get("stage", ""), org=data.get("org")
    )
    return form, recruits


@login_required
def recruit_list(request):
    user = request.user
    _require(user, selectors.VIEW_RECRUIT)
    form, recruits = _filtered(request)
    page = keyset_page(
        recruits.select_related("person", "org"),
        keys=("-id",),
        cursor=request.GET.get("after", ""),
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("after", None)
    counts = selectors.stage_counts_for(user=user)
    return render(
        request,
        "party/recruitment/list.html",
        {
            "form": form,
            "page": page,
            "counts": [(RecruitStage(s).label, s, n) for s, n in counts.items()],
            "may_manage": user.has_perm(MANAGE_RECRUITMENT),
            "export_query": query.urlencode(),
        },
    )


@never_cache
@login_required
def recruit_export(request):
    user = request.user
    _require(user, selectors.VIEW_RECRUIT)
    _form, recruits = _filtered(request)
    content = services.recruit_export(user=user, recruits=recruits)
    filename = _("recruits %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(content, filename)


def _answerable(user, data) -> tuple[str, object]:
    me = data.get("answerable_is_me")
    return data["answerable_name"], (user if me else None)


@login_required
def recruit_create(request):
    user = request.user
    _require(user, MANAGE_RECRUITMENT)
    form = f.RecruitApplyForm(
        request.POST or None, orgs=selectors.recruit_orgs_for(user=user),
        initial={"applied_on": timezone.localdate()},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = selectors.applicant_person_for(user=user, ref=data["person"])
        if person is None:
            form.add_error("person", _("No person with this number in your area."))
        else:
            name, answerable = _answerable(user, data)
            try:
                recruit = services.recruit_apply(
                    actor=user, person=person, org=data["org"], applied_on=data["applied_on"],
                    answerable_name=name, answerable=answerable,
                )  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Application of %(name)s registered.")
                                 % {"name": person.name})  # fmt: skip
                return redirect("party:recruit_detail", pk=recruit.pk)
    return render(request, "party/recruitment/form.html", {"form": form})


# What can be recorded on a recruit, by the stage he is in.
RECORDS = {
    "talk": (RecruitStage.APPLICANT,),
    "contacts": (RecruitStage.ACTIVIST, RecruitStage.CANDIDATE),
    "training": (RecruitStage.ACTIVIST, RecruitStage.CANDIDATE),
    "review": (RecruitStage.CANDIDATE,),
    "introducer": (RecruitStage.CANDIDATE,),
    "notice": (RecruitStage.CANDIDATE, RecruitStage.PROBATIONARY, RecruitStage.EXTENDED),
    "notice_outcome": (RecruitStage.CANDIDATE, RecruitStage.PROBATIONARY, RecruitStage.EXTENDED),
    "resolution": tuple(s for s in RecruitStage.values if wf.TRANSITIONS.get(s)),
    "approval": tuple(s for s in RecruitStage.values if wf.TRANSITIONS.get(s)),
    "answerable": tuple(s for s in RecruitStage.values if wf.TRANSITIONS.get(s)),
}
RECORD_LABELS = {
    "talk": gettext_lazy("Record the talk"),
    "contacts": gettext_lazy("Assign contacts"),
    "training": gettext_lazy("Record central training"),
    "review": gettext_lazy("Record the political review"),
    "introducer": gettext_lazy("Add an introducer"),
    "notice": gettext_lazy("Put up a public notice"),
    "resolution": gettext_lazy("Record a branch decision"),
    "answerable": gettext_lazy("Change the person answerable"),
}


def _record_form(what, recruit, data=None):
    if what == "contacts":
        return f.ContactsForm(data, members=selectors.sponsor_candidates_for(recruit=recruit))
    if what == "introducer":
        return f.IntroducerForm(data, members=selectors.sponsor_candidates_for(recruit=recruit))
    if what == "notice":
        stages = [s for s in wf.NOTICE_STAGES if wf.transition_for(recruit.stage, s)]
        return f.NoticeForm(data, stages=stages)
    if what == "resolution":
        stages = [t.target for t in wf.transitions_from(recruit.stage)
                  if t.target in wf.DECIDING_BODY]  # fmt: skip
        return f.ResolutionForm(data, stages=stages)
    return {
        "talk": f.TalkForm, "training": f.TrainingForm, "review": f.ReviewForm,
        "notice_outcome": f.NoticeOutcomeForm, "approval": f.ApprovalForm,
        "answerable": f.AnswerableForm,
    }[what](data)  # fmt: skip


def _detail_context(request, recruit, failed: dict | None = None) -> dict:
    user = request.user
    manage = user.has_perm(MANAGE_RECRUITMENT, recruit)
    steps, records = [], []
    if manage:
        for entry in selectors.next_steps(user=user, recruit=recruit):
            target = entry.step.target
            form = f.StepForm(step=entry.step, prefix=f"step-{target}")
            steps.append({"key": f"step-{target}", "entry": entry, "form": form, "open": False})
        for what, stages in RECORDS.items():
            if recruit.stage in stages and what in RECORD_LABELS:
                records.append({"key": what, "what": what, "label": RECORD_LABELS[what],
                                "form": _record_form(what, recruit), "open": False})  # fmt: skip
    if failed is not None:
        for item in steps + records:
            if item["key"] == failed["key"]:
                item.update(failed)
    return {
        "recruit": recruit,
        "sponsors": list(recruit.sponsors.all()),
        "notices": sorted(recruit.notices.all(), key=lambda n: (n.starts_on, n.pk)),
        "resolutions": sorted(recruit.resolutions.all(), key=lambda r: (r.resolved_on, r.pk)),
        "events": [
            (event, wf.VERB_LABELS.get(event.verb, event.verb))
            for event in recruit.events.order_by("at", "id")
        ],
        "probation_ends": wf.probation_ends(recruit),
        "steps": steps,
        "records": records,
        "manage": manage,
        "open_outcome": NoticeOutcome.OPEN,
    }


@login_required
def recruit_detail(request, pk):
    recruit = selectors.recruit_get_for(user=request.user, pk=pk)
    return render(request, "party/recruitment/detail.html", _detail_context(request, recruit))


@login_required
@require_POST
def recruit_step(request, pk, target):
    user = request.user
    recruit = selectors.recruit_get_for(user=user, pk=pk)
    step = wf.transition_for(recruit.stage, target)
    if step is None:
        messages.error(request, _("This step is no longer possible: the recruit has moved on."))
        return redirect("party:recruit_detail", pk=recruit.pk)
    form = f.StepForm(request.POST, step=step, prefix=f"step-{target}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.recruit_transition(
                recruit=recruit, to=target, actor=user, on=data.get("on"),
                note=data.get("note", ""), extended_until=data.get("extended_until"),
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": step.label})
            return redirect("party:recruit_detail", pk=recruit.pk)
    recruit = selectors.recruit_get_for(user=user, pk=pk)
    failed = {"key": f"step-{target}", "form": form, "open": True}
    context = _detail_context(request, recruit, failed=failed)
    return render(request, "party/recruitment/detail.html", context, status=400)


def _record(user, what, recruit, data):
    """Call the service that records ``what``."""
    if what == "talk":
        return services.recruit_record_talk(actor=user, recruit=recruit, on=data["on"],
                                            note=data["note"])  # fmt: skip
    if what == "contacts":
        return services.recruit_assign_contacts(
            actor=user, recruit=recruit, members=list(data["members"]), on=data["on"]
        )
    if what == "introducer":
        return services.recruit_add_introducer(actor=user, recruit=recruit,
                                               member=data["member"], on=data["on"])  # fmt: skip
    if what == "training":
        return services.recruit_record_training(actor=user, recruit=recruit, hours=data["hours"],
                                                on=data["on"], note=data["note"])  # fmt: skip
    if what == "review":
        return services.recruit_record_review(actor=user, recruit=recruit, on=data["on"],
                                              conclusion=data["conclusion"])  # fmt: skip
    if what == "notice":
        return services.recruit_open_notice(actor=user, recruit=recruit,
                                            for_stage=data["for_stage"],
                                            starts_on=data["starts_on"])  # fmt: skip
    if what == "notice_outcome":
        notice = next((n for n in recruit.notices.all() if n.pk == data["notice"]), None)
        if notice is None:
            raise Http404
        return services.recruit_record_notice_outcome(actor=user, notice=notice,
                                                      upheld=data["upheld"],
                                                      objections=data["objections"])  # fmt: skip
    if what == "resolution":
        numbers = {k: data.get(k) or 0 for k in ("members_entitled", "attending", "votes_for",
                                                  "votes_against")}  # fmt: skip
        return services.recruit_record_resolution(
            actor=user, recruit=recruit, for_stage=data["for_stage"],
            resolved_on=data["resolved_on"], text=data["text"],
            group_opinion=data["group_opinion"], approved_on=data["approved_on"],
            approved_by=data["approved_by"], **numbers,
        )  # fmt: skip
    if what == "approval":
        resolution = next((r for r in recruit.resolutions.all() if r.pk == data["resolution"]),
                          None)  # fmt: skip
        if resolution is None:
            raise Http404
        return services.recruit_record_approval(actor=user, resolution=resolution,
                                                approved_on=data["approved_on"],
                                                approved_by=data["approved_by"])  # fmt: skip
    name, answerable = _answerable(user, data)
    return services.recruit_set_answerable(actor=user, recruit=recruit, name=name,
                                           user=answerable)  # fmt: skip


@login_required
@require_POST
def recruit_record(request, pk, what):
    user = request.user
    recruit = selectors.recruit_get_for(user=user, pk=pk)
    if what not in RECORDS:
        raise Http404
    _require(user, MANAGE_RECRUITMENT, recruit)
    form = _record_form(what, recruit, data=request.POST)
    if form.is_valid():
        try:
            _record(user, what, recruit, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"member": "members"}
                               if what == "contacts" else None)  # fmt: skip
        else:
            messages.success(request, _("Recorded."))
            return redirect("party:recruit_detail", pk=recruit.pk)
    recruit = selectors.recruit_get_for(user=user, pk=pk)
    context = _detail_context(request, recruit, failed={"key": what, "form": form, "open": True})
    if what in ("notice_outcome", "approval"):
        messages.error(request, "；".join(m for ms in form.errors.values() for m in ms))
    return render(request, "party/recruitment/detail.html", context, status=400)


@login_required
def recruit_targets(request):
    """The yearly target per community (R-PM-3: ≥1 new member a year)."""
    user = request.user
    _require(user, VIEW_PARTY)
    form = f.TargetForm(request.GET or None)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or (
        timezone.localdate().year
    )
    report = selectors.yearly_target_report(user=user, year=year)
    return render(request, "party/recruitment/targets.html", {"form": form, "report": report})


urlpatterns = [
    path("recruitment/", recruit_list, name="recruit_list"),
    path("recruitment/export/", recruit_export, name="recruit_export"),
    path("recruitment/new/", recruit_create, name="recruit_create"),
    path("recruitment/targets/", recruit_targets, name="recruit_targets"),
    path("recruitment/<int:pk>/", recruit_detail, name="recruit_detail"),
    path("recruitment/<int:pk>/step/<str:target>/", recruit_step, name="recruit_step"),
    path("recruitment/<int:pk>/record/<str:what>/", recruit_record, name="recruit_record"),
]
