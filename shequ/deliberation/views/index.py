"""The self-government index (/deliberation/): the user's figures — bodies, those that must be
convened, terms ending, petitions collecting signatures, the board — and the pages he may open.
Each part of the work adds its links to ``SECTIONS``; a link whose page is not there is left
out."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.accounts.roles import (
    MANAGE_DELIBERATION,
    RECORD_DELIBERATION,
    VIEW_DELIBERATION,
    VIEW_PUBLIC,
)

from ..selectors.board import publication_list_for
from ..selectors.bodies import body_list_for
from ..selectors.petitions import petition_list_for

# (section, [(url name, label, permission)]): a link shows where the user holds the permission.
SECTIONS = [
    (
        _("Bodies"),
        [
            ("deliberation:body_list", _("Bodies and their members"), VIEW_DELIBERATION),
            (
                "deliberation:sizing_report",
                _("Committees and representatives against the standard"),
                VIEW_DELIBERATION,
            ),  # fmt: skip
            ("deliberation:body_create", _("Set up a body"), MANAGE_DELIBERATION),
        ],
    ),
    (
        _("Meetings and decisions"),
        [
            ("deliberation:meeting_list", _("Meetings"), VIEW_DELIBERATION),
            ("deliberation:topic_list", _("Topics"), VIEW_PUBLIC),
            ("deliberation:proposal_list", _("Proposals"), VIEW_PUBLIC),
        ],
    ),
    (
        _("Residents"),
        [
            ("deliberation:petition_list", _("Convening petitions"), VIEW_PUBLIC),
            ("deliberation:board_list", _("Disclosure board"), VIEW_PUBLIC),
            ("deliberation:notice_create", _("Post a notice"), RECORD_DELIBERATION),
            ("deliberation:mine", _("My self-government page"), None),
        ],
    ),
]

RECENT_DAYS = 30  # the board's figure: what was posted in the last month


def _links(user) -> list:
    sections = []
    for title, links in SECTIONS:
        shown = []
        for name, label, perm in links:
            if perm is not None and not user.has_perm(perm):
                continue
            try:
                shown.append((reverse(name), label))
            except NoReverseMatch:
                continue
        if shown:
            sections.append((title, shown))
    return sections


def figures_for(user) -> dict:
    """The index's figures, each only where the user may read it (a query each)."""
    today = timezone.localdate()
    figures: dict = {}
    if user.has_perm(VIEW_DELIBERATION):
        figures["bodies"] = body_list_for(user=user, current=True).count()
        figures["convene"] = list(body_list_for(user=user, flag="convene")[:20])
        figures["terms"] = body_list_for(user=user, flag="term", today=today).count()
    if user.has_perm(VIEW_PUBLIC):
        figures["petitions"] = petition_list_for(user=user, state="open").count()
        since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
        figures["recent"] = list(
            publication_list_for(user=user).filter(published_at__gte=since)[:5]
        )
    return figures


@login_required
def index(request):
    return render(request, "deliberation/index.html", {
        "figures": figures_for(request.user), "sections": _links(request.user),
    })  # fmt: skip


urlpatterns = [path("", index, name="index")]
