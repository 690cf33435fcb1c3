"""Pages of the member register (R-PM-1) and of transfers of membership (R-PM-7, 组织关系转接):
the register and its export, a member's record, registering a resident, editing, transfers in,
out and between organisations here, the transfers register, and a member's own page (item 12).
Every write goes through ``services.members``."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from shequ.accounts.roles import MANAGE_PARTY, VIEW_PARTY_MEMBER, VIEW_PERSON
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response

from ..choices import MembershipStage, MemberState
from ..forms_members import (
    MemberEditForm,
    MemberFilterForm,
    MemberMoveForm,
    MemberRegisterForm,
    PersonSearchForm,
    TransferFilterForm,
    TransferInForm,
    TransferOutForm,
)
from ..models import PartyMember
from ..selectors import members as selectors
from ..selectors.mine import my_sections
from ..selectors.orgs import member_get_for, own_member_record
from ..services import members as services
from ..services.members_export import member_export, transfer_export

PAGE_SIZE = 50
logger = logging.getLogger(__name__)


def _member(user, pk) -> PartyMember:
    try:
        return member_get_for(user=user, pk=pk)
    except PartyMember.DoesNotExist:
        raise Http404 from None


def _query_without_cursor(request) -> str:
    query = request.GET.copy()
    query.pop("after", None)
    return query.urlencode()


# ------------------------------------------------------------------------------ register


def _filtered_members(request):
    user = request.user
    form = MemberFilterForm(request.GET, orgs=selectors.readable_orgs_for(user=user))
    data = form.cleaned_data if form.is_valid() else {"state": MemberState.ACTIVE}
    members = selectors.member_register_for(
        user=user,
        q=data.get("q", ""),
        org=data.get("org"),
        category=data.get("category", ""),
        stage=data.get("stage", ""),
        state=data.get("state", ""),
        held=data.get("held", ""),
    )
    return form, members


@login_required
def member_list(request):
    user = request.user
    _require(user, VIEW_PARTY_MEMBER)
    form, members = _filtered_members(request)
    page = keyset_page(members, keys=("-id",), cursor=request.GET.get("after", ""),
                       size=PAGE_SIZE)  # fmt: skip
    return render(
        request,
        "party/members/member_list.html",
        {
            "form": form,
            "page": page,
            "may_manage": user.has_perm(MANAGE_PARTY),
            "export_query": _query_without_cursor(request),
        },
    )


@never_cache
@login_required
def member_export_view(request):
    """The register as filtered on the list page, as an xlsx workbook (audit-logged)."""
    user = request.user
    _require(user, VIEW_PARTY_MEMBER)
    _form, members = _filtered_members(request)
    filename = _("party members %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(member_export(user=user, members=members), filename)


@login_required
def member_detail(request, pk):
    user = request.user
    member = _member(user, pk)
    active = member.state == MemberState.ACTIVE
    return render(
        request,
        "party/members/member_detail.html",
        {
            "member": member,
            "transfers": selectors.member_transfers(member),
            "person_link": user.has_perm(VIEW_PERSON, member.person),
            "may_manage": active and user.has_perm(MANAGE_PARTY, member),
        },
    )


# ------------------------------------------------------------------- picking a resident


def _picked(request):
    """The person picked through a search on this page (a signed token), and the search:
    ``(person, search_form, candidates)``."""
    user = request.user
    token = request.POST.get("person") or request.GET.get("person", "")
    person = selectors.person_from_token(user=user, token=token)
    search = PersonSearchForm(request.GET if "q" in request.GET else None)
    candidates = []
    if search.is_valid():
        candidates = [
            {"person": p, "token": selectors.person_pick_token(p)}
            for p in selectors.person_candidates_for(user=user, q=search.cleaned_data["q"])
        ]
    return token, person, search, candidates


def _membership_initial(member) -> dict:
    if member is None:
        return {}
    return {
        "category": member.category,
        "stage": member.stage,
        "joined_on": member.joined_on,
        "full_on": member.full_on,
        "employer": member.employer,
        "from_org_name": member.external_org,
    }


@login_required
def member_register(request):
    """Enter a resident in the register: find him (his ID number, or a registry search),
    then say where his membership is held."""
    user = request.user
    _require(user, MANAGE_PARTY)
    token, person, search, candidates = _picked(request)
    form = None
    existing = None
    if person is not None:
        existing = selectors.member_of_person(person)
        form = MemberRegisterForm(
            request.POST if request.method == "POST" else None,
            orgs=selectors.managed_orgs_for(user=user),
            groups=selectors.managed_orgs_for(user=user, groups=True),
            initial={"person": token},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                member = services.member_register(
                    actor=user,
                    person=person,
                    org=data["org"],
                    external_org=data["external_org"],
                    group=data["group"],
                    category=data["category"],
                    stage=data["stage"],
                    joined_on=data["joined_on"],
                    full_on=data["full_on"],
                    employer=data["employer"],
                    employer_party_org=data["employer_party_org"],
                    card_number=data["card_number"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("%(name)s is now in the member register.") % {"name": person.name}
                )
                return redirect("party:member_detail", pk=member.pk)
    elif request.method == "POST":
        messages.error(request, _("Find the resident again: the choice has expired."))
    return render(
        request,
        "party/members/member_register.html",
        {
            "search": search,
            "candidates": candidates,
            "searched": search.is_bound,
            "person": person,
            "existing": existing,
            "form": form,
        },
    )


@login_required
def member_transfer_in(request):
    """A member arrives with his introduction letter (组织关系转入): a resident found here, or
    one registered as belonging elsewhere, whose membership comes to an organisation here."""
    user = request.user
    _require(user, MANAGE_PARTY)
    token, person, search, candidates = _picked(request)
    form = None
    existing = None
    if person is not None:
        existing = selectors.member_of_person(person)
        form = TransferInForm(
            request.POST if request.method == "POST" else None,
            orgs=selectors.managed_orgs_for(user=user),
            initial={
                "person": token,
                "received_on": timezone.localdate(),
                **_membership_initial(existing),
            },
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                member = services.member_transfer_in(
                    actor=user,
                    person=person,
                    to_org=data["to_org"],
                    from_org_name=data["from_org_name"],
                    letter_number=data["letter_number"],
                    issued_on=data["issued_on"],
                    received_on=data["received_on"],
                    category=data["category"],
                    stage=data["stage"],
                    joined_on=data["joined_on"],
                    full_on=data["full_on"] if data["stage"] == MembershipStage.FULL else None,
                    employer=data["employer"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s's membership has been transferred in.") % {"name": person.name},
                )
                return redirect("party:member_detail", pk=member.pk)
    elif request.method == "POST":
        messages.error(request, _("Find the resident again: the choice has expired."))
    return render(
        request,
        "party/members/member_transfer_in.html",
        {
            "search": search,
            "candidates": candidates,
            "searched": search.is_bound,
            "person": person,
            "existing": existing,
            "form": form,
        },
    )


# ------------------------------------------------------------------------ one member


def _managed_member(request, pk) -> PartyMember:
    member = _member(request.user, pk)
    _require(request.user, MANAGE_PARTY, member)
    return member


def _member_form_page(request, member, form, template):
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"member": member, "form": form}, status=status)


@login_required
def member_edit(request, pk):
    """Category, employer, party group, card number (not his organisation: a transfer)."""
    user = request.user
    member = _managed_member(request, pk)
    groups = selectors.managed_orgs_for(user=user, groups=True)
    if member.org_id:
        groups = groups.filter(path__startswith=member.org.path)
    else:
        groups = groups.none()
    form = MemberEditForm(
        request.POST if request.method == "POST" else None,
        groups=groups,
        initial={
            "category": member.category,
            "employer": member.employer,
            "employer_party_org": member.employer_party_org,
            "group": member.group,
            "card_number": member.card_number,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The member record has been saved."))
            return redirect("party:member_detail", pk=member.pk)
    return _member_form_page(request, member, form, "party/members/member_edit.html")


@login_required
def member_transfer_out(request, pk):
    """His membership leaves for an organisation elsewhere (组织关系转出)."""
    user = request.user
    member = _managed_member(request, pk)
    form = TransferOutForm(
        request.POST if request.method == "POST" else None,
        initial={"issued_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_transfer_out(actor=user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc, {"member": None})
        else:
            messages.success(
                request,
                _("%(name)s's membership has been transferred out.") % {"name": member.person},
            )
            return redirect("party:member_detail", pk=member.pk)
    return _member_form_page(request, member, form, "party/members/member_transfer_out.html")


@login_required
def member_move(request, pk):
    """Move his membership between two organisations here (e.g. to his new compound's
    branch)."""
    user = request.user
    member = _managed_member(request, pk)
    orgs = selectors.managed_orgs_for(user=user)
    if member.org_id:
        orgs = orgs.exclude(pk=member.org_id)
    form = MemberMoveForm(
        request.POST if request.method == "POST" else None,
        orgs=orgs,
        initial={"on": timezone.localdate()},
    )
    if member.state != MemberState.ACTIVE:
        form.add_error(None, _("He is no longer in the register."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_move(
                actor=user,
                member=member,
                to_org=data["to_org"],
                letter_number=data["letter_number"],
                on=data["on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, {"on": "on", "issued_on": "on", "received_on": "on"})
        else:
            messages.success(
                request,
                _("%(name)s's membership has moved to %(org)s.")
                % {"name": member.person, "org": data["to_org"]},
            )
            return redirect("party:member_detail", pk=member.pk)
    return _member_form_page(request, member, form, "party/members/member_move.html")


# --------------------------------------------------------------------------- transfers


def _filtered_transfers(request):
    form = TransferFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    transfers = selectors.transfer_list_for(
        user=request.user,
        q=data.get("q", ""),
        direction=data.get("direction", ""),
        start=data.get("start"),
        end=data.get("end"),
    )
    return form, transfers


@login_required
def transfer_list(request):
    user = request.user
    _require(user, VIEW_PARTY_MEMBER)
    form, transfers = _filtered_transfers(request)
    page = keyset_page(transfers, keys=("-issued_on", "-id"),
                       cursor=request.GET.get("after", ""), size=PAGE_SIZE)  # fmt: skip
    return render(
        request,
        "party/members/transfer_list.html",
        {
            "form": form,
            "page": page,
            "may_manage": user.has_perm(MANAGE_PARTY),
            "export_query": _query_without_cursor(request),
        },
    )


@never_cache
@login_required
def transfer_export_view(request):
    user = request.user
    _require(user, VIEW_PARTY_MEMBER)
    _form, transfers = _filtered_transfers(request)
    filename = _("membership transfers %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(transfer_export(user=user, transfers=transfers), filename)


# ------------------------------------------------------------------------- my party page


@login_required
def mine(request):
    """A member's own page (item 12): his record and the tasks other areas list for him.
    Anyone signed in may open it; a user who is not an active member is told so."""
    user = request.user
    member = own_member_record(user=user)
    sections = my_sections(user=user, member=member) if member is not None else []
    for section in sections:
        if section["failed"]:
            continue
        # Each section renders its own template with its own context (the other areas'
        # templates read their variables at the top level).
        try:
            section["html"] = render_to_string(
                section["template"], section["context"], request=request
            )
        except Exception:
            logger.exception("party: my-page section %r cannot be rendered", section["title"])
            section["failed"] = True
    return render(request, "party/members/mine.html", {"member": member, "sections": sections})


urlpatterns = [
    path("members/", member_list, name="member_list"),
    path("members/export/", member_export_view, name="member_export"),
    path("members/new/", member_register, name="member_register"),
    path("members/transfer-in/", member_transfer_in, name="member_transfer_in"),
    path("members/<int:pk>/", member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", member_edit, name="member_edit"),
    path("members/<int:pk>/transfer-out/", member_transfer_out, name="member_transfer_out"),
    path("members/<int:pk>/move/", member_move, name="member_move"),
    path("transfers/", transfer_list, name="transfer_list"),
    path("transfers/export/", transfer_export_view, name="transfer_export"),
    path("mine/", mine, name="mine"),
]
