"""Figures of residents' requests (R-CASE-4) and their definitions — one table (``METRICS``)
gives each count both as a test on one case (to keep the rollup) and as a query (to list the
cases behind a number), so a figure and its drill-down list cannot disagree.

Cases are counted by the day they were received (a cohort): the figures of a period are those
of the cases received in it, as they stand now.

- response rate = cases first contacted within the contact limit / cases received
- resolution rate = rated cases the requester says are solved / rated cases
- satisfaction rate = cases rated satisfied or basically satisfied / rated cases

Medians of time to first contact (first_contact_at − received_at) and to the answer
(replied_at − received_at), in wall-clock hours, over the cases that have got there so far:
each case counts once per measure in a bucket of ``DURATION_BUCKETS`` (the ``CaseDuration``
rollup), and the median is interpolated inside the bucket that holds the middle case, as if
the cases of that bucket were spread evenly across it (precise to the bucket's width: an
hour up to 48 h). In the last, open bucket the median is that bucket's lower bound.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.scope import subtree_q
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from .choices import CaseStatus, DueState, DurationMeasure, Rating
from .models import Case, CaseCategory, CaseDuration, CaseFigure, Handler

_CLOSED_UNANSWERED = (CaseStatus.REJECTED, CaseStatus.DUPLICATE, CaseStatus.MERGED)


@dataclass(frozen=True)
class Metric:
    label: str
    test: Callable[[Case], bool]
    query: Q


METRICS: dict[str, Metric] = {
    "received": Metric(_("Received"), lambda c: True, Q()),
    "accepted": Metric(
        _("Accepted"), lambda c: c.accepted_at is not None, Q(accepted_at__isnull=False)
    ),
    "rejected": Metric(
        _("Rejected, duplicate or merged"),
        lambda c: c.status in _CLOSED_UNANSWERED,
        Q(status__in=_CLOSED_UNANSWERED),
    ),
    "contacted": Metric(
        _("Contacted"), lambda c: c.first_contact_at is not None, Q(first_contact_at__isnull=False)
    ),
    "responded": Metric(
        _("Contacted in time"),
        lambda c: (
            c.first_contact_at is not None
            and c.due_contact_at is not None
            and c.first_contact_at <= c.due_contact_at
        ),
        Q(first_contact_at__isnull=False, first_contact_at__lte=F("due_contact_at")),
    ),
    "resolved": Metric(
        _("Answered"), lambda c: c.replied_at is not None, Q(replied_at__isnull=False)
    ),
    "overdue": Metric(
        _("Overdue"), lambda c: c.due_state == DueState.OVERDUE, Q(due_state=DueState.OVERDUE)
    ),
    "reopened": Metric(_("Reopened"), lambda c: c.reopen_count > 0, Q(reopen_count__gt=0)),
    "rated": Metric(_("Rated"), lambda c: bool(c.rating), ~Q(rating="")),
    "satisfied": Metric(
        _("Satisfied"), lambda c: c.rating == Rating.SATISFIED, Q(rating=Rating.SATISFIED)
    ),
    "basically": Metric(
        _("Basically satisfied"),
        lambda c: c.rating == Rating.BASICALLY,
        Q(rating=Rating.BASICALLY),
    ),
    "unsatisfied": Metric(
        _("Not satisfied"), lambda c: c.rating == Rating.UNSATISFIED, Q(rating=Rating.UNSATISFIED)
    ),
    "solved": Metric(
        _("Solved, says the requester"),
        lambda c: bool(c.rating) and c.rating_resolved is True,
        ~Q(rating="") & Q(rating_resolved=True),
    ),
}

RATES = {
    "response_rate": (_("Response rate"), "responded", "received"),
    "resolution_rate": (_("Resolution rate"), "solved", "rated"),
    "satisfaction_rate": (_("Satisfaction rate"), ("satisfied", "basically"), "rated"),
}


# Lower bounds, in hours, of the buckets the medians are read from (R-CASE-4): hourly up to
# two days, where most first contacts and many answers fall, then six-hourly up to a week,
# daily up to 60 days; the last bucket (60 days and more) is open. Changing them needs
# ``figures_rebuild``.
DURATION_BUCKETS: tuple[int, ...] = (*range(0, 48), *range(48, 168, 6), *range(168, 1441, 24))

# measure → (label, the moment the case reached it)
MEASURES: dict[str, tuple[str, Callable[[Case], dt.datetime | None]]] = {
    DurationMeasure.CONTACT.value: (
        _("Median hours to first contact"),
        lambda c: c.first_contact_at,
    ),
    DurationMeasure.RESOLVE.value: (_("Median hours to answer"), lambda c: c.replied_at),
}


def bucket_of(hours: float) -> int:
    """The lower bound of the bucket holding a duration (a negative one counts as 0)."""
    return DURATION_BUCKETS[max(bisect.bisect_right(DURATION_BUCKETS, hours) - 1, 0)]


def median_hours(counts: dict[int, int]) -> float | None:
    """The median of a histogram {bucket lower bound: cases}, interpolated inside its bucket
    (grouped-data median: L + (n/2 − cases below) / cases in bucket × width); None when
    empty."""
    total = sum(c for c in counts.values() if c > 0)
    if not total:
        return None
    half, below = total / 2, 0
    for lower in sorted(counts):
        count = counts[lower]
        if count <= 0:
            continue
        if below + count >= half:
            upper = bisect.bisect_right(DURATION_BUCKETS, lower)
            if upper == len(DURATION_BUCKETS):
                return float(lower)
            width = DURATION_BUCKETS[upper] - lower
            return lower + (half - below) / count * width
        below += count
    return None  # not reached: the loop meets the half


# ----------------------------------------------------------------------------- the rollup


class Contribution(NamedTuple):
    """What one case adds to the rollups: its key, its counts, and (measure, bucket) of each
    duration it has so far."""

    key: tuple
    counts: dict[str, int]
    durations: tuple[tuple[str, int], ...] = ()


def area_of(case: Case) -> tuple[int, str, int]:
    """(area id, area path, community id): the grid holding the case's place, or the place
    itself when it sits above the grids; and its community (0 when above communities)."""
    area, community = case.node, 0
    for node in case.node.ancestors_and_self().only("id", "path", "kind"):  # top first
        if node.kind == NodeKind.COMMUNITY:
            community = node.pk
        if node.kind == NodeKind.GRID:
            area = node
            break
    return area.pk, area.path, community


def contribution(case: Case, area: tuple[int, str, int] | None = None) -> Contribution:
    area_id, area_path, community = area or area_of(case)
    key = (
        timezone.localtime(case.received_at).date(),
        area_id,
        area_path,
        community,
        case.category_id or 0,
        case.channel,
        case.handler_id or 0,
    )
    counts = {name: int(metric.test(case)) for name, metric in METRICS.items()}
    durations = []
    for measure, (_label, reached) in MEASURES.items():
        at = reached(case)
        if at is not None:
            durations.append((measure, bucket_of((at - case.received_at).total_seconds() / 3600)))
    return Contribution(key, counts, tuple(durations))


def _key_fields(key: tuple) -> dict:
    day, area, _path, _community, category, channel, handler = key
    return {"day": day, "area": area, "category": category, "channel": channel, "handler": handler}


def _row_fields(key: tuple) -> dict:
    """The whole key of a rollup row: the unique fields and the area's path and community."""
    return _key_fields(key) | {"area_path": key[2], "community": key[3]}


