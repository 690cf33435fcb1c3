"""`python -m bench [--tier S|M|L] [--repeat 3]` (`make bench`): the performance suite.

Each measure beside its floor, in the same run, interleaved (the order alternates by round),
repeated, medians; every measure in a child process on a fresh copy of its template database:

  csv_import   import_file of the tier's residents CSV ÷ COPY (executemany on SQLite) of the
               same end rows into a fresh territory-only database
  xlsx_import  import_file of one subdistrict's xlsx ÷ a bare calamine parse of the file
  export       export_to_path (CSV, unmasked, the district) ÷ COPY (SELECT …) TO STDOUT
  list_page    /people/ over HTTP (gunicorn, wrk) ÷ a bare WSGI app with the same raw SQL
  search       /people/?q=<surname> over HTTP ÷ the same bare WSGI app
  case_steps   a case recorded and walked through every step over HTTP (one client, one POST
               per step: case_create, case_accept … case_close) ÷ Django's hello world
               (bench/hello_django.py) answering the same POSTs, same gunicorn
  dashboard    /cases/figures/ of the whole district (a year, a month) over HTTP (wrk) ÷ a
               bare WSGI app with raw SQL on the same rollup (bench/floor_dashboard.py)

Opt-in (``--measures``): ``generation`` (the demo generator ÷ bulk insert of its rows),
``scope`` (a scoped count through the ORM ÷ raw SQL) and ``pb_mes`` (our MES and greedy ÷
pabutools' on the largest pabulib file, no database). Targets: bench/targets.toml. The table
is printed, the JSON lands in bench/out/, and the exit status is 1 only when a ratio is below
its target.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
import tomllib
from pathlib import Path

from . import cases, http
from .common import (
    OUT,
    ROOT,
    SCALE_TIERS,
    TIERS,
    PostgresDatabases,
    SqliteDatabases,
    Stopwatch,
    TierDir,
    database_key,
    exporter_available,
    files_key,
    machine,
    migrate,
    run_child,
    say,
    server_label,
)

DEFAULT_MEASURES = (
    "csv_import", "xlsx_import", "export", "list_page", "search", "case_steps", "dashboard",
)  # fmt: skip
EXTRA_MEASURES = ("generation", "scope", "pb_mes")
HTTP_MEASURES = ("list_page", "search", "dashboard")
CASE_MEASURES = ("case_steps", "dashboard")  # on the "cases" template
CASES_PER_RESIDENT = 1 / 12  # a year of requests: ~0.08 a resident (12345 volumes)
CASES_BUILD_VERSION = 2  # bump when bench/cases.py writes other cases
WALKED_CASES = 20  # cases walked through every step, per side and round
TARGETS = Path(__file__).resolve().parent / "targets.toml"
LIST_PAGES = 20  # list pages spread over the scope, walked in turn by wrk
SURNAMES = 10  # searches by the most common surnames


# ---- preparation: template databases and sheets, cached -----------------------------------------


def prepare(args, tier, tier_dir: TierDir, databases, timings: dict) -> dict:
    """The tier's template databases ("full": the demo district with its logins; "territory":
    the same without a single resident) and its sheets, rebuilt only when their cache key
    changed."""
    manifest = tier_dir.manifest()
    data_dir = tier_dir.data
    key = database_key(tier, args.seed)
    entry = manifest.get("databases", {}).get(databases.vendor) or {}
    if (
        entry.get("key") == key
        and entry.get("data_key") == tier_dir.data_key_id()
        and databases.exists("full")
        and databases.exists("territory")
    ):
        say(f"bench: tier {tier.name} databases cached ({databases.label}, {key})")
    else:
        watch = Stopwatch()
        say(f"bench: building the tier {tier.name} database ({tier.scale}, seed {args.seed})")
        url = databases.create_empty("full")
        migrate(url, data_dir)
        built = run_child("build", url, data_dir, scale=tier.scale, seed=args.seed)
        say(f"bench:   {built['persons']:,} persons in {built['seconds']:.0f} s; territory copy")
        territory = databases.copy("full", "territory")
        stripped = run_child("strip", territory, data_dir)
        run_child("users", url, data_dir)
        entry = {
            "key": key,
            "data_key": tier_dir.data_key_id(),
            "persons": built["persons"],
            "nodes": stripped["nodes"],
            "seconds": watch(),
        }
        manifest.setdefault("databases", {})[databases.vendor] = entry
        tier_dir.save(manifest)
        timings["build_databases"] = watch()
        say(f"bench:   databases ready in {watch():.0f} s")
    producer = "exporter" if exporter_available() else "standin"
    fkey = files_key(tier, args.seed, producer)
    files = manifest.get("files") or {}
    names = [files.get("csv", {}).get("name")] + [x["name"] for x in files.get("xlsx", [])]
    if files.get("key") == fkey and all(n and (tier_dir.path / n).exists() for n in names):
        say(f"bench: tier {tier.name} sheets cached ({fkey})")
    else:
        watch = Stopwatch()
        say(f"bench: writing the tier {tier.name} sheets ({producer})")
        for old in tier_dir.path.glob("residents*"):
            os.unlink(old)
        files = run_child("files", databases.url("full"), data_dir, out=str(tier_dir.path))
        files["key"] = fkey
        files["producer"] = producer
        manifest = tier_dir.manifest()
        manifest["files"] = files
        tier_dir.save(manifest)
        timings["write_files"] = watch()
    if files["producer"] == "standin":
        say("bench: the sheets were written by bench/standin.py (no real exporter yet)")
    if any(m in args.measures for m in CASE_MEASURES):
        prepare_cases(args, tier_dir, databases, entry, timings)
    return {"database": entry, "files": files}


def prepare_cases(args, tier_dir: TierDir, databases, entry: dict, timings: dict) -> None:
    """The "cases" template: the full district with a year of requests and their rollup."""
    manifest = tier_dir.manifest()
    key = f"{entry['key']}-cases{CASES_BUILD_VERSION}"
    cached = manifest.get("cases", {}).get(databases.vendor) or {}
    if cached.get("key") == key and databases.exists("cases"):
        say(f"bench: tier {tier_dir.tier.name} cases cached ({cached['cases']:,} cases)")
        return
    watch = Stopwatch()
    n = round(entry["persons"] * CASES_PER_RESIDENT)
    say(f"bench: writing a year of requests ({n:,} cases) into a copy of the district")
    url = databases.copy("full", "cases")
    built = run_child("cases_build", url, tier_dir.data, cases=n, seed=args.seed)
    say(
        f"bench:   {built['cases']:,} cases in {built['build_seconds']:.0f} s, rollup "
        f"{built['rollup_rows']:,} rows in {built['rollup_seconds']:.0f} s"
    )
    manifest = tier_dir.manifest()
    manifest.setdefault("cases", {})[databases.vendor] = {"key": key, **built}
    tier_dir.save(manifest)
    timings["build_cases"] = watch()


# ---- rounds -------------------------------------------------------------------------------------


def _order(round_index: int) -> tuple[str, str]:
    """Alternate which side runs first, so that neither always meets a warmer machine."""
    return ("subject", "floor") if round_index % 2 == 0 else ("floor", "subject")


def _timed(label: str, fn, *a, **kw) -> dict:
    watch = Stopwatch()
    result = fn(*a, **kw)
    rate = result["rows"] / result["seconds"] if result.get("seconds") else 0
    seconds = result["seconds"]
    say(f"bench:   {label}: {seconds:.1f} s measured, {rate:,.0f} rows/s, {watch():.0f} s wall")
    return result


def run_rounds(args, tier, tier_dir: TierDir, databases, prepared: dict, workdir: Path) -> dict:
    data = tier_dir.data
    files = prepared["files"]
    csv_path = tier_dir.path / files["csv"]["name"]
    csv_rows = files["csv"]["rows"]
    xlsx = files["xlsx"][0]
    xlsx_path = tier_dir.path / xlsx["name"]
    dump = workdir / "import-rows"
    runs: dict[str, dict[str, list]] = {m: {"subject": [], "floor": []} for m in _rows_of(args)}
    extra: dict = {}
    wall: dict[str, float] = {}

    def clock(measure: str, watch: Stopwatch) -> None:
        wall[measure] = wall.get(measure, 0.0) + watch()

    if "generation" in args.measures:
        empty = databases.create_empty("empty")
        migrate(empty, data)
    for n in range(args.repeat):
        order = _order(n)
        say(f"bench: round {n + 1}/{args.repeat} (order {' / '.join(order)})")
        if "csv_import" in args.measures:
            watch = Stopwatch()
            for side in order:
                url = databases.fresh("territory")
                if side == "subject":
                    options = {"path": str(csv_path), "expected": csv_rows}
                    if not dump.exists():
                        options["dump"] = str(dump)  # the end rows, once, for the floor
                    result = _timed("csv import", run_child, "csv_import", url, data, **options)
                    extra.setdefault("csv_import_tables", result.pop("dumped", None))
                else:
                    result = _timed(
                        "csv floor", run_child, "import_floor", url, data, dump=str(dump),
                        rows=csv_rows,
                    )  # fmt: skip
                runs["csv_import"][side].append(result)
            clock("csv_import", watch)
        if "xlsx_import" in args.measures:
            watch = Stopwatch()
            for side in order:
                options = {"path": str(xlsx_path), "expected": xlsx["rows"]}
                if side == "subject":
                    url = databases.fresh("territory")
                    result = _timed("xlsx import", run_child, "xlsx_import", url, data, **options)
                else:
                    result = _timed("xlsx floor", run_child, "calamine", "", data, **options)
                runs["xlsx_import"][side].append(result)
            clock("xlsx_import", watch)
        read_only = [m for m in ("export", "scope", *HTTP_MEASURES) if m in args.measures]
        if read_only:
            url = databases.fresh("full")  # shared by the measures that only read
        if "export" in args.measures:
            watch = Stopwatch()
            for side in order:
                task = "export" if side == "subject" else "export_floor"
                result = _timed(task, run_child, task, url, data, expected=csv_rows)
                runs["export"][side].append(result)
            clock("export", watch)
        if "scope" in args.measures:
            watch = Stopwatch()
            result = run_child("scope", url, data, calls=args.calls)
            runs["scope"]["subject"].append({"seconds": result["median"]["orm"], **result})
            runs["scope"]["floor"].append({"seconds": result["median"]["raw"]})
            clock("scope", watch)
        if any(m in args.measures for m in HTTP_MEASURES) and args.http:
            watch = Stopwatch()
            http_round(args, url, data, order, runs, extra)
            for m in HTTP_MEASURES:
                if m in args.measures:
                    wall[m] = wall.get(m, 0.0) + watch() / 2
        if any(m in args.measures for m in CASE_MEASURES):
            watch = Stopwatch()
            cases_round(args, databases.fresh("cases"), data, order, runs, extra, n)
            for m in CASE_MEASURES:
                if m in args.measures:
                    wall[m] = wall.get(m, 0.0) + watch() / 2
        if "generation" in args.measures:
            watch = Stopwatch()
            for side in order:
                url = databases.fresh("empty")
                task = "generate" if side == "subject" else "floor"
                result = _timed(task, run_child, task, url, data, scale=tier.scale, seed=args.seed)
                runs["generation"][side].append(result)
            clock("generation", watch)
    return {"runs": runs, "extra": extra, "wall": wall}


def http_round(args, url: str, data: Path, order, runs: dict, extra: dict) -> None:
    session = run_child("session", url, data, pages=LIST_PAGES, surnames=SURNAMES)
    extra["persons_in_scope"] = session["persons_in_scope"]
    env = {
        "BENCH_DATABASE_URL": url,
        "BENCH_PREFIX": session["prefix"],
        "BENCH_UPPER": session["upper"],
    }
    servers = {}
    try:
        for side in ("subject", "floor"):
            servers[side] = http.Server(http.APPS[side], url, data, env)
        cookie = session["cookie"]
        for measure, paths in (("list_page", "list_paths"), ("search", "search_paths")):
            if measure not in args.measures:
                continue
            http.check_same_rows(servers, session[paths], cookie)
            for side in order:
                result = http.run_wrk(servers[side], session[paths], cookie)
                say(
                    f"bench:   {measure} {side}: {result['rps']:,.0f} req/s, "
                    f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms"
                )
                runs[measure][side].append(result)
            http.check_same_rows(servers, session[paths], cookie)  # still logged in
    finally:
        for server in servers.values():
            server.stop()


def _rows_of(args) -> list[str]:
    """The table's rows: a measure each, but case_steps gives one row per step."""
    out = []
    for m in args.measures:
        out.extend(cases.STEP_NAMES if m == "case_steps" else [m])
    return out


