"""Telling people what happened (通知): one interface, three channels. In-app messages are
delivered when written; email goes through Django's mail backend; SMS through a pluggable
gateway (``SHEQU_SMS_BACKEND``; the default posts to an HTTP gateway). Delivery runs as a
background task after the transaction that caused it commits, and never twice."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from . import crypto, pii
from .models import Notification, NotificationChannel, NotificationStatus


class DeliveryError(Exception):
    """A channel refused or failed to take a message; the text is kept on the notification."""


class SmsGateway:
    """The interface of an SMS provider: send one text to one phone (E.164)."""

    def is_configured(self) -> bool:
        raise NotImplementedError

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class HttpSmsGateway(SmsGateway):
    """POST ``{"to": phone, "text": text}`` as JSON to ``SHEQU_SMS_GATEWAY_URL`` with a bearer
    token; any 2xx answer means accepted. Most Chinese SMS providers sit behind such a relay."""

    timeout = 10

    def is_configured(self) -> bool:
        return bool(settings.SHEQU_SMS_GATEWAY_URL)

    def send(self, phone: str, text: str) -> None:
        body = json.dumps({"to": phone, "text": text}, ensure_ascii=False).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's setting
            settings.SHEQU_SMS_GATEWAY_URL,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {settings.SHEQU_SMS_GATEWAY_TOKEN}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                if not 200 <= response.status < 300:
                    raise DeliveryError(f"SMS gateway answered {response.status}")
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"SMS gateway answered {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DeliveryError(f"SMS gateway unreachable: {exc}") from exc


def sms_gateway() -> SmsGateway:
    return import_string(settings.SHEQU_SMS_BACKEND)()


def _mask(channel: str, address: str) -> str:
    if channel == NotificationChannel.SMS:
        return pii.mask_e164(address)
    if channel == NotificationChannel.EMAIL and "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    return ""


def notify(
    *,
    channel: str,
    subject: str,
    body: str = "",
    user=None,
    address: str = "",
    obj=None,
    url: str = "",
) -> Notification:
    """Record a message and deliver it once the current transaction commits. ``address`` is
    the phone (E.164) for SMS, the email address for email; in-app messages need ``user``."""
    if channel == NotificationChannel.IN_APP and user is None:
        raise ValueError("an in-app message needs a user")
    if channel != NotificationChannel.IN_APP and not address:
        raise ValueError(f"a {channel} message needs an address")
    note = Notification.objects.create(
        user=user,
        channel=channel,
        address_enc=crypto.encrypt(address) if address else "",
        address_masked=_mask(channel, address),
        subject=subject[:200],
        body=body,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        url=url,
        status=(
            NotificationStatus.SENT
            if channel == NotificationChannel.IN_APP
            else NotificationStatus.PENDING
        ),
        sent_at=timezone.now() if channel == NotificationChannel.IN_APP else None,
    )
    if note.status == NotificationStatus.PENDING:
        from .tasks import notification_send

        transaction.on_commit(lambda: notification_send.enqueue(note.pk))
    return note


def notification_deliver(notification_id: int) -> str:
    """Send a pending notification; a sent, skipped or failed one is left alone (a task may
    run twice). Returns the status reached."""
    with transaction.atomic():
        note = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if note is None or note.status != NotificationStatus.PENDING:
            return note.status if note else ""
        address = crypto.decrypt(note.address_enc)
        note.attempts += 1
        try:
            if note.channel == NotificationChannel.EMAIL:
                send_mail(note.subject, note.body or note.subject, None, [address])
                note.status = NotificationStatus.SENT
            elif note.channel == NotificationChannel.SMS:
                gateway = sms_gateway()
                if gateway.is_configured():
                    gateway.send(address, f"{note.subject} {note.body}".strip())
                    note.status = NotificationStatus.SENT
                else:
                    note.status = NotificationStatus.SKIPPED
                    note.error = "SMS gateway not configured"
        except (DeliveryError, OSError) as exc:
            note.status = NotificationStatus.FAILED
            note.error = str(exc)[:300]
        if note.status == NotificationStatus.SENT:
            note.sent_at = timezone.now()
        note.save(update_fields=["status", "attempts", "sent_at", "error"])
        return note.status
