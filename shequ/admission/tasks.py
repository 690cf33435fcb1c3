"""Background work of task admission, through the one task API (django-tasks)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def work_item_expire_sweep(slot: str = "") -> dict:
    """Expire the approved items whose time span is over; ``slot`` is the scheduler's slot
    (ISO), whose local day is taken as today."""
    from django.utils import timezone

    from .services import work_item_expire_due

    today = timezone.localdate(dt.datetime.fromisoformat(slot)) if slot else None
    return {"expired": work_item_expire_due(today=today)}
