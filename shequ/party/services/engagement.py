"""Writes of the member engagement projects (R-PM-8): who serves in a team, what the team did,
and the export of the counts."""

from __future__ import annotations

import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import RECORD_PARTY
from shequ.core.models import AuditAction, audit_record

from ..choices import MemberState
from ..models import ActivityKind, PartyMember, Team, TeamActivity, TeamMembership
from . import check_perm


def _team_open_on(team: Team, day: dt.date) -> bool:
    return (team.founded_on is None or team.founded_on <= day) and (
        team.dissolved_on is None or team.dissolved_on >= day
    )


@transaction.atomic
def team_membership_add(
    *, actor=None, team: Team, member: PartyMember, joined_on: dt.date
) -> TeamMembership:
    """A member joins a team (余热, 志愿, 双带 …); he serves in it once at a time."""
    check_perm(actor, RECORD_PARTY, team)
    errors: dict[str, str] = {}
    if member.state != MemberState.ACTIVE:
        errors["member"] = _("%(name)s is no longer an active member.") % {
            "name": member.person.name
        }
    if joined_on is None:
        errors["joined_on"] = _("Enter the day he joined.")
    elif joined_on > timezone.localdate():
        errors["joined_on"] = _("The day cannot be in the future.")
    elif not _team_open_on(team, joined_on):
        errors["joined_on"] = _("The team did not exist on that day.")
    from ..selectors.evaluation import community_or_self

    if not member.node.path.startswith(community_or_self(team.node).path):
        errors["member"] = _("%(name)s is not a member of this team's area.") % {
            "name": member.person.name
        }
    elif TeamMembership.objects.filter(team=team, member=member, left_on__isnull=True).exists():
        errors["member"] = _("%(name)s already serves in %(team)s.") % {
            "name": member.person.name,
            "team": team.name,
        }
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return TeamMembership.objects.create(team=team, member=member, joined_on=joined_on)
    except IntegrityError:
        raise ValidationError(
            {
                "member": _("%(name)s already serves in %(team)s.")
                % {"name": member.person.name, "team": team.name}
            }  # fmt: skip
        ) from None


@transaction.atomic
def team_membership_end(*, actor=None, membership: TeamMembership, left_on: dt.date):
    check_perm(actor, RECORD_PARTY, membership.team)
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError({"left_on": _("He has already left the team.")})
    if left_on is None or left_on < membership.joined_on:
        raise ValidationError({"left_on": _("He cannot leave before he joined.")})
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": _("The day cannot be in the future.")})
    membership.left_on = left_on
    membership.save(update_fields=["left_on", "updated_at"])
    return membership


@transaction.atomic
def team_activity_record(
    *,
    actor=None,
    team: Team,
    held_on: dt.date,
    title: str,
    kind: str,
    participants=(),
    person_times: int | None = None,
    beneficiaries: int = 0,
    results: str = "",
) -> TeamActivity:
    """Record what a team did. The person-times count everyone who took part: at least the
    members named (volunteers who are not members may add to it, R-PM-8); left empty, it is
    the number of members named."""
    check_perm(actor, RECORD_PARTY, team)
    participants = list(dict.fromkeys(participants))
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Enter a title.")
    if kind not in ActivityKind.values:
        errors["kind"] = _("Choose the kind of activity.")
    if held_on is None:
        errors["held_on"] = _("Enter the day of the activity.")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("Record an activity once it has taken place.")
    elif not _team_open_on(team, held_on):
        errors["held_on"] = _("The team did not exist on that day.")
    if person_times is None:
        person_times = len(participants)
    if person_times < max(len(participants), 1):
        errors["person_times"] = _(
            "The person-times cannot be fewer than the %(n)s members taking part (at least 1)."
        ) % {"n": len(participants)}
    if beneficiaries is None or beneficiaries < 0:
        errors["beneficiaries"] = _("Enter a number of zero or more.")
    # members from across the team's community serve in it (a grid's team takes in
    # members of the neighbouring grids); a member of another community does not.
    from ..selectors.evaluation import community_or_self

    area = community_or_self(team.node).path
    outside = [m.person.name for m in participants if not m.node.path.startswith(area)]
    if outside:
        errors["participants"] = _("Not members of this team's area: %(names)s.") % {
            "names": "、".join(outside)
        }
    if errors:
        raise ValidationError(errors)
    activity = TeamActivity.objects.create(
        team=team,
        held_on=held_on,
        title=title[:120],
        kind=kind,
        person_times=person_times,
        beneficiaries=beneficiaries or 0,
        results=(results or "").strip(),
        recorded_by=actor,
    )
    activity.participants.set(participants)
    return activity


# — export —


def engagement_export(*, user, report: dict, activities) -> bytes:
    """The counts per team kind and per community, and the activities of the period."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    headings = [_("Teams"), _("Members"), _("Activities"), _("Person-times"), _("People served")]
    keys = ["teams", "members", "activities", "person_times", "beneficiaries"]
    for title, rows, label in (
        (_("By kind of team"), report["by_kind"], "label"),
        (_("By community"), report["by_community"], "label"),
    ):
        sheet = book.add_worksheet(str(title)[:31])
        sheet.write_string(0, 0, str(title), bold)
        sheet.set_column(0, 0, 30)
        for col, heading in enumerate(headings, start=1):
            sheet.write_string(0, col, str(heading), bold)
            sheet.set_column(col, col, 12)
        for r, row in enumerate(rows, start=1):
            sheet.write_string(r, 0, str(row[label]))
            for col, key in enumerate(keys, start=1):
                sheet.write_number(r, col, row[key])
    sheet = book.add_worksheet(str(_("Activities"))[:31])
    columns = [
        (_("Date"), 12),
        (_("Team"), 24),
        (_("Kind of activity"), 16),
        (_("Title"), 30),
        (_("Members taking part"), 10),
        (_("Person-times"), 10),
        (_("People served"), 10),
        (_("Results"), 40),
    ]
    for col, (heading, width) in enumerate(columns):
        sheet.write_string(0, col, str(heading), bold)
        sheet.set_column(col, col, width)
    row = 0
    for row, activity in enumerate(activities, start=1):
        sheet.write_datetime(row, 0, activity.held_on, day)
        sheet.write_string(row, 1, activity.team.name)
        sheet.write_string(row, 2, str(activity.get_kind_display()))
        sheet.write_string(row, 3, activity.title)
        sheet.write_number(row, 4, activity.member_count)
        sheet.write_number(row, 5, activity.person_times)
        sheet.write_number(row, 6, activity.beneficiaries)
        sheet.write_string(row, 7, activity.results)
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Engagement projects")),
                 row_count=row)  # fmt: skip
    return out.getvalue()
