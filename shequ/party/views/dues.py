"""Pages of party dues (R-PM-5): the arrears report, a member's dues card with the payment
and standard forms, an organisation's ledger with spending, remittance and reversal, the
yearly summary, and their xlsx exports. Every write goes through ``services.dues``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import MANAGE_PARTY, RECORD_PARTY, VIEW_PARTY_MEMBER
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response

from ..forms_dues import (
    ArrearsFilterForm,
    DuesOutflowForm,
    DuesPayForm,
    DuesReverseForm,
    DuesStandardForm,
    YearForm,
)
from ..models import DuesEntry, DuesEntryKind, PartyMember, PartyOrg
from ..selectors import dues as selectors
from ..selectors.orgs import member_get_for
from ..services import dues as services


def _member(user, pk) -> PartyMember:
    try:
        member = member_get_for(user=user, pk=pk)
    except PartyMember.DoesNotExist:
        raise Http404 from None
    # a member's own record is readable by him, but the dues card is the clerk's page
    if not user.has_perm(VIEW_PARTY_MEMBER, member) or member.org_id is None:
        raise Http404
    return member


def _org(user, pk) -> PartyOrg:
    try:
        return selectors.dues_org_get_for(user=user, pk=pk)
    except PartyOrg.DoesNotExist:
        raise Http404 from None


# ----------------------------------------------------------------------------- arrears


def _arrears(request):
    user = request.user
    _require(user, VIEW_PARTY_MEMBER)
    form = ArrearsFilterForm(request.GET or None, orgs=selectors.dues_orgs_for(user=user))
    data = form.cleaned_data if form.is_valid() else {}
    report = selectors.arrears_for(
        user=user,
        today=timezone.localdate(),
        org=data.get("org"),
        q=data.get("q", ""),
        min_months=0 if data.get("everyone") else None,
    )
    return form, report


@login_required
def dues_arrears(request):
    form, report = _arrears(request)
    return render(request, "party/dues/arrears.html", {
        "form": form, "report": report, "export_query": request.GET.urlencode(),
        "today": timezone.localdate(),
    })  # fmt: skip


@never_cache
@login_required
def dues_arrears_export(request):
    _form, report = _arrears(request)
    name = _("dues arrears %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(selectors.arrears_export(report), name)


# ----------------------------------------------------------------------------- member card


def _card_context(request, member, *, pay_form=None, standard_form=None) -> dict:
    user = request.user
    card = selectors.member_dues_for(user=user, member=member, today=timezone.localdate())
    may_pay = user.has_perm(RECORD_PARTY, member)
    may_set = user.has_perm(MANAGE_PARTY, member)
    if pay_form is None and may_pay:
        initial = {}
        if card.owed:
            initial = {
                "first_month": f"{card.owed[0]:%Y-%m}",
                "last_month": f"{card.owed[-1]:%Y-%m}",
                "amount": card.amount_owed,
            }
        pay_form = DuesPayForm(initial=initial)
    if standard_form is None and may_set:
        standard_form = DuesStandardForm(initial={"from_month": f"{timezone.localdate():%Y}-01"})
    return {
        "member": member, "card": card, "pay_form": pay_form if may_pay else None,
        "standard_form": standard_form if may_set else None,
    }  # fmt: skip


@login_required
def dues_member(request, pk):
    member = _member(request.user, pk)
    return render(request, "party/dues/member.html", _card_context(request, member))


@login_required
@require_POST
def dues_pay(request, pk):
    user = request.user
    member = _member(user, pk)
    _require(user, RECORD_PARTY, member)
    form = DuesPayForm(request.POST)
    if form.is_valid():
        try:
            entries = services.dues_pay(actor=user, member=member, months=form.months(),
                                        amount=form.cleaned_data["amount"],
                                        note=form.cleaned_data["note"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc, {"months": "first_month"})
        else:
            messages.success(request, _("Payment recorded for %(n)d months.")
                             % {"n": len(entries)})  # fmt: skip
            return redirect("party:dues_member", pk=member.pk)
    context = _card_context(request, member, pay_form=form)
    return render(request, "party/dues/member.html", context, status=400)


@login_required
@require_POST
def dues_standard_set(request, pk):
    user = request.user
    member = _member(user, pk)
    _require(user, MANAGE_PARTY, member)
    form = DuesStandardForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            standard = services.dues_standard_set(
                actor=user, member=member, from_month=data["from_month"], basis=data["basis"],
                income=data["income"], note=data["note"],
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Standard set: %(amount)s yuan a month.")
                             % {"amount": standard.monthly_amount})  # fmt: skip
            return redirect("party:dues_member", pk=member.pk)
    context = _card_context(request, member, standard_form=form)
    return render(request, "party/dues/member.html", context, status=400)


# ----------------------------------------------------------------------------- ledger


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 1990 <= int(value) <= 2100 else (
        timezone.localdate().year
    )  # fmt: skip


def _ledger_context(request, org, *, outflow_form=None) -> dict:
    user = request.user
    ledger = selectors.dues_ledger_for(user=user, org=org, year=_year(request))
    may_manage = user.has_perm(MANAGE_PARTY, org)
    return {
        "org": org, "ledger": ledger, "may_manage": may_manage,
        "outflow_form": (outflow_form or DuesOutflowForm()) if may_manage else None,
        "reverse_form": DuesReverseForm() if may_manage else None,
        "reversed_ids": {e.reverses_id for e, _b in ledger.rows if e.reverses_id},
        "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
        "orgs": selectors.dues_orgs_for(user=user).order_by("path"),
    }  # fmt: skip


@login_required
def dues_ledger(request, pk):
    org = _org(request.user, pk)
    return render(request, "party/dues/ledger.html", _ledger_context(request, org))


@never_cache
@login_required
def dues_ledger_export(request, pk):
    org = _org(request.user, pk)
    ledger = selectors.dues_ledger_for(user=request.user, org=org, year=_year(request))
    name = _("dues ledger %(org)s %(year)d.xlsx") % {"org": org.name, "year": ledger.year}
    return xlsx_response(selectors.ledger_export(ledger), name)


@login_required
@require_POST
def dues_outflow(request, pk):
    """A spending or a remittance to the higher level, from the ledger page."""
    user = request.user
    org = _org(user, pk)
    _require(user, MANAGE_PARTY, org)
    form = DuesOutflowForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        record = (
            services.dues_spend if data["kind"] == DuesEntryKind.SPENDING else services.dues_remit
        )
        try:
            record(actor=user, org=org, amount=data["amount"], note=data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Entry recorded."))
            return redirect("party:dues_ledger", pk=org.pk)
    return render(request, "party/dues/ledger.html",
                  _ledger_context(request, org, outflow_form=form), status=400)  # fmt: skip


@login_required
@require_POST
def dues_reverse(request, pk):
    user = request.user
    try:
        entry = (
            DuesEntry.objects.visible_to(user, VIEW_PARTY_MEMBER).select_related("org").get(pk=pk)
        )
    except DuesEntry.DoesNotExist:
        raise Http404 from None
    _require(user, MANAGE_PARTY, entry.org)
    form = DuesReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the reversal."))
    else:
        try:
            services.dues_reverse(actor=user, entry=entry, note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Entry reversed."))
    year = timezone.localtime(entry.recorded_at).year
    return redirect(f"{reverse('party:dues_ledger', args=[entry.org_id])}?year={year}")


# ----------------------------------------------------------------------------- summary


def _summary(request):
    user = request.user
    _require(user, VIEW_PARTY_MEMBER)
    form = YearForm(request.GET or None, orgs=selectors.dues_orgs_for(user=user))
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or timezone.localdate().year
    return form, year, selectors.dues_summary_for(user=user, year=year, org=data.get("org"))


@login_required
def dues_summary(request):
    form, year, rows = _summary(request)
    totals = {
        key: sum((r[key] for r in rows), selectors.ZERO)
        for key in ("opening", "paid", "spent", "remitted", "closing")
    }
    return render(request, "party/dues/summary.html", {
        "form": form, "year": year, "rows": rows, "totals": totals,
        "export_query": request.GET.urlencode(),
    })  # fmt: skip


@never_cache
@login_required
def dues_summary_export(request):
    _form, year, rows = _summary(request)
    name = _("dues summary %(year)d.xlsx") % {"year": year}
    return xlsx_response(selectors.summary_export(rows), name)


urlpatterns = [
    path("dues/", dues_arrears, name="dues_arrears"),
    path("dues/export/", dues_arrears_export, name="dues_arrears_export"),
    path("dues/summary/", dues_summary, name="dues_summary"),
    path("dues/summary/export/", dues_summary_export, name="dues_summary_export"),
    path("dues/members/<int:pk>/", dues_member, name="dues_member"),
    path("dues/members/<int:pk>/pay/", dues_pay, name="dues_pay"),
    path("dues/members/<int:pk>/standard/", dues_standard_set, name="dues_standard_set"),
    path("dues/orgs/<int:pk>/", dues_ledger, name="dues_ledger"),
    path("dues/orgs/<int:pk>/export/", dues_ledger_export, name="dues_ledger_export"),
    path("dues/orgs/<int:pk>/outflow/", dues_outflow, name="dues_outflow"),
    path("dues/entries/<int:pk>/reverse/", dues_reverse, name="dues_reverse"),
]
