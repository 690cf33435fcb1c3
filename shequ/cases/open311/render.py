"""GeoReport v2 documents in JSON and XML, and the standard's error list, from plain data
(dicts, lists, strings, numbers, booleans, None) shaped as the standard names them."""

from __future__ import annotations

import datetime as dt
import json
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

JSON = "json"
XML = "xml"
CONTENT_TYPES = {
    JSON: "application/json; charset=utf-8",
    XML: "text/xml; charset=utf-8",
}
# The element each list's items take in XML, by the list's name (GeoReport v2's examples).
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 with the local offset (2026-11-18T10:00:00+08:00), as the standard writes."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _element(tag: str, value) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        element.extend(_element(key, item) for key, item in value.items())
    elif isinstance(value, list):
        item_tag = ITEM_TAGS.get(tag, "item")
        element.extend(_element(item_tag, item) for item in value)
    else:
        element.text = _text(value)
    return element


def to_xml(root: str, data) -> bytes:
    """``data`` under ``<root>``: a list gives one element per item (``ITEM_TAGS``), a dict
    one element per key; None is an empty element, booleans are true/false."""
    return ET.tostring(_element(root, data), encoding="utf-8", xml_declaration=True)


def respond(fmt: str, root: str, data, *, status: int = 200) -> HttpResponse:
    """The document in the format the URL's extension asked for; ``root`` names the XML
    root (``services``, ``service_requests``, ``discovery`` …)."""
    if fmt == XML:
        body = to_xml(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The standard's error list: ``[{"code": 400, "description": "…"}]`` or
    ``<errors><error><code>400</code><description>…</description></error></errors>``."""
    data = [{"code": status, "description": str(text)} for text in descriptions]
    return respond(fmt, "errors", data, status=status)
