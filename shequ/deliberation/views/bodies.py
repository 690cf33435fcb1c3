"""Pages of bodies (R-DLB-1, R-DLB-6, R-ORG-7): the list with its flags and export, setting up,
editing and dissolving a body, its seats (seating a resident found by name, ending a seat,
recall with its decision, by-election into a vacated seat), its constituencies, and the sizing
report of a subtree. Every write goes through ``services.bodies``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import MANAGE_DELIBERATION, VIEW_DELIBERATION
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..choices import AssemblyMode, BodyKind
from ..forms_bodies import (
    BodyCreateForm,
    BodyDissolveForm,
    BodyEditForm,
    BodyFilterForm,
    ByElectionForm,
    ConstituencyForm,
    PersonSearchForm,
    RecallForm,
    SeatEndForm,
    SeatForm,
    SizingForm,
)
from ..models import Body, BodyMember, Constituency, Motion, MotionStatus
from ..selectors import bodies as selectors
from ..selectors.petitions import petition_list_for
from ..services import bodies as services

PAGE_SIZE = 50
BODY_FIELDS = list(services.BODY_FIELDS)


def _body(user, pk) -> Body:
    try:
        return selectors.body_get_for(user=user, pk=pk)
    except Body.DoesNotExist:
        raise Http404 from None


def _seat(user, pk) -> BodyMember:
    try:
        return selectors.seat_get_for(user=user, pk=pk)
    except BodyMember.DoesNotExist:
        raise Http404 from None


# ----------------------------------------------------------------------------- list


def _filtered(request):
    _require(request.user, VIEW_DELIBERATION)
    form = BodyFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    bodies = selectors.body_list_for(user=request.user, q=data.get("q", ""),
                                     kind=data.get("kind", ""), flag=data.get("flag", ""),
                                     current=data.get("current", False))  # fmt: skip
    return form, bodies


@login_required
def body_list(request):
    form, bodies = _filtered(request)
    page = keyset_page(bodies, keys=("name", "id"), cursor=request.GET.get("after", ""),
                       size=PAGE_SIZE)  # fmt: skip
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "deliberation/bodies/list.html", {
        "form": form, "page": page, "export_query": query.urlencode(),
        "rows": [(b, selectors.term_state(b, today)) for b in page],
        "may_manage": request.user.has_perm(MANAGE_DELIBERATION),
    })  # fmt: skip


@never_cache
@login_required
def body_export(request):
    _form, bodies = _filtered(request)
    today = timezone.localdate()
    content = selectors.body_export(user=request.user, bodies=bodies.order_by("name", "id"),
                                    today=today)  # fmt: skip
    return xlsx_response(content, _("bodies %(day)s.xlsx") % {"day": today.isoformat()})


@login_required
def body_create(request):
    user = request.user
    _require(user, MANAGE_DELIBERATION)
    form = BodyCreateForm(request.POST or None, nodes=selectors.body_nodes_for(user=user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: data[k] for k in BODY_FIELDS if k != "name"}
        try:
            body = services.body_set_up(actor=user, node=data["node"], kind=data["kind"],
                                        name=data["name"], **fields)  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been set up.") % {"name": body.name})
            return redirect("deliberation:body_detail", pk=body.pk)
    return render(request, "deliberation/bodies/form.html", {"form": form, "body": None},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


# ----------------------------------------------------------------------------- one body


def _recall_motions(body: Body):
    """Passed motions of bodies at the body's place or above it (a recall's decision)."""
    paths = [body.node.path[:end] for end in range(Node.steplen, len(body.node.path) + 1,
                                                    Node.steplen)]  # fmt: skip
    return (
        Motion.objects.filter(status=MotionStatus.PASSED, meeting__body__node__path__in=paths)
        .select_related("meeting__body")
        .order_by("-closed_at", "-id")[:50]
    )


def _detail_context(request, body: Body, **forms) -> dict:
    user = request.user
    today = timezone.localdate()
    may_manage = user.has_perm(MANAGE_DELIBERATION, body) and body.dissolved_on is None
    seats = list(selectors.body_seats(body))
    lines = selectors.constituency_lines([body]).get(body.pk, [])
    by_member = body.assembly_mode == AssemblyMode.MEMBERS
    motions = _recall_motions(body) if may_manage else Motion.objects.none()
    for seat in seats:  # the motion a recall names, shown with it
        seat.decided_by = services.recall_motion(seat) if seat.recall_reference else None
    return {
        "body": body,
        "today": today,
        "term_state": selectors.term_state(body, today),
        "open_seats": [s for s in seats if s.ended_on is None],
        "past_seats": [s for s in seats if s.ended_on is not None],
        "vacancies": list(selectors.vacancies(body)) if by_member else [],
        "constituencies": lines,
        "petitions": petition_list_for(user=user, body=body)[:10],
        "roll_size": None if by_member else len(services.body_roll(body)),
        "may_manage": may_manage,
        "by_member": by_member,
        "with_constituencies": body.kind == BodyKind.REPRESENTATIVES_ASSEMBLY,
        "end_form": forms.get("end_form") or SeatEndForm(initial={"ended_on": today}),
        "recall_form": forms.get("recall_form")
        or RecallForm(initial={"ended_on": today}, motions=motions),
        "dissolve_form": forms.get("dissolve_form")
        or BodyDissolveForm(initial={"dissolved_on": today}),
        "constituency_form": forms.get("constituency_form")
        or ConstituencyForm(nodes=_covered_nodes(body)),
        "failed_seat": forms.get("failed_seat"),
    }


def _covered_nodes(body: Body):
    return Node.objects.filter(
        path__startswith=body.node.path,
        kind__in=[NodeKind.COMPOUND, NodeKind.BUILDING, NodeKind.ENTRANCE, NodeKind.FLAT],
    ).order_by("path")


@login_required
def body_detail(request, pk):
    body = _body(request.user, pk)
    return render(request, "deliberation/bodies/detail.html", _detail_context(request, body))


def _failed(request, body, **forms):
    context = _detail_context(request, body, **forms)
    return render(request, "deliberation/bodies/detail.html", context, status=400)


@login_required
def body_edit(request, pk):
    user = request.user
    body = _body(user, pk)
    _require(user, MANAGE_DELIBERATION, body)
    initial = {k: getattr(body, k) for k in BODY_FIELDS}
    form = BodyEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(actor=user, body=body,
                                 **{k: form.cleaned_data[k] for k in BODY_FIELDS})  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been changed.") % {"name": body.name})
            return redirect("deliberation:body_detail", pk=body.pk)
    return render(request, "deliberation/bodies/form.html", {"form": form, "body": body},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
@require_POST
def body_dissolve(request, pk):
    user = request.user
    body = _body(user, pk)
    _require(user, MANAGE_DELIBERATION, body)
    form = BodyDissolveForm(request.POST)
    if form.is_valid():
        try:
            services.body_dissolve(actor=user, body=body, on=form.cleaned_data["dissolved_on"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is dissolved.") % {"name": body.name})
            return redirect("deliberation:body_detail", pk=body.pk)
    return _failed(request, body, dissolve_form=form)


# ----------------------------------------------------------------------------- seats


def _picked(request, body):
    """The person picked through a search on this page (a signed token), and the search."""
    token = request.POST.get("person") or request.GET.get("person", "")
    person = selectors.person_from_token(body=body, token=token)
    search = PersonSearchForm(request.GET if "q" in request.GET else None)
    candidates = []
    if search.is_valid():
        candidates = [
            {"person": p, "token": selectors.person_pick_token(p)}
            for p in selectors.person_candidates_for(body=body, q=search.cleaned_data["q"])
        ]
    return token, person, search, candidates


@login_required
def seat_create(request, pk):
    """Seat a member: find the resident by name, then give his post and how he was seated."""
    user = request.user
    body = _body(user, pk)
    _require(user, MANAGE_DELIBERATION, body)
    if body.dissolved_on is not None or body.assembly_mode != AssemblyMode.MEMBERS:
        raise Http404
    token, person, search, candidates = _picked(request, body)
    form = None
    if person is not None:
        form = SeatForm(request.POST if request.method == "POST" else None,
                        constituencies=Constituency.objects.filter(body=body),
                        initial={"person": token, "started_on": timezone.localdate()})  # fmt: skip
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.seat_take(
                    actor=user, body=body, person=person, post=data["post"],
                    source=data["source"], constituency=data.get("constituency"),
                    unit_name=data["unit_name"], started_on=data["started_on"], note=data["note"],
                )  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s has been seated.") % {"name": person.name})
                return redirect("deliberation:body_detail", pk=body.pk)
    elif request.method == "POST":
        messages.error(request, _("Find the resident again: the choice has expired."))
    return render(request, "deliberation/bodies/seat_form.html", {
        "body": body, "search": search, "candidates": candidates, "searched": search.is_bound,
        "person": person, "form": form, "vacated": None,
    }, status=400 if form is not None and form.errors else 200)  # fmt: skip


@login_required
@require_POST
def seat_end(request, pk):
    user = request.user
    seat = _seat(user, pk)
    _require(user, MANAGE_DELIBERATION, seat.body)
    form = SeatEndForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.seat_end(actor=user, seat=seat, on=data["ended_on"], reason=data["reason"],
                              note=data["note"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The seat of %(name)s has ended.")
                             % {"name": seat.person.name})  # fmt: skip
            return redirect("deliberation:body_detail", pk=seat.body_id)
    return _failed(request, _body(user, seat.body_id), end_form=form, failed_seat=seat.pk)


@login_required
@require_POST
def seat_recall(request, pk):
    user = request.user
    seat = _seat(user, pk)
    _require(user, MANAGE_DELIBERATION, seat.body)
    form = RecallForm(request.POST, motions=_recall_motions(seat.body))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.seat_recall(actor=user, seat=seat, on=data["ended_on"], motion=data["motion"],
                                 reference=data["reference"], note=data["note"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been recalled.") % {"name": seat.person.name})
            return redirect("deliberation:body_detail", pk=seat.body_id)
    return _failed(request, _body(user, seat.body_id), recall_form=form, failed_seat=seat.pk)


@login_required
def seat_by_election(request, pk):
    """Fill a vacated seat: find the resident elected, then the day he takes the seat."""
    user = request.user
    vacated = _seat(user, pk)
    body = _body(user, vacated.body_id)
    _require(user, MANAGE_DELIBERATION, body)
    token, person, search, candidates = _picked(request, body)
    form = None
    if person is not None:
        initial = {"person": token, "started_on": timezone.localdate()}
        form = ByElectionForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.seat_by_elect(
                    actor=user,
                    vacated=vacated,
                    person=person,
                    started_on=data["started_on"],
                    note=data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s has been seated by a by-election.")
                                 % {"name": person.name})  # fmt: skip
                return redirect("deliberation:body_detail", pk=body.pk)
    elif request.method == "POST":
        messages.error(request, _("Find the resident again: the choice has expired."))
    return render(request, "deliberation/bodies/seat_form.html", {
        "body": body, "search": search, "candidates": candidates, "searched": search.is_bound,
        "person": person, "form": form, "vacated": vacated,
    }, status=400 if form is not None and form.errors else 200)  # fmt: skip


# ----------------------------------------------------------------------------- constituencies


@login_required
@require_POST
def constituency_create(request, pk):
    user = request.user
    body = _body(user, pk)
    _require(user, MANAGE_DELIBERATION, body)
    form = ConstituencyForm(request.POST, nodes=_covered_nodes(body))
    if form.is_valid():
        try:
            services.constituency_create(actor=user, body=body, name=form.cleaned_data["name"],
                                         nodes=form.cleaned_data["nodes"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The constituency has been recorded."))
            return redirect("deliberation:body_detail", pk=body.pk)
    return _failed(request, body, constituency_form=form)


@login_required
def constituency_edit(request, pk):
    user = request.user
    constituency = Constituency.objects.select_related("body").filter(pk=pk).first()
    if constituency is None:
        raise Http404
    body = _body(user, constituency.body_id)
    _require(user, MANAGE_DELIBERATION, body)
    form = ConstituencyForm(request.POST or None, nodes=_covered_nodes(body),
                            initial={"name": constituency.name,
                                     "nodes": list(constituency.nodes.all())})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.constituency_update(actor=user, constituency=constituency,
                                         name=form.cleaned_data["name"],
                                         nodes=form.cleaned_data["nodes"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The constituency has been recorded."))
            return redirect("deliberation:body_detail", pk=body.pk)
    return render(request, "deliberation/bodies/constituency_form.html",
                  {"form": form, "body": body, "constituency": constituency},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


# ----------------------------------------------------------------------------- sizing report


def _sizing(request):
    user = request.user
    _require(user, VIEW_DELIBERATION)
    roots = (
        Node.objects.visible_to(user, VIEW_DELIBERATION)
        .filter(kind__in=[NodeKind.DISTRICT, NodeKind.SUBDISTRICT, NodeKind.COMMUNITY])
        .order_by("path")
    )
    form = SizingForm(request.GET or None, roots=roots)
    root = form.cleaned_data.get("root") if form.is_valid() else None
    today = timezone.localdate()
    return form, today, selectors.sizing_report_for(user=user, root=root, today=today)


@login_required
def sizing_report(request):
    form, today, report = _sizing(request)
    low, high = selectors.representative_range()
    return render(request, "deliberation/bodies/sizing.html", {
        "form": form, "report": report, "today": today, "low": low, "high": high,
        "export_query": request.GET.urlencode(),
    })  # fmt: skip


@never_cache
@login_required
def sizing_export(request):
    _form, today, report = _sizing(request)
    content = selectors.sizing_export(user=request.user, report=report)
    return xlsx_response(content, _("sizing report %(day)s.xlsx") % {"day": today.isoformat()})


urlpatterns = [
    path("bodies/", body_list, name="body_list"),
    path("bodies/export/", body_export, name="body_export"),
    path("bodies/new/", body_create, name="body_create"),
    path("bodies/sizing/", sizing_report, name="sizing_report"),
    path("bodies/sizing/export/", sizing_export, name="sizing_export"),
    path("bodies/<int:pk>/", body_detail, name="body_detail"),
    path("bodies/<int:pk>/edit/", body_edit, name="body_edit"),
    path("bodies/<int:pk>/dissolve/", body_dissolve, name="body_dissolve"),
    path("bodies/<int:pk>/seats/new/", seat_create, name="seat_create"),
    path("bodies/<int:pk>/constituencies/new/", constituency_create, name="constituency_create"),
    path("constituencies/<int:pk>/", constituency_edit, name="constituency_edit"),
    path("seats/<int:pk>/end/", seat_end, name="seat_end"),
    path("seats/<int:pk>/recall/", seat_recall, name="seat_recall"),
    path("seats/<int:pk>/by-election/", seat_by_election, name="seat_by_election"),
]
