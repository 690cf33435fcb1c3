"""Meeting, motion and resolution pages and API in the permission matrix
(shequ/party/tests/matrix.py): a council kept at the place's community, its meeting held, a
roll-call motion passed and its resolution; staff holding VIEW_DELIBERATION over the community
see them, nobody else."""

from __future__ import annotations

import datetime as dt
import io

import time_machine
from django.urls import reverse
from django.utils import timezone

from shequ.accounts.roles import VIEW_DELIBERATION
from shequ.conftest import add_person
from shequ.deliberation.choices import BodyKind
from shequ.deliberation.models.meetings import Attendance
from shequ.deliberation.services import meetings as meetings_svc
from shequ.deliberation.services import votes as votes_svc
from shequ.deliberation.services.bodies import body_create, seat_add
from shequ.party.tests.matrix import Endpoint


def build(place) -> dict:
    council = body_create(node=place.community, kind=BodyKind.COUNCIL, name=_body(place))
    person = add_person(place.flat, _member(place))
    seat_add(body=council, person=person, started_on=dt.date(2024, 6, 1))
    starts_at = timezone.now() + dt.timedelta(days=10)
    meeting = meetings_svc.meeting_schedule(body=council, title=_title(place), starts_at=starts_at)
    with time_machine.travel(starts_at + dt.timedelta(minutes=5), tick=False):
        meetings_svc.meeting_open(meeting=meeting)
        meetings_svc.attendance_record(
            meeting=meeting, marks={person.pk: (Attendance.PRESENT, None)}
        )
        motion = votes_svc.motion_create(meeting=meeting, title=_motion(place))
        votes_svc.motion_open_vote(motion=motion)
        votes_svc.vote_cast(motion=motion, person=person, choice="yes", channel="paper")
        votes_svc.vote_close(motion=motion)
    return {"council": council, "meeting": meeting, "motion": motion,
            "resolution": motion.resolution}  # fmt: skip


def _body(place):
    return f"议事会{place.code}"


def _title(place):
    return f"议事会例会{place.code}"


def _motion(place):
    return f"动议{place.code}"


def _member(place):
    return f"议事员{place.code}"


def _community(place):
    return place.community


def _idle_month() -> str:
    """Two months ahead: the councils exist by then and no meeting is held in it."""
    day = (timezone.localdate().replace(day=1) + dt.timedelta(days=62)).replace(day=1)
    return f"{day:%Y-%m}"


def _in_page(text):
    return lambda place, response: text(place) in response.content.decode()


def _in_xlsx(text):
    def shows(place, response) -> bool:
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return any(text(place) in row for row in sheet.iter_rows(values_only=True))

    return shows


def _meeting_url(p):
    return reverse("deliberation:meeting_detail", args=[p.objs["meeting"].pk])


def _resolution_url(p):
    return reverse("deliberation:resolution_detail", args=[p.objs["resolution"].pk])


V = VIEW_DELIBERATION
C = _community
ENDPOINTS = [
    Endpoint("page body meetings", V,
             lambda p: reverse("deliberation:meeting_list") + f"?q={_title(p)}",
             shows=_in_page(_meeting_url), where=C),
    Endpoint("export body meetings", V,
             lambda p: reverse("deliberation:meeting_export") + f"?q={_title(p)}",
             shows=_in_xlsx(_title), where=C),
    Endpoint("page body meeting", V, _meeting_url, where=C),
    Endpoint("page body meeting roll", V, _meeting_url, shows=_in_page(_member), where=C),
    Endpoint("page motion", V,
             lambda p: reverse("deliberation:motion_detail", args=[p.objs["motion"].pk]), where=C),
    Endpoint("page motion recount", V,
             lambda p: reverse("deliberation:motion_recount", args=[p.objs["motion"].pk]),
             where=C),
    Endpoint("page resolutions", V,
             lambda p: reverse("deliberation:resolution_list") + f"?q={_motion(p)}",
             shows=_in_page(_resolution_url), where=C),
    Endpoint("export resolutions", V,
             lambda p: reverse("deliberation:resolution_export") + f"?q={_motion(p)}",
             shows=_in_xlsx(_motion), where=C),
    Endpoint("page resolution", V, _resolution_url, where=C),
    Endpoint("page councils without a meeting", V,
             lambda p: reverse("deliberation:council_idle") + f"?month={_idle_month()}",
             shows=_in_page(_body), where=C),
    Endpoint("export councils without a meeting", V,
             lambda p: reverse("deliberation:council_idle_export") + f"?month={_idle_month()}",
             shows=_in_xlsx(_body), where=C),
    Endpoint("api body meetings", V,
             lambda p: f"/api/v1/deliberation/meetings/?q={_title(p)}", api=True,
             shows=lambda p, r: any(m["title"] == _title(p) for m in r.json()["results"]),
             where=C),
    Endpoint("api body meeting", V,
             lambda p: f"/api/v1/deliberation/meetings/{p.objs['meeting'].pk}/", api=True,
             where=C),
    Endpoint("api body meeting attendance", V,
             lambda p: f"/api/v1/deliberation/meetings/{p.objs['meeting'].pk}/attendance/",
             api=True, shows=lambda p, r: any(x["name"] == _member(p) for x in r.json()["roll"]),
             where=C),
    Endpoint("api motions", V, lambda p: f"/api/v1/deliberation/motions/?q={_motion(p)}",
             api=True,
             shows=lambda p, r: any(m["title"] == _motion(p) for m in r.json()["results"]),
             where=C),
    Endpoint("api motion", V,
             lambda p: f"/api/v1/deliberation/motions/{p.objs['motion'].pk}/", api=True, where=C),
    Endpoint("api motion recount", V,
             lambda p: f"/api/v1/deliberation/motions/{p.objs['motion'].pk}/recount/", api=True,
             where=C),
    Endpoint("api resolutions", V, lambda p: f"/api/v1/deliberation/resolutions/?q={_motion(p)}",
             api=True,
             shows=lambda p, r: any(x["title"] == _motion(p) for x in r.json()["results"]),
             where=C),
    Endpoint("api resolution", V,
             lambda p: f"/api/v1/deliberation/resolutions/{p.objs['resolution'].pk}/", api=True,
             where=C),
]  # fmt: skip
