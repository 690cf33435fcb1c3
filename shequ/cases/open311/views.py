"""GeoReport v2 endpoints (docs/open311.md). Reading is public and shows no personal data;
posting takes an API key and goes through ``case_submit`` like any other intake."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from shequ.core.pii import redact
from shequ.core.scope import ancestor_paths
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..attributes import attributes_clean
from ..choices import FINAL_STATUSES, CaseStatus, Channel
from ..models import Case, CaseCategory, CaseEvent, CategoryAttribute
from ..routing import keywords_split
from ..services import case_submit
from ..templatetags.case_ui import step_label
from . import render
from .keys import api_client_verify

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)  # when this document last changed
DEFAULT_DAYS = 90  # the standard's default window, and the widest a query may ask for
MAX_DESCRIPTION = 4000
OPEN, CLOSED = "open", "closed"
# Published places stop above the entrance and the flat: a request must not point at a
# household's door. Grids are an administrative cut, not part of an address.
PRIVATE_KINDS = frozenset({NodeKind.ENTRANCE, NodeKind.FLAT})
ADDRESS_KINDS = frozenset(
    {NodeKind.SUBDISTRICT, NodeKind.COMMUNITY, NodeKind.COMPOUND, NodeKind.BUILDING}
)
_ATTRIBUTE_FIELD = re.compile(r"attribute\[([^\[\]]+)\](\[\])?")
_CJK = re.compile(r"[\u3400-\u9fff]")


# ----------------------------------------------------------------------------- reading


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _published():
    """Cases as public service requests. Deliberately not ``visible_to(user)``: GeoReport's
    reading side is open to anyone, so what it shows is cut down instead (``_request_row``
    never reads the requester's fields, the place stops at the building)."""
    last_verb = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-at", "-id")
    return (
        Case.objects.filter(category__isnull=False, number__isnull=False)
        .select_related("category", "handler", "node")
        .annotate(last_verb=Subquery(last_verb.values("verb")[:1]))
    )


def _places(cases) -> dict[str, tuple[str, str]]:
    """Node path → (address, address_id) for the cases' places, in one query for all."""
    chains = {case.node.path: ancestor_paths(case.node.path) for case in cases}
    wanted = {path for chain in chains.values() for path in chain}
    nodes = {
        n.path: n for n in Node.objects.filter(path__in=wanted).only("path", "code", "name", "kind")
    }
    out = {}
    for path, chain_paths in chains.items():
        chain = [nodes[p] for p in chain_paths if p in nodes]
        shown = [n for n in chain if n.kind not in PRIVATE_KINDS] or chain[:1]
        names = [n.name for n in shown if n.kind in ADDRESS_KINDS] or [shown[-1].name]
        out[path] = (" ".join(names), shown[-1].code)
    return out


def _coordinate(value) -> float | None:
    places = settings.SHEQU_OPEN311_COORDINATE_PLACES
    return None if value is None else round(float(value), places)


def _request_row(case: Case, places) -> dict:
    """One service request with the standard's fields, in the standard's order."""
    closed = case.status in FINAL_STATUSES
    if case.reply and case.status in (CaseStatus.REPLIED, CaseStatus.RATED, CaseStatus.CLOSED):
        notes = redact(case.reply)
    else:
        # every published case has a step at least: its submission
        notes = str(step_label(case.last_verb)) if case.last_verb else case.get_status_display()
    address, address_id = places[case.node.path]
    return {
        "service_request_id": case.number,
        "status": CLOSED if closed else OPEN,
        "status_notes": notes or None,
        "service_name": case.category.name,
        "service_code": case.category.code,
        "description": redact(case.description),
        "agency_responsible": case.handler.name if case.handler_id else None,
        "service_notice": None,
        "requested_datetime": render.iso(case.received_at),
        "updated_datetime": render.iso(case.updated_at),
        "expected_datetime": render.iso(case.due_resolve_at),
        "address": address,
        "address_id": address_id,
        "zipcode": None,
        "lat": _coordinate(case.latitude),
        "long": _coordinate(case.longitude),
        "media_url": None,
    }


def _rows(cases) -> list[dict]:
    cases = list(cases)
    places = _places(cases)
    return [_request_row(case, places) for case in cases]


def _when(value: str, *, end: bool) -> dt.datetime:
    """A W3C/ISO 8601 date or datetime; a bare date as an end means the whole day."""
    moment = dt.datetime.fromisoformat(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if end and len(value) == 10:
        moment += dt.timedelta(days=1) - dt.timedelta(microseconds=1)
    return moment


def discovery(request, fmt):
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt}))
    changeset = render.iso(CHANGESET)
    data = {
        "changeset": changeset,
        "contact": settings.SHEQU_OPEN311_CONTACT,
        "key_service": settings.SHEQU_OPEN311_KEY_SERVICE
        or _("API keys are issued by the platform's administrators."),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base.rsplit("/", 1)[0],
                "changeset": changeset,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return render.respond(fmt, "discovery", data)


def service_list(request, fmt):
    categories = (
        CaseCategory.objects.filter(is_active=True)
        .select_related("parent")
        .annotate(has_attributes=Exists(CategoryAttribute.objects.filter(category=OuterRef("pk"))))
    )
    data = [
        {
            "service_code": c.code,
            "service_name": c.name,
            "description": f"{c.parent.name} › {c.name}" if c.parent_id else c.name,
            "metadata": c.has_attributes,
            "type": "realtime",
            "keywords": ", ".join(keywords_split(c.keywords)),
            "group": c.parent.name if c.parent_id else "",
        }
        for c in categories
    ]
    return render.respond(fmt, "services", data)


def service_definition(request, service_code, fmt):
    category = CaseCategory.objects.filter(code=service_code, is_active=True).first()
    if category is None:
        return render.errors(fmt, 404, _("service_code: no service with this code."))
    data = {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": a.code,
                "datatype": a.datatype,
                "required": a.required,
                "datatype_description": str(a.get_datatype_display()),
                "order": a.order,
                "description": a.description,
                "values": [
                    {"key": str(v.get("key")), "name": str(v.get("name"))} for v in a.values
                ],
            }
            for a in category.attributes.all()
        ],
    }
    return render.respond(fmt, "service_definition", data)