def cases_round(args, url: str, data: Path, order, runs: dict, extra: dict, round_index) -> None:
    """The figures page first (the year as built), then the walk (which adds cases)."""
    session = run_child("case_session", url, data, seed=round_index)
    extra["dashboard_paths"] = session["dashboard_paths"]
    if "dashboard" in args.measures and args.http:
        env = {
            "BENCH_DATABASE_URL": url,
            "BENCH_METRICS": ",".join(session["metrics"]),
            "BENCH_BUCKETS": ",".join(str(b) for b in session["buckets"]),
        }
        apps = {"subject": http.APPS["subject"], "floor": "bench.floor_dashboard:application"}
        servers = {}
        try:
            for side in ("subject", "floor"):
                servers[side] = http.Server(apps[side], url, data, env)
            paths, cookie = session["dashboard_paths"], session["dashboard_cookie"]
            cases.check_same_figures(servers, paths[0], cookie, session["received"])
            for side in order:
                result = http.run_wrk(servers[side], paths, cookie)
                say(
                    f"bench:   dashboard {side}: {result['rps']:,.1f} req/s, "
                    f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms"
                )
                runs["dashboard"][side].append(result)
        finally:
            for server in servers.values():
                server.stop()
    if "case_steps" in args.measures:
        apps = {"subject": http.APPS["subject"], "floor": "bench.hello_django:application"}
        for side in order:
            server = http.Server(apps[side], url, data, {})
            try:
                cases.walk(server.base, session, 8, floor=side == "floor", seed=99)  # warm both
                walked = cases.walk(
                    server.base, session, WALKED_CASES, floor=side == "floor", seed=round_index
                )
            except SystemExit:
                say(server.errors())
                raise
            finally:
                server.stop()
            create = walked["case_create"]
            say(
                f"bench:   case steps {side}: create {create['rps']:,.1f} req/s, "
                + ", ".join(
                    f"{m.removeprefix('case_')} {r['p50_ms']:.0f} ms"
                    for m, r in walked.items()
                    if m != "case_create"
                )
            )
            for measure, result in walked.items():
                runs[measure][side].append(result)


