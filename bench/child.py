"""One step or one measurement inside a Django process (run by ``bench.__main__``).

``python -m bench.child <task> '<JSON options>'`` prints one JSON line on stdout; progress
goes to stderr. Preparation: ``build``, ``strip``, ``users``, ``files``, ``session``.
Measures (subject, floor): ``csv_import``/``import_floor``, ``xlsx_import``/``calamine``,
``export``/``export_floor``, ``generate``/``floor`` and ``scope`` (the demo's own); for
requests ``cases_build`` and ``case_session`` (bench/cases.py).
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .cases import case_session, cases_build

AS_OF = dt.date(2026, 6, 30)  # a fixed date: every round generates the same district
_COPY_CHUNK = 8 << 20


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _progress(every: int):
    def report(batch, persons, rows, seconds):
        report.batches += 1
        if report.batches % every == 0:
            _say(f"    {persons:>10,} persons  {rows / max(seconds, 1e-9):>9,.0f} rows/s")

    report.batches = 0
    return report


def _district():
    from shequ.territory.models import Node

    return Node.objects.get(depth=1)


def _checkpoint() -> None:
    """Leave a SQLite file whole (no -wal beside it) so that it can be copied."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _vacuum(tables: list[str] | None = None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables or [""]:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        else:
            cursor.execute("VACUUM")
            cursor.execute("ANALYZE")
    _checkpoint()


# ---- preparation ----------------------------------------------------------------------------


def build(opts) -> dict:
    """The demo district of the tier, generated and written as ``shequ demo`` does."""
    from shequ.demo.services import demo_district_load

    result = demo_district_load(
        scale=opts["scale"],
        seed=opts["seed"],
        as_of=AS_OF,
        progress=_progress(25),
        background=True,
    )
    _checkpoint()
    return {"persons": result.persons, "rows": result.rows, "seconds": result.seconds}


# The people rows of the demo and what points at them; the territory (nodes) stays.
PEOPLE_TABLES = (
    "people_persontag",
    "people_householdmember",
    "people_residence",
    "people_household",
    "territory_noderesponsibility",
    "people_person",
)


