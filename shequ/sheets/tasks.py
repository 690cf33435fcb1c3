"""Background work of imports and exports: one task API (django-tasks), the database queue by
default and the Redis queue when configured; the same code either way (STACK.md)."""

from __future__ import annotations

from django_tasks import task


@task()
def import_run(job_id: int) -> None:
    from .importing import import_job_run

    import_job_run(job_id)


@task()
def export_run(job_id: int) -> None:
    from .exporting import export_job_run

    export_job_run(job_id)