# ---- summary ------------------------------------------------------------------------------------


def _median(values) -> float:
    return statistics.median(values) if values else float("nan")


def summarise(args, runs: dict, targets: dict) -> dict:
    table = {}
    for measure, sides in runs.items():
        subject, floor = sides["subject"], sides["floor"]
        if not subject or not floor:
            continue
        target = targets.get(measure) or (
            targets.get("case_steps", {}) if measure in cases.STEP_NAMES else {}
        )
        row: dict = {"target": target.get("min_ratio")}
        if measure in HTTP_MEASURES or measure in cases.STEP_NAMES:
            row.update(
                unit="req/s",
                subject=_median([r["rps"] for r in subject]),
                floor=_median([r["rps"] for r in floor]),
                subject_p50_ms=_median([r["p50_ms"] for r in subject]),
                subject_p99_ms=_median([r["p99_ms"] for r in subject]),
                floor_p50_ms=_median([r["p50_ms"] for r in floor]),
                floor_p99_ms=_median([r["p99_ms"] for r in floor]),
                max_p99_factor=target.get("max_p99_factor"),
            )
            row["p99_factor"] = row["subject_p99_ms"] / max(row["floor_p99_ms"], 1e-9)
            row["fewest_requests"] = min(r["requests"] for r in subject + floor)
        elif measure == "scope":
            row.update(
                unit="calls/s",
                subject=1 / _median([r["seconds"] for r in subject]),
                floor=1 / _median([r["seconds"] for r in floor]),
            )
        else:
            row.update(
                unit="rows/s",
                rows=subject[0]["rows"],
                subject=_median([r["rows"] / r["seconds"] for r in subject]),
                floor=_median([r["rows"] / r["seconds"] for r in floor]),
                subject_seconds=_median([r["seconds"] for r in subject]),
                floor_seconds=_median([r["seconds"] for r in floor]),
            )
        row["ratio"] = row["subject"] / row["floor"] if row["floor"] else float("nan")
        passed = row["target"] is None or row["ratio"] >= row["target"]
        if row.get("max_p99_factor") is not None:
            passed = passed and row["p99_factor"] <= row["max_p99_factor"]
        row["result"] = "—" if row["target"] is None else ("pass" if passed else "REGRESS")
        row["runs"] = sides
        table[measure] = row
    return table


