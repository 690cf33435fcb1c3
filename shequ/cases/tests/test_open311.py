"""Open311 GeoReport v2 driven as a client would, over real HTTP against the live server, in
JSON and XML: discovery, services and a definition, posting with an API key, the token, the
request list with its filters, one request; every field name and type checked against the
standard, and no requester's data in what the public reads."""

import datetime as dt
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import pytest
from django.utils import timezone

from shequ.cases.choices import CaseStatus, Channel
from shequ.cases.models import ApiClient, AttributeType, Case, CategoryAttribute
from shequ.cases.open311.keys import api_client_issue, api_client_verify, key_digest
from shequ.cases.services import case_transition
from shequ.territory.models import Node

live = pytest.mark.django_db(transaction=True)
NONE = type(None)
DATETIME = "datetime"  # a string in ISO 8601 with the +08:00 offset
NUMBER = (int, float)

# GeoReport v2's fields and the JSON types each may take.
DISCOVERY = {"changeset": DATETIME, "contact": str, "key_service": str, "endpoints": list}
ENDPOINT = {"specification": str, "url": str, "changeset": DATETIME, "type": str, "formats": list}
SERVICE = {
    "service_code": str,
    "service_name": str,
    "description": str,
    "metadata": bool,
    "type": str,
    "keywords": str,
    "group": str,
}
DEFINITION = {"service_code": str, "attributes": list}
ATTRIBUTE = {
    "variable": bool,
    "code": str,
    "datatype": str,
    "required": bool,
    "datatype_description": (str, NONE),
    "order": int,
    "description": str,
    "values": list,
}
VALUE = {"key": (str, int), "name": str}
POSTED = {
    "service_request_id": str,
    "token": (str, NONE),
    "service_notice": (str, NONE),
    "account_id": (str, NONE),
}
TOKEN = {"service_request_id": (str, NONE), "token": str}
REQUEST = {
    "service_request_id": str,
    "status": str,
    "status_notes": (str, NONE),
    "service_name": str,
    "service_code": str,
    "description": str,
    "agency_responsible": (str, NONE),
    "service_notice": (str, NONE),
    "requested_datetime": DATETIME,
    "updated_datetime": (DATETIME, NONE),
    "expected_datetime": (DATETIME, NONE),
    "address": (str, NONE),
    "address_id": (str, NONE),
    "zipcode": (str, NONE),
    "lat": (*NUMBER, NONE),
    "long": (*NUMBER, NONE),
    "media_url": (str, NONE),
}
ERROR = {"code": int, "description": str}
ISO_LOCAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00")


def _is_datetime(value) -> bool:
    return isinstance(value, str) and ISO_LOCAL.fullmatch(value) is not None


def check(row: dict, schema: dict) -> None:
    """Exactly the standard's names, each value of an allowed type."""
    assert set(row) == set(schema), set(row) ^ set(schema)
    for name, allowed in schema.items():
        allowed = allowed if isinstance(allowed, tuple) else (allowed,)
        value = row[name]
        ok = any(
            _is_datetime(value) if kind == DATETIME else type(value) is kind for kind in allowed
        )
        assert ok, f"{name}={value!r} is not {allowed}"


def check_xml(element: ET.Element, schema: dict) -> None:
    """The same names as elements; datetimes and numbers readable as such."""
    assert [child.tag for child in element] == list(schema), element.tag
    for child in element:
        allowed = schema[child.tag]
        allowed = allowed if isinstance(allowed, tuple) else (allowed,)
        text = child.text or ""
        if len(child):
            continue  # a nested list, checked by the caller
        if DATETIME in allowed and text:
            assert _is_datetime(text), (child.tag, text)
        elif bool in allowed:
            assert text in ("true", "false"), (child.tag, text)
        elif int in allowed and str not in allowed and text:
            float(text)
        elif text == "":
            assert NONE in allowed or str in allowed or list in allowed, child.tag


class GeoReportClient:
    """A GeoReport v2 client over HTTP (urllib only): JSON or XML by the URL's extension."""

    def __init__(self, base_url: str):
        self.base = f"{base_url}/open311/v2/"

    def _send(self, request, fmt):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, body, kind = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, body, kind = error.code, error.read(), error.headers
        expected = "application/json" if fmt == "json" else "text/xml"
        assert kind.get_content_type() == expected
        # our own live server's answer, not untrusted input
        return status, json.loads(body) if fmt == "json" else ET.fromstring(body)  # noqa: S314

    def get(self, path: str, fmt: str = "json", **params):
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return self._send(urllib.request.Request(f"{self.base}{path}.{fmt}{query}"), fmt)

    def post(self, fields: list[tuple[str, str]], fmt: str = "json"):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            f"{self.base}requests.{fmt}",
            data=data,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        return self._send(request, fmt)


