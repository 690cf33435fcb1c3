"""The floor of the figures page: a bare WSGI app (no Django) answering
``/cases/figures/?node=&start=&end=`` with raw SQL on the same rollup (``cases_casefigure``)
and its histogram of durations (``cases_caseduration``) as a minimal HTML page — the headline
sums and medians, the trend by day, and the breakdowns by category, community and handler
with their names and medians, i.e. the queries the page cannot do without. One persistent
connection per thread. Settings from the environment: BENCH_DATABASE_URL, BENCH_METRICS (the
rollup's count columns, comma-separated) and BENCH_BUCKETS (the lower bounds of the duration
buckets), given by the platform's ``figures`` so that both sides read the same.
"""

from __future__ import annotations

import bisect
import html
import json
import os
import threading
from urllib.parse import parse_qs

from shequ.core.scope import _successor

URL = os.environ["BENCH_DATABASE_URL"]
METRICS = os.environ["BENCH_METRICS"].split(",")
BUCKETS = [int(b) for b in os.environ["BENCH_BUCKETS"].split(",")]
MEASURES = ("contact", "resolve")
POSTGRES = URL.startswith("postgres")
MARK = "%s" if POSTGRES else "?"
SUMS = ", ".join(f"SUM({m})" for m in METRICS)
WHERE = f"WHERE area_path >= {MARK} AND area_path < {MARK} AND day >= {MARK} AND day <= {MARK}"
NAMES = {
    "category": "SELECT id, name FROM cases_casecategory WHERE id IN ({ids})",
    "community": "SELECT id, name FROM territory_node WHERE id IN ({ids})",
    "handler": "SELECT id, name FROM cases_handler WHERE id IN ({ids})",
}

_local = threading.local()


def _cursor():
    conn = getattr(_local, "conn", None)
    if conn is None:
        if POSTGRES:
            import psycopg

            conn = psycopg.connect(URL, autocommit=True, cursor_factory=psycopg.ClientCursor)
        else:
            import sqlite3

            conn = sqlite3.connect(URL.removeprefix("sqlite:///"), check_same_thread=False)
        _local.conn = conn
    return conn.cursor()


def _rates(row) -> dict:
    out = dict(zip(METRICS, (int(v or 0) for v in row), strict=True))
    rated = out.get("rated", 0)
    out["response_rate"] = out["responded"] / out["received"] if out.get("received") else None
    out["resolution_rate"] = out["solved"] / rated if rated else None
    out["satisfaction_rate"] = (out["satisfied"] + out["basically"]) / rated if rated else None
    return out


def _median(counts: dict[int, int]):
    """Grouped-data median of a histogram {bucket lower bound: cases}."""
    total = sum(counts.values())
    half, below = total / 2, 0
    for lower in sorted(counts):
        count = counts[lower]
        if count > 0 and below + count >= half:
            upper = bisect.bisect_right(BUCKETS, lower)
            if upper == len(BUCKETS):
                return float(lower)
            return lower + (half - below) / count * (BUCKETS[upper] - lower)
        below += count
    return None


def _medians(cursor, dimension: str | None, params) -> dict:
    """{dimension value: {measure: median hours}} from one grouped query."""
    group = f"{dimension}, " if dimension else ""
    cursor.execute(
        f"SELECT {group or 'NULL, '}measure, bucket, SUM(count) FROM cases_caseduration {WHERE} "
        f"GROUP BY {group}measure, bucket",
        params,
    )
    histograms: dict = {}
    for key, measure, bucket, n in cursor.fetchall():
        histograms.setdefault(key, {}).setdefault(measure, {})[bucket] = int(n)
    return {k: {m: _median(h.get(m, {})) for m in MEASURES} for k, h in histograms.items()}


def _hours(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def page(query: str) -> bytes:
    args = {k: v[0] for k, v in parse_qs(query).items()}
    cursor = _cursor()
    cursor.execute(f"SELECT path, name FROM territory_node WHERE id = {MARK}", [int(args["node"])])
    path, area = cursor.fetchone()
    params = [path, _successor(path), args["start"], args["end"]]
    cursor.execute(f"SELECT {SUMS} FROM cases_casefigure {WHERE}", params)
    total = _rates(cursor.fetchone())
    total_medians = _medians(cursor, None, params).get(None, {})
    esc = html.escape
    out = [
        f"<!doctype html><html><head><meta charset=utf-8><title>{esc(area)}</title></head><body>",
        "<dl>",
        *(f"<dt>{m}</dt><dd>{total[m]}</dd>" for m in METRICS),
        *(
            f"<dt>{r}</dt><dd>{_pct(total[r])}</dd>"
            for r in ("response_rate", "resolution_rate", "satisfaction_rate")
        ),
        *(f"<dt>median {m}</dt><dd>{_hours(total_medians.get(m))}</dd>" for m in MEASURES),
        "</dl>",
    ]
    for dimension in ("category", "community", "handler"):
        cursor.execute(
            f"SELECT {dimension}, {SUMS} FROM cases_casefigure {WHERE} GROUP BY {dimension}",
            params,
        )
        rows = sorted(
            ((key, _rates(rest)) for key, *rest in cursor.fetchall()),
            key=lambda r: (-r[1]["received"], str(r[0])),
        )
        medians = _medians(cursor, dimension, params)
        names = {}
        ids = ", ".join(str(int(key)) for key, _r in rows)
        if ids:
            cursor.execute(NAMES[dimension].format(ids=ids))
            names = dict(cursor.fetchall())
        out.append(f"<table><caption>{dimension}</caption>")
        for key, row in rows:
            out.append(
                f"<tr><th>{esc(names.get(key) or '（无）')}</th>"
                + "".join(f"<td>{row[m]}</td>" for m in METRICS)
                + "".join(
                    f"<td>{_pct(row[r])}</td>"
                    for r in ("response_rate", "resolution_rate", "satisfaction_rate")
                )
                + "".join(f"<td>{_hours(medians.get(key, {}).get(m))}</td>" for m in MEASURES)
                + "</tr>"
            )
        out.append("</table>")
    cursor.execute(
        f"SELECT day, SUM(received), SUM(resolved) FROM cases_casefigure {WHERE} "
        "GROUP BY day ORDER BY day",
        params,
    )
    trend = [(str(day), int(r), int(s)) for day, r, s in cursor.fetchall()]
    out.append(f"<script type=application/json id=trend>{json.dumps(trend)}</script>")
    out.append("</body></html>")
    return "".join(out).encode()


def application(environ, start_response):
    if environ.get("PATH_INFO", "/") != "/cases/figures/":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    body = page(environ.get("QUERY_STRING", ""))
    start_response(
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]