def _request_list(request, fmt):
    params = request.GET
    cases = _published()
    cap = settings.SHEQU_OPEN311_MAX_REQUESTS
    ids = _split(params.get("service_request_id"))
    if ids:  # the standard: a list of ids overrides every other argument
        return render.respond(fmt, "service_requests", _rows(cases.filter(number__in=ids)[:cap]))
    problems = []
    statuses = set(_split(params.get("status")))
    if statuses - {OPEN, CLOSED}:
        problems.append(_("status: use open, closed or both separated by a comma."))
    try:
        start = _when(params["start_date"], end=False) if params.get("start_date") else None
    except ValueError:
        problems.append(_("start_date: use a date and time such as 2026-10-09T10:00:00+08:00."))
        start = None
    try:
        end = _when(params["end_date"], end=True) if params.get("end_date") else None
    except ValueError:
        problems.append(_("end_date: use a date and time such as 2026-10-09T10:00:00+08:00."))
        end = None
    window = dt.timedelta(days=DEFAULT_DAYS)
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - window
    if end is None:
        end = start + window
    if end < start:
        problems.append(_("end_date: the end comes before the start."))
    elif end - start > window + dt.timedelta(days=1):
        problems.append(_("end_date: a query may span at most 90 days."))
    if problems:
        return render.errors(fmt, 400, *problems)
    cases = cases.filter(received_at__gte=start, received_at__lte=end)
    codes = _split(params.get("service_code"))
    if codes:
        cases = cases.filter(category__code__in=codes)
    if statuses == {OPEN}:
        cases = cases.exclude(status__in=FINAL_STATUSES)
    elif statuses == {CLOSED}:
        cases = cases.filter(status__in=FINAL_STATUSES)
    return render.respond(fmt, "service_requests", _rows(cases[:cap]))


def request_detail(request, request_id, fmt):
    case = _published().filter(number=request_id).first()
    if case is None:
        return render.errors(fmt, 404, _("service_request_id: no request with this id."))
    return render.respond(fmt, "service_requests", _rows([case]))


def token_lookup(request, token, fmt):
    case = Case.objects.filter(token=token, category__isnull=False).only("number", "token").first()
    if case is None:
        return render.errors(fmt, 404, _("token: no request with this token."))
    data = [{"service_request_id": case.number, "token": case.token}]
    return render.respond(fmt, "service_requests", data)


# ----------------------------------------------------------------------------- posting


def _attribute_answers(data) -> dict[str, object]:
    """``attribute[code]=v`` and, for several values, ``attribute[code][]=v`` (repeated)."""
    collected: dict[str, list[str]] = {}
    several: set[str] = set()
    for key in data:
        match = _ATTRIBUTE_FIELD.fullmatch(key)
        if match is None:
            continue
        code = match.group(1)
        collected.setdefault(code, []).extend(data.getlist(key))
        if match.group(2):
            several.add(code)
    return {
        code: values if code in several or len(values) > 1 else values[0]
        for code, values in collected.items()
    }