@pytest.fixture
def city(territory, cast, desk, new_case):
    """The lamps ask two questions; an app holds a key for 东一社区; four published cases
    (open, closed with a reply, rejected, four months old) and one without a category."""
    CategoryAttribute.objects.create(
        category=desk.lamps, code="pole_no", datatype=AttributeType.STRING,
        description="灯杆编号（杆身上的喷字）", required=True, order=1,
    )  # fmt: skip
    CategoryAttribute.objects.create(
        category=desk.lamps, code="fault", datatype=AttributeType.SINGLE,
        description="故障现象", order=2,
        values=[{"key": "dark", "name": "不亮"}, {"key": "flicker", "name": "闪烁"}],
    )  # fmt: skip
    client, key = api_client_issue(name="随手拍 App", node=territory.c1)
    noise = new_case(
        category=desk.noise,
        title="楼上装修噪声",
        description="楼上夜间装修噪声扰民，联系电话13900139000",
        node=territory.flats["C1G2"][1],
    )
    lamp = new_case(attributes={"pole_no": "D-017", "fault": "dark"})
    for to, actor, options in (
        (CaseStatus.ACCEPTED, cast.community_worker, {}),
        (CaseStatus.ASSIGNED, cast.community_worker, {"handler": desk.grid_worker}),
        (CaseStatus.IN_PROGRESS, cast.grid_worker, {}),
        (CaseStatus.REPLIED, cast.grid_worker, {"reply": "已联系路灯所更换灯泡"}),
        (CaseStatus.CLOSED, cast.community_worker, {"note": "回访电话无人接听"}),
    ):
        lamp = case_transition(case=lamp, to=to, actor=actor, **options)
    rejected = new_case(category=desk.noise, description="小区外商场噪声")
    rejected = case_transition(
        case=rejected, to=CaseStatus.REJECTED, actor=cast.community_worker, note="非本社区"
    )
    old = new_case(
        category=desk.noise,
        description="广场舞音响声音过大",
        received_at=timezone.now() - dt.timedelta(days=120),
    )
    unsorted = new_case(category=None, description="咨询事项")
    return SimpleNamespace(
        client=client, key=key, noise=noise, lamp=lamp, rejected=rejected, old=old,
        unsorted=unsorted,
    )  # fmt: skip


def _ids(rows) -> set[str]:
    return {row["service_request_id"] for row in rows}


def _xml_ids(root: ET.Element) -> set[str]:
    return {request.findtext("service_request_id") for request in root}


# ----------------------------------------------------------------------------- keys


@pytest.mark.django_db
def test_a_key_is_shown_once_and_kept_only_as_its_digest(territory):
    client, key = api_client_issue(name="12345 热线系统", node=territory.sub1)
    client.refresh_from_db()
    assert len(key) >= 40 and client.key_prefix == key[:8]
    assert client.key_digest == key_digest(key) != key
    assert key not in {client.key_digest, client.name, client.key_prefix}
    assert api_client_verify(key=key) == client
    assert ApiClient.objects.get().last_used_at is not None
    assert api_client_verify(key=key + "x") is None
    client.is_active = False
    client.save()
    assert api_client_verify(key=key) is None


# ----------------------------------------------------------------------------- reading


@live
def test_discovery_names_the_v2_endpoint_and_both_formats(live_server):
    geo = GeoReportClient(live_server.url)
    status, doc = geo.get("discovery")
    assert status == 200
    check(doc, DISCOVERY)
    [endpoint] = doc["endpoints"]
    check(endpoint, ENDPOINT)
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == f"{live_server.url}/open311/v2"
    assert set(endpoint["formats"]) == {"application/json", "text/xml"}

    status, root = geo.get("discovery", "xml")
    assert status == 200 and root.tag == "discovery"
    check_xml(root, DISCOVERY)
    [element] = root.find("endpoints")
    assert element.tag == "endpoint"
    check_xml(element, ENDPOINT)
    assert [f.tag for f in element.find("formats")] == ["format", "format"]


