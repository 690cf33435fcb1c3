"""What the bench's parent process shares: tiers, the tier's directory, cache keys, databases
(SQLite files or PostgreSQL databases, templates and fresh copies) and child processes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"

# Raise when the way the bench builds its databases or files changes, so caches rebuild.
BUILD_VERSION = "1"


@dataclass(frozen=True)
class Tier:
    name: str  # S, M, L
    scale: str  # the demo scale (shequ/demo/scales.py)
    label: str


TIERS = {
    "S": Tier("S", "small", "one subdistrict, ~60,000 residents"),
    "M": Tier("M", "district", "one district, ~1,200,000 residents"),
    "L": Tier("L", "city", "one very large district, ~9,700,000 residents"),
}
SCALE_TIERS = {tier.scale: name for name, tier in TIERS.items()}


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def tree_hash(*paths: Path, pattern: str = "*.py") -> str:
    """A hash of the files' contents (those that exist), in a stable order."""
    digest = hashlib.sha256()
    for base in paths:
        files = sorted(base.rglob(pattern)) if base.is_dir() else [base]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def exporter_available() -> bool:
    """The real exporter is importable (its column catalogue included)."""
    check = "from shequ.sheets.exporting import export_to_path"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="shequ.settings.dev", SHEQU_DEBUG="0")
    env["DATABASE_URL"] = "sqlite:///:memory:"
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {check}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def files_key(tier: Tier, seed: int, producer: str) -> str:
    """Cache key of the tier's sheets: tier, seed, the generator and the column catalogue
    (and whether the real exporter or the bench's stand-in wrote them)."""
    code = tree_hash(ROOT / "shequ" / "demo", ROOT / "shequ" / "sheets" / "columns.py")
    return f"{tier.name}-{seed}-{code}-{producer}-{BUILD_VERSION}"


def database_key(tier: Tier, seed: int) -> str:
    """Cache key of the tier's template databases: the generator and the schema."""
    migrations = [p for p in (ROOT / "shequ").glob("*/migrations") if p.is_dir()]
    code = tree_hash(ROOT / "shequ" / "demo", *migrations)
    return f"{tier.name}-{seed}-{code}-{BUILD_VERSION}"


class TierDir:
    """``bench/out/<tier>/``: the sheets, the data directory (keys, spool) and a manifest
    of what is cached."""

    def __init__(self, tier: Tier):
        self.tier = tier
        self.path = OUT / tier.name
        self.data = self.path / "data"  # SHEQU_DATA_DIR of every child of this tier
        self.manifest_path = self.path / "manifest.json"
        self.path.mkdir(parents=True, exist_ok=True)
        self.data.mkdir(exist_ok=True)

    def manifest(self) -> dict:
        if self.manifest_path.exists():
            return json.loads(self.manifest_path.read_text())
        return {}

    def save(self, manifest: dict) -> None:
        self.manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False))

    def data_key_id(self) -> str:
        """A fingerprint of the tier's data key (databases are only valid with it)."""
        path = self.data / "data_key"
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else ""


def child_env(url: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        SHEQU_DATA_DIR=str(data_dir),  # secret and data keys of the tier, not of var/
        SHEQU_SPOOL_DIR=str(data_dir / "spool"),
        DJANGO_SETTINGS_MODULE="shequ.settings.dev",
        SHEQU_DEBUG="0",  # no query log in the measured process
        PYTHONHASHSEED="0",
    )
    return env


