"""The audit-trail API and the shared API behaviour (actor, error shape)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shequ.core import crypto
from shequ.core.api.testing import api_client, assert_error
from shequ.core.models import AuditAction, AuditEvent
from shequ.people import services
from shequ.people.models import Person

URL = "/api/v1/audit-events/"


def unmask(user, person, reason="核实身份"):
    services.person_unmask(user=user, person=person, field="phone", reason=reason)


def test_auditor_reads_the_trail_of_his_subdistrict_only(cast, residents):
    unmask(cast.district_admin, residents["C1G1"].head)
    unmask(cast.district_admin, residents["C3G1"].head)
    rows = api_client(cast.auditor).get(URL, {"action": "unmask"}).json()["results"]
    assert [r["person_id"] for r in rows] == [residents["C1G1"].head.pk]
    assert rows[0]["reason"] == "核实身份" and rows[0]["actor_name"] == "district_admin"
    other = AuditEvent.objects.get(action=AuditAction.UNMASK, person_id=residents["C3G1"].head.pk)
    assert_error(api_client(cast.auditor).get(f"{URL}{other.pk}/"), 404)


def test_roles_without_the_trail_permission_are_refused(cast, residents):
    for user in (cast.community_worker, cast.grid_worker, cast.party_member):
        assert_error(api_client(user).get(URL), 403)


def test_audit_filters(cast, residents):
    head = residents["C1G1"].head
    unmask(cast.district_admin, head)
    client = api_client(cast.subdistrict_admin)
    by_person = client.get(URL, {"person": head.pk}).json()["results"]
    assert by_person and {r["person_id"] for r in by_person} == {head.pk}
    by_object = client.get(
        URL, {"object_type": "people.person", "object_id": str(head.pk), "action": "create"}
    ).json()["results"]
    assert len(by_object) == 1
    assert [
        r["action"] for r in client.get(URL, {"actor_name": "district_admin"}).json()["results"]
    ] == ["unmask"]
    later = (timezone.now() + dt.timedelta(hours=1)).isoformat()
    assert client.get(URL, {"at_after": later}).json()["results"] == []
    assert client.get(URL, {"at_before": later, "action": "unmask"}).json()["results"]
    assert_error(client.get(URL, {"action": "teleport"}), 400, "action")
    assert_error(client.get(URL, {"at_after": "yesterday"}), 400, "at")


def test_audit_rows_never_carry_a_full_id_or_phone(cast, residents):
    person = residents["C1G1"].spouse
    client = api_client(cast.district_admin)
    client.patch(f"/api/v1/persons/{person.pk}/", {"phone": "13700137000"}, format="json")
    unmask(cast.district_admin, person)
    text = client.get(URL, {"page_size": 200}).content.decode()
    assert "13700137000" not in text
    for someone in Person.objects.all():
        assert crypto.decrypt(someone.id_number_enc) not in text
        assert crypto.decrypt(someone.phone_enc)[-11:] not in text
    assert "137****7000" in text  # the change is there, masked


def test_audit_trail_is_read_only(cast, residents):
    event = AuditEvent.objects.filter(node_path__startswith=residents["C1G1"].head.node.path)[0]
    client = api_client(cast.subdistrict_admin)
    assert_error(client.delete(f"{URL}{event.pk}/"), 405)
    assert_error(client.post(URL, {"action": "login"}, format="json"), 405)


def test_token_user_is_the_audit_actor_of_api_writes(cast, residents):
    person = residents["C1G1"].spouse
    response = api_client(cast.grid_worker).patch(
        f"/api/v1/persons/{person.pk}/",
        {"ethnicity": "回族"},
        format="json",
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, person_id=person.pk).latest("id")
    assert (event.actor_id, event.actor_name, event.ip) == (
        cast.grid_worker.pk,
        "grid_worker",
        "10.1.2.3",
    )
    assert event.changes["ethnicity"][1] == "回族"


def test_every_error_has_the_one_shape(cast):
    client = api_client(cast.grid_worker)
    assert assert_error(client.get("/api/v1/persons/999999/"), 404)["code"] == "not_found"
    assert_error(client.delete("/api/v1/persons/"), 405)
    error = assert_error(
        client.post("/api/v1/persons/", "{not json", content_type="application/json"), 400
    )
    assert error["code"] == "parse_error"
