"""`python -m bench [--scale district|small] [--repeat 3]` (`make bench`).

1. Demo generation: persons per second of the real generator (`shequ demo`), against the
   floor: the same rows, generated beforehand, written by the bare bulk path (COPY on
   PostgreSQL, executemany on SQLite) into the same indexed schema.
2. Scoped subtree count: `Person.objects.visible_to(<subdistrict admin>).count()` against
   raw SQL over the same subtree.

Each round runs on a fresh database (PostgreSQL when DATABASE_URL names one, else a
temporary SQLite file); rounds are interleaved and repeated, and medians are reported.
Results go to bench/out/ as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"


class SqliteDatabases:
    """A migrated template file copied afresh for every round."""

    label = "SQLite"

    def __init__(self, workdir: Path):
        self.template = workdir / "template.sqlite3"
        self.run = workdir / "run.sqlite3"

    def template_url(self) -> str:
        return f"sqlite:///{self.template}"

    def fresh(self) -> str:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.run}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.run)
        return f"sqlite:///{self.run}"

    def cleanup(self, keep: bool) -> str:
        return str(self.run) if keep else ""


class PostgresDatabases:
    """``<name>_template`` migrated once, ``<name>`` re-created from it for every round."""

    label = "PostgreSQL"

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.name = parts.path.lstrip("/")
        if "bench" not in self.name:
            raise SystemExit(
                f"DATABASE_URL names the database {self.name!r}: the bench drops and re-creates "
                "its database, so it must be a bench database (e.g. .../shequ_bench)."
            )
        self.parts = parts
        self.template = f"{self.name}_template"

    def _url(self, name: str) -> str:
        return urlunsplit(self.parts._replace(path="/" + name))

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(self._url("postgres"), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def template_url(self) -> str:
        self._admin(
            f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)',
            f'CREATE DATABASE "{self.template}"',
        )
        return self._url(self.template)

    def fresh(self) -> str:
        self._admin(
            f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
            f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"',
        )
        return self._url(self.name)

    def cleanup(self, keep: bool) -> str:
        statements = [f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)']
        if not keep:
            statements.append(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._admin(*statements)
        return self._url(self.name) if keep else ""


def _env(url: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        SHEQU_DATA_DIR=str(data_dir),  # secret and data keys of the bench, not of var/
        DJANGO_SETTINGS_MODULE="shequ.settings.dev",
        SHEQU_DEBUG="0",  # no query log in the measured process
    )
    return env


def _child(task: str, url: str, data_dir: Path, args, extra: list[str] = ()) -> dict:
    command = [
        sys.executable, "-m", "bench.child", task, "--scale", args.scale, "--seed",
        str(args.seed), "--calls", str(args.calls), *extra,
    ]  # fmt: skip
    done = subprocess.run(
        command, cwd=ROOT, env=_env(url, data_dir), stdout=subprocess.PIPE, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"bench: `{task}` failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _summary(args, rounds: list[dict], server: str) -> dict:
    gen = [r["generate"] for r in rounds]
    flo = [r["floor"] for r in rounds]
    scopes = [r["scope"] for r in rounds]
    persons = gen[0]["persons"]
    rows = gen[0]["rows"]
    gen_s = statistics.median(r["seconds"] for r in gen)
    floor_s = statistics.median(r["seconds"] for r in flo)
    pooled = {name: [t for s in scopes for t in s["times"][name]] for name in scopes[0]["times"]}
    median_of = {name: statistics.median(s["median"][name] for s in scopes) for name in pooled}
    return {
        "scale": args.scale,
        "seed": args.seed,
        "repeat": args.repeat,
        "server": server,
        "background": not args.inline,
        "generation": {
            "persons": persons,
            "rows": rows,
            "generator_seconds": gen_s,
            "floor_seconds": floor_s,
            "generator_persons_per_s": persons / gen_s,
            "floor_persons_per_s": persons / floor_s,
            "generator_rows_per_s": rows / gen_s,
            "floor_rows_per_s": rows / floor_s,
            "ratio": floor_s / gen_s,
            "runs": {
                "generator": [r["seconds"] for r in gen],
                "floor": [r["seconds"] for r in flo],
            },
        },
        "scope": {
            "persons_in_scope": scopes[0]["count"],
            "persons_total": scopes[0]["total"],
            "calls": args.calls,
            "p50_ms": {name: 1000 * _percentile(v, 0.5) for name, v in pooled.items()},
            "p99_ms": {name: 1000 * _percentile(v, 0.99) for name, v in pooled.items()},
            "ratio": median_of["orm"] / median_of["raw_like"],
            "ratio_range": median_of["orm"] / median_of["raw_range"],
            "plans": scopes[0].get("plans", {}),
        },
    }


def _print(summary: dict) -> None:
    g, s = summary["generation"], summary["scope"]
    mode = "generation in a second process" if summary["background"] else "inline"
    print()
    print(
        f"Shequ bench — scale {summary['scale']}, seed {summary['seed']}, {summary['server']}, "
        f"{summary['repeat']} interleaved rounds, medians"
    )
    print()
    print(f"1. Demo generation: {g['persons']:,} persons, {g['rows']:,} rows ({mode})")
    print(f"   {'':<44}{'persons/s':>11}{'rows/s':>11}{'seconds':>10}")
    print(
        f"   {'generator (shequ demo)':<44}{g['generator_persons_per_s']:>11,.0f}"
        f"{g['generator_rows_per_s']:>11,.0f}{g['generator_seconds']:>10.1f}"
    )
    print(
        f"   {'floor (same rows, bare bulk insert)':<44}{g['floor_persons_per_s']:>11,.0f}"
        f"{g['floor_rows_per_s']:>11,.0f}{g['floor_seconds']:>10.1f}"
    )
    print(f"   {'ratio generator ÷ floor (rates)':<44}{g['ratio']:>11.2f}")
    print()
    print(
        f"2. Scoped subtree count: {s['persons_in_scope']:,} of {s['persons_total']:,} persons, "
        f"{s['calls']} calls × {summary['repeat']} rounds"
    )
    print(f"   {'':<44}{'p50 ms':>11}{'p99 ms':>11}")
    labels = {
        "orm": "Person.objects.visible_to(admin).count()",
        "raw_like": "raw SQL: JOIN … WHERE path LIKE 'prefix%'",
        "raw_range": "raw SQL: path >= prefix AND path < next",
    }
    for name, label in labels.items():
        print(f"   {label:<44}{s['p50_ms'][name]:>11.2f}{s['p99_ms'][name]:>11.2f}")
    print(f"   {'ratio ORM ÷ raw LIKE (median times)':<44}{s['ratio']:>11.2f}")
    print(f"   {'ratio ORM ÷ raw range (median times)':<44}{s['ratio_range']:>11.2f}")
    for name, plan in s["plans"].items():
        print(f"   plan {name}: {plan}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=["district", "small", "tiny"], default="district")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--calls", type=int, default=20, help="scoped counts per round")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--inline", action="store_true", help="generate in the writing process")
    parser.add_argument(
        "--keep", action="store_true", help="keep the last database (PostgreSQL only)"
    )
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="shequ-bench-") as tmp:
        workdir = Path(tmp)
        databases = (
            PostgresDatabases(url) if url.startswith("postgres") else SqliteDatabases(workdir)
        )
        _say(f"bench: migrating a template {databases.label} database")
        template = databases.template_url()
        migrate = [sys.executable, "-m", "django", "migrate", "--noinput", "-v0"]
        subprocess.run(migrate, cwd=ROOT, env=_env(template, workdir), check=True)
        extra = ["--inline"] if args.inline else []
        rounds, server = [], ""
        for n in range(args.repeat):
            result: dict = {}
            # alternate the order so that neither measure always runs on a warmer machine
            for task in ("generate", "floor") if n % 2 == 0 else ("floor", "generate"):
                _say(f"bench: round {n + 1}/{args.repeat}: {task} ({args.scale})")
                fresh = databases.fresh()
                started = time.perf_counter()
                result[task] = _child(task, fresh, workdir, args, extra)
                server = result[task]["server"]
                wall = time.perf_counter() - started
                _say(f"bench:   {result[task]['seconds']:.1f} s measured, {wall:.1f} s wall")
                if task == "generate":
                    _say(f"bench: round {n + 1}/{args.repeat}: scoped count")
                    result["scope"] = _child("scope", fresh, workdir, args)
            rounds.append(result)
        summary = _summary(args, rounds, server)
        kept = databases.cleanup(keep=args.keep)
        if kept:
            summary["kept"] = kept
    _print(summary)
    OUT.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = OUT / f"bench-{args.scale}-{summary['server'].split()[0].lower()}-{stamp}.json"
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print(f"\nJSON: {path.relative_to(ROOT)}")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
