"""Read and write the pabulib ``.pb`` text format: sections META, PROJECTS and VOTES, each a
header row then ``;``-separated rows, quoted as the csv module quotes (a name holding quotes
is written with its quotes doubled inside quotes, ``\"\"\"Trejaż\"\"\"``).

``read`` returns a ``PabulibFile``: the ``Instance`` the rules use, the META section as text,
the extra project columns, and any error names its line (``PabulibError.line``)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from .instance import APPROVAL, CUMULATIVE, KNAPSACK, ORDINAL, Instance, Project

SECTIONS = ("meta", "projects", "votes")
# pabulib vote types we read, and ours they become ("choose-1" is approval with one project)
VOTE_TYPES = {"approval": APPROVAL, "choose-1": APPROVAL, "cumulative": CUMULATIVE,
              "scoring": CUMULATIVE, "ordinal": ORDINAL, "knapsack": KNAPSACK}  # fmt: skip
PROJECT_KEYS = ("project_id", "cost", "name", "votes", "score")


def gettext_noop(text: str) -> str:
    """Marks a message for translation; the caller translates ``PabulibError.template``."""
    return text


class PabulibError(ValueError):
    """``template`` is an English msgid with %(name)s fields, ``params`` their values."""

    def __init__(self, template: str, line: int | None = None, **params):
        self.template, self.params, self.line = template, params, line
        self.message = template % params
        super().__init__(f"line {line}: {self.message}" if line else self.message)


@dataclass
class PabulibFile:
    instance: Instance
    meta: dict[str, str]
    # per project id: the columns other than id, cost and name, as text
    project_extra: dict[str, dict[str, str]] = field(default_factory=dict)
    project_columns: list[str] = field(default_factory=list)


def _number(text: str, line: int, what: str) -> Fraction:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise PabulibError(gettext_noop("%(what)s %(text)r is not a number"), line, what=what,
                           text=text) from None  # fmt: skip
    if not value.is_finite():
        raise PabulibError(gettext_noop("%(what)s %(text)r is not a number"), line, what=what,
                           text=text)  # fmt: skip
    return Fraction(value)


def _int(text: str, line: int, what: str) -> int:
    value = _number(text, line, what)
    if value.denominator != 1 or value < 0:
        raise PabulibError(gettext_noop("%(what)s %(text)r is not a whole number"), line,
                           what=what, text=text)  # fmt: skip
    return int(value)


def read(text: str) -> PabulibFile:
    """Parse a whole file (a leading BOM is ignored)."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    section, header = "", []
    meta: dict[str, str] = {}
    projects: list[Project] = []
    extra: dict[str, dict[str, str]] = {}
    ballots: list[dict[str, int]] = []
    voter_ids: list[str] = []
    seen_voters: set[str] = set()
    vote_type = None
    project_header: list[str] = []
    known: set[str] = set()
    line = 0
    for row in _rows(reader):
        line = reader.line_num  # the row's last line (a quoted field may span lines)
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        head = row[0].strip().lower()
        if head in SECTIONS and len(row) == 1:
            if head == "votes":
                vote_type = _vote_type(meta, line)
                known = {p.id for p in projects}
            section, header = head, None
            continue
        if header is None:
            header = [h.strip() for h in row]
            _check_header(section, header, line)
            if section == "projects":
                project_header = header
            continue
        if not section:
            raise PabulibError(gettext_noop("data before the META section"), line)
        if len(row) != len(header):
            raise PabulibError(gettext_noop("%(n)s fields where the header has %(m)s"), line,
                               n=len(row), m=len(header))  # fmt: skip
        values = dict(zip(header, (v.strip() for v in row), strict=True))
        if section == "meta":
            meta[values[header[0]]] = values[header[1]]
        elif section == "projects":
            pid = values["project_id"]
            if not pid:
                raise PabulibError(gettext_noop("project_id is empty"), line)
            if pid in extra:
                raise PabulibError(gettext_noop("project %(id)s appears twice"), line, id=pid)
            cost = _number(values["cost"], line, "cost")
            if cost <= 0:
                raise PabulibError(gettext_noop("cost %(text)r is not positive"), line,
                                   text=values["cost"])  # fmt: skip
            projects.append(Project(pid, cost, values.get("name", "")))
            extra[pid] = {k: v for k, v in values.items() if k not in PROJECT_KEYS[:3]}
        else:
            voter = values["voter_id"]
            if voter in seen_voters:
                raise PabulibError(gettext_noop("voter %(id)s appears twice"), line, id=voter)
            seen_voters.add(voter)
            voted = [v.strip() for v in values["vote"].split(",") if v.strip()]
            for pid in voted:
                if pid not in known:
                    raise PabulibError(gettext_noop("vote names project %(id)r, not in PROJECTS"),
                                       line, id=pid)  # fmt: skip
            if len(set(voted)) != len(voted):
                raise PabulibError(gettext_noop("a project is named twice in one vote"), line)
            if vote_type == CUMULATIVE:
                points = [p.strip() for p in values.get("points", "").split(",") if p.strip()]
                if len(points) != len(voted):
                    raise PabulibError(gettext_noop("%(n)s projects but %(m)s points"), line,
                                       n=len(voted), m=len(points))  # fmt: skip
                ballot = {
                    pid: _int(pt, line, "points") for pid, pt in zip(voted, points, strict=True)
                }
            elif vote_type == ORDINAL:
                ballot = {pid: rank for rank, pid in enumerate(voted, start=1)}
            else:
                ballot = dict.fromkeys(voted, 1)
            ballots.append(ballot)
            voter_ids.append(voter)
    if vote_type is None:
        raise PabulibError(gettext_noop("no VOTES section"), line or None)
    if "budget" not in meta:
        raise PabulibError(gettext_noop("META has no budget"))
    budget = _number(meta["budget"], None, "budget")
    instance = Instance(budget=budget, projects=projects, ballots=ballots, vote_type=vote_type,
                        voter_ids=voter_ids)  # fmt: skip
    columns = [h for h in project_header if h not in ("project_id", "cost", "name")]
    return PabulibFile(instance=instance, meta=meta, project_extra=extra, project_columns=columns)


