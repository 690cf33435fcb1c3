"""Pages of the disclosure board (公开栏): what is public where the user stands, searchable,
filtered by kind and exportable; a publication; staff posting a plain notice through
``services.board.publish``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from shequ.accounts.roles import RECORD_DELIBERATION, VIEW_PUBLIC
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.xlsx import xlsx_response

from ..forms_bodies import BoardFilterForm, NoticeForm
from ..models import Publication, PublicationKind
from ..selectors import board as selectors
from ..services.board import publish

PAGE_SIZE = 30


def _filtered(request):
    _require(request.user, VIEW_PUBLIC)
    form = BoardFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, selectors.publication_list_for(user=request.user, q=data.get("q", ""),
                                                kind=data.get("kind", ""))  # fmt: skip


@login_required
def board_list(request):
    form, publications = _filtered(request)
    page = keyset_page(publications, keys=("-published_at", "-id"),
                       cursor=request.GET.get("after", ""), size=PAGE_SIZE)  # fmt: skip
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "deliberation/board/list.html", {
        "form": form, "page": page, "export_query": query.urlencode(),
        "may_post": request.user.has_perm(RECORD_DELIBERATION),
    })  # fmt: skip


@never_cache
@login_required
def board_export(request):
    _form, publications = _filtered(request)
    content = selectors.publication_export(user=request.user, publications=publications)
    day = timezone.localdate().isoformat()
    return xlsx_response(content, _("disclosure board %(day)s.xlsx") % {"day": day})


@login_required
def board_detail(request, pk):
    try:
        publication = selectors.publication_get_for(user=request.user, pk=pk)
    except Publication.DoesNotExist:
        raise Http404 from None
    return render(request, "deliberation/board/detail.html", {"publication": publication})


@login_required
def notice_create(request):
    user = request.user
    _require(user, RECORD_DELIBERATION)
    form = NoticeForm(request.POST or None, nodes=selectors.notice_nodes_for(user=user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        publication = publish(node=data["node"], kind=PublicationKind.NOTICE, title=data["title"],
                              body=data["body"], until=data["until"], actor=user)  # fmt: skip
        messages.success(request, _("The notice is on the board."))
        return redirect("deliberation:board_detail", pk=publication.pk)
    return render(request, "deliberation/board/form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


urlpatterns = [
    path("board/", board_list, name="board_list"),
    path("board/export/", board_export, name="board_export"),
    path("board/new/", notice_create, name="notice_create"),
    path("board/<int:pk>/", board_detail, name="board_detail"),
]