def strip(opts) -> dict:
    """Remove every resident (and the audit rows the load made): flats without residents."""
    from django.db import connection

    tables = [*PEOPLE_TABLES, "core_auditevent"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The audit trail refuses TRUNCATE through a trigger: this is a bench template,
            # not a deployment, so the trigger is lifted for this one statement.
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
            # CASCADE reaches only tables that are empty here (logins are made afterwards).
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'core_auditevent'"
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            for table in tables:
                cursor.execute(f'DELETE FROM "{table}"')
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({marks})", tables)
            for _name, sql in triggers:
                cursor.execute(sql)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    connection.close()
    _vacuum()
    if any(counts.values()):
        raise SystemExit(f"rows are left in the territory template: {counts}")
    from shequ.territory.models import Node

    return {"nodes": Node.objects.count()}


def users(opts) -> dict:
    """One login per demo role (the HTTP measures log in as the subdistrict administrator)."""
    from shequ.demo.services import demo_users_create

    logins = demo_users_create(district=_district())
    _vacuum()
    return {"users": len(logins)}


def _exporter():
    try:
        from shequ.sheets.exporting import export_to_path
    except ImportError as exc:
        _say(f"bench: the real exporter cannot be imported ({exc}): using bench/standin.py")
        from bench.standin import export_to_path
    return export_to_path


def files(opts) -> dict:
    """Residents of the tier, unmasked, as one CSV and one xlsx per subdistrict."""
    from shequ.territory.models import Node

    export_to_path = _exporter()
    out = Path(opts["out"])
    district = _district()
    made = {}
    started = time.perf_counter()
    tmp = out / "residents.csv.part"
    rows = export_to_path(
        tmp, kind="residents", scope=district, user=None, file_format="csv", unmasked=True
    )
    tmp.replace(out / "residents.csv")
    made["csv"] = {"name": "residents.csv", "rows": rows}
    _say(f"    residents.csv: {rows:,} rows ({time.perf_counter() - started:.0f} s)")
    made["xlsx"] = []
    for sub in Node.objects.filter(kind="subdistrict").order_by("path"):
        name = f"residents-{sub.code}.xlsx"
        tmp = out / (name + ".part")
        rows = export_to_path(
            tmp, kind="residents", scope=sub, user=None, file_format="xlsx", unmasked=True
        )
        tmp.replace(out / name)
        made["xlsx"].append({"name": name, "code": sub.code, "rows": rows})
        _say(f"    {name}: {rows:,} rows ({time.perf_counter() - started:.0f} s)")
    made["seconds"] = time.perf_counter() - started
    return made


def session(opts) -> dict:
    """A logged-in subdistrict administrator's session cookie, and the pages to ask for: list
    pages spread over the whole scope (keyset cursors) and searches by common surnames."""
    from urllib.parse import quote

    from django.conf import settings
    from django.test import Client

    from shequ.accounts.models import User
    from shequ.core.paging import encode_cursor
    from shequ.core.scope import _successor
    from shequ.demo import vocab
    from shequ.people.selectors import person_list_for

    user = User.objects.get(username="subdistrict_admin")
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    prefix = user.role_assignments.get().node.path
    persons = person_list_for(user=user).order_by("name_pinyin", "id")
    total = persons.count()
    pages = ["/people/"]
    keys = persons.values_list("name_pinyin", "id")
    for k in range(1, opts["pages"]):
        offset = k * total // opts["pages"]
        pages.append("/people/?after=" + encode_cursor(list(keys[offset - 1])))
    surnames = sorted(vocab.SURNAMES, key=lambda s: -s[1])[: opts["surnames"]]
    searches = [f"/people/?q={quote(surname)}" for surname, _weight in surnames]
    return {
        "cookie": cookie,
        "prefix": prefix,
        "upper": _successor(prefix),
        "persons_in_scope": total,
        "list_paths": pages,
        "search_paths": searches,
    }


# ---- a. CSV import and its floor --------------------------------------------------------------


def _tables():
    """Every model table with an integer primary key: (table, pk column, FK target tables)."""
    from django.apps import apps
    from django.db import models

    out = {}
    for model in apps.get_models(include_auto_created=True):
        pk = model._meta.pk
        if not isinstance(pk, (models.AutoField, models.BigAutoField, models.IntegerField)):
            continue
        targets = {
            f.related_model._meta.db_table
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is not None
        }
        out[model._meta.db_table] = (pk.column, targets - {model._meta.db_table})
    return out


def _high_water() -> dict[str, tuple[int, int]]:
    from django.db import connection

    marks = {}
    with connection.cursor() as cursor:
        for table, (pk, _targets) in _tables().items():
            cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0), COUNT(*) FROM "{table}"')
            marks[table] = tuple(cursor.fetchone())
    return marks


def _dependency_order(tables: list[str]) -> list[str]:
    graph = _tables()
    done: list[str] = []
    pending = sorted(tables)
    while pending:
        ready = [t for t in pending if not (graph[t][1] & (set(pending) - {t}))]
        if not ready:  # a cycle: keep the rest as they are (FK checks are deferred)
            ready = pending[:1]
        done.extend(ready)
        pending = [t for t in pending if t not in ready]
    return done


def _dump(before: dict, target: Path) -> list[dict]:
    """The rows the import wrote, table by table (untimed): COPY … TO STDOUT on PostgreSQL,
    pickled tuples on SQLite."""
    from django.db import connection

    after = _high_water()
    graph = _tables()
    written = [t for t in after if after[t][1] != before[t][1]]
    target.mkdir(parents=True, exist_ok=True)
    listing = []
    connection.ensure_connection()
    raw = connection.connection
    for table in _dependency_order(written):
        pk = graph[table][0]
        low = before[table][0]
        query = f'SELECT * FROM "{table}" WHERE "{pk}" > {int(low)} ORDER BY "{pk}"'  # noqa: S608
        path = target / f"{table}.data"
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor, open(path, "wb") as out:
                with cursor.copy(f"COPY ({query}) TO STDOUT") as copy:
                    for data in copy:
                        out.write(data)
            rows = after[table][1] - before[table][1]
        else:
            cursor = raw.execute(query)
            data = cursor.fetchall()
            width = len(cursor.description)
            with open(path, "wb") as out:
                pickle.dump((width, data), out, protocol=pickle.HIGHEST_PROTOCOL)
            rows = len(data)
        listing.append({"table": table, "rows": rows})
    (target / "tables.json").write_text(json.dumps(listing))
    return listing


