"""Branch meeting pages and API in the permission matrix (tests/matrix.py)."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

from shequ.accounts.roles import VIEW_PARTY, VIEW_PARTY_MEMBER
from shequ.party.models import MeetingKind
from shequ.party.services.meetings import meeting_schedule

from .matrix import Endpoint


def build(place) -> dict:
    """A theme party day of the place's branch, a week ahead; no meeting was held, so the
    branch is behind its schedule."""
    meeting = meeting_schedule(org=place.org, kind=MeetingKind.THEME_DAY,
                               title=f"主题党日{place.code}",
                               scheduled_at=timezone.now() + dt.timedelta(days=7))  # fmt: skip
    return {"meeting": meeting}


def _in_page(text):
    return lambda place, response: text(place) in response.content.decode()


def _in_xlsx(text):
    def shows(place, response) -> bool:
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return any(text(place) in row for row in sheet.iter_rows(values_only=True))

    return shows


def _title(place):
    return f"主题党日{place.code}"


def _member_name(place):
    return f"党员{place.code}"


def _org_name(place):
    return place.org.name


ENDPOINTS = [
    Endpoint("page meetings", VIEW_PARTY,
             lambda p: reverse("party:meeting_list") + f"?q={_title(p)}",
             shows=_in_page(lambda p: reverse("party:meeting_detail",
                                              args=[p.objs["meeting"].pk]))),
    Endpoint("export meetings", VIEW_PARTY,
             lambda p: reverse("party:meeting_export") + f"?q={_title(p)}",
             shows=_in_xlsx(_title)),
    Endpoint("page meeting", VIEW_PARTY,
             lambda p: reverse("party:meeting_detail", args=[p.objs["meeting"].pk])),
    # the roll names members: the member register's permission
    Endpoint("page meeting roll", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:meeting_detail", args=[p.objs["meeting"].pk]),
             shows=_in_page(_member_name)),
    Endpoint("page behind schedule", VIEW_PARTY, lambda p: reverse("party:meeting_behind"),
             shows=_in_page(_org_name)),
    Endpoint("export behind schedule", VIEW_PARTY,
             lambda p: reverse("party:meeting_behind_export"), shows=_in_xlsx(_org_name)),
    Endpoint("api meetings", VIEW_PARTY, lambda p: f"/api/v1/party/meetings/?q={_title(p)}",
             api=True,
             shows=lambda p, r: any(m["title"] == _title(p) for m in r.json()["results"])),
    Endpoint("api meeting", VIEW_PARTY,
             lambda p: f"/api/v1/party/meetings/{p.objs['meeting'].pk}/", api=True),
    Endpoint("api meeting roll", VIEW_PARTY_MEMBER,
             lambda p: f"/api/v1/party/meetings/{p.objs['meeting'].pk}/", api=True,
             shows=lambda p, r: r.json()["roll"] is not None
             and any(x["member_name"] == _member_name(p) for x in r.json()["roll"])),
    Endpoint("api behind schedule", VIEW_PARTY, lambda p: "/api/v1/party/meetings/behind-schedule/",
             api=True, shows=lambda p, r: any(x["org_name"] == _org_name(p) for x in r.json())),
]  # fmt: skip
