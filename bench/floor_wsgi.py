"""The HTTP floor: a bare WSGI app (no Django) serving the residents' list page's 50 rows from
raw SQL, as a minimal HTML table, under the same gunicorn configuration as the platform.

Same rows as ``/people/`` of a subdistrict administrator: the same columns (name, sex, age,
masked ID number and phone, residence kind, flat name and code, tags in force), the same scope
filter (the subdistrict's path range), status "resident", the same order (pinyin, id), the same
keyset cursor (``?after=``) and the same search (``?q=``: name, pinyin or initials starting
with it; a name in Chinese characters also bounded by its surname's readings, from
``shequ.core.pinyin``, a plain function). One persistent connection per thread: what the
database allows, not what a framework does. Settings come from the environment:
BENCH_DATABASE_URL, BENCH_PREFIX, BENCH_UPPER.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import os
import threading
from urllib.parse import parse_qs, quote

from shequ.core.pinyin import surname_readings

URL = os.environ["BENCH_DATABASE_URL"]
PREFIX = os.environ["BENCH_PREFIX"]
UPPER = os.environ["BENCH_UPPER"]
POSTGRES = URL.startswith("postgres")
MARK = "%s" if POSTGRES else "?"
# Django's startswith: LIKE 'x%' on PostgreSQL, LIKE 'x%' ESCAPE '\' on SQLite.
LIKE = "LIKE %s" if POSTGRES else "LIKE ? ESCAPE '\\'"
PAGE = 50
SEX = {"M": "男", "F": "女"}
KIND = {"registered": "户籍", "floating": "流动"}

PERSONS = (
    "SELECT p.id, p.name, p.sex, p.birth_date, p.id_number_masked, p.phone_masked, "
    "p.residence_kind, n.name, n.code, p.name_pinyin "
    "FROM people_person p INNER JOIN territory_node n ON n.id = p.node_id "
    f"WHERE n.path >= {MARK} AND n.path < {MARK} AND p.status = 'resident'"
)
ORDER = " ORDER BY p.name_pinyin ASC NULLS LAST, p.id ASC NULLS LAST LIMIT " + str(PAGE + 1)
SEARCH = f" AND (p.name {LIKE} OR p.name_pinyin {LIKE} OR p.name_initials {LIKE})"
SEARCH_HAN = f" AND p.name {LIKE} AND ({{readings}})"
AFTER = (
    f" AND p.name_pinyin >= {MARK}"
    f" AND (p.name_pinyin > {MARK} OR (p.name_pinyin = {MARK} AND p.id > {MARK}))"
)
TAGS = (
    "SELECT pt.person_id, t.name FROM people_persontag pt "
    "INNER JOIN people_tagtype t ON t.id = pt.tag_id "
    "WHERE pt.person_id IN ({ids}) AND t.is_active "
    f"AND pt.valid_from <= {MARK} AND (pt.valid_to IS NULL OR pt.valid_to >= {MARK}) "
    'ORDER BY t."order", t.code'
)

_local = threading.local()


def _connect():
    if POSTGRES:
        import psycopg

        # client-side binding, as Django's: the same literal SQL reaches the planner
        return psycopg.connect(URL, autocommit=True, cursor_factory=psycopg.ClientCursor)
    import sqlite3

    return sqlite3.connect(URL.removeprefix("sqlite:///"), check_same_thread=False)


def _cursor():
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = _connect()
    return conn.cursor()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _cursor_values(text: str):
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        return str(values[0]), int(values[1])
    except (ValueError, TypeError, IndexError):
        return None


def _age(birth, today: dt.date) -> str:
    if birth is None:
        return ""
    if isinstance(birth, str):
        birth = dt.date.fromisoformat(birth)
    return str(today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day)))


def page(query: str) -> bytes:
    args = parse_qs(query)
    sql, params = PERSONS, [PREFIX, UPPER]
    q = (args.get("q") or [""])[0].strip()
    readings = surname_readings(q) if q else None
    if readings is not None:
        one = f"(p.name_pinyin >= {MARK} AND p.name_pinyin < {MARK})"
        sql += SEARCH_HAN.format(readings=" OR ".join([one] * len(readings)))
        params += [_escape_like(q) + "%"]
        for r in sorted(readings):
            params += [r, r[:-1] + chr(ord(r[-1]) + 1)]
    elif q:
        cleaned = q.replace(" ", "")
        sql += SEARCH
        lowered = _escape_like(cleaned.lower()) + "%"
        params += [_escape_like(q) + "%", lowered, lowered]
    after = _cursor_values((args.get("after") or [""])[0])
    if after is not None:
        sql += AFTER
        params += [after[0], after[0], after[0], after[1]]
    cursor = _cursor()
    cursor.execute(sql + ORDER, params)
    rows = cursor.fetchall()
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    today = dt.date.today()
    tags: dict[int, list[str]] = {}
    if rows:
        ids = ", ".join(str(int(r[0])) for r in rows)
        cursor.execute(TAGS.format(ids=ids), [today, today])
        for person, name in cursor.fetchall():
            tags.setdefault(person, []).append(name)
    out = [
        "<!doctype html><html><head><meta charset=utf-8><title>居民</title></head><body>",
        "<table><thead><tr><th>姓名</th><th>性别</th><th>年龄</th><th>身份证号</th>"
        "<th>联系电话</th><th>人口类型</th><th>地址</th><th>人员类别</th></tr></thead><tbody>",
    ]
    esc = html.escape
    for pk, name, sex, birth, id_masked, phone_masked, kind, node, code, _pinyin in rows:
        out.append(
            f'<tr><td><a href="/people/{pk}/">{esc(name)}</a></td><td>{SEX.get(sex, "")}</td>'
            f"<td>{_age(birth, today)}</td><td>{esc(id_masked)}</td><td>{esc(phone_masked)}</td>"
            f"<td>{KIND.get(kind, '')}</td><td>{esc(node)} {esc(code)}</td>"
            f"<td>{'、'.join(esc(t) for t in tags.get(pk, []))}</td></tr>"
        )
    out.append("</tbody></table>")
    if more:
        last = rows[-1]
        cursor_text = base64.urlsafe_b64encode(
            json.dumps([last[9], last[0]], separators=(",", ":")).encode()
        )
        next_query = ("q=" + quote(q) + "&" if q else "") + "after=" + cursor_text.decode()
        out.append(f'<a rel="next" href="?{esc(next_query.rstrip("="))}">下一页</a>')
    out.append("</body></html>")
    return "".join(out).encode()


def application(environ, start_response):
    if environ.get("PATH_INFO", "/") not in ("/people/", "/people"):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    body = page(environ.get("QUERY_STRING", ""))
    start_response(
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]
