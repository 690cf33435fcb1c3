"""shequ scheduler: enqueue periodic jobs (escalation sweeps …) once per slot."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from shequ.core.scheduler import jobs, schedule_due


class Command(BaseCommand):
    help = "Enqueue each periodic job once per time slot (SHEQU_PERIODIC_JOBS)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="check once and stop")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between checks")

    def handle(self, *args, once=False, interval=30.0, **options):
        names = ", ".join(f"{n} /{s['every_minutes']} min" for n, s in jobs().items())
        self.stdout.write(f"scheduler: {names or 'no periodic jobs'}")
        while True:
            for name in schedule_due():
                self.stdout.write(f"scheduler: enqueued {name}")
            if once:
                return
            time.sleep(interval)
