"""Token authentication of the API: issued only to accounts in good standing, audited."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from shequ.accounts.models import User
from shequ.conftest import PASSWORD, make_user
from shequ.core.api.testing import api_client, assert_error
from shequ.core.models import AuditAction, AuditEvent

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _empty_cache():
    # failure counters and the login throttle live in the cache
    cache.clear()
    yield
    cache.clear()


def get_token(username, password=PASSWORD):
    return api_client().post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_token_issue_is_audited_as_a_login(db):
    user = make_user("clerk")
    response = get_token("clerk")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.LOGIN, object_id=str(user.pk))
    assert event.actor_name == "clerk" and event.changes == {"via": "api token"}


def test_an_account_that_must_change_its_password_gets_no_token(db):
    User.objects.create_user(username="newcomer", password=PASSWORD)  # flag set by default
    error = assert_error(get_token("newcomer"), 403)
    assert error["code"] == "password_change_required"


def test_a_token_stops_working_when_a_password_change_is_forced(db):
    user = make_user("clerk")
    client = api_client(user)
    assert client.get("/api/v1/nodes/").status_code == 200
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    error = assert_error(client.get("/api/v1/nodes/"), 403)
    assert error["code"] == "password_change_required"


def test_missing_credentials_name_the_fields(db):
    error = assert_error(api_client().post(TOKEN_URL, {}, format="json"), 400)
    assert set(error["fields"]) == {"username", "password"}
