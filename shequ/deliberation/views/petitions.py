"""Pages of convening petitions (R-DLB-3): the public list with its export, a petition with its
count against the share (who signed: staff only), opening one, signing it online, entering a
paper signature, withdrawing it. Every write goes through ``services.petitions``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import (
    MANAGE_DELIBERATION,
    PROPOSE,
    RECORD_DELIBERATION,
    VIEW_PUBLIC,
)
from shequ.core.models import AuditAction, audit_record
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response, xlsx_table

from ..forms_bodies import PersonSearchForm, PetitionFilterForm, PetitionForm
from ..models import Body, Petition, SignatureChannel
from ..selectors import bodies as body_selectors
from ..selectors import petitions as selectors
from ..services import petitions as services
from ..services.bodies import body_roll

PAGE_SIZE = 50


def _petition(user, pk) -> Petition:
    try:
        return selectors.petition_get_for(user=user, pk=pk)
    except Petition.DoesNotExist:
        raise Http404 from None


def _filtered(request):
    _require(request.user, VIEW_PUBLIC)
    form = PetitionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    petitions = selectors.petition_list_for(user=request.user, q=data.get("q", ""),
                                            state=data.get("state", ""))  # fmt: skip
    return form, petitions


def _may_open(user) -> bool:
    return user.has_perm(RECORD_DELIBERATION) or (
        user.has_perm(PROPOSE) and getattr(user, "person_id", None) is not None
    )


@login_required
def petition_list(request):
    form, petitions = _filtered(request)
    page = keyset_page(petitions, keys=("-opened_on", "-id"), cursor=request.GET.get("after", ""),
                       size=PAGE_SIZE)  # fmt: skip
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "deliberation/petitions/list.html", {
        "form": form, "page": page, "export_query": query.urlencode(),
        "may_open": _may_open(request.user),
    })  # fmt: skip


@never_cache
@login_required
def petition_export(request):
    _form, petitions = _filtered(request)
    columns = [(_("Opened on"), 12), (_("Title"), 36), (_("Body"), 28), (_("Territory"), 16),
               (_("Signatures"), 10), (_("Share reached"), 17), (_("Meeting convened"), 28),
               (_("Withdrawn on"), 12)]  # fmt: skip
    rows = [
        [p.opened_on, p.title, p.body.name, p.body.node.name, p.n_signed,
         timezone.localdate(p.reached_at) if p.reached_at else None,
         p.meeting.title if p.meeting_id else "", p.withdrawn_on]
        for p in petitions.order_by("-opened_on", "-id")
    ]  # fmt: skip
    content = xlsx_table(_("Convening petitions"), columns, rows)
    audit_record(AuditAction.EXPORT, actor=request.user,
                 object_repr=str(_("Convening petitions")), row_count=len(rows))  # fmt: skip
    day = timezone.localdate().isoformat()
    return xlsx_response(content, _("convening petitions %(day)s.xlsx") % {"day": day})


def _openable_bodies(user):
    """Staff open petitions for the bodies of their subtree; a resident for the bodies public
    to him (the service then checks he is on the roll when he signs)."""
    if user.has_perm(RECORD_DELIBERATION):
        bodies = Body.objects.visible_to(user, RECORD_DELIBERATION)
    else:
        bodies = Body.objects.public_to(user, VIEW_PUBLIC)
    return bodies.filter(dissolved_on__isnull=True).select_related("node").order_by("name", "id")


@login_required
def petition_create(request):
    user = request.user
    if not _may_open(user):
        raise PermissionDenied(_("You may not do this here."))
    form = PetitionForm(request.POST or None, bodies=_openable_bodies(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = getattr(user, "person", None)
        staff = user.has_perm(RECORD_DELIBERATION, data["body"])
        try:
            if not staff and (person is None or person.pk not in body_roll(data["body"])):
                raise ValidationError({"body": _("Only those on its roll may ask to convene it.")})
            petition = services.petition_open(actor=user, body=data["body"], title=data["title"],
                                              reason=data["reason"])  # fmt: skip
            if not staff:  # the one who opens it signs it first
                services.petition_sign(actor=user, petition=petition, person=person)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The petition is open for signatures."))
            return redirect("deliberation:petition_detail", pk=petition.pk)
    return render(request, "deliberation/petitions/form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
def petition_detail(request, pk):
    user = request.user
    petition = _petition(user, pk)
    facts = selectors.petition_facts(petition)
    person = getattr(user, "person", None)
    open_ = petition.withdrawn_on is None and petition.body.dissolved_on is None
    signed = selectors.has_signed(petition, person)
    may_sign = open_ and person is not None and not signed and person.pk in body_roll(petition.body)
    may_enter = open_ and user.has_perm(RECORD_DELIBERATION, petition.body)
    search = PersonSearchForm(request.GET if "q" in request.GET else None)
    candidates = []
    if may_enter and search.is_valid():
        candidates = [
            {"person": p, "token": body_selectors.person_pick_token(p)}
            for p in body_selectors.person_candidates_for(body=petition.body,
                                                          q=search.cleaned_data["q"])
        ]  # fmt: skip
    show_signers = selectors.may_see_signers(user, petition)
    return render(request, "deliberation/petitions/detail.html", {
        "petition": petition, "facts": facts, "signed": signed, "may_sign": may_sign,
        "may_enter": may_enter, "search": search, "candidates": candidates,
        "searched": search.is_bound, "show_signers": show_signers,
        "signers": selectors.petition_signers(petition) if show_signers else [],
        "may_withdraw": open_ and petition.reached_at is None
        and (user.has_perm(MANAGE_DELIBERATION, petition.body) or petition.opened_by_id == user.pk),
    })  # fmt: skip


@login_required
@require_POST
def petition_sign(request, pk):
    """His own signature, or — for staff — a paper one (a ``person`` pick token)."""
    user = request.user
    petition = _petition(user, pk)
    token = request.POST.get("person", "")
    if token:
        _require(user, RECORD_DELIBERATION, petition.body)
        person = body_selectors.person_from_token(body=petition.body, token=token)
        channel = SignatureChannel.PAPER
        if person is None:
            messages.error(request, _("Find the resident again: the choice has expired."))
            return redirect("deliberation:petition_detail", pk=petition.pk)
    else:
        person = getattr(user, "person", None)
        channel = SignatureChannel.ONLINE
        if person is None:
            raise PermissionDenied(_("You may not do this here."))
    try:
        services.petition_sign(actor=user, petition=petition, person=person, channel=channel)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The signature of %(name)s is counted.") % {"name": person.name}
        )
    return redirect("deliberation:petition_detail", pk=petition.pk)


@login_required
@require_POST
def petition_withdraw(request, pk):
    user = request.user
    petition = _petition(user, pk)
    if not (user.has_perm(MANAGE_DELIBERATION, petition.body) or petition.opened_by_id == user.pk):
        raise PermissionDenied(_("You may not do this here."))
    try:
        services.petition_withdraw(actor=user, petition=petition)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The petition has been withdrawn."))
    return redirect("deliberation:petition_detail", pk=petition.pk)


urlpatterns = [
    path("petitions/", petition_list, name="petition_list"),
    path("petitions/export/", petition_export, name="petition_export"),
    path("petitions/new/", petition_create, name="petition_create"),
    path("petitions/<int:pk>/", petition_detail, name="petition_detail"),
    path("petitions/<int:pk>/sign/", petition_sign, name="petition_sign"),
    path("petitions/<int:pk>/withdraw/", petition_withdraw, name="petition_withdraw"),
]