def _coordinate_in(value: str, limit: int) -> Decimal:
    number = Decimal(value.strip())
    if not number.is_finite() or abs(number) > limit:
        raise InvalidOperation
    return number.quantize(Decimal("0.000001"))


def _full_name(first: str, last: str) -> str:
    """A Chinese name is written family name first and without a space."""
    first, last = first.strip(), last.strip()
    if _CJK.search(first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


# case_submit's field names → the standard's
_FIELD_NAMES = {"requester_phone": "phone", "title": "description", "node": "address_id"}


def _post_request(request, fmt):
    data = request.POST
    client = api_client_verify(key=data.get("api_key", "").strip())
    if client is None:
        return render.errors(fmt, 403, _("api_key: the key is missing, wrong or withdrawn."))
    problems: dict[str, str] = {}
    code = data.get("service_code", "").strip()
    category = CaseCategory.objects.filter(code=code, is_active=True).first() if code else None
    if category is None:
        problems["service_code"] = _("Choose one of the services listed by services.json.")

    coordinates: dict[str, Decimal] = {}
    lat, long = data.get("lat", "").strip(), data.get("long", "").strip()
    if lat or long:
        for field, value, limit in (("lat", lat, 90), ("long", long, 180)):
            try:
                coordinates[field] = _coordinate_in(value, limit)
            except (InvalidOperation, ValueError):
                problems[field] = _("Give a number between -%(limit)s and %(limit)s.") % {
                    "limit": limit
                }
    address_string = data.get("address_string", "").strip()
    if len(address_string) > 200:
        problems["address_string"] = _("Keep the address under 200 characters.")
    address_id = data.get("address_id", "").strip()
    node = client.node
    if address_id:
        found = Node.objects.subtree(client.node).filter(code=address_id, is_active=True).first()
        if found is None:
            problems["address_id"] = _("No place with this code in the area of your key.")
        else:
            node = found
    if not (lat or long or address_string or address_id):
        problems["lat"] = _("Give lat and long, address_string or address_id.")

    description = data.get("description", "").strip()
    if len(description) > MAX_DESCRIPTION:
        problems["description"] = _("Keep the description under 4000 characters.")
    email = data.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems["email"] = _("Enter a valid email address.")
    media_url = data.get("media_url", "").strip()
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            problems["media_url"] = _("Enter a valid http or https address.")

    answers = _attribute_answers(data)
    if category is not None:
        known = set(category.attributes.values_list("code", flat=True))
        for unknown in sorted(set(answers) - known):
            problems[f"attribute[{unknown}]"] = _("This service asks no such question.")
        if problems:  # report the answers' mistakes in the same list
            try:
                attributes_clean(category, answers)
            except ValidationError as exc:
                problems.update({k: v[0] for k, v in exc.message_dict.items()})
    if problems:
        return _invalid(fmt, problems)

    phone = data.get("phone", "").strip()
    try:
        case = case_submit(
            actor=None,
            channel=Channel.WEB,
            title="",
            description=description,
            node=node,
            category=category,
            place=address_string,
            latitude=coordinates.get("lat"),
            longitude=coordinates.get("long"),
            requester_name=_full_name(data.get("first_name", ""), data.get("last_name", "")),
            requester_phone=phone,
            wants_reply=bool(phone or email),
            attributes=answers,
            token=secrets.token_urlsafe(24),
        )
    except ValidationError as exc:
        return _invalid(fmt, {_FIELD_NAMES.get(k, k): v[0] for k, v in exc.message_dict.items()})
    except PermissionDenied as exc:
        return render.errors(fmt, 403, str(exc))
    notice = _("Received as %(number)s; to be resolved by %(date)s.") % {
        "number": case.number,
        "date": f"{timezone.localtime(case.due_resolve_at):%Y-%m-%d %H:%M}",
    }
    result = {
        "service_request_id": case.number,
        "token": case.token,
        "service_notice": notice,
        "account_id": data.get("account_id", "").strip() or None,
    }
    return render.respond(fmt, "service_requests", [result])


def _invalid(fmt, problems: dict[str, str]):
    return render.errors(fmt, 400, *(f"{field}: {message}" for field, message in problems.items()))


@csrf_exempt  # posted by other systems with an API key, never by a browser session
def service_requests(request, fmt):
    if request.method == "POST":
        return _post_request(request, fmt)
    if request.method in ("GET", "HEAD"):
        return _request_list(request, fmt)
    response = render.errors(fmt, 405, _("Use GET to read requests and POST to post one."))
    response["Allow"] = "GET, HEAD, POST"
    return response
