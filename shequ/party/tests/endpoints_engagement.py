"""The engagement pages and API in the permission matrix (tests/matrix.py): a "余热" team at
each place with the place's member and an activity ``巡逻<place>``."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

from shequ.accounts.roles import VIEW_PARTY

from ..choices import TeamKind
from ..models import Team
from ..services import engagement as services
from .matrix import Endpoint


def build(place) -> dict:
    today = timezone.localdate()
    team = Team.objects.create(node=place.node, kind=TeamKind.RETIREES, name=f"余热{place.code}")
    services.team_membership_add(team=team, member=place.member,
                                 joined_on=today - dt.timedelta(days=30))  # fmt: skip
    services.team_activity_record(
        team=team, held_on=today, title=f"巡逻{place.code}", kind="patrol",
        participants=[place.member], person_times=3,
    )  # fmt: skip
    return {"team": team}


def _in_page(text):
    return lambda place, response: text(place) in response.content.decode()


def _in_xlsx(text):
    def shows(place, response) -> bool:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(response.content))
        return any(
            text(place) in str(row) for sheet in book for row in sheet.iter_rows(values_only=True)
        )

    return shows


def _title(place):
    return f"巡逻{place.code}"


ENDPOINTS = [
    Endpoint("page engagement", VIEW_PARTY, lambda p: reverse("party:engagement_report"),
             shows=_in_page(_title)),
    Endpoint("xlsx engagement", VIEW_PARTY, lambda p: reverse("party:engagement_export"),
             shows=_in_xlsx(_title)),
    Endpoint("page engagement team", VIEW_PARTY,
             lambda p: reverse("party:engagement_team_detail", args=[p.objs["team"].pk])),
    Endpoint("api team activities", VIEW_PARTY, lambda p: "/api/v1/party/team-activities/",
             api=True, shows=_in_page(_title)),
]  # fmt: skip