@live
def test_services_list_the_active_categories_and_a_definition_its_questions(
    live_server, city, desk
):
    desk.noise.is_active = False
    desk.noise.save()
    geo = GeoReportClient(live_server.url)

    status, services = geo.get("services")
    assert status == 200
    for service in services:
        check(service, SERVICE)
    by_code = {s["service_code"]: s for s in services}
    assert set(by_code) == {"roads", "lamps"}
    assert by_code["lamps"]["group"] == "道路设施" and by_code["lamps"]["metadata"] is True
    assert by_code["roads"]["metadata"] is False and by_code["roads"]["type"] == "realtime"
    assert by_code["roads"]["keywords"] == "路灯, 井盖, 道路"

    status, root = geo.get("services", "xml")
    assert status == 200 and root.tag == "services"
    assert {s.tag for s in root} == {"service"}
    for element in root:
        check_xml(element, SERVICE)
    assert {s.findtext("service_code") for s in root} == {"roads", "lamps"}

    status, definition = geo.get("services/lamps")
    assert status == 200
    check(definition, DEFINITION)
    for attribute in definition["attributes"]:
        check(attribute, ATTRIBUTE)
        for value in attribute["values"]:
            check(value, VALUE)
    pole, fault = definition["attributes"]
    assert (pole["code"], pole["datatype"], pole["required"], pole["order"]) == (
        "pole_no", "string", True, 1,
    )  # fmt: skip
    assert (fault["datatype"], fault["required"], fault["variable"]) == (
        "singlevaluelist", False, True,
    )  # fmt: skip
    assert fault["values"] == [{"key": "dark", "name": "不亮"}, {"key": "flicker", "name": "闪烁"}]

    status, root = geo.get("services/lamps", "xml")
    assert status == 200 and root.tag == "service_definition"
    check_xml(root, DEFINITION)
    attributes = root.find("attributes")
    assert [a.tag for a in attributes] == ["attribute", "attribute"]
    for element in attributes:
        check_xml(element, ATTRIBUTE)
    values = attributes[1].find("values")
    assert [v.tag for v in values] == ["value", "value"]
    for element in values:
        check_xml(element, VALUE)
    assert values[1].findtext("name") == "闪烁"


@live
def test_unknown_service_request_and_token_are_404_in_the_standards_error_shape(live_server, city):
    geo = GeoReportClient(live_server.url)
    for path in ("services/nope", "services/noise-x", "requests/000", "tokens/nope"):
        status, errors = geo.get(path)
        assert status == 404
        [error] = errors
        check(error, ERROR)
        assert error["code"] == 404

        status, root = geo.get(path, "xml")
        assert status == 404 and root.tag == "errors"
        [element] = root
        assert element.tag == "error"
        check_xml(element, ERROR)
        assert element.findtext("code") == "404"
    # a case without a category is no published request
    assert geo.get(f"requests/{city.unsorted.number}")[0] == 404


# ----------------------------------------------------------------------------- posting


def _form(city, **override) -> list[tuple[str, str]]:
    fields = {
        "api_key": city.key,
        "service_code": "lamps",
        "lat": "39.912345",
        "long": "116.401234",
        "address_id": "C1G1B1",
        "address_string": "东一社区1号楼东侧",
        "attribute[pole_no]": "D-023",
        "attribute[fault]": "flicker",
        "description": "1号楼东侧路灯一直闪烁",
        "first_name": "大妈",
        "last_name": "钱",
        "phone": "13700137000",
        "email": "",
        "device_id": "device-1",
        "account_id": "acct-9",
    }
    fields.update(override)
    return [(k, v) for k, v in fields.items() if v is not None]


@live
def test_an_app_posts_a_request_with_answers_and_finds_it_by_its_token(
    live_server, city, territory
):
    geo = GeoReportClient(live_server.url)
    status, result = geo.post(_form(city))
    assert status == 200
    [posted] = result
    check(posted, POSTED)
    assert posted["account_id"] == "acct-9" and posted["token"]
    case = Case.objects.get(number=posted["service_request_id"])
    assert case.channel == Channel.WEB and case.token == posted["token"]
    assert case.category.code == "lamps" and case.attributes == {
        "pole_no": "D-023",
        "fault": "flicker",
    }
    assert case.node == Node.objects.get(code="C1G1B1")
    assert (str(case.latitude), str(case.longitude)) == ("39.912345", "116.401234")
    assert case.place == "东一社区1号楼东侧"
    assert case.requester_name_masked == "钱**" and case.requester_phone_masked
    assert case.wants_reply is True and case.status == CaseStatus.RECEIVED
    assert ApiClient.objects.get().last_used_at is not None

    status, found = geo.get(f"tokens/{posted['token']}")
    assert status == 200
    [row] = found
    check(row, TOKEN)
    assert row == {"service_request_id": case.number, "token": case.token}

    # XML: no address_id, so the key's own area; no name given, an email beside the phone
    status, root = geo.post(
        _form(city, address_id=None, lat=None, long=None, first_name=None, last_name=None,
              email="a@example.com", account_id=None, description="社区门口路灯不亮"),
        "xml",
    )  # fmt: skip
    assert status == 200 and root.tag == "service_requests"
    [element] = root
    assert element.tag == "request"
    check_xml(element, POSTED)
    assert element.findtext("account_id") == ""
    case = Case.objects.get(number=element.findtext("service_request_id"))
    assert case.node == territory.c1 and case.latitude is None and case.requester_name_masked == ""

    status, root = geo.get(f"tokens/{element.findtext('token')}", "xml")
    assert status == 200 and root.tag == "service_requests"
    check_xml(root[0], TOKEN)
    assert root[0].findtext("service_request_id") == case.number


