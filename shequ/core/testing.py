"""Helpers for tests and the demo generator: checksum-valid ID numbers, phones, and the race
of concurrent calls the PostgreSQL concurrency tests run."""

from __future__ import annotations

import datetime as dt
import threading

from .pii import id_check_char


def make_id_number(birth: dt.date, seq: int, *, sex: str = "M", region: str = "110101") -> str:
    """An 18-character ID number with a valid check digit. ``seq`` picks the order code."""
    order = (seq % 500) * 2 + (1 if sex == "M" else 0)
    first17 = f"{region}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_char(first17)


def make_mobile(seq: int) -> str:
    return f"139{seq % 100_000_000:08d}"


RACE_WAIT = 10  # seconds: a thread that waits longer than this has deadlocked


def race(*calls, wait: int = RACE_WAIT):
    """Run the calls in threads released together by a barrier; return (result, error)
    pairs in call order. Each thread uses, then closes, its own database connection."""
    from django.db import connections

    barrier = threading.Barrier(len(calls))
    outcomes: list[tuple] = [(None, None)] * len(calls)

    def run(i, call):
        try:
            barrier.wait(wait)
            outcomes[i] = (call(), None)
        except Exception as exc:  # noqa: BLE001 — the test inspects it
            outcomes[i] = (None, exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(wait * 2)
        if thread.is_alive():
            raise AssertionError("a racing thread hung")
    return outcomes
