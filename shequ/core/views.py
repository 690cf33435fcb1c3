"""Home page (figures of the user's area), the audit-trail search, and the health check."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.accounts.roles import VIEW_AUDIT

from .models import AuditAction, AuditEvent
from .paging import keyset_page


def add_service_errors(form, exc: ValidationError, field_map: dict | None = None) -> None:
    """Put a service's ValidationError beside the form fields it names (R-PPL-3: "bad input
    gets a clear message naming the field"); unknown fields go to the top of the form."""
    field_map = field_map or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        target = field_map.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


@login_required
def home(request):
    from shequ.party.selectors.dashboard import party_figures_for
    from shequ.party.views.index import figure_rows
    from shequ.territory.selectors import node_roots_for
    from shequ.territory.views import node_figures

    areas = [node_figures(root, user=request.user) for root in node_roots_for(user=request.user)]
    figures = party_figures_for(user=request.user)
    return render(request, "core/home.html", {"areas": areas, "figures": figures,
                                              **figure_rows(figures)})  # fmt: skip


def healthz(request):
    return JsonResponse({"ok": True})


# ISO format whatever the language: <input type="date"> accepts nothing else.
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    person = forms.IntegerField(label=gettext_lazy("Person id"), required=False, min_value=1)
    object_type = forms.CharField(label=gettext_lazy("Object type"), required=False, max_length=60)
    object_id = forms.CharField(label=gettext_lazy("Object id"), required=False, max_length=40)
    actor = forms.CharField(label=gettext_lazy("Actor"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("Any"))] + list(AuditAction.choices),
    )
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=_DATE)
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=_DATE)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@login_required
def audit_list(request):
    """Search the audit trail inside the user's scope, newest first, keyset-paginated."""
    if not request.user.has_perm(VIEW_AUDIT):
        raise PermissionDenied(_("You may not read the audit trail."))
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.visible_to(request.user, VIEW_AUDIT)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            events = events.filter(person_id=data["person"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"].strip().lower())
        if data["object_id"]:
            events = events.filter(object_id=data["object_id"].strip())
        if data["actor"]:
            events = events.filter(actor_name__istartswith=data["actor"].strip())
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["date_from"]:
            events = events.filter(at__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            events = events.filter(at__lt=_day_start(data["date_to"] + dt.timedelta(days=1)))
    elif form.is_bound:
        events = events.none()
    page = keyset_page(events, keys=("-at", "-id"), cursor=request.GET.get("after", ""))
    return render(request, "core/audit_list.html", {"form": form, "page": page})
