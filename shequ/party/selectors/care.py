"""Reads of 四知四访 (R-PM-6): a member's circumstances (VIEW_CIRCUMSTANCES), the visit tasks
in the user's area or addressed to him, and the count of overdue visits for the home page."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.accounts.roles import VIEW_CIRCUMSTANCES, VIEW_PARTY_MEMBER
from shequ.core.scope import scope_q

from ..models import CareVisit, MemberCircumstance, PartyMember, VisitStatus

try:
    from .mine import register_my_section
except ImportError:  # pragma: no cover - the members area is not there
    register_my_section = None

# The states a visit list can be filtered on; "overdue" is open and past its day.
OVERDUE = "overdue"


def circumstance_list_for(*, user, member: PartyMember):
    """What is known of ``member`` (四知), newest first per aspect; empty unless the user may
    read circumstances over him."""
    if not user.has_perm(VIEW_CIRCUMSTANCES, member):
        return MemberCircumstance.objects.none()
    return (
        MemberCircumstance.objects.visible_to(user, VIEW_CIRCUMSTANCES)
        .filter(member=member)
        .select_related("recorded_by")
        .order_by("aspect", "-recorded_on", "-id")
    )


def circumstance_current(*, user, member: PartyMember) -> dict[str, MemberCircumstance]:
    """The latest entry of each aspect: ``{aspect: entry}``."""
    latest: dict[str, MemberCircumstance] = {}
    for entry in circumstance_list_for(user=user, member=member):
        latest.setdefault(entry.aspect, entry)
    return latest


def _assigned_q(user) -> Q:
    q = Q(assignee_user_id=user.pk)
    if getattr(user, "person_id", None):
        q |= Q(assignee_person_id=user.person_id)
    return q


def care_visit_list_for(
    *,
    user,
    status: str = "",
    trigger: str = "",
    q: str = "",
    mine: bool = False,
    today: dt.date | None = None,
):
    """Visits in the user's area (VIEW_PARTY_MEMBER) and those addressed to him; ``status``
    is a VisitStatus or "overdue"; ``mine`` keeps those addressed to him."""
    today = today or timezone.localdate()
    if not user.is_authenticated:
        return CareVisit.objects.none()
    visits = CareVisit.objects.filter(
        scope_q(user, VIEW_PARTY_MEMBER, CareVisit.scope_path) | _assigned_q(user)
    ).select_related("member__person", "member__org", "flag", "assignee_org")
    if mine:
        visits = visits.filter(_assigned_q(user))
    if status == OVERDUE:
        visits = visits.filter(status=VisitStatus.OPEN, due_on__lt=today)
    elif status:
        visits = visits.filter(status=status)
    if trigger:
        visits = visits.filter(flag__trigger=trigger)
    if q:
        visits = visits.filter(
            Q(member__person__name__icontains=q)
            | Q(assignee_name__icontains=q)
            | Q(member__card_number=q)
        )
    return visits


def care_visit_get_for(*, user, pk: int) -> CareVisit:
    return care_visit_list_for(user=user).select_related("assigned_via").get(pk=pk)


def overdue_visits_count_for(*, user, today: dt.date | None = None) -> int:
    """Open visits past their day in the user's area or addressed to him (home dashboard)."""
    return care_visit_list_for(user=user, status=OVERDUE, today=today).count()


def cards_missing_per_org(*, user) -> list[dict]:
    """Organisations where the user manages party work, with their active members and how
    many of them still have no member service card (党员服务卡); two queries."""
    from django.db.models import Count

    from shequ.accounts.roles import MANAGE_PARTY

    from ..models import PartyOrg

    orgs = list(PartyOrg.objects.visible_to(user, MANAGE_PARTY).current().select_related("node"))
    counts = {
        row["org"]: row
        for row in PartyMember.objects.active()
        .filter(org__in=[o.pk for o in orgs])
        .values("org")
        .annotate(members=Count("id"), missing=Count("id", filter=Q(card_number__isnull=True)))
    }
    return [
        {
            "org": o,
            "members": counts.get(o.pk, {}).get("members", 0),
            "missing": counts.get(o.pk, {}).get("missing", 0),
        }
        for o in orgs
        if o.pk in counts
    ]


def my_care_visits(user, member) -> dict | None:
    """ "My tasks": the open visits the signed-in member is to make."""
    rows = list(
        CareVisit.objects.filter(_assigned_q(user), status=VisitStatus.OPEN)
        .select_related("member__person", "flag")
        .order_by("due_on", "id")[:20]
    )
    if not rows:
        return None
    return {
        "title": _("Care visits to make"),
        "template": "party/care/mine.html",
        "context": {"visits": rows, "today": timezone.localdate()},
    }


if register_my_section is not None:
    register_my_section(my_care_visits)
