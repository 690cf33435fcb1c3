"""Measures of residents' requests (issue 4): a case's steps over HTTP against a Django
hello-world, and the district's figures page against raw SQL on the rollup.

Child tasks (run inside Django by ``bench.child``): ``cases_build`` fills the "cases" template
(the full district plus a year of requests), ``case_session`` hands the parent the logins and
ids the walk needs. The walk itself (``walk``) runs in the parent, as a browser would: one
keep-alive connection, one POST per step, the redirect not followed.
"""

from __future__ import annotations

import datetime as dt
import http.client
import random
import re
import statistics
import time
from urllib.parse import urlencode, urlsplit

# The steps walked for every case, in order: (measure, path template, POST fields). A path
# template's "{pk}" is the case made by "create"; field values in braces come from the session.
STEPS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("create", "/cases/new/", {
        "channel": "hotline", "requester_phone": "{phone}", "requester_name": "{caller}",
        "description": "{text}", "title": "", "category": "", "node": "{grid}", "place": "",
        "wants_reply": "on",
    }),
    ("accept", "/cases/{pk}/step/accepted/", {"accept-accepted-category": "{category}"}),
    ("assign", "/cases/{pk}/step/assigned/", {"assign-assigned-handler": "{handler}"}),
    ("start", "/cases/{pk}/step/in_progress/", {"start-in_progress-note": ""}),
    ("postpone", "/cases/{pk}/step/postponed/", {
        "postpone-postponed-note": "需协调物业维修基金，延期办理。",
        "postpone-postponed-approver": "{approver}", "postpone-postponed-extension_days": "3",
    }),
    ("resume", "/cases/{pk}/step/in_progress/", {"resume-in_progress-note": ""}),
    ("reply", "/cases/{pk}/step/replied/", {"reply-replied-reply": "已联系物业处理完毕。"}),
    ("rate", "/cases/{pk}/step/rated/", {
        "rate-rated-rating": "satisfied", "rate-rated-solved": "yes",
    }),
    ("close", "/cases/{pk}/step/closed/", {"close-closed-note": ""}),
)  # fmt: skip
STEP_NAMES = tuple(f"case_{name}" for name, _path, _fields in STEPS)
_CASE_PATH = re.compile(r"/cases/(\d+)/$")
CHANNELS = (("hotline", 55), ("web", 20), ("grid_round", 12), ("walk_in", 6), ("mailbox", 3),
            ("reception", 2), ("council", 2))  # fmt: skip


# ---- in the parent: the walk --------------------------------------------------------------------


def _fill(fields: dict[str, str], values: dict) -> str:
    return urlencode({k: v.format(**values) for k, v in fields.items()})


def walk(base: str, session: dict, cases: int, *, floor: bool, seed: int) -> dict[str, dict]:
    """Walk ``cases`` cases through every step; per step: requests, req/s (1 / mean latency of
    one client), p50 and p99 in ms. On the floor every step posts the same body to the
    hello-world view, which answers as the platform does (a redirect)."""
    parts = urlsplit(base)
    headers = {
        "Cookie": session["cookie"],
        "X-CSRFToken": session["csrf"],
        "Content-Type": "application/x-www-form-urlencoded",
    }
    rng = random.Random(seed)
    times: dict[str, list[float]] = {name: [] for name in STEP_NAMES}
    for n in range(cases):
        # a connection per case, kept alive over its steps (as a browser tab would)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        values = dict(session["values"])
        values["text"] = rng.choice(session["texts"])
        values["phone"] = f"139{rng.randrange(10**8):08d}"
        values["pk"] = "0"
        try:
            for (name, template, fields), measure in zip(STEPS, STEP_NAMES, strict=True):
                path = "/hello/" if floor else template.format(**values)
                body = _fill(fields, values)
                started = time.perf_counter()
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                content = response.read()
                times[measure].append((time.perf_counter() - started) * 1000)
                location = response.getheader("Location") or ""
                if response.status != 302:
                    raise SystemExit(
                        f"bench: case {n + 1}, step {name} ({path}) answered {response.status}:\n"
                        f"{content.decode(errors='replace')[:1500]}"
                    )
                if name == "create" and not floor:
                    found = _CASE_PATH.search(location)
                    if found is None:
                        raise SystemExit(f"bench: the new case went to {location!r}")
                    values["pk"] = found.group(1)
        finally:
            conn.close()
    out = {}
    for measure, values in times.items():
        ordered = sorted(values)
        out[measure] = {
            "requests": len(values),
            "rps": 1000 / statistics.fmean(values),
            "p50_ms": statistics.median(values),
            "p99_ms": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))],
        }
    return out


