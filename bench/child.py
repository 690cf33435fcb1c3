"""One measurement inside a Django process on a fresh database (run by ``bench.__main__``).

``python -m bench.child generate|floor|scope --scale S --seed N`` prints one JSON line on
stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time

AS_OF = dt.date(2026, 6, 30)  # a fixed date: every round generates the same district


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _progress(every: int):
    def report(batch, persons, rows, seconds):
        report.batches += 1
        if report.batches % every == 0:
            _say(f"    {persons:>10,} persons  {rows / max(seconds, 1e-9):>9,.0f} rows/s")

    report.batches = 0
    return report


def generate(args) -> dict:
    """The real generator, as `shequ demo` runs it: persons per second, end to end."""
    from shequ.demo.services import demo_district_load

    started = time.perf_counter()
    result = demo_district_load(
        scale=args.scale,
        seed=args.seed,
        as_of=AS_OF,
        progress=_progress(args.every),
        background=not args.inline,
    )
    seconds = time.perf_counter() - started
    return {"persons": result.persons, "rows": result.rows, "seconds": seconds}


def _copy_field(value) -> str:
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def copy_text(rows: list[tuple]) -> bytes:
    """Rows in PostgreSQL's COPY text format."""
    return "".join("\t".join(map(_copy_field, row)) + "\n" for row in rows).encode()


def floor(args) -> dict:
    """The same rows, generated beforehand (untimed), written by the bare bulk path alone:
    COPY of ready-made text on PostgreSQL, executemany of ready-made tuples on SQLite, one
    transaction per batch, into the same indexed schema."""
    from django.db import connection, transaction

    from shequ.demo.bulk import BulkWriter
    from shequ.demo.generator import COLUMNS
    from shequ.demo.services import demo_check_ready, demo_generator

    demo_check_ready()
    writer = BulkWriter()
    generator = demo_generator(scale=args.scale, seed=args.seed, as_of=AS_OF, writer=writer)
    postgres = connection.vendor == "postgresql"
    timed = 0.0
    persons = rows = batches = 0
    for batch in generator.batches():
        work = []
        for label, batch_rows in batch.rows.items():
            if not batch_rows:
                continue
            sql, extra = writer.statement(label, COLUMNS[label])
            ready = [row + extra for row in batch_rows] if extra else batch_rows
            work.append((sql, copy_text(ready) if postgres else ready))
        connection.ensure_connection()
        raw = connection.connection
        started = time.perf_counter()
        with transaction.atomic():
            for sql, data in work:
                if postgres:
                    with raw.cursor() as cursor, cursor.copy(sql) as copy:
                        copy.write(data)
                else:
                    raw.executemany(sql, data)
        timed += time.perf_counter() - started
        persons += batch.persons
        rows += batch.row_count
        batches += 1
        if batches % args.every == 0:
            _say(f"    {persons:>10,} persons  {rows / max(timed, 1e-9):>9,.0f} rows/s (floor)")
    started = time.perf_counter()
    writer.finish(COLUMNS)
    timed += time.perf_counter() - started
    return {"persons": persons, "rows": rows, "seconds": timed}


def scope(args) -> dict:
    """A subdistrict administrator's scoped count against raw SQL over the same subtree."""
    from django.db import connection

    from shequ.accounts.models import User
    from shequ.accounts.roles import VIEW_PERSON
    from shequ.demo.generator import path_step
    from shequ.demo.services import demo_users_create
    from shequ.people.models import Person
    from shequ.territory.models import Node

    if not User.objects.filter(username="subdistrict_admin").exists():
        demo_users_create(district=Node.objects.get(depth=1))
    user = User.objects.get(username="subdistrict_admin")
    prefix = user.role_assignments.get().node.path
    upper = prefix[:-4] + path_step(int(prefix[-4:], 36) + 1)
    base = "SELECT COUNT(*) FROM people_person p JOIN territory_node n ON n.id = p.node_id"
    raw_like = f"{base} WHERE n.path LIKE %s"
    raw_range = f"{base} WHERE n.path >= %s AND n.path < %s"

    def orm():
        user.__dict__.pop("_scope_cache", None)  # each request looks the roles up again
        return Person.objects.visible_to(user, VIEW_PERSON).count()

    def sql(query, params):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchone()[0]

        return run

    probes = {
        "orm": orm,
        "raw_like": sql(raw_like, [prefix + "%"]),
        "raw_range": sql(raw_range, [prefix, upper]),
    }
    counts = {name: probe() for name, probe in probes.items()}  # warm-up and agreement
    if len(set(counts.values())) != 1:
        raise SystemExit(f"the three counts disagree: {counts}")
    times: dict[str, list[float]] = {name: [] for name in probes}
    names = list(probes)
    for i in range(args.calls):
        for name in names[i % 3 :] + names[: i % 3]:  # rotate the order: no position bias
            started = time.perf_counter()
            probes[name]()
            times[name].append(time.perf_counter() - started)
    plans = {}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name, (query, params) in {
                "raw_like": (raw_like, [prefix + "%"]),
                "raw_range": (raw_range, [prefix, upper]),
            }.items():
                cursor.execute("EXPLAIN QUERY PLAN " + query, params)
                plans[name] = " / ".join(row[-1] for row in cursor.fetchall())
    return {
        "count": counts["orm"],
        "total": Person.objects.count(),
        "times": times,
        "median": {name: statistics.median(values) for name, values in times.items()},
        "plans": plans,
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.child")
    parser.add_argument("task", choices=["generate", "floor", "scope"])
    parser.add_argument("--scale", default="district")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--every", type=int, default=25, help="progress every N batches")
    parser.add_argument("--inline", action="store_true", help="generate in this process")
    args = parser.parse_args()
    import django

    django.setup()
    result = {"generate": generate, "floor": floor, "scope": scope}[args.task](args)
    from django.db import connection

    result["vendor"] = connection.vendor
    result["server"] = _server_version(connection)
    print(json.dumps(result))


def _server_version(connection) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0].split()[0]
    import sqlite3

    return "SQLite " + sqlite3.sqlite_version


if __name__ == "__main__":
    main()