FLOORS = {
    "csv_import": "COPY FROM STDIN of the same end rows (SQLite: executemany), fresh territory",
    "xlsx_import": "bare calamine parse of the same file (to_python)",
    "export": "COPY (SELECT person columns ⨝ flat) TO STDOUT (SQLite: SELECT fetched)",
    "list_page": "bare WSGI app + the same raw SQL, same gunicorn, minimal HTML",
    "search": "bare WSGI app + the same raw search SQL, same gunicorn",
    "generation": "the generator's rows written by the bare bulk path",
    "scope": "raw SQL count over the same path range",
    "dashboard": "bare WSGI app + raw SQL sums on the same rollup, same gunicorn, minimal HTML",
} | {
    step: "Django hello world (startproject middleware, no database) answering the same POST"
    for step in cases.STEP_NAMES
}


def _rate(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def print_table(summary: dict) -> None:
    m = summary["machine"]
    print()
    print(
        f"Shequ bench — tier {summary['tier']} ({summary['tier_label']}), seed {summary['seed']}, "
        f"{summary['server']}, {summary['repeat']} interleaved rounds, medians"
    )
    print(
        f"machine: {m['before']['cpus']} CPUs, {m['before'].get('mem_total_gb', 0):.1f} GB memory "
        f"({m['before'].get('mem_available_gb', 0):.1f} GB available); load average "
        f"{' '.join(f'{x:.2f}' for x in m['before']['loadavg'])} before, "
        f"{' '.join(f'{x:.2f}' for x in m['after']['loadavg'])} after"
    )
    print(f"sheets: {summary['sheets']}")
    print()
    header = (
        f"{'measure':<15}{'unit':<7}{'subject':>15}{'floor':>15}{'ratio':>8}{'target':>10}  result"
    )
    print(header)
    print("-" * len(header))
    for measure, row in summary["table"].items():
        target = "" if row["target"] is None else f"≥ {row['target']:.2f}"
        print(
            f"{measure:<15}{row['unit']:<7}{_rate(row['subject']):>15}{_rate(row['floor']):>15}"
            f"{row['ratio']:>8.2f}{target:>10}  {row['result']}"
        )
        if "p99_factor" in row:
            limit = row.get("max_p99_factor")
            subject = f"{row['subject_p50_ms']:.1f}/{row['subject_p99_ms']:.1f}"
            floor = f"{row['floor_p50_ms']:.1f}/{row['floor_p99_ms']:.1f}"
            factor = f"×{row['p99_factor']:.2f}"
            limit = "" if limit is None else f"≤ ×{limit:.1f}"
            print(f"{'':<15}{'ms':<7}{subject:>15}{floor:>15}{factor:>8}{limit:>10}  p50/p99")
    for measure, row in summary["table"].items():
        if measure in HTTP_MEASURES and row.get("fewest_requests", 100) < 100:
            print(
                f"note: {measure}: a run completed only {row['fewest_requests']} requests in "
                "10 s; its percentiles rest on few samples"
            )
    for note in summary["notes"]:
        print(note)
    print()
    print("floors:")
    for measure in summary["table"]:
        print(f"  {measure:<12} {FLOORS[measure]}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--tier", choices=list(TIERS), type=str.upper, default=None)
    parser.add_argument(
        "--scale", choices=list(SCALE_TIERS), help="alias of --tier: small=S, district=M, city=L"
    )
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--measures",
        default=",".join(DEFAULT_MEASURES),
        help=f"comma-separated, of {', '.join(DEFAULT_MEASURES + EXTRA_MEASURES)}",
    )
    parser.add_argument("--calls", type=int, default=20, help="scoped counts per round (scope)")
    parser.add_argument(
        "--keep", action="store_true", help="keep the last working database for a look"
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="build the cached databases and sheets, stop"
    )
    args = parser.parse_args()
    if args.tier and args.scale and SCALE_TIERS[args.scale] != args.tier:
        parser.error("--tier and --scale disagree")
    tier = TIERS[args.tier or SCALE_TIERS.get(args.scale or "", "M")]
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.measures = [m.strip() for m in args.measures.split(",") if m.strip()]
    unknown = set(args.measures) - set(DEFAULT_MEASURES + EXTRA_MEASURES)
    if unknown:
        parser.error(f"unknown measures: {', '.join(sorted(unknown))}")
    if "pb_mes" in args.measures:  # no database: our MES ÷ pabutools' (bench/pb_mes.py)
        from . import pb_mes

        pb_mes.print_table(pb_mes.measure(args.repeat))
        args.measures.remove("pb_mes")
        if not args.measures:
            return
    notes = []
    args.http = True
    if any(m in args.measures for m in HTTP_MEASURES) and not http.wrk_path():
        args.http = False
        notes.append(
            "HTTP measures (list_page, search, dashboard) SKIPPED: wrk is not installed "
            "(`apt-get install wrk`, or `make bench` as root)."
        )
        say("bench: " + notes[-1])

    url = os.environ.get("DATABASE_URL", "")
    tier_dir = TierDir(tier)
    databases = (
        PostgresDatabases(url, tier) if url.startswith("postgres") else SqliteDatabases(tier_dir)
    )
    before = machine()
    timings: dict[str, float] = {}
    total = Stopwatch()
    prepared = prepare(args, tier, tier_dir, databases, timings)
    if args.prepare_only:
        say(f"bench: tier {tier.name} prepared in {total():.0f} s {timings}")
        return
    workdir = tier_dir.path / "run"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir()
    try:
        measured = run_rounds(args, tier, tier_dir, databases, prepared, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    kept = databases.cleanup(keep=args.keep)
    after = machine()
    targets = tomllib.loads(TARGETS.read_text())
    table = summarise(args, measured["runs"], targets)
    files = prepared["files"]
    summary = {
        "tier": tier.name,
        "tier_label": tier.label,
        "scale": tier.scale,
        "seed": args.seed,
        "repeat": args.repeat,
        "server": server_label(databases),
        "machine": {"before": before, "after": after},
        "sheets": (
            f"residents.csv {files['csv']['rows']:,} rows; {files['xlsx'][0]['name']} "
            f"{files['xlsx'][0]['rows']:,} rows ({files['producer']})"
        ),
        "table": table,
        "notes": notes,
        "extra": measured["extra"],
        "timings_s": timings
        | {f"measure_{k}": v for k, v in measured["wall"].items()}
        | {"total": total()},
        "kept": kept,
    }
    print_table(summary)
    OUT.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    vendor = databases.vendor
    path = OUT / f"bench-{tier.name}-{vendor}-{stamp}.json"
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str))
    print(f"\nJSON: {path.relative_to(ROOT)}")
    if kept:
        print(f"kept: {kept}")
    if any(row["result"] == "REGRESS" for row in table.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
