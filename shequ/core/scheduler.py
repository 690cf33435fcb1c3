"""A small scheduler for periodic jobs (STACK.md: no periodic-task add-on installs on 3.11).
Each job's time is cut into slots of its period; the scheduler enqueues a job once per slot,
claimed by a unique row (``ScheduledSlot``), so two schedulers, or one that restarts, never
run a sweep twice for the same slot. The job itself goes through the one task API."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledSlot

_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def jobs() -> dict[str, dict]:
    """``SHEQU_PERIODIC_JOBS``: name → {"task": dotted path of a django-tasks task,
    "every_minutes": period}. The task is called with the slot's start (ISO) as argument."""
    return settings.SHEQU_PERIODIC_JOBS


def slot_of(moment: dt.datetime, every_minutes: int) -> dt.datetime:
    """The start of the slot holding ``moment``: slots are aligned on 2000-01-01 UTC."""
    period = dt.timedelta(minutes=every_minutes)
    return _EPOCH + ((moment - _EPOCH) // period) * period


def schedule_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job whose current slot has not been claimed yet; the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for name, spec in jobs().items():
        slot = slot_of(now, int(spec["every_minutes"]))
        try:
            with transaction.atomic():
                claim = ScheduledSlot.objects.create(job=name, slot=slot)
                result = import_string(spec["task"]).enqueue(slot.isoformat())
                claim.task_id = str(getattr(result, "id", ""))[:64]
                claim.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # this slot is already claimed
        enqueued.append(name)
    return enqueued