def _check_header(section: str, header: list[str], line: int) -> None:
    need = {"meta": ("key", "value"), "projects": ("project_id", "cost"),
            "votes": ("voter_id", "vote")}[section]  # fmt: skip
    if section == "meta":
        if len(header) < 2:
            raise PabulibError(gettext_noop("the META header must be key;value"), line)
        return
    missing = [h for h in need if h not in header]
    if missing:
        raise PabulibError(gettext_noop("%(section)s header lacks %(names)s"), line,
                           section=section.upper(), names=", ".join(missing))  # fmt: skip


def _vote_type(meta: dict[str, str], line: int) -> str:
    raw = meta.get("vote_type", "approval").strip().lower()
    if raw not in VOTE_TYPES:
        raise PabulibError(gettext_noop("vote_type %(text)r is not one we read"), line, text=raw)
    return VOTE_TYPES[raw]


def _rows(reader):
    """The reader's rows, a csv error naming its line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise PabulibError(gettext_noop("unreadable: %(error)s"), reader.line_num,
                               error=str(exc)) from None  # fmt: skip
        yield row


# ---- writing ------------------------------------------------------------------------------------


def _plain(value: Fraction | int | Decimal) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return str(Decimal(value.numerator) / Decimal(value.denominator))


def write(
    instance: Instance,
    *,
    meta: dict[str, str] | None = None,
    project_extra: dict[str, dict[str, str]] | None = None,
    project_columns: list[str] | None = None,
) -> str:
    """The file text. META gets num_projects, num_votes, budget and vote_type from the
    instance; PROJECTS id, cost, votes, score (when ballots carry points), name, then the
    extra columns; VOTES voter_id, vote (and points on cumulative ballots)."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    counts, scores = instance.supporters(), instance.scores()
    vote_type = {KNAPSACK: "approval"}.get(instance.vote_type, instance.vote_type)
    meta = dict(meta or {})
    if instance.vote_type == KNAPSACK:
        meta.setdefault("max_sum_cost", _plain(instance.budget))
    meta |= {
        "num_projects": str(len(instance.projects)),
        "num_votes": str(len(instance.ballots)),
        "budget": _plain(instance.budget),
        "vote_type": vote_type,
    }
    w.writerow(["META"])
    w.writerow(["key", "value"])
    for key, value in meta.items():
        w.writerow([key, value])
    extra = project_extra or {}
    columns = [c for c in (project_columns or []) if c not in ("votes", "score")]
    if not project_columns:
        seen: dict[str, None] = {}
        for cols in extra.values():
            seen.update(dict.fromkeys(c for c in cols if c not in ("votes", "score")))
        columns = list(seen)
    head = ["project_id", "cost", "votes"] + (["score"] if instance.cardinal else []) + ["name"]
    w.writerow(["PROJECTS"])
    w.writerow(head + columns)
    for p in instance.projects:
        row = [p.id, _plain(p.cost), counts[p.id]]
        if instance.cardinal:
            row.append(scores[p.id])
        w.writerow(row + [p.name] + [extra.get(p.id, {}).get(c, "") for c in columns])
    w.writerow(["VOTES"])
    w.writerow(["voter_id", "vote"] + (["points"] if instance.vote_type == CUMULATIVE else []))
    ids = instance.voter_ids or [str(n) for n in range(1, len(instance.ballots) + 1)]
    for voter, ballot in zip(ids, instance.ballots, strict=True):
        if instance.vote_type == ORDINAL:
            voted = sorted(ballot, key=ballot.__getitem__)
        else:
            voted = list(ballot)
        row = [voter, ",".join(voted)]
        if instance.vote_type == CUMULATIVE:
            row.append(",".join(str(ballot[p]) for p in voted))
        w.writerow(row)
    return out.getvalue()
