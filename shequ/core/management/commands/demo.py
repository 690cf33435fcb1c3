"""Build the demo district: `shequ demo --scale small --seed 1 [--if-empty]`."""

from __future__ import annotations

import argparse
import datetime as dt
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shequ.demo.logins import DEMO_PASSWORD
from shequ.demo.scales import PUBLIC_SCALES, SCALES
from shequ.demo.selectors import demo_logins, territory_is_empty
from shequ.demo.services import (
    DemoError,
    demo_cases_create,
    demo_check_ready,
    demo_district_load,
    demo_party_create,
    demo_party_work_create,
    demo_selfgov_create,
    demo_users_create,
)


def _width(text: str) -> int:
    """Display width: Chinese characters take two columns."""
    return len(text) + sum(unicodedata.east_asian_width(c) in "WF" for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _scale(value: str) -> str:
    if value not in SCALES:  # "tiny" is accepted but not advertised: it is for tests
        raise argparse.ArgumentTypeError(
            _("choose %(scales)s") % {"scales": " | ".join(PUBLIC_SCALES)}
        )
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
            self.stdout.write(_("The territory is not empty: the demo district is not generated."))
            self._print_logins()
            return
        try:
            demo_check_ready()
        except DemoError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Generating the demo district: scale %(scale)s, seed %(seed)s.")
            % {"scale": scale, "seed": seed}
        )

        def progress(batch, persons, rows, seconds):
            if verbosity >= 1:
                self.stdout.write(
                    f"  {_pad(batch.label, 22)} {_('persons')} {persons:>9,}  "
                    f"{_('rows')} {rows:>10,}  {rows / max(seconds, 1e-6):>9,.0f} {_('rows/s')}  "
                    f"{seconds:7.1f} s"
                )

        result = demo_district_load(scale=scale, seed=seed, as_of=as_of, progress=progress)
        party = demo_party_create(district=result.district, seed=seed, as_of=as_of)
        demo_users_create(district=result.district, party=party)
        work = demo_party_work_create(district=result.district, seed=seed, as_of=as_of)
        cases = demo_cases_create(district=result.district, seed=seed, as_of=as_of)
        selfgov = demo_selfgov_create(district=result.district, seed=seed, as_of=as_of)
        counts = ", ".join(f"{label.split('.')[1]} {n:,}" for label, n in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                _("Loaded %(persons)s persons (%(rows)s rows) in %(seconds).1f s: %(counts)s.")
                % {
                    "persons": f"{result.persons:,}",
                    "rows": f"{result.rows:,}",
                    "seconds": result.seconds,
                    "counts": counts,
                }
            )
        )
        self.stdout.write(
            _("Requests: %(cases)s in %(seconds).1f s, %(handlers)s handlers, %(rules)s rules.")
            % {
                "cases": f"{cases.cases:,}",
                "seconds": cases.seconds,
                "handlers": cases.handlers,
                "rules": cases.rules,
            }
        )
        self.stdout.write(
            _(
                "Party: %(orgs)s organisations, %(members)s members, %(seats)s committee seats; "
                "%(recruits)s recruits, %(meetings)s meetings, %(visits)s care visits."
            )
            % {
                "orgs": f"{party.orgs:,}",
                "members": f"{party.members:,}",
                "seats": f"{party.seats:,}",
                "recruits": work.get("recruits", 0),
                "meetings": work.get("meetings", 0),
                "visits": work.get("care_flags", 0),
            }
        )
        self.stdout.write(
            _(
                "Self-government: %(bodies)s bodies, %(seats)s seats; %(rounds)s micro-project "
                "rounds, %(projects)s projects, %(ballots)s ballots."
            )
            % {
                "bodies": selfgov.get("bodies", 0),
                "seats": f"{selfgov.get('seats', 0):,}",
                "rounds": selfgov.get("rounds", 0),
                "projects": selfgov.get("projects", 0),
                "ballots": f"{selfgov.get('ballots', 0):,}",
            }
        )
        self._print_logins()

    def _print_logins(self):
        logins = demo_logins()
        if not logins:
            self.stdout.write(_("No demo logins in this database."))
            return
        self.stdout.write(
            "\n" + _("Demo logins (password %(password)s):") % {"password": DEMO_PASSWORD}
        )
        width = max(_width(login.username) for login in logins) + 2
        width = max(width, _width(_("login")) + 2)
        role_width = max(max(_width(login.role) for login in logins), _width(_("role"))) + 2
        login_header, role_header, scope_header = _("login"), _("role"), _("scope")
        header = _pad(login_header, width) + _pad(role_header, role_width) + scope_header
        self.stdout.write(f"  {header}")
        for login in logins:
            scope = login.scope + (f"  ({login.person})" if login.person else "")
            self.stdout.write(
                f"  {_pad(login.username, width)}{_pad(login.role, role_width)}{scope}"
            )
