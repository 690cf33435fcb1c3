"""Crawl the demo district as every demo login: no page or API response may carry a full ID
number or mobile number (R-PPL-3). The crawl only reads (GET): no role unmasks anything."""

import io
import json
import re
import zipfile
from collections import deque
from io import StringIO
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from django.core.management import call_command
from stdnum.cn import ric

from shequ.core import crypto, pii
from shequ.demo.services import DEMO_LOGINS, DEMO_PASSWORD
from shequ.people.models import Person

ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<![0-9A-Za-z+])(?:\+?86)?1[3-9]\d{9}(?![0-9A-Za-z])")
HREF_RE = re.compile(r"""(?:href|hx-get)=["']([^"']+)["']""")
START = [
    "/",
    "/territory/",
    "/people/",
    "/audit/",
    "/api/v1/nodes/",
    "/api/v1/persons/",
    "/api/v1/households/",
    "/api/v1/tags/",
    "/api/v1/person-tags/",
    "/api/v1/audit-events/",
]
SKIP = ("/accounts/logout", "/i18n/", "/static/", "/api/schema", "/api/docs")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_PAGES = 110  # per role: enough to reach persons, households and flats at every level


def _links(body: str, url: str, is_json: bool) -> list[str]:
    found = []
    if is_json:
        for value in re.findall(r'"(https?://testserver/[^"]+|/[^"]*)"', body):
            found.append(value)
        data = json.loads(body)
        rows = data.get("results", []) if isinstance(data, dict) else []
        base = urlparse(url).path
        if base.rstrip("/").count("/") == 3:  # a list endpoint: open its first rows
            found += [f"{base}{row['id']}/" for row in rows[:6] if "id" in row]
    else:
        found = HREF_RE.findall(body)
    out = []
    for link in found:
        link = urldefrag(urljoin(url, link.replace("&amp;", "&")))[0]
        parsed = urlparse(link)
        if parsed.netloc not in ("", "testserver") or parsed.path.startswith(SKIP):
            continue
        out.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return out


FRACTION_CELL = re.compile(r"<v>-?\d+\.\d+(?:[eE][-+]?\d+)?</v>")


def _xlsx_text(response) -> str:
    """The text of every part of an xlsx workbook (its cells live in the XML parts)."""
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        text = "\n".join(book.read(name).decode() for name in book.namelist()
                         if name.endswith(".xml"))  # fmt: skip
    # Numeric cells with a fraction are dates, times and amounts (a datetime is a day count
    # with eleven or so digits of fraction), never a phone or an ID number: blank them.
    return FRACTION_CELL.sub("<v></v>", text)


def _leaks(body: str, secrets: set[str]) -> list[str]:
    hits = [m for m in ID_RE.findall(body) if ric.is_valid(m.upper())]
    hits += MOBILE_RE.findall(body)
    hits += [s for s in secrets if s in body]
    return hits


@pytest.fixture
def demo_district(db):
    call_command("demo", scale="tiny", seed=3, stdout=StringIO())
    secrets = set()
    for person in Person.objects.only("id_number_enc", "phone_enc"):
        secrets.add(crypto.decrypt(person.id_number_enc))
        if person.phone_enc:
            e164 = crypto.decrypt(person.phone_enc)
            secrets |= {e164, pii.national_phone(e164)}
    return secrets


def test_no_role_sees_a_full_id_or_mobile_number_anywhere(client, demo_district):
    secrets = demo_district
    assert len(secrets) > 200  # the crawl has something to leak
    report = []
    for username, _role, _where in DEMO_LOGINS:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        token = client.post(
            "/api/v1/auth/token/", {"username": username, "password": DEMO_PASSWORD}
        ).json()["token"]
        seen, queue, leaks, pages = set(), deque(START), [], 0
        while queue and pages < MAX_PAGES:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            is_api = url.startswith("/api/")
            headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if is_api else {}
            response = client.get(url, **headers)
            assert response.status_code in (200, 302, 403, 404), f"{username} {url}"
            if response.status_code != 200 or response.get("Content-Type", "").startswith(
                ("image/", "application/octet")
            ):
                continue
            pages += 1
            if response["Content-Type"].startswith(XLSX):
                # an export the page links to: read its sheets, follow nothing in it
                leaks += [f"{url}: {hit}" for hit in _leaks(_xlsx_text(response), secrets)]
                continue
            body = response.content.decode()
            leaks += [f"{url}: {hit}" for hit in _leaks(body, secrets)]
            is_json = response["Content-Type"].startswith("application/json")
            queue.extend(link for link in _links(body, url, is_json) if link not in seen)
        persons = sum(bool(re.match(r"^/(people|api/v1/persons)/\d+/$", u)) for u in seen)
        report.append(f"{username}: {pages} pages ({persons} person pages), {len(leaks)} leaks")
        if username in ("district_admin", "grid_worker", "auditor"):
            assert persons > 0, f"{username}'s crawl reached no person page"
        assert not leaks, f"{username} saw personal data:\n" + "\n".join(leaks[:20])
        client.logout()
    print("\ncrawl: " + "; ".join(report))
    assert sum(int(line.split(": ")[1].split()[0]) for line in report) > 300
