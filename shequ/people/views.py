"""Registry pages (R-PPL-1..3): the residents' list, a person's page with logged unmasking,
person creation, households and their members. Every read goes through the scoped
selectors; every write through people.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import (
    CHANGE_PERSON,
    UNMASK_PERSON,
    VIEW_AUDIT,
    VIEW_HOUSEHOLD,
    VIEW_PERSON,
)
from shequ.core.models import AuditAction, AuditEvent
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.territory.selectors import node_get_for, node_list_for

from . import services
from .choices import PersonStatus, ResidenceKind
from .forms import SORTS, HouseholdMemberForm, PersonCreateForm, PersonFilterForm, UnmaskForm
from .models import HouseholdMember, PersonTag, Residence
from .selectors import (
    household_get_for,
    person_get_for,
    person_list_for,
    person_tags_for,
    tag_in_force_q,
    tag_types_for,
)

PAGE_SIZE = 50

UNMASK_LABELS = {
    "id_number": gettext_lazy("ID number"),
    "phone": gettext_lazy("Phone"),
    "registered_address": gettext_lazy("Registered address"),
}


def _open_tags(user):
    return Prefetch(
        "tags",
        queryset=PersonTag.objects.filter(tag_in_force_q(), tag__in=tag_types_for(user=user))
        .select_related("tag")
        .order_by("tag__order", "tag__code"),
        to_attr="open_tags",
    )


# What the list shows and sorts by: the sealed values stay in the database.
LIST_FIELDS = (
    "name", "name_pinyin", "status", "sex", "birth_date", "id_number_masked", "phone_masked",
    "residence_kind", "node__name", "node__code",
)  # fmt: skip


@login_required
def person_list(request):
    """Residents in the user's scope: search, filters, keyset pages (no COUNT query)."""
    user = request.user
    _require(user, VIEW_PERSON)
    data = request.GET.copy()
    data.setdefault("status", PersonStatus.RESIDENT)
    data.setdefault("sort", "name")
    tag_types = list(tag_types_for(user=user))
    form = PersonFilterForm(data, tag_types=tag_types)
    node = None
    page = None
    if form.is_valid():
        filters = form.cleaned_data
        if filters["node"]:
            node = node_get_for(user=user, pk=filters["node"], perm=VIEW_PERSON)
        persons = person_list_for(
            user=user,
            q=filters["q"],
            tag=filters["tag"],
            residence_kind=filters["residence_kind"],
            status=filters["status"],
            node=node,
        )
        persons = (
            persons.select_related("node").only(*LIST_FIELDS).prefetch_related(_open_tags(user))
        )
        keys = SORTS[filters["sort"] or "name"][1]
        page = keyset_page(persons, keys=keys, cursor=request.GET.get("after", ""), size=PAGE_SIZE)
    context = {
        "form": form,
        "node": node,
        "page": page,
        "may_create": user.has_perm(CHANGE_PERSON),
    }
    return render(request, "people/person_list.html", context)


def _unmask_items(person, *, may_unmask: bool) -> list[dict]:
    masked = {
        "id_number": person.id_number_masked,
        "phone": person.phone_masked,
        "registered_address": person.registered_address_masked,
    }
    return [
        {
            "field": field,
            "label": UNMASK_LABELS[field],
            "masked": masked[field],
            "may_unmask": may_unmask and bool(masked[field]),
            "form": UnmaskForm(initial={"field": field}),
            "value": None,
        }
        for field in services.UNMASKABLE_FIELDS
    ]


