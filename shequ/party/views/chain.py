"""Pages of the 四联四包 chain (R-ORG-5): the links and their export, assigning and ending a
link, the chain of a household (by id or by number), and the per-grid report of unassigned
households and overloaded members. Every write goes through ``services.chain``."""

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

from shequ.accounts.roles import MANAGE_PARTY, VIEW_PARTY
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response
from shequ.people.models import Household

from ..forms_chain import HouseholdFindForm, LinkAssignForm, LinkEndForm, LinkFilterForm
from ..models import CHAIN_FIELDS, ChainLink
from ..selectors import chain as selectors
from ..services import chain as services

PAGE_SIZE = 50


def _links(request):
    form = LinkFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    links = selectors.link_list_for(
        user=request.user,
        kind=data.get("kind", ""),
        q=data.get("q", ""),
        include_ended=data.get("include_ended", False),
    )
    return form, links


@login_required
def chain_link_list(request):
    _require(request.user, VIEW_PARTY)
    form, links = _links(request)
    page = keyset_page(links, keys=("-id",), cursor=request.GET.get("after", ""), size=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "party/chain/link_list.html",
        {
            "form": form,
            "page": page,
            "export_query": query.urlencode(),
            "find_form": HouseholdFindForm(),
            "may_manage": request.user.has_perm(MANAGE_PARTY),
        },
    )


@never_cache
@login_required
def chain_export(request):
    """The links as filtered, the per-grid report and the unassigned households (xlsx)."""
    user = request.user
    _require(user, VIEW_PARTY)
    _form, links = _links(request)
    content = services.chain_export(
        user=user,
        links=links,
        report=selectors.chain_grid_report(user=user),
        unassigned=selectors.unassigned_households(user=user),
    )
    filename = _("responsibility chain %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(content, filename)


def _resolve(form, user) -> tuple[object, object] | None:
    """The "who" and "what" the chosen kind reads; errors go beside the fields."""
    data = form.cleaned_data
    who_field, what_field = CHAIN_FIELDS[data["kind"]]
    values = {}
    for name in (who_field, what_field):
        raw = data.get(name)
        if name in ("who_member", "what_member"):
            raw = selectors.member_find_for(user=user, perm=MANAGE_PARTY, ref=raw)
        elif name == "what_household":
            raw = (
                selectors.household_list_for(user=user, perm=MANAGE_PARTY)
                .filter(number=(raw or "").strip(), dissolved_on__isnull=True)
                .first()
                if raw
                else None
            )
        if raw is None or raw == "":
            form.add_error(name, _("Choose or enter this for this kind of link."))
        values[name] = raw
    if form.errors:
        return None
    return values[who_field], values[what_field]


@login_required
def chain_link_assign(request):
    user = request.user
    _require(user, MANAGE_PARTY)
    initial = {"started_on": timezone.localdate()}
    household = request.GET.get("household", "")
    if household.isdigit():
        found = (
            selectors.household_list_for(user=user, perm=MANAGE_PARTY)
            .filter(pk=int(household))
            .first()
        )
        if found is not None:
            initial |= {"kind": "member_household", "what_household": found.number}
    form = LinkAssignForm(
        request.POST or None,
        initial=initial,
        **selectors.assign_choices_for(user=user, perm=MANAGE_PARTY),
    )
    if request.method == "POST" and form.is_valid():
        pair = _resolve(form, user)
        if pair is not None:
            kind = form.cleaned_data["kind"]
            who_field, what_field = CHAIN_FIELDS[kind]
            try:
                link = services.chain_link_assign(
                    actor=user,
                    kind=kind,
                    who=pair[0],
                    what=pair[1],
                    started_on=form.cleaned_data["started_on"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {"who": who_field, "what": what_field})
            else:
                messages.success(request, _("Link recorded: %(link)s.") % {"link": link})
                if link.what_household_id:
                    return redirect("party:household_chain", pk=link.what_household_id)
                return redirect("party:chain_link_list")
    return render(request, "party/chain/link_form.html", {"form": form})


@login_required
@require_POST
def chain_link_end(request, pk):
    user = request.user
    try:
        link = selectors.link_get_for(user=user, pk=pk)
    except ChainLink.DoesNotExist:
        raise Http404 from None
    _require(user, MANAGE_PARTY, link)
    form = LinkEndForm(request.POST)
    if form.is_valid():
        try:
            services.chain_link_end(actor=user, link=link, on=form.cleaned_data["ended_on"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Link ended."))
    else:
        messages.error(request, _("Give the day the link ended."))
    return redirect("party:chain_link_list")


@login_required
def household_chain(request, pk):
    """The people answering for one household, from it upward (R-ORG-5)."""
    user = request.user
    _require(user, VIEW_PARTY)
    try:
        household = selectors.household_find_for(user=user, pk=pk)
        steps = selectors.household_chain(user=user, household=household)
    except Household.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "party/chain/household_chain.html",
        {
            "household": household,
            "steps": steps,
            "gaps": sum(s.gap for s in steps),
            "may_manage": user.has_perm(MANAGE_PARTY, household.node),
            "end_form": LinkEndForm(initial={"ended_on": timezone.localdate()}),
        },
    )


@login_required
def household_chain_find(request):
    """Search by household number, then show its chain."""
    user = request.user
    _require(user, VIEW_PARTY)
    form = HouseholdFindForm(request.GET or None)
    if form.is_valid():
        try:
            household = selectors.household_find_for(user=user, number=form.cleaned_data["number"])
        except Household.DoesNotExist:
            form.add_error("number", _("No household with this number in your area."))
        else:
            return redirect("party:household_chain", pk=household.pk)
    return render(request, "party/chain/household_find.html", {"form": form})


@login_required
def chain_report(request):
    """Per grid: households, answered for, unassigned, overloaded members (R-ORG-5); with
    ``?grid=<id>`` the unassigned households of that grid, paged."""
    user = request.user
    _require(user, VIEW_PARTY)
    rows = selectors.chain_grid_report(user=user)
    grid, page = None, None
    if request.GET.get("grid", "").isdigit():
        grid = next((r["grid"] for r in rows if r["grid"].pk == int(request.GET["grid"])), None)
        if grid is None:
            raise Http404
        page = keyset_page(
            selectors.unassigned_households(user=user, grid=grid).order_by("id"),
            keys=("id",),
            cursor=request.GET.get("after", ""),
            size=PAGE_SIZE,
        )
    from ..config import party_config

    return render(
        request,
        "party/chain/report.html",
        {
            "rows": rows,
            "grid": grid,
            "page": page,
            "limit": party_config()["chain"]["households_per_member_max"],
        },
    )


urlpatterns = [
    path("chain/", chain_link_list, name="chain_link_list"),
    path("chain/export/", chain_export, name="chain_export"),
    path("chain/assign/", chain_link_assign, name="chain_link_assign"),
    path("chain/<int:pk>/end/", chain_link_end, name="chain_link_end"),
    path("chain/report/", chain_report, name="chain_report"),
    path("chain/household/", household_chain_find, name="household_chain_find"),
    path("chain/household/<int:pk>/", household_chain, name="household_chain"),
]
