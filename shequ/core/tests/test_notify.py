"""Notifications: SMS through a real HTTP gateway on loopback, delivery never twice, the
address sealed and masked; the scheduler claims each slot once."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail

from shequ.core import crypto
from shequ.core.models import Notification, NotificationChannel, ScheduledSlot
from shequ.core.notify import notification_deliver, notify
from shequ.core.scheduler import schedule_due, slot_of


class _Gateway(BaseHTTPRequestHandler):
    received: list = []
    answer = 200

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.headers["Authorization"], json.loads(body)))
        self.send_response(type(self).answer)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    _Gateway.received, _Gateway.answer = [], 200
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SHEQU_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SHEQU_SMS_GATEWAY_TOKEN = "gw-token"
    yield _Gateway
    server.shutdown()


def test_sms_goes_through_the_gateway_once_and_the_phone_is_sealed(
    db, django_capture_on_commit_callbacks, gateway
):
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(channel=NotificationChannel.SMS, address="+8613800138000", subject="已受理")
    note.refresh_from_db()  # delivered on commit (immediate backend)
    assert note.status == "sent" and note.attempts == 1
    assert gateway.received == [("Bearer gw-token", {"to": "+8613800138000", "text": "已受理"})]
    assert "13800138000" not in note.address_enc and note.address_masked == "138****8000"
    assert crypto.decrypt(note.address_enc) == "+8613800138000"
    assert notification_deliver(note.pk) == "sent"  # a second run sends nothing
    assert len(gateway.received) == 1


def test_a_refusing_gateway_marks_the_message_failed_with_its_answer(
    db, django_capture_on_commit_callbacks, gateway
):
    gateway.answer = 503
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(channel=NotificationChannel.SMS, address="+8613800138000", subject="x")
    note.refresh_from_db()
    assert (note.status, note.error) == ("failed", "SMS gateway answered 503")


def test_without_a_gateway_sms_is_recorded_as_not_sent(
    db, django_capture_on_commit_callbacks, settings
):
    settings.SHEQU_SMS_GATEWAY_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(channel=NotificationChannel.SMS, address="+8613800138000", subject="x")
    note.refresh_from_db()
    assert note.status == "skipped"


def test_email_and_in_app(db, django_capture_on_commit_callbacks, cast):
    with django_capture_on_commit_callbacks(execute=True):
        notify(channel=NotificationChannel.EMAIL, address="li@example.org", subject="回复")
        inbox = notify(channel=NotificationChannel.IN_APP, user=cast.resident, subject="回复")
    assert [m.to for m in mail.outbox] == [["li@example.org"]]
    assert inbox.status == "sent" and Notification.objects.get(pk=inbox.pk).user == cast.resident


def test_the_scheduler_claims_a_slot_once(db, django_capture_on_commit_callbacks, settings):
    settings.SHEQU_PERIODIC_JOBS = {
        "cases.sweep": {"task": "shequ.cases.tasks.case_sweep", "every_minutes": 15}
    }
    moment = dt.datetime(2026, 10, 12, 2, 7, tzinfo=dt.UTC)
    assert slot_of(moment, 15) == dt.datetime(2026, 10, 12, 2, 0, tzinfo=dt.UTC)
    assert schedule_due(moment) == ["cases.sweep"]
    assert schedule_due(moment + dt.timedelta(minutes=5)) == []
    assert schedule_due(moment + dt.timedelta(minutes=8)) == ["cases.sweep"]  # next slot
    assert ScheduledSlot.objects.count() == 2
