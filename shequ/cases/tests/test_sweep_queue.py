"""The escalation sweep through the real queues: the scheduler claims a slot once and
enqueues the sweep through the Redis-backed queue (django-tasks' RQ backend); a real
`shequ worker --burst` process runs it against PostgreSQL."""

import datetime as dt
import os
import socket
import subprocess
import sys
import zoneinfo

import pytest
import time_machine
from django.db import connection

from shequ.cases.choices import CaseStatus as S
from shequ.cases.models import CaseEscalation
from shequ.cases.services import case_transition
from shequ.core.models import Notification, ScheduledSlot
from shequ.core.scheduler import schedule_due

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def _database_url() -> str:
    s = connection.settings_dict
    host, port = s.get("HOST") or "127.0.0.1", s.get("PORT") or 5432
    return f"postgres://{s.get('USER') or 'postgres'}@{host}:{port}/{s['NAME']}"


@pytest.fixture
def redis_queue(settings):
    import django_rq

    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    redis = django_rq.get_connection("default")
    redis.flushdb()
    yield redis
    redis.flushdb()


@pytest.mark.skipif(not _redis_up(), reason="Redis is not listening on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_the_scheduled_sweep_escalates_through_the_redis_queue(redis_queue, new_case, cast, desk):
    if connection.vendor != "postgresql":
        pytest.skip("the queue test runs on PostgreSQL (a worker process shares the database)")
    friday = dt.datetime(2026, 10, 9, 10, 0, tzinfo=SHANGHAI)
    with time_machine.travel(friday, tick=False):
        case = new_case(category=desk.lamps)
        case = case_transition(case=case, to=S.ACCEPTED, actor=cast.community_worker)
        case = case_transition(
            case=case, to=S.ASSIGNED, actor=cast.community_worker, handler=desk.grid_worker
        )
    monday = dt.datetime(2026, 10, 12, 10, 7, tzinfo=SHANGHAI)  # slot of 10:00

    assert "cases.sweep" in schedule_due(now=monday)
    assert schedule_due(now=monday) == []  # the slot is claimed: never twice
    assert ScheduledSlot.objects.filter(job="cases.sweep").count() == 1
    import django_rq

    queued = [job.func_name for job in django_rq.get_queue("default").jobs]
    # one sweep, beside the SMS messages telling the requester of each step so far
    assert queued.count("shequ.cases.tasks.case_sweep") == 1, queued
    assert queued.count("shequ.core.tasks.notification_send") == 3, queued

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shequ.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "SHEQU_TEST_REAL_TASKS": "1",
    }
    code = "from shequ.cli import main; main(['shequ', 'worker', '--burst'])"
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]

    escalations = list(
        CaseEscalation.objects.filter(case=case)
        .order_by("level")
        .values_list("level", "node__code")
    )
    assert escalations == [(1, "C1"), (2, "S1")]
    assert redis_queue.llen("rq:queue:default") == 0
    # the SMS gateway is not configured here: the messages are recorded as not sent
    assert set(Notification.objects.filter(channel="sms").values_list("status", flat=True)) == {
        "skipped"
    }