def _bump(model, key: tuple, counts: dict[str, int], sign: int, **extra) -> None:
    """Add ``sign`` × ``counts`` to the rollup row of ``key`` (and ``extra`` key fields),
    making the row when it is missing."""
    counts = {name: value for name, value in counts.items() if value}
    if not counts:
        return
    deltas = {name: F(name) + sign * value for name, value in counts.items()}
    rows = model.objects.filter(**_key_fields(key), **extra)
    if rows.update(**deltas):
        return
    try:
        with transaction.atomic():
            model.objects.create(
                **_row_fields(key), **extra, **{n: sign * v for n, v in counts.items()}
            )
    except IntegrityError:  # created by a concurrent change a moment ago
        rows.update(**deltas)


def _add(key: tuple, counts: dict[str, int], sign: int) -> None:
    _bump(CaseFigure, key, counts, sign)


def _add_durations(key: tuple, durations: Iterable[tuple[str, int]], sign: int) -> None:
    for measure, bucket in durations:
        _bump(CaseDuration, key, {"count": 1}, sign, measure=measure, bucket=bucket)


def figures_track(before: Contribution | None, after: Contribution | None) -> None:
    """Move a case's counts and durations from its old contribution to its new one (in the
    caller's transaction). Nothing is written when neither changed."""
    if before is not None and after is not None and before == after:
        return
    if before is not None and after is not None and before.key == after.key:
        delta = {k: after.counts[k] - before.counts[k] for k in after.counts}
        _add(after.key, {k: v for k, v in delta.items() if v > 0}, +1)
        _add(after.key, {k: -v for k, v in delta.items() if v < 0}, -1)
        _add_durations(after.key, set(before.durations) - set(after.durations), -1)
        _add_durations(after.key, set(after.durations) - set(before.durations), +1)
        return
    if before is not None:
        _add(before.key, before.counts, -1)
        _add_durations(before.key, before.durations, -1)
    if after is not None:
        _add(after.key, after.counts, +1)
        _add_durations(after.key, after.durations, +1)


