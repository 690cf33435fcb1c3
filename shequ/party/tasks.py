"""Background work of party building, through the one task API (django-tasks)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def care_visit_sweep(slot: str = "") -> dict:
    """Escalate the overdue care visits (四访, R-PM-6); ``slot`` is the scheduler's slot
    (ISO), whose local day is taken as today."""
    from django.utils import timezone

    from .services.care import care_escalate_due

    today = timezone.localdate(dt.datetime.fromisoformat(slot)) if slot else None
    return {"escalated": care_escalate_due(today=today)}
