"""Rounds in and out of the pabulib ``.pb`` format (allocation/pabulib.py): a real election
imported as a round ready to allocate — its projects on the ballot and its ballots anonymous
(channel IMPORTED, the file's voter id kept) — and any round written back out."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shequ.core.models import AuditAction, audit_record

from ..allocation import pabulib
from ..allocation.instance import CUMULATIVE, KNAPSACK, ORDINAL
from ..choices import Category, Channel, Phase, ProjectStatus, VoteType
from ..config import pb_config
from ..models import Ballot, BallotMark, Project, Round
from .allocation import round_instance

BATCH = 5000
CENT = Decimal("0.01")
# META keys a round keeps outside its META section (the extra project columns)
PROJECT_COLUMNS = "_project_columns"
PROJECT_EXTRA = "_projects"
# words of a pabulib project category that make it building work rather than a service
WORKS_WORDS = ("public space", "public transit", "roads", "urban greenery", "infrastructure",
               "environmental protection", "sport")  # fmt: skip
VOTE_TYPES = {"approval": VoteType.APPROVAL, CUMULATIVE: VoteType.CUMULATIVE,
              ORDINAL: VoteType.ORDINAL, KNAPSACK: VoteType.KNAPSACK}  # fmt: skip


def _decimal(value: Fraction, what: str, line=None) -> Decimal:
    d = Decimal(value.numerator) / Decimal(value.denominator)
    if d != d.quantize(CENT):
        raise ValidationError({"file": _("%(what)s %(value)s has more than two decimals.")
                               % {"what": what, "value": d}}, code="cents")  # fmt: skip
    return d.quantize(CENT)


def _category(extra: dict[str, str]) -> str:
    text = (extra.get("category") or extra.get("categories") or "").lower()
    return Category.WORKS if any(w in text for w in WORKS_WORDS) else Category.SERVICE


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except ValueError:
        return None


def _read(path_or_text: str | Path) -> tuple[str, str]:
    """(file name, text) of a path, or of text given as is."""
    if isinstance(path_or_text, Path) or (
        "\n" not in path_or_text and len(path_or_text) < 4096 and Path(path_or_text).is_file()
    ):
        path = Path(path_or_text)
        return path.name, path.read_text(encoding="utf-8-sig")
    return "", path_or_text


@transaction.atomic
def round_import_pabulib(
    *,
    path_or_text: str | Path,
    node,
    actor=None,
    title: str = "",
    progress: Callable[[str, int, int], None] | None = None,
) -> Round:
    """Create a round at ``node`` from a pabulib file, in phase ALLOCATE (voting is over). A
    broken file is refused whole with a ValidationError on ``file`` naming the line."""
    name, text = _read(path_or_text)
    try:
        parsed = pabulib.read(text)
    except pabulib.PabulibError as exc:
        error = _(exc.template) % exc.params
        message = (
            _("Line %(line)s: %(error)s") % {"line": exc.line, "error": error}
            if (exc.line)
            else error
        )
        raise ValidationError({"file": message}, code="pabulib") from None
    inst, meta = parsed.instance, parsed.meta
    year = _int_or_none(meta.get("instance", "")[:4]) or dt.date.today().year
    heading = title or meta.get("description") or " ".join(
        v for v in (meta.get("unit"), meta.get("subunit"), meta.get("instance")) if v
    ) or name or _("Imported round")  # fmt: skip
    config = pb_config()["allocation"]
    extra = parsed.project_extra
    for p in inst.projects:  # a name longer than a title is kept whole for the export
        if len(p.name) > 200:
            extra[p.id] = extra.get(p.id, {}) | {"name": p.name}
    max_points = _int_or_none(meta.get("max_sum_points"))
    round = Round.objects.create(
        node=node,
        title=heading[:120],
        year=year,
        budget=_decimal(inst.budget, "budget"),
        phase=Phase.ALLOCATE,
        vote_type=VOTE_TYPES[inst.vote_type],
        min_length=_int_or_none(meta.get("min_length")) or 1,
        max_length=_int_or_none(meta.get("max_length")),
        max_points=max_points if inst.vote_type == CUMULATIVE else None,
        rule=config["rule"],
        completion=config["completion"],
        meta=meta
        | {
            PROJECT_COLUMNS: parsed.project_columns,
            PROJECT_EXTRA: parsed.project_extra,
        },  # fmt: skip
        created_by=actor if actor is not None and actor.is_authenticated else None,
        description=meta.get("comment", "") or meta.get("comments", ""),
    )
    projects = Project.objects.bulk_create(
        [
            Project(
                round=round,
                code=p.id[:40],
                title=(p.name or p.id)[:200],
                cost=_decimal(p.cost, "cost"),
                category=_category(parsed.project_extra.get(p.id, {})),
                status=ProjectStatus.SHORTLISTED,
            )
            for p in inst.projects
        ]
    )
    by_id = {p.id: made.pk for p, made in zip(inst.projects, projects, strict=True)}
    if any(pk is None for pk in by_id.values()):  # a backend without RETURNING
        by_id = dict(Project.objects.filter(round=round).values_list("code", "pk"))
    total = len(inst.ballots)
    ordinal = inst.vote_type == ORDINAL
    for start in range(0, total, BATCH):
        ballots, marks = [], []
        chunk = zip(inst.voter_ids[start : start + BATCH], inst.ballots[start : start + BATCH],
                    strict=True)  # fmt: skip
        for voter, ballot in chunk:
            key = uuid.uuid4()
            ballots.append(Ballot(id=key, round=round, channel=Channel.IMPORTED,
                                  external_id=voter[:40]))  # fmt: skip
            for pid, value in ballot.items():
                marks.append(BallotMark(ballot_id=key, project_id=by_id[pid],
                                        points=1 if ordinal else value,
                                        rank=value if ordinal else None))  # fmt: skip
        Ballot.objects.bulk_create(ballots)
        BallotMark.objects.bulk_create(marks, batch_size=BATCH)
        if progress:
            progress("ballots", min(start + BATCH, total), total)
    audit_record(
        AuditAction.CREATE,
        obj=round,
        actor=actor if actor is not None and actor.is_authenticated else None,
        row_count=total,
        reason=f"pabulib import {name}".strip(),
        changes={"projects": len(projects), "ballots": total},
    )
    return round


def round_export_pabulib(round: Round) -> str:
    """The round as a pabulib file: every project on the ballot (or once on it), every ballot
    (voter id: the imported one, else a number), META kept from an import."""
    statuses = (ProjectStatus.SHORTLISTED, ProjectStatus.FUNDED, ProjectStatus.NOT_FUNDED)
    instance, projects = round_instance(round, statuses=statuses)
    instance.voter_ids = [v or str(n) for n, v in enumerate(instance.voter_ids, start=1)]
    kept = {k: str(v) for k, v in round.meta.items() if not k.startswith("_")}
    meta = {
        "description": round.title,
        "country": "China",
        "unit": round.node.name,
        "instance": str(round.year),
    } | kept
    for key, value in (("min_length", round.min_length), ("max_length", round.max_length),
                       ("max_sum_points", round.max_points)):  # fmt: skip
        if value and key not in meta:
            meta[key] = str(value)
    extra = {code: dict(v) for code, v in (round.meta.get(PROJECT_EXTRA) or {}).items()}
    columns = list(round.meta.get(PROJECT_COLUMNS) or [])
    instance.projects = [
        replace(p, name=extra.get(p.id, {}).pop("name", p.name)) for p in instance.projects
    ]
    run = round.allocations.order_by("-at", "-id").first()
    if run is not None:
        meta.setdefault("rule", run.rule)
        funded = set(run.results.filter(funded=True).values_list("project__code", flat=True))
        extra = {code: dict(extra.get(code, {})) | {"selected": "1" if code in funded else "0"}
                 for code in projects}  # fmt: skip
        if "selected" not in columns:
            columns.append("selected")
    if not columns:
        extra = {
            code: {"category": p.category} | extra.get(code, {}) for code, p in projects.items()
        }
        columns = ["category"]
    return pabulib.write(instance, meta=meta, project_extra=extra, project_columns=columns)
