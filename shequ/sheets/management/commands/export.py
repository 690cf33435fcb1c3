"""Export a sheet: `shequ export residents --scope C1 --out 居民.xlsx [--unmask --reason …]`."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from shequ.sheets.choices import CsvEncoding, SheetKind
from shequ.sheets.exporting import EXPORT_FORMATS, export_audit, export_check, export_to_path
from shequ.territory.models import Node


class Command(BaseCommand):
    help = (
        "Export residents, households or buildings of a territory node to a CSV or .xlsx file "
        "in the shape of the import. Personal data is masked unless --unmask is given with a "
        "--reason; every export is audit-logged."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[k for k in SheetKind.values if k != SheetKind.CASES])
        parser.add_argument("--scope", required=True, help="code of the territory node")
        parser.add_argument("--out", required=True, help="the file to write (.csv or .xlsx)")
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=[str(f) for f in EXPORT_FORMATS],
            help="csv or xlsx; default from the file's suffix",
        )
        parser.add_argument(
            "--encoding",
            choices=CsvEncoding.values,
            default=CsvEncoding.UTF8,
            help="of a CSV file: utf-8-sig (default) or gb18030",
        )
        parser.add_argument(
            "--user",
            help="export as this user (his scope and rights); default: the server operator",
        )
        parser.add_argument(
            "--unmask", action="store_true", help="full ID numbers, phones and addresses"
        )
        parser.add_argument("--reason", default="", help="why the full personal data is needed")

    def handle(self, *args, kind, scope, out, file_format, encoding, user, unmask, reason, **opts):
        node = Node.objects.filter(code=scope).first()
        if node is None:
            raise CommandError(_("No territory node has the code %(code)s.") % {"code": scope})
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("No user is called %(name)s.") % {"name": user})
        path = Path(out)
        if not file_format:
            file_format = path.suffix.lower().lstrip(".")
            if file_format not in EXPORT_FORMATS:
                raise CommandError(
                    _("Give the file the suffix .csv or .xlsx, or choose one with --format.")
                )
        if unmask and not reason.strip():
            raise CommandError(
                _("--unmask needs --reason: say why the full personal data is needed.")
            )
        try:
            reason = export_check(user=actor, scope=node, unmasked=unmask, reason=reason)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None

        stream = getattr(self.stderr, "_out", sys.stderr)
        with tqdm(
            total=0, unit=_("rows"), file=stream, disable=opts.get("verbosity", 1) < 1
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            rows = export_to_path(
                path,
                kind=kind,
                scope=node,
                user=actor,
                file_format=file_format,
                encoding=encoding,
                unmasked=unmask,
                progress=progress,
            )
        export_audit(
            kind=kind,
            scope=node,
            file_format=file_format,
            unmasked=unmask,
            reason=reason,
            rows=rows,
            actor=actor,
            filename=path.name,
        )
        self.stdout.write(
            _("Exported %(rows)s rows to %(file)s.") % {"rows": f"{rows:,}", "file": path}
        )
