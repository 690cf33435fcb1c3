"""A killed import (kill -9) leaves whole batches only, and running it again ends where an
uninterrupted import ends (R-PPL-4)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from shequ.core.testing import make_id_number
from shequ.people.models import Household, HouseholdMember, Person, PersonTag, Residence
from shequ.sheets.importing import import_file
from shequ.sheets.models import ImportJob

from .test_import import snapshot

BATCH = 200
FLATS = [(g, f) for g in ("东一社区第1网格", "东一社区第2网格") for f in ("101室", "201室")]


def big_sheet(path, n: int):
    """n residents in households of up to four, spread over the community's four flats."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["户号", "姓名", "身份证号", "所属网格", "楼栋", "单元", "房号", "与户主关系",
                     "人员类别"])  # fmt: skip
    for i in range(n):
        birth = dt.date(1940 + i % 60, 1 + i % 12, 1 + i % 28)
        grid, flat = FLATS[(i // 4) % 4]
        writer.writerow(
            [
                f"H{i // 4:05d}",
                f"居民{i}",
                make_id_number(birth, i // 420, sex="M" if i % 2 else "F"),
                grid,
                "1号楼",
                "1单元",
                flat,
                "户主" if i % 4 == 0 else "子女",
                "志愿者" if i % 3 == 0 else "",
            ]
        )
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        host = settings.get("HOST") or "127.0.0.1"
        port = settings.get("PORT") or 5432
        return f"postgres://{settings.get('USER') or 'postgres'}@{host}:{port}/{settings['NAME']}"
    return f"sqlite:///{settings['NAME']}"


def _wipe_registry() -> None:
    HouseholdMember.objects.all().delete()
    Household.objects.all().delete()
    PersonTag.objects.all().delete()
    Residence.objects.all().delete()
    Person.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_kill_9_leaves_whole_batches_and_a_rerun_converges(tmp_path, territory):
    path = big_sheet(tmp_path / "big.csv", 6_000)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shequ.settings.test",
        "DATABASE_URL": _database_url(),
        "SHEQU_IMPORT_BATCH": str(BATCH),
    }
    shequ = os.path.join(os.path.dirname(sys.executable), "shequ")
    command = [shequ, "import", "residents", str(path), "--area", "C1", "--no-progress"]
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    job = None
    while time.monotonic() < deadline and child.poll() is None:
        job = ImportJob.objects.filter(filename="big.csv").first()
        if job is not None and job.last_row > 0:
            break
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait()
    job = ImportJob.objects.get(filename="big.csv")
    assert 0 < job.rows_done < 6_000, "the import must be killed half-way through"
    # Whole batches only: the persons written are exactly those the committed batches counted.
    assert job.rows_done % BATCH == 0
    assert Person.objects.count() == job.created_count == job.rows_done
    assert job.status == "running"  # it never got to say it finished

    rerun = import_file(path, kind="residents", area=territory.c1)
    assert rerun.unchanged_count == job.rows_done
    assert rerun.created_count == 6_000 - job.rows_done
    assert rerun.rejected_count == 0
    after_crash = snapshot()

    _wipe_registry()
    whole = import_file(path, kind="residents", area=territory.c1)
    assert (whole.created_count, whole.rejected_count) == (6_000, 0)
    assert snapshot() == after_crash
    assert len(after_crash) == 6_000
