"""`shequ import residents|households|buildings FILE --area CODE`: import a sheet from the
command line, with a progress bar, and optionally write the error report next to it."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shequ.core.context import acting_as
from shequ.sheets.choices import SheetKind
from shequ.sheets.columns import IMPORT_FIELDS, normalise_header, recognise
from shequ.sheets.importing import import_table, saved_headings
from shequ.sheets.reading import SheetError, open_table
from shequ.sheets.services import error_report
from shequ.territory.models import Node


class Command(BaseCommand):
    help = "Import residents, households or buildings from an .xlsx, .xls or .csv sheet."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=SheetKind.values)
        parser.add_argument("file")
        parser.add_argument(
            "--area",
            "--community",
            dest="area",
            required=True,
            help="code of the community (or subdistrict, district) imported into",
        )
        parser.add_argument("--create-flats", action="store_true")
        parser.add_argument("--user", help="act as this user (default: the server operator)")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADING=FIELD",
            help="map a column heading to a field (FIELD empty: ignore the column)",
        )
        parser.add_argument("--errors", help="write the error report to this file")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        area = Node.objects.filter(code=options["area"]).first()
        if area is None:
            raise CommandError(
                _("No territory node with the code %(code)s.") % {"code": options["area"]}
            )
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("No user named %(name)s.") % {"name": options["user"]})
        kind = options["kind"]
        saved = saved_headings(area, kind)
        for item in options["map"]:
            heading, _sep, field = item.partition("=")
            if field and field not in IMPORT_FIELDS[kind]:
                raise CommandError(_("Unknown field: %(key)s") % {"key": field})
            saved[normalise_header(heading)] = field
        try:
            table = open_table(path, filename=path.name, kind=kind, saved=saved)
        except SheetError as exc:
            raise CommandError(str(exc)) from None
        options["progress"] = not options["no_progress"]
        with acting_as(user):
            try:
                job = self._run(table, kind, area, user, path, saved, options)
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from None
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            _(
                "%(file)s: %(rows)s rows, %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged, %(rejected)s rejected (%(rate)s rows/s)."
            )
            % {
                "file": path.name,
                "rows": job.rows_done,
                "created": job.created_count,
                "updated": job.updated_count,
                "unchanged": job.unchanged_count,
                "rejected": job.rejected_count,
                "rate": f"{job.rows_per_second:,.0f}",
            }
        )
        if job.rejected_count:
            out = Path(options["errors"]) if options["errors"] else None
            for error in job.row_errors.order_by("row_number")[:20]:
                self.stdout.write(
                    _("row %(row)s: %(messages)s")
                    % {"row": error.row_number, "messages": "；".join(error.messages)}
                )
            if out is not None:
                _name, _type, content, count = error_report(job, table)
                out.write_bytes(content)
                self.stdout.write(
                    _("Error report (%(count)s rows): %(path)s") % {"count": count, "path": out}
                )

    def _run(self, table, kind, area, user, path, saved, options):
        run = partial(
            import_table,
            table,
            filename=path.name,
            kind=kind,
            area=area,
            user=user,
            create_flats=options["create_flats"],
            mapping=recognise(table.headers, kind, saved),
        )
        if not options["progress"]:
            return run()
        from tqdm import tqdm

        with tqdm(total=table.total, unit=_("rows"), desc=path.name, leave=True) as bar:

            def progress(job):
                bar.update(job.rows_done - bar.n)
                bar.set_postfix_str(_("%(n)s rejected") % {"n": job.rejected_count})

            return run(progress=progress)