def check_same_figures(servers: dict, path: str, cookie: str, received: int) -> None:
    """Both sides answer 200, the floor sums the same total as the platform's figures, and
    the platform's page shows it."""
    for side, server in servers.items():
        try:
            status, body = server.get(path, cookie)
        except OSError as exc:
            raise SystemExit(f"bench: {side} failed on {path}: {exc}\n{server.errors()}") from None
        if status != 200:
            raise SystemExit(f"bench: {side} answered {status} on {path}")
        shown = {f"{received}", f"{received:,}"}
        if side == "floor" and f"<dt>received</dt><dd>{received}</dd>" not in body:
            raise SystemExit(f"bench: the floor does not count {received} cases on {path}")
        if side == "subject" and not any(s in body for s in shown):
            raise SystemExit(f"bench: the figures page does not show {received} on {path}")


# ---- in a child: the template and the session ---------------------------------------------------


def _desk(district) -> tuple[dict, dict[int, object], list]:
    """The demo's categories, handlers and routing rules (``demo_desk_create``, as ``shequ
    demo`` makes them): the categories by code, the residents' committee of each community by
    community id, and the district's departments."""
    from shequ.cases.choices import HandlerKind
    from shequ.cases.demo_district import DemoStaff, demo_desk_create
    from shequ.cases.models import Handler

    categories, _handlers, _rules = demo_desk_create(district=district, staff=DemoStaff())
    by_community = {
        h.node_id: h for h in Handler.objects.filter(kind=HandlerKind.COMMUNITY).order_by("id")
    }
    return categories, by_community, list(Handler.objects.filter(kind=HandlerKind.DEPARTMENT))


def cases_build(opts) -> dict:
    """A year of requests in the full district (``opts["cases"]``, bulk-written with their
    timestamps, statuses and ratings consistent), then the rollup recounted and the routing
    model trained, as a deployment after a year would have them."""
    from django.db import connection
    from django.utils import timezone

    from shequ.cases import figures, routing
    from shequ.cases.choices import CaseStatus, DueState, Rating, RatingSource
    from shequ.cases.demo import demo_cases
    from shequ.cases.models import Case
    from shequ.territory.choices import NodeKind
    from shequ.territory.models import Node

    started = time.perf_counter()
    rng = random.Random(opts.get("seed", 1))
    district = Node.objects.get(depth=1)
    categories, by_community, departments = _desk(district)
    grids = list(
        Node.objects.filter(path__startswith=district.path, kind=NodeKind.GRID).values_list(
            "id", "path"
        )
    )
    communities = dict(
        Node.objects.filter(path__startswith=district.path, kind=NodeKind.COMMUNITY).values_list(
            "path", "id"
        )
    )
    community_len = len(next(iter(communities)))
    texts = demo_cases(opts["cases"], opts.get("seed", 1))
    channels = [c for c, _w in CHANNELS]
    weights = [w for _c, w in CHANNELS]
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    batch: list[Case] = []
    total = 0

    def flush():
        nonlocal total
        Case.objects.bulk_create(batch, batch_size=5000)
        total += len(batch)
        batch.clear()

    for n, (code, text) in enumerate(texts, start=1):
        received = now - dt.timedelta(seconds=rng.randrange(365 * 86400))
        grid_id, grid_path = rng.choice(grids)
        age_h = (now - received) / hour
        fate = rng.random()
        case = Case(
            number=f"B{received:%Y%m%d}{n:07d}",
            channel=rng.choices(channels, weights)[0],
            category=categories[code],
            title=text[:30],
            description=text,
            node_id=grid_id,
            wants_reply=rng.random() < 0.9,
            received_at=received,
            created_at=received,
            updated_at=received,
            due_accept_at=received + 24 * hour,
            due_contact_at=received + 48 * hour,
            due_resolve_at=received + 5 * 24 * hour,
            due_state=DueState.ON_TIME,
        )
        case.status = CaseStatus.RECEIVED
        if fate < 0.03 and age_h > 2:
            case.status = CaseStatus.REJECTED
            case.closed_at = received + 2 * hour
        elif age_h > 2:
            case.accepted_at = received + rng.uniform(0.1, 20) * hour
            case.status = CaseStatus.ACCEPTED
            if age_h > 24:
                community = communities[grid_path[:community_len]]
                case.handler = (
                    rng.choice(departments) if rng.random() < 0.15 else by_community[community]
                )
                case.assigned_at = case.accepted_at + rng.uniform(0.1, 4) * hour
                case.first_contact_at = received + rng.expovariate(1 / 20) * hour
                case.status = CaseStatus.IN_PROGRESS
            if age_h > 24 * 10 or (age_h > 48 and rng.random() < 0.5):
                late = rng.random() < 0.12
                case.replied_at = received + rng.uniform(6 if late else 1, 9 if late else 5) * (
                    24 * hour
                )
                case.replied_at = min(case.replied_at, now - hour)
                case.reply = "已处理完毕，请查收。"
                case.status = CaseStatus.REPLIED
                if late:
                    case.due_state = DueState.OVERDUE
                if rng.random() < 0.8:
                    case.rating = rng.choices(
                        [Rating.SATISFIED, Rating.BASICALLY, Rating.UNSATISFIED], [75, 17, 8]
                    )[0]
                    case.rating_resolved = case.rating != Rating.UNSATISFIED or rng.random() < 0.2
                    case.rating_source = rng.choice(list(RatingSource.values))
                    case.rated_at = min(case.replied_at + rng.uniform(1, 48) * hour, now)
                    case.status = CaseStatus.RATED
                    if case.rating == Rating.UNSATISFIED and rng.random() < 0.5:
                        case.reopen_count = 1
                if age_h > 24 * 20:
                    case.closed_at = (case.rated_at or case.replied_at) + 24 * hour
                    case.status = CaseStatus.CLOSED
            elif case.handler_id and age_h > 24 * 5:
                case.due_state = DueState.OVERDUE
                case.escalation_level = 1
        batch.append(case)
        if len(batch) >= 5000:
            flush()
    flush()
    built = time.perf_counter() - started
    counted = figures.figures_rebuild()
    rollup = time.perf_counter() - started - built
    trained = routing.routing_train()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    from shequ.cases.models import CaseFigure

    return {
        "cases": total,
        "recounted": counted,
        "rollup_rows": CaseFigure.objects.count(),
        "build_seconds": built,
        "rollup_seconds": rollup,
        "trained": {k: v for k, v in trained.items() if isinstance(v, (int, float, str))},
        "seconds": time.perf_counter() - started,
    }


