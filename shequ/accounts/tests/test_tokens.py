import datetime as dt

import time_machine
from django.test import RequestFactory
from django.utils import timezone

from shequ.accounts.services import user_set_password
from shequ.conftest import PASSWORD
from shequ.core.middleware import client_ip


def _token(client, username="grid_worker"):
    response = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _get(client, token):
    return client.get("/api/v1/nodes/", HTTP_AUTHORIZATION=f"Token {token}").status_code


def test_token_expires_after_the_configured_hours(client, cast, settings):
    settings.SHEQU_TOKEN_TTL_HOURS = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        token = _token(client)
        assert _get(client, token) == 200
    with time_machine.travel(start + dt.timedelta(hours=1, minutes=59), tick=False):
        assert _get(client, token) == 200
    with time_machine.travel(start + dt.timedelta(hours=2, minutes=1), tick=False):
        assert _get(client, token) == 401
        fresh = _token(client)  # asking again gives a new token, not the expired one
        assert fresh != token and _get(client, fresh) == 200


def test_password_change_revokes_tokens(client, cast):
    token = _token(client)
    user_set_password(user=cast.grid_worker, password="Another#Pass2026")
    assert _get(client, token) == 401


def test_lockout_revokes_tokens(client, cast, settings):
    token = _token(client)
    for _ in range(settings.SHEQU_LOCKOUT_FAILURES):
        client.post("/api/v1/auth/token/", {"username": "grid_worker", "password": "wrong"})
    assert _get(client, token) == 401


def test_client_ip_trusts_only_the_configured_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.SHEQU_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"  # no proxy trusted: the header is ignored
    settings.SHEQU_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # a forged first hop is not believed
    settings.SHEQU_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
