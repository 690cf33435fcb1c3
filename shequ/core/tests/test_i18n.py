"""The Simplified Chinese catalogue: complete, compiled, and the default; English second."""

from __future__ import annotations

import gettext
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from shequ.territory.choices import NodeKind

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sdif]|%[sdif]|\{[A-Za-z_]\w*\}")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text.strip()[1:-1])


def _read_po(path: Path) -> list[dict]:
    """Entries of a .po file: flags, msgctxt, msgid, msgid_plural and the msgstr list.

    Obsolete (#~) entries are skipped; entries need not be separated by blank lines.
    """
    entries: list[dict] = []
    entry: dict = {}
    key = None

    def close():
        nonlocal entry, key
        if "msgid" in entry:
            entries.append(entry)
        entry, key = {}, None

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            close()
        elif line.startswith("#"):
            if "msgid" in entry:
                close()
            if line.startswith("#,"):
                entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith('"'):
            if key.startswith("msgstr"):
                entry["msgstr"][-1] += _unquote(line)
            else:
                entry[key] += _unquote(line)
        else:
            keyword, _sp, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and "msgid" in entry:
                close()
            key = keyword
            if key.startswith("msgstr"):
                entry.setdefault("msgstr", []).append(_unquote(rest))
            else:
                entry[key] = _unquote(rest)
    close()
    return entries


@pytest.fixture(scope="module")
def catalogue():
    entries = _read_po(LC_MESSAGES / "django.po")
    header = next(e for e in entries if e["msgid"] == "" and "msgctxt" not in e)
    messages = [e for e in entries if e is not header]
    assert messages, "the catalogue is empty: run makemessages and locale/translate.py"
    return header, messages


def test_catalogue_header_declares_simplified_chinese_with_one_plural_form(catalogue):
    header, _messages = catalogue
    text = header["msgstr"][0]
    assert "Plural-Forms: nplurals=1; plural=0;" in text
    assert "Language: zh_Hans" in text
    assert "charset=UTF-8" in text
    assert "fuzzy" not in header.get("flags", set())


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    _header, messages = catalogue
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e.get("flags", set())]
    untranslated = [e["msgid"] for e in messages if not all(s.strip() for s in e["msgstr"])]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not untranslated, f"untranslated entries: {untranslated}"


def test_translations_keep_placeholders_and_html_tags(catalogue):
    _header, messages = catalogue
    wrong = [
        (e["msgid"], s)
        for e in messages
        for s in e["msgstr"]
        if Counter(_PLACEHOLDER.findall(e["msgid"])) != Counter(_PLACEHOLDER.findall(s))
        or Counter(_TAG.findall(e["msgid"])) != Counter(_TAG.findall(s))
    ]
    assert not wrong


def test_compiled_catalogue_matches_the_po_file(catalogue):
    """The committed .mo is what a machine without gettext tools serves: it must be current."""
    _header, messages = catalogue
    with open(LC_MESSAGES / "django.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = []
    for e in messages:
        if "msgid_plural" in e:
            got = mo.ngettext(e["msgid"], e["msgid_plural"], 1)
        elif "msgctxt" in e:
            got = mo.pgettext(e["msgctxt"], e["msgid"])
        else:
            got = mo.gettext(e["msgid"])
        if got != e["msgstr"][0]:
            stale.append(e["msgid"])
    assert not stale, f"run `shequ compilemessages -l zh_Hans`; stale in the .mo: {stale}"


def test_python_strings_follow_the_active_language():
    with translation.override("zh-hans"):
        assert str(NodeKind.GRID.label) == "网格"
        assert str(NodeKind.BUILDING.label) == "楼栋"
    with translation.override("en"):
        assert str(NodeKind.GRID.label) == "Grid"


def test_login_page_is_in_chinese_by_default(client, db):
    body = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="zh-hans"' in body
    assert "登录" in body and "密码" in body
    assert "Log in" not in body


def test_login_page_is_in_chinese_for_a_chinese_browser(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.8")
    assert "登录" in response.content.decode()


def test_login_page_stays_chinese_for_an_english_browser(client, db):
    # Chinese first: English only when the user picks it with the switch (the cookie).
    body = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    body = body.decode()
    assert 'lang="zh-hans"' in body
    assert "登录" in body and "Log in" not in body


def test_language_cookie_gives_english(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="en"' in body
    assert "Log in" in body and "Password" in body
    assert "登录" not in body


def test_language_cookie_chooses_english_over_the_browser(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Log in" in body and "登录" not in body


def test_switching_language_sets_the_cookie_and_the_next_page_follows(client, db):
    login = reverse("accounts:login")
    response = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Log in" in client.get(login).content.decode()
