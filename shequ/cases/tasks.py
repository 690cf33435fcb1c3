"""Background work of residents' requests, through the one task API (django-tasks)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def case_sweep(slot: str = "") -> dict:
    """The periodic time-limit sweep; ``slot`` is the scheduler's slot (ISO), or now."""
    from .escalation import case_sweep as sweep

    result = sweep(dt.datetime.fromisoformat(slot) if slot else None)
    return {
        "checked": result.checked,
        "due_soon": result.due_soon,
        "overdue": result.overdue,
        "escalations": result.escalations,
    }
