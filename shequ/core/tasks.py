"""Background work of the core: notification delivery and the scheduler's periodic jobs."""

from __future__ import annotations

from django_tasks import task


@task()
def notification_send(notification_id: int) -> None:
    from .notify import notification_deliver

    notification_deliver(notification_id)
