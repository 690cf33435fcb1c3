"""The figures of party building on the home page and the party index (issue 5, item 12):
members by category, organisations with structural findings, report-in coverage of in-service
members, recruits by stage, overdue care visits, members in arrears, organisations behind
their meetings — each from its part's selector, each only where the user may read it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shequ.accounts.roles import VIEW_PARTY, VIEW_PARTY_MEMBER


def party_figures_for(*, user, today: dt.date | None = None) -> dict | None:
    """None when the user reads nothing of party building."""
    from . import care, dues, meetings, members, recruitment, reportin, structure

    today = today or timezone.localdate()
    sees_orgs, sees_members = user.has_perm(VIEW_PARTY), user.has_perm(VIEW_PARTY_MEMBER)
    if not (sees_orgs or sees_members):
        return None
    out: dict = {"sees_orgs": sees_orgs, "sees_members": sees_members}
    if sees_orgs:
        out["findings"] = structure.findings_count_for(user=user, today=today)
    if sees_members:
        by_category = members.member_category_counts(user=user)
        out["by_category"] = by_category
        out["members"] = sum(by_category.values())
        reported, in_service = reportin.coverage_for(user=user)
        out["reported"], out["in_service"] = reported, in_service
        out["coverage"] = round(100 * reported / in_service) if in_service else None
        out["by_stage"] = recruitment.stage_counts_for(user=user)
        out["overdue_visits"] = care.overdue_visits_count_for(user=user, today=today)
        out["arrears"] = dues.arrears_count_for(user=user, today=today)
        out["behind"] = meetings.behind_schedule_count_for(user=user, today=today)
    return out