@live
def test_a_wrong_or_missing_key_is_refused_with_403(live_server, city):
    geo = GeoReportClient(live_server.url)
    for key in ("not-the-key", None):
        status, errors = geo.post(_form(city, api_key=key))
        assert status == 403
        [error] = errors
        check(error, ERROR)
        assert error["code"] == 403 and "api_key" in error["description"]
    status, root = geo.post(_form(city, api_key="x" * 43), "xml")
    assert status == 403 and root.tag == "errors" and root[0].findtext("code") == "403"
    assert Case.objects.filter(channel=Channel.WEB).count() == 0


@live
def test_invalid_posts_are_400_naming_each_field(live_server, city):
    geo = GeoReportClient(live_server.url)

    status, errors = geo.post(_form(city, **{"attribute[pole_no]": None}))
    assert status == 400
    [error] = errors
    check(error, ERROR)
    assert error["code"] == 400 and error["description"].startswith("attribute[pole_no]: ")
    assert "灯杆编号" in error["description"]

    status, root = geo.post(_form(city, **{"attribute[pole_no]": ""}), "xml")
    assert status == 400 and root.tag == "errors"
    assert root[0].findtext("description").startswith("attribute[pole_no]: ")

    # several mistakes at once, each named: a place outside the key's area, a value not in
    # the list, a question the service does not ask, a latitude off the globe
    status, errors = geo.post(
        _form(city, address_id="C3G1B1", lat="95", **{"attribute[fault]": "smoke",
              "attribute[colour]": "red"}),
    )  # fmt: skip
    assert status == 400
    fields = {e["description"].split(":")[0] for e in errors}
    assert fields == {"address_id", "lat", "attribute[fault]", "attribute[colour]"}

    status, errors = geo.post(_form(city, service_code="nope"))
    assert status == 400 and errors[0]["description"].startswith("service_code: ")
    status, errors = geo.post(_form(city, address_id=None, lat=None, long=None,
                                    address_string=None))  # fmt: skip
    assert status == 400 and errors[0]["description"].startswith("lat: ")
    # case_submit's own checks come back under the standard's names
    status, errors = geo.post(_form(city, phone="12345"))
    assert status == 400 and errors[0]["description"].startswith("phone: ")
    # nobody logged in posts through the web channel: case_submit wants a phone to answer on
    status, errors = geo.post(_form(city, phone=None, email="a@example.com"))
    assert status == 400 and errors[0]["description"].startswith("phone: ")
    status, errors = geo.post(_form(city, description=""))
    assert status == 400 and errors[0]["description"].startswith("description: ")
    assert Case.objects.filter(channel=Channel.WEB).count() == 0


# ----------------------------------------------------------------------------- the list


