"""Working days and working hours for time limits (R-CASE-3): the official calendar of public
holidays and make-up workdays (调休) from chinesecalendar, overridden by the deployment's own
table (``WorkdayOverride``) for years the library does not know yet and for local changes.

Limits counted in working days end at the same time of day on the Nth working day after the
start (a start outside a working day counts from the next working day's first hour). Limits in
working hours count only the hours inside the configured office windows of working days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import chinese_calendar
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

# A limit never looks further than this many days ahead: a calendar with no working day at
# all (a misconfigured override table) must fail loudly rather than loop.
_HORIZON_DAYS = 3660


def _parse_windows(spec: str) -> list[tuple[dt.time, dt.time]]:
    """ "09:00-12:00,13:30-17:30" → [(09:00, 12:00), (13:30, 17:30)], sorted, not overlapping."""
    windows = []
    for part in spec.split(","):
        try:
            start, end = (dt.time.fromisoformat(t.strip()) for t in part.split("-"))
        except ValueError:
            raise ImproperlyConfigured(
                f"SHEQU_WORK_HOURS: {part!r} is not a window such as 09:00-17:30"
            ) from None
        if end <= start:
            raise ImproperlyConfigured(f"SHEQU_WORK_HOURS: {part!r} ends before it starts")
        windows.append((start, end))
    windows.sort()
    for (_s1, e1), (s2, _e2) in zip(windows, windows[1:], strict=False):
        if s2 < e1:
            raise ImproperlyConfigured("SHEQU_WORK_HOURS: windows overlap")
    return windows


@dataclass
class Calendar:
    """Working days with the deployment's overrides loaded once (one query)."""

    overrides: dict[dt.date, bool] = field(default_factory=dict)
    windows: list[tuple[dt.time, dt.time]] = field(default_factory=list)

    @classmethod
    def load(cls) -> Calendar:
        from .models import WorkdayOverride

        return cls(
            overrides=dict(WorkdayOverride.objects.values_list("day", "is_workday")),
            windows=_parse_windows(settings.SHEQU_WORK_HOURS),
        )

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            # a year the library does not cover: weekdays, until the deployment adds the
            # year's holidays to its override table
            return day.weekday() < 5

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the next one."""
        for _ in range(_HORIZON_DAYS):
            if self.is_workday(day):
                return day
            day += dt.timedelta(days=1)
        raise ImproperlyConfigured("no working day within ten years: check the override table")

    def add_work_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """The same local time on the ``days``-th working day after ``start``; a start on a
        rest day counts from the next working day's opening."""
        local = timezone.localtime(start)
        if not self.is_workday(local.date()):
            day = self.next_workday(local.date())
            local = timezone.make_aware(dt.datetime.combine(day, self.windows[0][0]))
        current, left = local.date(), days
        for _ in range(_HORIZON_DAYS):
            if left <= 0:
                return timezone.make_aware(dt.datetime.combine(current, local.time()))
            current += dt.timedelta(days=1)
            if self.is_workday(current):
                left -= 1
        raise ImproperlyConfigured("no working day within ten years: check the override table")

    def add_work_hours(self, start: dt.datetime, hours: float) -> dt.datetime:
        """The moment when ``hours`` of office time (inside the windows of working days) have
        passed since ``start``."""
        remaining = dt.timedelta(hours=hours)
        local = timezone.localtime(start)
        day = local.date()
        for _ in range(_HORIZON_DAYS):
            if self.is_workday(day):
                for opens, closes in self.windows:
                    begin = timezone.make_aware(dt.datetime.combine(day, opens))
                    end = timezone.make_aware(dt.datetime.combine(day, closes))
                    begin = max(begin, local)
                    if begin >= end:
                        continue
                    if begin + remaining <= end:
                        return begin + remaining
                    remaining -= end - begin
            day += dt.timedelta(days=1)
            local = timezone.make_aware(dt.datetime.combine(day, dt.time(0)))
        raise ImproperlyConfigured("no working hours within ten years")

    def work_hours_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Office hours between two moments (0 when ``end`` is not after ``start``)."""
        if end <= start:
            return 0.0
        total = dt.timedelta()
        day, stop = timezone.localtime(start).date(), timezone.localtime(end).date()
        while day <= stop:
            if self.is_workday(day):
                for opens, closes in self.windows:
                    begin = max(timezone.make_aware(dt.datetime.combine(day, opens)), start)
                    finish = min(timezone.make_aware(dt.datetime.combine(day, closes)), end)
                    if finish > begin:
                        total += finish - begin
            day += dt.timedelta(days=1)
        return total.total_seconds() / 3600
