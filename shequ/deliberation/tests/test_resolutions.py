"""Resolutions (R-DLB-4; R-DLB-2 supervision): a passed motion's resolution is published on the
board and tracked to done — responsible, due day, progress appended, overdue list, outcome
published."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from shequ.deliberation.models import Publication, PublicationKind
from shequ.deliberation.models.votes import Resolution, ResolutionProgress
from shequ.deliberation.selectors import meetings as selectors
from shequ.deliberation.services import resolutions as svc
from shequ.deliberation.services import votes as votes_svc

from .fixtures_meetings import at_notice, open_meeting, voting

__all__ = ["at_notice"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def resolution(at_notice, bodies):
    meeting = open_meeting(bodies.council, at_notice, present=6)
    motion = voting(meeting)
    for person_id in meeting.people[:4]:
        from shequ.people.models import Person

        votes_svc.vote_cast(motion=motion, person=Person.objects.get(pk=person_id), choice="yes",
                            channel="paper")  # fmt: skip
    with translation.override("en"):
        votes_svc.vote_close(motion=motion)
    return Resolution.objects.get(motion=motion)


def test_passed_motion_yields_a_published_resolution(resolution):
    publication = Publication.objects.get(kind=PublicationKind.RESOLUTION)
    assert resolution.publication == publication
    assert "4 yes, 0 no, 0 abstaining; 6 present (with proxies) of 9 on the roll." in (
        publication.body
    )
    assert publication.url.endswith(f"/resolutions/{resolution.pk}/")


def test_execution_tracked_to_done_and_overdue(at_notice, resolution, cast):
    secretary, worker = cast.community_secretary, cast.community_worker
    with pytest.raises(ValidationError) as exc:
        svc.resolution_assign(resolution=resolution, responsible="", due_on=None, actor=secretary)
    assert set(exc.value.message_dict) == {"responsible", "due_on"}
    svc.resolution_assign(resolution=resolution, responsible="物业服务中心",
                          due_on=dt.date(2026, 4, 30), actor=secretary)  # fmt: skip
    svc.resolution_progress(resolution=resolution, note="已选址。", percent=30, actor=worker)
    assert not selectors.overdue_for(user=secretary, today=dt.date(2026, 4, 30)).exists()
    assert list(selectors.overdue_for(user=secretary, today=dt.date(2026, 5, 1))) == [resolution]
    at_notice.move_to(dt.datetime(2026, 5, 3, 9, 0, tzinfo=dt.UTC))
    svc.resolution_done(resolution=resolution, done_on=dt.date(2026, 5, 2), note="已完工。",
                        actor=secretary)  # fmt: skip
    resolution.refresh_from_db()
    assert resolution.done_on == dt.date(2026, 5, 2)
    assert not selectors.overdue_for(user=secretary, today=dt.date(2026, 5, 3)).exists()
    assert [p.percent for p in resolution.progress.all()] == [30, 100]
    assert Publication.objects.filter(kind=PublicationKind.OUTCOME).count() == 1
    with pytest.raises(ValidationError):  # done: nothing more appended
        svc.resolution_progress(resolution=resolution, note="补充", actor=worker)
    assert ResolutionProgress.objects.count() == 2


def test_done_day_cannot_lie_in_the_future(resolution, cast):
    with pytest.raises(ValidationError) as exc:
        svc.resolution_done(resolution=resolution, done_on=dt.date(2030, 1, 1),
                            actor=cast.community_secretary)  # fmt: skip
    assert "done_on" in exc.value.message_dict


def test_worker_records_progress_but_does_not_assign(resolution, cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        svc.resolution_assign(resolution=resolution, responsible="物业", due_on=dt.date(2026, 4, 1),
                              actor=cast.community_worker)  # fmt: skip
    with pytest.raises(PermissionDenied):
        svc.resolution_progress(resolution=resolution, note="x", actor=cast.grid_worker)
