"""Build the demo district: `shequ demo --scale small --seed 1 [--if-empty]`."""

from __future__ import annotations

import argparse
import datetime as dt
import unicodedata

from django.core.management.base import BaseCommand, CommandError

from shequ.demo.scales import PUBLIC_SCALES, SCALES
from shequ.demo.services import (
    DEMO_PASSWORD,
    DemoError,
    demo_check_ready,
    demo_district_load,
    demo_logins,
    demo_users_create,
    territory_is_empty,
)


def _width(text: str) -> int:
    """Display width: Chinese characters take two columns."""
    return len(text) + sum(unicodedata.east_asian_width(c) in "WF" for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _scale(value: str) -> str:
    if value not in SCALES:  # "tiny" is accepted but not advertised: it is for tests
        raise argparse.ArgumentTypeError(f"choose {' or '.join(PUBLIC_SCALES)}")
    return value


class Command(BaseCommand):
    help = (
        "Generate a synthetic district (territory, residents, households, persons in "
        "charge) and one login per role. The same seed gives the same district."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=_scale,
            default="small",
            help="small (~60,000 residents) or district (~1,200,000); default small",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="when the territory already has nodes, only print the demo logins",
        )
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help=argparse.SUPPRESS,  # the generation date (ages, dates); default today
        )

    def handle(self, *args, scale, seed, if_empty, as_of, verbosity, **options):
        if if_empty and not territory_is_empty():
            self.stdout.write("The territory is not empty: the demo district is not generated.")
            self._print_logins()
            return
        try:
            demo_check_ready()
        except DemoError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Generating the demo district: scale {scale}, seed {seed}.")

        def progress(batch, persons, rows, seconds):
            if verbosity >= 1:
                self.stdout.write(
                    f"  {_pad(batch.label, 22)} persons {persons:>9,}  rows {rows:>10,}  "
                    f"{rows / max(seconds, 1e-6):>9,.0f} rows/s  {seconds:7.1f} s"
                )

        result = demo_district_load(scale=scale, seed=seed, as_of=as_of, progress=progress)
        demo_users_create(district=result.district)
        counts = ", ".join(f"{label.split('.')[1]} {n:,}" for label, n in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.persons:,} persons ({result.rows:,} rows) in "
                f"{result.seconds:.1f} s: {counts}."
            )
        )
        self._print_logins()

    def _print_logins(self):
        logins = demo_logins()
        if not logins:
            self.stdout.write("No demo logins in this database.")
            return
        self.stdout.write(f"\nDemo logins (password {DEMO_PASSWORD}):\n")
        width = max(_width(login.username) for login in logins) + 2
        role_width = max(_width(login.role) for login in logins) + 2
        self.stdout.write(f"  {_pad('login', width)}{_pad('role', role_width)}scope")
        for login in logins:
            scope = login.scope + (f"  ({login.person})" if login.person else "")
            self.stdout.write(
                f"  {_pad(login.username, width)}{_pad(login.role, role_width)}{scope}"
            )