def figures_rebuild() -> int:
    """Recount every case into empty rollups (after an import or a repair); the cases."""
    with transaction.atomic():
        CaseFigure.objects.all().delete()
        CaseDuration.objects.all().delete()
        totals: dict[tuple, dict[str, int]] = {}
        buckets: dict[tuple, int] = {}
        areas: dict[int, tuple[int, str, int]] = {}
        count = 0
        for case in Case.objects.select_related("node").iterator(chunk_size=2000):
            if case.node_id not in areas:
                areas[case.node_id] = area_of(case)
            key, counts, durations = contribution(case, areas[case.node_id])
            row = totals.setdefault(key, dict.fromkeys(METRICS, 0))
            for name, value in counts.items():
                row[name] += value
            for duration in durations:
                buckets[(key, *duration)] = buckets.get((key, *duration), 0) + 1
            count += 1
        CaseFigure.objects.bulk_create(
            [CaseFigure(**_row_fields(key), **row) for key, row in totals.items()],
            batch_size=2000,
        )
        CaseDuration.objects.bulk_create(
            [
                CaseDuration(**_row_fields(key), measure=measure, bucket=bucket, count=n)
                for (key, measure, bucket), n in buckets.items()
            ],
            batch_size=2000,
        )
    return count


# ----------------------------------------------------------------------------- reading


@dataclass
class Filters:
    node: Node
    start: dt.date
    end: dt.date  # inclusive
    category: int | None = None
    channel: str = ""
    handler: int | None = None


def category_ids(category: int) -> list[int]:
    """A category and its children: a figure of a category counts its sub-categories."""
    return [category, *CaseCategory.objects.filter(parent=category).values_list("id", flat=True)]


def _rows(f: Filters, model=CaseFigure):
    rows = model.objects.filter(
        subtree_q("area_path", f.node.path), day__gte=f.start, day__lte=f.end
    )
    return _same_dimensions(rows, f, category="category", handler="handler")


def _same_dimensions(qs, f: Filters, *, category: str, handler: str):
    """Category (with its children), channel and handler, on the rollup or on the cases."""
    if f.category:
        qs = qs.filter(**{f"{category}__in": category_ids(f.category)})
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.handler:
        qs = qs.filter(**{handler: f.handler})
    return qs


def with_rates(sums: dict) -> dict:
    out = {name: sums.get(name) or 0 for name in METRICS}
    for rate, (_label, top, bottom) in RATES.items():
        names = top if isinstance(top, tuple) else (top,)
        numerator = sum(out[n] for n in names)
        out[rate] = numerator / out[bottom] if out[bottom] else None
    return out


_SUMS = {name: Sum(name) for name in METRICS}


def median_key(measure: str) -> str:
    return f"median_{measure}_hours"


def _medians(f: Filters, dimension: str | None = None, merge: dict | None = None) -> dict:
    """{dimension value (None without one): {median_<measure>_hours: hours or None}}, with
    the values ``merge`` maps counted under what they map to."""
    fields = [dimension] if dimension else []
    rows = (
        _rows(f, CaseDuration)
        .values(*fields, "measure", "bucket")
        .annotate(n=Sum("count"))
        .order_by()
    )
    histograms: dict = {}
    for row in rows:
        key = row[dimension] if dimension else None
        key = merge.get(key, key) if merge else key
        buckets = histograms.setdefault(key, {}).setdefault(row["measure"], {})
        buckets[row["bucket"]] = buckets.get(row["bucket"], 0) + row["n"]
    return {
        key: {median_key(m): median_hours(by_measure.get(m, {})) for m in MEASURES}
        for key, by_measure in histograms.items()
    }


_NO_MEDIANS = {median_key(m): None for m in MEASURES}


def figures_for(f: Filters) -> dict:
    """The counts, the three rates and the two medians of an area over a period."""
    return with_rates(_rows(f).aggregate(**_SUMS)) | _medians(f).get(None, _NO_MEDIANS)


def figures_by(
    f: Filters, dimension: str, merge: dict | None = None, *, medians: bool = True
) -> list[dict]:
    """The same, broken down by ``day``, ``category``, ``community``, ``channel`` or
    ``handler``, largest first (by day: in order). ``merge`` maps values of the dimension
    to the one they are counted under (sub-categories under their parent); without
    ``medians`` the rows carry the counts and rates alone (one query, not two)."""
    sums: dict = {}
    for row in _rows(f).values(dimension).annotate(**_SUMS).order_by():
        key = merge.get(row[dimension], row[dimension]) if merge else row[dimension]
        into = sums.setdefault(key, dict.fromkeys(METRICS, 0))
        for name in METRICS:
            into[name] += row[name] or 0
    by_key = _medians(f, dimension, merge) if medians else {}
    out = [
        {"key": key, **with_rates(row), **by_key.get(key, _NO_MEDIANS)} for key, row in sums.items()
    ]
    if dimension == "day":
        return sorted(out, key=lambda r: r["key"])
    return sorted(out, key=lambda r: (-r["received"], str(r["key"])))


