"""The party-building index (党建): the user's figures and the pages he may open."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from shequ.accounts.roles import VIEW_PARTY, VIEW_PARTY_MEMBER

from ..choices import MemberCategory
from ..models.recruitment import RecruitStage
from ..selectors.dashboard import party_figures_for
from ..selectors.orgs import own_member_record

# (section, [(url name, label, permission)]): a link shows where the user holds the permission.
SECTIONS = [
    (
        _("Organisations"),
        [
            ("party:org_list", _("Party organisations"), VIEW_PARTY),
            ("party:structure_report", _("Structural findings"), VIEW_PARTY),
            ("party:chain_link_list", _("Four links, four responsibilities"), VIEW_PARTY_MEMBER),
            ("party:chain_report", _("Unassigned households by grid"), VIEW_PARTY_MEMBER),
            ("party:household_chain_find", _("Who answers for a household"), VIEW_PARTY_MEMBER),
        ],
    ),
    (
        _("Members"),
        [
            ("party:member_list", _("Member register"), VIEW_PARTY_MEMBER),
            ("party:transfer_list", _("Membership transfers"), VIEW_PARTY_MEMBER),
            ("party:recruit_list", _("Recruitment"), VIEW_PARTY_MEMBER),
            ("party:recruit_targets", _("Yearly recruitment targets"), VIEW_PARTY_MEMBER),
            ("party:care_visit_list", _("Care visits"), VIEW_PARTY_MEMBER),
        ],
    ),
    (
        _("In-service members"),
        [
            ("party:report_in_list", _("Report-ins"), VIEW_PARTY_MEMBER),
            ("party:service_post_list", _("Service posts"), VIEW_PARTY_MEMBER),
            ("party:service_record_list", _("Service records"), VIEW_PARTY_MEMBER),
            ("party:feedback_register", _("Feedback letters"), VIEW_PARTY_MEMBER),
        ],
    ),
    (
        _("Branch life"),
        [
            ("party:meeting_list", _("Meetings"), VIEW_PARTY_MEMBER),
            ("party:meeting_behind", _("Branches behind schedule"), VIEW_PARTY_MEMBER),
            ("party:dues_arrears", _("Dues in arrears"), VIEW_PARTY_MEMBER),
            ("party:dues_summary", _("Dues by organisation"), VIEW_PARTY_MEMBER),
            ("party:evaluation_round_list", _("Annual evaluation"), VIEW_PARTY_MEMBER),
            ("party:democratic_evaluation_list", _("Democratic evaluation"), VIEW_PARTY_MEMBER),
            ("party:engagement_report", _("Engagement projects"), VIEW_PARTY_MEMBER),
        ],
    ),
]


def figure_rows(figures: dict | None) -> dict:
    """The labelled rows of the figures (members by category, recruits by stage)."""
    if not figures or figures.get("by_category") is None:
        return {"categories": [], "stages": []}
    return {
        "categories": [(MemberCategory(k).label, n) for k, n in figures["by_category"].items()],
        "stages": [(RecruitStage(k).label, n) for k, n in figures["by_stage"].items()],
    }


@login_required
def party_index(request):
    user = request.user
    sections = []
    for title, links in SECTIONS:
        shown = [(name, label) for name, label, perm in links if user.has_perm(perm)]
        if shown:
            sections.append((title, shown))
    figures = party_figures_for(user=user)
    return render(
        request,
        "party/index.html",
        {
            "sections": sections,
            "figures": figures,
            "own": own_member_record(user=user),
            **figure_rows(figures),
        },
    )


urlpatterns = [path("", party_index, name="index")]
