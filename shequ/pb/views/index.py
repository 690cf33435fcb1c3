"""民生微实事: the list of rounds the user may see, searchable, keyset-paged, exportable."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from shequ.accounts.roles import MANAGE_PB
from shequ.core.paging import keyset_page
from shequ.core.xlsx import xlsx_response

from ..forms import RoundFilterForm
from ..selectors.rounds import round_export, round_list_for

PAGE_SIZE = 50


def _filtered(request):
    form = RoundFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rounds = round_list_for(user=request.user, q=data.get("q", ""), phase=data.get("phase", ""),
                            year=data.get("year"))  # fmt: skip
    return form, rounds


@login_required
def pb_index(request):
    form, rounds = _filtered(request)
    page = keyset_page(rounds, keys=("-year", "-id"), cursor=request.GET.get("after", ""),
                       size=PAGE_SIZE)  # fmt: skip
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "pb/index.html", {
        "form": form, "page": page, "export_query": query.urlencode(),
        "may_create": request.user.has_perm(MANAGE_PB),
    })  # fmt: skip


@never_cache
@login_required
def pb_index_export(request):
    _form, rounds = _filtered(request)
    name = _("micro-project rounds %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(round_export(user=request.user, rounds=rounds), name)


urlpatterns = [
    path("", pb_index, name="index"),
    path("export/", pb_index_export, name="index_export"),
]