@live
def test_request_list_filters_by_service_status_ids_and_dates(live_server, city):
    geo = GeoReportClient(live_server.url)
    recent = {city.noise.number, city.lamp.number, city.rejected.number}

    status, rows = geo.get("requests")
    assert status == 200
    for row in rows:
        check(row, REQUEST)
    assert _ids(rows) == recent  # the last 90 days; the uncategorised case is not published
    status, root = geo.get("requests", "xml")
    assert status == 200 and root.tag == "service_requests"
    for element in root:
        assert element.tag == "request"
        check_xml(element, REQUEST)
    assert _xml_ids(root) == recent

    assert _ids(geo.get("requests", service_code="lamps")[1]) == {city.lamp.number}
    assert _ids(geo.get("requests", service_code="lamps,noise")[1]) == recent
    assert _ids(geo.get("requests", status="open")[1]) == {city.noise.number}
    assert _ids(geo.get("requests", status="closed")[1]) == {
        city.lamp.number,
        city.rejected.number,
    }
    assert _ids(geo.get("requests", status="open,closed")[1]) == recent
    assert _xml_ids(geo.get("requests", "xml", status="closed", service_code="noise")[1]) == {
        city.rejected.number
    }
    # ids override every other argument, the old case included
    ids = f"{city.old.number},{city.lamp.number},nope"
    assert _ids(geo.get("requests", service_request_id=ids, status="open")[1]) == {
        city.old.number,
        city.lamp.number,
    }
    now = timezone.localtime()
    window = {
        "start_date": (now - dt.timedelta(days=130)).isoformat(),
        "end_date": (now - dt.timedelta(days=100)).isoformat(),
    }
    assert _ids(geo.get("requests", **window)[1]) == {city.old.number}
    assert _ids(geo.get("requests", start_date=f"{now - dt.timedelta(days=125):%Y-%m-%d}")[1]) == {
        city.old.number
    }
    assert _ids(geo.get("requests", end_date=f"{now:%Y-%m-%d}")[1]) == recent

    for params, field in (
        ({"status": "pending"}, "status"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"start_date": (now - dt.timedelta(days=200)).isoformat(),
          "end_date": now.isoformat()}, "end_date"),
    ):  # fmt: skip
        status, errors = geo.get("requests", **params)
        assert status == 400 and re.match(rf"{re.escape(field)}[:：]", errors[0]["description"])


@live
def test_one_request_says_where_it_stands_without_the_requesters_data(live_server, city):
    geo = GeoReportClient(live_server.url)

    status, rows = geo.get(f"requests/{city.lamp.number}")
    assert status == 200
    [lamp] = rows
    check(lamp, REQUEST)
    assert lamp["status"] == "closed" and lamp["status_notes"] == "已联系路灯所更换灯泡"
    assert lamp["service_code"] == "lamps" and lamp["service_name"] == "路灯"
    assert lamp["agency_responsible"] == "第1网格网格员"
    assert lamp["expected_datetime"] == timezone.localtime(city.lamp.due_resolve_at).isoformat(
        timespec="seconds"
    )
    # the place stops at the building: no entrance, no flat, no grid
    assert lamp["address"] == "东街道 东一社区 1号楼" and lamp["address_id"] == "C1G1B1"

    status, root = geo.get(f"requests/{city.noise.number}", "xml")
    assert status == 200
    [element] = root
    check_xml(element, REQUEST)
    assert element.findtext("status") == "open"
    assert element.findtext("description") == "楼上夜间装修噪声扰民，联系电话139****9000"
    assert element.findtext("address_id") == "C1G2B1"

    status, rows = geo.get(f"requests/{city.rejected.number}")
    assert rows[0]["status"] == "closed" and rows[0]["agency_responsible"] is None
    assert rows[0]["status_notes"]  # the last step's name

    # nothing of the requesters, in either format, anywhere in the list
    bodies = []
    for fmt in ("json", "xml"):
        url = f"{live_server.url}/open311/v2/requests.{fmt}"
        with urllib.request.urlopen(url, timeout=30) as response:
            bodies.append(response.read().decode())
    for body in bodies:
        for secret in ("赵大妈", "赵**", "13800138000", "138****8000", "13900139000", "101室",
                       "1单元", "201室"):  # fmt: skip
            assert secret not in body


@live
def test_a_posted_request_reads_back_with_its_coordinates_rounded(live_server, city):
    geo = GeoReportClient(live_server.url)
    _status, [posted] = geo.post(_form(city))
    status, [row] = geo.get(f"requests/{posted['service_request_id']}")
    assert status == 200
    check(row, REQUEST)
    assert (row["lat"], row["long"]) == (39.912, 116.401)
    assert row["description"] == "1号楼东侧路灯一直闪烁" and row["status"] == "open"
    assert row["requested_datetime"].endswith("+08:00")
    assert "钱" not in json.dumps(row, ensure_ascii=False)
    assert "东侧" not in row["address"]  # the address in words stays inside


@pytest.mark.django_db
def test_request_list_reads_in_two_queries(client, city, django_assert_num_queries):
    with django_assert_num_queries(2):  # the cases with their last step, then their places
        response = client.get("/open311/v2/requests.json")
    assert response.status_code == 200 and len(response.json()) == 3