def run_child(task: str, url: str, data_dir: Path, **options) -> dict:
    """``python -m bench.child <task> '<json options>'``; its last stdout line is JSON."""
    command = [sys.executable, "-m", "bench.child", task, json.dumps(options)]
    done = subprocess.run(
        command, cwd=ROOT, env=child_env(url, data_dir), stdout=subprocess.PIPE, text=True
    )
    if done.returncode:
        raise SystemExit(f"bench: `{task}` failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def migrate(url: str, data_dir: Path) -> None:
    command = [sys.executable, "-m", "django", "migrate", "--noinput", "-v0"]
    subprocess.run(command, cwd=ROOT, env=child_env(url, data_dir), check=True)


class SqliteDatabases:
    """Template files in ``bench/out/<tier>/sqlite/``, copied afresh for every measure."""

    label = "SQLite"
    vendor = "sqlite"

    def __init__(self, tier_dir: TierDir):
        self.dir = tier_dir.path / "sqlite"
        self.dir.mkdir(exist_ok=True)
        self.run = self.dir / "run.sqlite3"

    def _file(self, name: str) -> Path:
        return self.dir / f"{name}.sqlite3"

    def url(self, name: str) -> str:
        return f"sqlite:///{self._file(name)}"

    def exists(self, name: str) -> bool:
        return self._file(name).exists()

    def drop(self, name: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self._file(name)}{suffix}").unlink(missing_ok=True)

    def create_empty(self, name: str) -> str:
        self.drop(name)
        return self.url(name)

    def copy(self, source: str, name: str) -> str:
        self.drop(name)
        shutil.copyfile(self._file(source), self._file(name))
        return self.url(name)

    def fresh(self, template: str) -> str:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.run}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self._file(template), self.run)
        return f"sqlite:///{self.run}"

    def cleanup(self, keep: bool) -> str:
        if keep:
            return str(self.run)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.run}{suffix}").unlink(missing_ok=True)
        return ""


class PostgresDatabases:
    """Templates ``<name>_<tier>_<template>`` built once and kept (cached like the files);
    ``<name>`` is re-created from one of them for every measure."""

    label = "PostgreSQL"
    vendor = "postgresql"

    def __init__(self, url: str, tier: Tier):
        parts = urlsplit(url)
        self.name = parts.path.lstrip("/")
        if "bench" not in self.name:
            raise SystemExit(
                f"DATABASE_URL names the database {self.name!r}: the bench drops and re-creates "
                "its databases, so it must be a bench database (e.g. .../shequ_bench)."
            )
        self.parts = parts
        self.prefix = f"{self.name}_{tier.name.lower()}"

    def _db(self, name: str) -> str:
        return f"{self.prefix}_{name}"

    def _url(self, database: str) -> str:
        return urlunsplit(self.parts._replace(path="/" + database))

    def url(self, name: str) -> str:
        return self._url(self._db(name))

    def _admin(self, *statements: str) -> list:
        import psycopg

        rows = []
        with psycopg.connect(self._url("postgres"), autocommit=True) as conn:
            for statement in statements:
                cursor = conn.execute(statement)
                if cursor.description:
                    rows.extend(cursor.fetchall())
        return rows

    def exists(self, name: str) -> bool:
        return bool(self._admin(f"SELECT 1 FROM pg_database WHERE datname = '{self._db(name)}'"))

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self._db(name)}" WITH (FORCE)')

    def create_empty(self, name: str) -> str:
        self.drop(name)
        self._admin(f'CREATE DATABASE "{self._db(name)}"')
        return self.url(name)

    def _clone(self, source: str, target: str) -> None:
        # FILE_COPY: a checkpoint and a copy of the files, far faster than the WAL_LOG
        # default of PostgreSQL 15 for a database of gigabytes.
        self._admin(
            f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)',
            f'CREATE DATABASE "{target}" TEMPLATE "{source}" STRATEGY FILE_COPY',
        )

    def copy(self, source: str, name: str) -> str:
        self._clone(self._db(source), self._db(name))
        return self.url(name)

    def fresh(self, template: str) -> str:
        self._clone(self._db(template), self.name)
        return self._url(self.name)

    def cleanup(self, keep: bool) -> str:
        if keep:
            return self._url(self.name)
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        return ""


def server_label(databases) -> str:
    if databases.vendor == "postgresql":
        version = databases._admin("SHOW server_version")[0][0].split()[0]
        return f"PostgreSQL {version}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def machine() -> dict:
    info = {"cpus": os.cpu_count(), "loadavg": list(os.getloadavg())}
    try:
        meminfo = dict(
            line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines()
        )
        info["mem_total_gb"] = int(meminfo["MemTotal"].split()[0]) / 1024**2
        info["mem_available_gb"] = int(meminfo["MemAvailable"].split()[0]) / 1024**2
    except (OSError, KeyError, ValueError):
        pass
    return info


class Stopwatch:
    def __init__(self):
        self.started = time.perf_counter()

    def __call__(self) -> float:
        return time.perf_counter() - self.started