def figures_tables(f: Filters) -> dict[str, list[dict]]:
    """The breakdowns by category, community and handler (the dashboard's and the export's),
    each row with its name."""
    named = {"category": CaseCategory, "community": Node, "handler": Handler}
    tables = {}
    for dimension, model in named.items():
        rows = figures_by(f, dimension)
        names = dict(
            model.objects.filter(pk__in=[r["key"] for r in rows]).values_list("pk", "name")
        )
        for row in rows:
            row["name"] = names.get(row["key"]) or str(_("(none)"))
        tables[dimension] = rows
    return tables


def cases_behind(f: Filters, metric: str):
    """The cases counted by ``metric`` under the same filters (the drill-down list)."""
    start = timezone.make_aware(dt.datetime.combine(f.start, dt.time(0)))
    end = timezone.make_aware(dt.datetime.combine(f.end + dt.timedelta(days=1), dt.time(0)))
    qs = Case.objects.filter(received_at__gte=start, received_at__lt=end).filter(
        subtree_q("node__path", f.node.path)
    )
    qs = _same_dimensions(qs, f, category="category_id", handler="handler_id")
    return qs.filter(METRICS[metric].query)


# ----------------------------------------------------------------------------- published


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# A count, and the counts a rate or a median is taken over (its denominator).
_PUBLIC_COUNTS = ("received", "resolved")
_PUBLIC_BASES = {
    "response_rate": "received",
    "resolution_rate": "rated",
    "satisfaction_rate": "rated",
    median_key("contact"): "contacted",
    median_key("resolve"): "resolved",
}


def public_cells(row: dict, least: int) -> dict:
    """The published cells of one row: a count of 1 to ``least`` − 1 cases is withheld (None;
    a zero names nobody), and so is a rate or a median taken over fewer than ``least``."""
    out = {key: None if 0 < row[key] < least else row[key] for key in _PUBLIC_COUNTS}
    for key, base in _PUBLIC_BASES.items():
        out[key] = row[key] if row[base] >= least else None
    return out


def _suppress_complements(rows: list[dict], totals: dict) -> None:
    """When a table has exactly one withheld count in a column whose total is shown, the total
    minus the other rows would give it away: withhold the next smallest count too."""
    for key in _PUBLIC_COUNTS:
        if totals.get(key) is None:
            continue
        hidden = [row for row in rows if row["cells"][key] is None]
        shown = [row for row in rows if row["cells"][key] is not None]
        if len(hidden) == 1 and shown:
            # the smallest count that is not zero: withholding a zero would protect nothing
            nonzero = [row for row in shown if row["cells"][key]] or shown
            min(nonzero, key=lambda row: row["cells"][key])["cells"][key] = None


def _public_table(f: Filters, dimension: str, names: dict[int, str], least: int,
                  merge: dict | None = None) -> list[dict]:  # fmt: skip
    """Every named row (those without cases too, so that none stands out), published cells."""
    counts = {row["key"]: row for row in figures_by(f, dimension, merge)}
    empty = with_rates({}) | {median_key(m): None for m in MEASURES}
    return [
        {"name": name, "cells": public_cells(counts.get(pk, empty), least)}
        for pk, name in names.items()
    ]


def figures_public(node: Node, *, months: int, least: int) -> dict:
    """The anonymised figures of a subdistrict or community over its last ``months``, from the
    rollups only: the headline, its communities (of a subdistrict) and its top categories,
    each cell withheld as ``public_cells`` and ``_suppress_complements`` say."""
    today = timezone.localdate()
    f = Filters(node=node, start=_months_before(today, months) + dt.timedelta(days=1), end=today)
    headline = public_cells(figures_for(f), least)
    communities = []
    if node.kind == NodeKind.SUBDISTRICT:
        names = dict(
            Node.objects.filter(
                subtree_q("path", node.path), kind=NodeKind.COMMUNITY, is_active=True
            )
            .order_by("path")
            .values_list("pk", "name")
        )
        communities = _public_table(f, "community", names, least)
        _suppress_complements(communities, headline)
    tops = CaseCategory.objects.filter(parent=None, is_active=True).order_by("order", "code")
    categories = _public_table(
        f,
        "category",
        dict(tops.values_list("pk", "name")),
        least,
        # a sub-category's cases count under its top category
        merge=dict(
            CaseCategory.objects.filter(parent__isnull=False).values_list("pk", "parent_id")
        ),
    )
    _suppress_complements(categories, headline)
    return {"period": f, "headline": headline, "communities": communities, "categories": categories}