@login_required
def person_detail(request, pk):
    user = request.user
    person = person_get_for(user=user, pk=pk)
    residences = list(
        Residence.objects.filter(person=person)
        .select_related("node", "landlord")
        .order_by("-started_on", "-id")
    )
    current = next((r for r in residences if r.ended_on is None), None)
    membership = (
        HouseholdMember.objects.visible_to(user, VIEW_HOUSEHOLD)
        .filter(person=person, ended_on__isnull=True)
        .select_related("household__node")
        .first()
    )
    members = []
    if membership is not None:
        members = [
            {"member": m, "link": user.has_perm(VIEW_PERSON, m.person)}
            for m in HouseholdMember.objects.filter(
                household=membership.household, ended_on__isnull=True
            )
            .select_related("person__node")
            .order_by("id")
        ]
    access_log = None
    if user.has_perm(VIEW_AUDIT, person):
        events = AuditEvent.objects.visible_to(user, VIEW_AUDIT).filter(
            person_id=person.pk, action=AuditAction.UNMASK
        )[:20]
        access_log = [(e, UNMASK_LABELS.get(e.field, e.field)) for e in events]
    context = {
        "person": person,
        "address": person.node.full_name(),
        "unmask_items": _unmask_items(person, may_unmask=user.has_perm(UNMASK_PERSON, person)),
        "tags": person_tags_for(user=user, person=person),
        "residences": residences,
        "current": current,
        "membership": membership,
        "members": members,
        "access_log": access_log,
    }
    return render(request, "people/person_detail.html", context)


@never_cache
@login_required
@require_POST
def person_unmask_view(request, pk):
    """The full value of one personal field, for a typed reason; the service logs it."""
    user = request.user
    person = person_get_for(user=user, pk=pk)
    _require(user, UNMASK_PERSON, person)
    form = UnmaskForm(request.POST)
    value = None
    if not form.is_valid() and "field" in form.errors:
        return HttpResponseBadRequest(_("This field cannot be unmasked."))
    if form.is_valid():
        try:
            value = services.person_unmask(
                user=user,
                person=person,
                field=form.cleaned_data["field"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    field = form.cleaned_data["field"]
    item = {
        "field": field,
        "label": UNMASK_LABELS[field],
        "masked": getattr(person, f"{field}_masked"),
        "may_unmask": True,
        "form": form,
        "value": value,
        "open": value is None,
    }
    template = "people/includes/unmask.html" if request.htmx else "people/person_unmask.html"
    return render(request, template, {"person": person, "item": item})


@never_cache  # the form may echo the typed ID number back beside an error
@login_required
def person_create(request):
    user = request.user
    _require(user, CHANGE_PERSON)
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        flat = node_list_for(user=user, perm=CHANGE_PERSON).filter(code=data["flat_code"]).first()
        if flat is None:
            form.add_error("flat_code", _("No flat with this code in your area."))
        else:
            floating = {}
            if data["residence_kind"] == ResidenceKind.FLOATING:
                floating = {k: data[k] for k in PersonCreateForm.FLOATING_FIELDS}
            try:
                person = services.person_create(
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    node=flat,
                    residence_kind=data["residence_kind"],
                    started_on=data["started_on"],
                    registered_address=data["registered_address"],
                    **floating,
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {"node": "flat_code"})
            else:
                messages.success(request, _("%(name)s has been registered.") % {"name": person})
                return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form})


def _household_context(request, household, form=None) -> dict:
    user = request.user
    memberships = (
        HouseholdMember.objects.filter(household=household)
        .select_related("person__node")
        .order_by("ended_on", "id")
    )
    current, former = [], []
    for m in memberships:
        row = {"member": m, "link": user.has_perm(VIEW_PERSON, m.person)}
        (current if m.ended_on is None else former).append(row)
    may_change = user.has_perm(CHANGE_PERSON, household)
    return {
        "household": household,
        "address": household.node.full_name(),
        "current": current,
        "former": former,
        "may_change": may_change,
        "form": form or (HouseholdMemberForm() if may_change else None),
    }


@login_required
def household_detail(request, pk):
    household = household_get_for(user=request.user, pk=pk)
    return render(request, "people/household_detail.html", _household_context(request, household))


@login_required
@require_POST
def household_add_member_view(request, pk):
    user = request.user
    household = household_get_for(user=user, pk=pk)
    _require(user, CHANGE_PERSON, household)
    form = HouseholdMemberForm(request.POST)
    if form.is_valid():
        person = (
            person_list_for(user=user, status="").filter(pk=form.cleaned_data["person"]).first()
        )
        if person is None or not user.has_perm(CHANGE_PERSON, person):
            form.add_error("person", _("No person with this number in your area."))
        else:
            try:
                services.household_add_member(
                    household=household, person=person, relation=form.cleaned_data["relation"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("%(name)s has joined the household.") % {"name": person}
                )
                return redirect("people:household", pk=household.pk)
    context = _household_context(request, household, form)
    return render(request, "people/household_detail.html", context)