def _import(path: Path, expected: int, area=None) -> tuple[dict, object]:
    from shequ.sheets.importing import import_file

    area = area or _district()
    started = time.perf_counter()
    job = import_file(path, kind="residents", area=area, user=None)
    seconds = time.perf_counter() - started
    result = {
        "rows": job.total_rows,
        "seconds": seconds,
        "created": job.created_count,
        "updated": job.updated_count,
        "unchanged": job.unchanged_count,
        "rejected": job.rejected_count,
        "status": job.status,
    }
    if job.rejected_count or job.created_count != expected or job.total_rows != expected:
        first = list(
            job.row_errors.order_by("row_number")[:5].values_list("row_number", "messages")
        )
        raise SystemExit(
            f"bench: the import of {path.name} must create {expected:,} persons and reject none: "
            f"{result}; first rejected rows: {first}"
        )
    return result, job


def csv_import(opts) -> dict:
    """Rows per second of the real import of the tier's CSV into the territory template."""
    before = _high_water() if opts.get("dump") else None
    result, _job = _import(Path(opts["path"]), opts["expected"])
    if opts.get("dump"):
        result["dumped"] = _dump(before, Path(opts["dump"]))
    return result


def import_floor(opts) -> dict:
    """The same end rows written back by the database's bare bulk path, one transaction per
    table in dependency order: COPY … FROM STDIN on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    source = Path(opts["dump"])
    listing = json.loads((source / "tables.json").read_text())
    connection.ensure_connection()
    raw = connection.connection
    timed = 0.0
    written = 0
    for entry in listing:
        table, path = entry["table"], source / f"{entry['table']}.data"
        if connection.vendor == "postgresql":
            with open(path, "rb") as data:
                started = time.perf_counter()
                with raw.transaction(), raw.cursor() as cursor:
                    with cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                        while chunk := data.read(_COPY_CHUNK):
                            copy.write(chunk)
                timed += time.perf_counter() - started
        else:
            with open(path, "rb") as data:
                width, rows = pickle.load(data)  # noqa: S301 (written by this run)
            marks = ", ".join(["?"] * width)
            started = time.perf_counter()
            raw.execute("BEGIN IMMEDIATE")
            raw.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)  # noqa: S608
            raw.execute("COMMIT")
            timed += time.perf_counter() - started
            del rows
        written += entry["rows"]
    return {"rows": opts["rows"], "seconds": timed, "table_rows": written}


# ---- b. xlsx import and its floor -------------------------------------------------------------


def xlsx_import(opts) -> dict:
    result, _job = _import(Path(opts["path"]), opts["expected"])
    return result


def calamine(opts) -> dict:
    """Bare parse of the same file: ``CalamineWorkbook.from_path(p).get_sheet_by_index(0)
    .to_python()``."""
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    rows = CalamineWorkbook.from_path(opts["path"]).get_sheet_by_index(0).to_python()
    seconds = time.perf_counter() - started
    if len(rows) - 1 != opts["expected"]:
        raise SystemExit(f"bench: calamine read {len(rows) - 1:,} rows, not {opts['expected']:,}")
    return {"rows": len(rows) - 1, "seconds": seconds}


# ---- c. export and its floor ------------------------------------------------------------------


def export(opts) -> dict:
    """Rows per second of the real export (CSV, unmasked) of the whole district."""
    export_to_path = _exporter()
    district = _district()
    with tempfile.TemporaryDirectory(prefix="shequ-bench-export-") as tmp:
        path = Path(tmp) / "residents.csv"
        started = time.perf_counter()
        rows = export_to_path(
            path, kind="residents", scope=district, user=None, file_format="csv", unmasked=True
        )
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    if rows != opts["expected"]:
        raise SystemExit(f"bench: the export wrote {rows:,} rows, not {opts['expected']:,}")
    return {"rows": rows, "seconds": seconds, "bytes": size}


EXPORT_FLOOR_SQL = (
    "SELECT p.id, p.name, p.sex, p.id_number_enc, p.birth_date, p.ethnicity, p.phone_enc, "
    "p.political_status, p.residence_kind, p.registered_address_enc, n.path, n.kind, n.name "
    "FROM people_person p JOIN territory_node n ON n.id = p.node_id "
    "WHERE n.path >= {low} AND n.path < {high} AND p.status = 'resident' "
    "ORDER BY n.path, p.id"
)


def export_floor(opts) -> dict:
    """The person columns joined with their flat, read to the end by the database's own path:
    ``COPY (SELECT …) TO STDOUT`` on PostgreSQL, a plain SELECT fetched to the end on SQLite."""
    from django.db import connection

    from shequ.core.scope import _successor

    district = _district()
    low, high = district.path, _successor(district.path)
    connection.ensure_connection()
    raw = connection.connection
    rows = size = 0
    if connection.vendor == "postgresql":
        from psycopg import sql

        query = sql.SQL(EXPORT_FLOOR_SQL).format(low=sql.Literal(low), high=sql.Literal(high))
        started = time.perf_counter()
        with raw.cursor() as cursor:
            with cursor.copy(sql.SQL("COPY ({}) TO STDOUT").format(query)) as copy:
                for data in copy:
                    size += len(data)
                    rows += bytes(data).count(b"\n")
        seconds = time.perf_counter() - started
    else:
        query = EXPORT_FLOOR_SQL.format(low="?", high="?")
        started = time.perf_counter()
        cursor = raw.execute(query, (low, high))
        while batch := cursor.fetchmany(5000):
            rows += len(batch)
        seconds = time.perf_counter() - started
    if rows != opts["expected"]:
        raise SystemExit(f"bench: the export floor read {rows:,} rows, not {opts['expected']:,}")
    return {"rows": rows, "seconds": seconds, "bytes": size}


# ---- the demo's own measures (generation, scoped count) ---------------------------------------


def generate(opts) -> dict:
    """The real generator, as `shequ demo` runs it: persons per second, end to end."""
    from shequ.demo.services import demo_district_load

    started = time.perf_counter()
    result = demo_district_load(
        scale=opts["scale"], seed=opts["seed"], as_of=AS_OF, progress=_progress(25)
    )
    seconds = time.perf_counter() - started
    return {"rows": result.persons, "table_rows": result.rows, "seconds": seconds}


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


def floor(opts) -> dict:
    """The demo's rows, generated beforehand (untimed), written by the bare bulk path alone:
    COPY of ready-made text on PostgreSQL, executemany of ready-made tuples on SQLite, one
    transaction per batch, into the same indexed schema."""
    from django.db import connection, transaction

    from shequ.demo.bulk import BulkWriter
    from shequ.demo.generator import COLUMNS
    from shequ.demo.services import demo_check_ready, demo_generator

    demo_check_ready()
    writer = BulkWriter()
    generator = demo_generator(scale=opts["scale"], seed=opts["seed"], as_of=AS_OF, writer=writer)
    postgres = connection.vendor == "postgresql"
    timed = 0.0
    persons = rows = 0
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
    started = time.perf_counter()
    writer.finish(COLUMNS)
    timed += time.perf_counter() - started
    return {"rows": persons, "table_rows": rows, "seconds": timed}


def scope(opts) -> dict:
    """A subdistrict administrator's scoped count against raw SQL over the same subtree."""
    from django.db import connection

    from shequ.accounts.models import User
    from shequ.accounts.roles import VIEW_PERSON
    from shequ.core.scope import _successor
    from shequ.people.models import Person

    user = User.objects.get(username="subdistrict_admin")
    prefix = user.role_assignments.get().node.path
    upper = _successor(prefix)
    base = "SELECT COUNT(*) FROM people_person p JOIN territory_node n ON n.id = p.node_id"
    raw_range = f"{base} WHERE n.path >= %s AND n.path < %s"

    def orm():
        user.__dict__.pop("_scope_cache", None)  # each request looks the roles up again
        return Person.objects.visible_to(user, VIEW_PERSON).count()

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(raw_range, [prefix, upper])
            return cursor.fetchone()[0]

    if orm() != raw():
        raise SystemExit("bench: the scoped counts disagree")
    times: dict[str, list[float]] = {"orm": [], "raw": []}
    for i in range(opts["calls"]):
        for name, probe in (
            (("orm", orm), ("raw", raw)) if i % 2 == 0 else (("raw", raw), ("orm", orm))
        ):
            started = time.perf_counter()
            probe()
            times[name].append(time.perf_counter() - started)
    return {
        "count": raw(),
        "times": times,
        "median": {name: statistics.median(values) for name, values in times.items()},
    }


TASKS = {
    f.__name__: f
    for f in (
        build, strip, users, files, session, csv_import, import_floor, xlsx_import, calamine,
        export, export_floor, generate, floor, scope, cases_build, case_session,
    )
}  # fmt: skip


def main() -> None:
    task, opts = sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")
    if task not in TASKS:
        raise SystemExit(f"unknown task {task!r}: {', '.join(TASKS)}")
    if task != "calamine":
        import django

        django.setup()
    result = TASKS[task](opts)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
