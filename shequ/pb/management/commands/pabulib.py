"""`shequ pabulib import FILE --area CODE [--title T]` and `shequ pabulib export ROUND_ID
[--out FILE]`: pabulib ``.pb`` files in and out of micro-project rounds."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shequ.pb.models import Round
from shequ.pb.services.pabulib_io import round_export_pabulib, round_import_pabulib
from shequ.territory.models import Node


class Command(BaseCommand):
    help = "Import a pabulib .pb file as a micro-project round, or export a round as one."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="create a round (phase: allocating) from FILE")
        imp.add_argument("file")
        imp.add_argument("--area", required=True, help="code of the territory node")
        imp.add_argument("--title", default="")
        exp = sub.add_parser("export", help="write a round as a .pb file")
        exp.add_argument("round_id", type=int)
        exp.add_argument("--out", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        if options["action"] == "import":
            return self.do_import(options)
        return self.do_export(options)

    def do_import(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        node = Node.objects.filter(code=options["area"]).first()
        if node is None:
            raise CommandError(f"no territory node with code {options['area']!r}")

        def progress(what, done, total):
            self.stderr.write(f"\r{what}: {done:,}/{total:,}", ending="")
            self.stderr.flush()

        try:
            round = round_import_pabulib(path_or_text=path, node=node, title=options["title"],
                                         progress=progress)  # fmt: skip
        except ValidationError as exc:
            raise CommandError(f"{path}: {'; '.join(exc.messages)}") from None
        self.stderr.write("")
        self.stdout.write(
            f"round {round.pk}: {round.title} — {round.projects.count()} projects, "
            f"{round.ballots.count()} ballots"
        )

    def do_export(self, options):
        round = Round.objects.filter(pk=options["round_id"]).first()
        if round is None:
            raise CommandError(f"no round {options['round_id']}")
        text = round_export_pabulib(round)
        if options.get("out"):
            Path(options["out"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"round {round.pk} written to {options['out']}")
        else:
            self.stdout.write(text, ending="")