def case_session(opts) -> dict:
    """Sessions and ids for the walk (a subdistrict administrator takes, dispatches, handles
    and records the rating of a follow-up call; the district administrator approves the
    postponement) and for the figures page (the district administrator, the whole district)."""
    from django.conf import settings
    from django.db.models import Max
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client
    from django.utils import timezone

    from shequ.accounts.models import User
    from shequ.cases import figures, selectors
    from shequ.cases.demo import demo_cases
    from shequ.cases.models import Case, CaseCategory
    from shequ.territory.choices import NodeKind
    from shequ.territory.models import Node

    def cookie_of(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    taker = User.objects.get(username="subdistrict_admin")
    official = User.objects.get(username="district_admin")
    area = taker.role_assignments.get().node
    grid = (
        Node.objects.filter(path__startswith=area.path, kind=NodeKind.GRID, is_active=True)
        .order_by("path")
        .first()
    )
    probe = Case.objects.filter(node=grid).first() or Case(node=grid)
    handler = selectors.handlers_for(user=taker, case=probe).filter(node__kind="community").first()
    approver = next(u for u in selectors.approvers_for(probe) if u.pk != taker.pk)
    csrf = _get_new_csrf_string()
    district = Node.objects.get(depth=1)
    last = Case.objects.aggregate(last=Max("received_at"))["last"] or timezone.now()
    end = timezone.localtime(last).date()
    dashboards = [
        f"/cases/figures/?node={district.pk}&start={end - dt.timedelta(days=days - 1)}&end={end}"
        for days in (365, 30)
    ]
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={cookie_of(taker)}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf}",
        "csrf": csrf,
        "values": {
            "grid": str(grid.pk),
            "category": str(CaseCategory.objects.order_by("order", "id").first().pk),
            "handler": str(handler.pk),
            "approver": str(approver.pk),
            "caller": "王先生",
        },
        "texts": [text for _code, text in demo_cases(200, seed=opts.get("seed", 7))],
        "dashboard_cookie": f"{settings.SESSION_COOKIE_NAME}={cookie_of(official)}",
        "dashboard_paths": dashboards,
        "metrics": list(figures.METRICS),
        "buckets": list(figures.DURATION_BUCKETS),
        "received": figures.figures_for(
            figures.Filters(node=district, start=end - dt.timedelta(days=364), end=end)
        )["received"],
        "district": district.pk,
        "district_path": district.path,
        "start": str(end - dt.timedelta(days=364)),
        "end": str(end),
    }
