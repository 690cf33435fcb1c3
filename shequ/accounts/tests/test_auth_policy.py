"""Login policy (等保 defaults): lockout, per-address throttling, password rules, forced
change at first login, idle timeout and their audit rows — with time frozen."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shequ.accounts.models import User
from shequ.accounts.services import user_set_password
from shequ.conftest import PASSWORD, make_user
from shequ.core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TOKEN_URL = "/api/v1/auth/token/"
GOOD_PASSWORD = "Lantern#Road42"
IP = "10.1.2.3"


@pytest.fixture(autouse=True)
def _empty_cache():
    # The per-address counters and DRF's throttle live in the cache: no test sees another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clerk(db):
    return make_user("clerk")


def page_login(client, username, password, ip=IP):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def api_login(client, username, password, ip=IP):
    return client.post(
        TOKEN_URL,
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def login_error_codes(response) -> list[str]:
    return [e.code for e in response.context["form"].non_field_errors().as_data()]


# --- lockout -------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_login_page_for_thirty_minutes(client, clerk):
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(4):
            assert page_login(client, "clerk", "wrong").status_code == 200
        clerk.refresh_from_db()
        assert clerk.failed_logins == 4 and clerk.locked_until is None

        response = page_login(client, "clerk", "wrong")
        assert login_error_codes(response) == ["locked"]
        clerk.refresh_from_db()
        assert clerk.locked_until == T0 + dt.timedelta(minutes=30)

        response = page_login(client, "clerk", PASSWORD)
        assert response.status_code == 200 and login_error_codes(response) == ["locked"]
        assert not logged_in(client)

        clock.shift(dt.timedelta(minutes=29, seconds=59))
        assert login_error_codes(page_login(client, "clerk", PASSWORD)) == ["locked"]
        assert not logged_in(client)

        clock.shift(dt.timedelta(seconds=1))
        response = page_login(client, "clerk", PASSWORD)
        assert response.status_code == 302 and response.url == reverse("home")
        assert logged_in(client)
        clerk.refresh_from_db()
        assert clerk.failed_logins == 0 and clerk.locked_until is None


def test_five_wrong_passwords_lock_the_token_api_for_thirty_minutes(client, clerk):
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(5):
            response = api_login(client, "clerk", "wrong")
            assert response.status_code == 400
            assert response.json()["error"]["code"] == "authentication_failed"

        response = api_login(client, "clerk", PASSWORD)
        assert response.status_code == 400 and "token" not in response.json()

        clock.shift(dt.timedelta(minutes=29))
        assert api_login(client, "clerk", PASSWORD).status_code == 400

        clock.shift(dt.timedelta(minutes=1))
        response = api_login(client, "clerk", PASSWORD)
        assert response.status_code == 200 and len(response.json()["token"]) == 40


def test_failures_on_the_page_and_the_api_count_together(client, clerk):
    with time_machine.travel(T0, tick=False):
        for _ in range(3):
            page_login(client, "clerk", "wrong")
        for _ in range(2):
            api_login(client, "clerk", "wrong")
        assert api_login(client, "clerk", PASSWORD).status_code == 400
        assert login_error_codes(page_login(client, "clerk", PASSWORD)) == ["locked"]


def test_a_right_password_before_the_threshold_resets_the_count(client, clerk):
    with time_machine.travel(T0, tick=False):
        for _ in range(4):
            page_login(client, "clerk", "wrong")
        assert page_login(client, "clerk", PASSWORD).status_code == 302
        client.logout()
        for _ in range(4):
            page_login(client, "clerk", "wrong")
        assert page_login(client, "clerk", PASSWORD).status_code == 302


@pytest.mark.parametrize(("failures", "minutes"), [(3, 10), (7, 60)])
def test_lockout_thresholds_follow_the_settings(client, clerk, settings, failures, minutes):
    settings.SHEQU_LOCKOUT_FAILURES = failures
    settings.SHEQU_LOCKOUT_MINUTES = minutes
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(failures - 1):
            page_login(client, "clerk", "wrong")
        clerk.refresh_from_db()
        assert clerk.locked_until is None, "locked before the configured number of failures"

        page_login(client, "clerk", "wrong")
        clerk.refresh_from_db()
        assert clerk.locked_until == T0 + dt.timedelta(minutes=minutes)

        clock.shift(dt.timedelta(minutes=minutes) - dt.timedelta(seconds=1))
        assert login_error_codes(page_login(client, "clerk", PASSWORD)) == ["locked"]
        clock.shift(dt.timedelta(seconds=1))
        assert page_login(client, "clerk", PASSWORD).status_code == 302


# --- per-address throttling ----------------------------------------------------------------


def test_many_failures_from_one_address_are_refused_across_usernames(client, settings):
    settings.SHEQU_IP_FAILURES_PER_HOUR = 6
    users = [make_user(f"u{n}") for n in range(4)]
    with time_machine.travel(T0, tick=False) as clock:
        # One wrong password per existing account plus unknown names: no account reaches
        # its own lockout threshold, only the address does.
        for user in users:
            page_login(client, user.username, "wrong")
        api_login(client, "nobody-1", "wrong")
        page_login(client, "nobody-2", "wrong")
        assert not any(u.is_locked() for u in User.objects.filter(username__startswith="u"))

        # From that address even a right password is refused, on the page and on the API.
        response = page_login(client, "u0", PASSWORD)
        assert response.status_code == 200 and not logged_in(client)
        assert api_login(client, "u1", PASSWORD).status_code == 400

        # The same account from another address is let in.
        assert page_login(client, "u0", PASSWORD, ip="10.9.9.9").status_code == 302
        client.logout()

        # An hour later the address may try again.
        clock.shift(dt.timedelta(hours=1))
        assert page_login(client, "u0", PASSWORD).status_code == 302


def test_failures_below_the_address_limit_are_not_throttled(client, settings):
    settings.SHEQU_IP_FAILURES_PER_HOUR = 6
    make_user("u0")
    with time_machine.travel(T0, tick=False):
        for n in range(5):
            page_login(client, f"nobody-{n}", "wrong")
        assert page_login(client, "u0", PASSWORD).status_code == 302


# --- password policy -----------------------------------------------------------------------

BAD_PASSWORDS = [
    pytest.param("Ab1#xyz", "password_too_short", id="seven-characters"),
    pytest.param("abcdefgh12", "password_classes", id="two-classes"),
    pytest.param("P@ssw0rd", "password_too_common", id="common"),
]


@pytest.mark.parametrize(("password", "code"), BAD_PASSWORDS)
def test_service_refuses_a_weak_password(clerk, password, code):
    clerk.must_change_password = True
    clerk.save(update_fields=["must_change_password"])
    with pytest.raises(ValidationError) as exc:
        user_set_password(user=clerk, password=password)
    assert code in [e.code for e in exc.value.error_list]
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD) and clerk.must_change_password
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGE).exists()


def test_service_accepts_a_good_password(clerk):
    user_set_password(user=clerk, password=GOOD_PASSWORD)
    clerk.refresh_from_db()
    assert clerk.check_password(GOOD_PASSWORD) and not clerk.must_change_password


@pytest.mark.parametrize(("password", "code"), BAD_PASSWORDS)
def test_password_page_refuses_a_weak_password(client, clerk, password, code):
    client.force_login(clerk)
    response = client.post(
        reverse("accounts:password_change"),
        {"new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert code in [e.code for field in errors.values() for e in field]
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)


def test_password_page_accepts_a_good_password(client, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("accounts:password_change"),
        {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("home")
    clerk.refresh_from_db()
    assert clerk.check_password(GOOD_PASSWORD)
    # The session survives its own password change.
    assert client.get(reverse("accounts:password_change")).status_code == 200


# --- forced change at first login ----------------------------------------------------------


def test_first_login_forces_a_password_change_from_every_page(client):
    User.objects.create_user(username="newcomer", password=PASSWORD)  # must change: default
    response = page_login(client, "newcomer", PASSWORD)
    assert response.status_code == 302 and logged_in(client)

    change = reverse("accounts:password_change")
    for path in (reverse("home"), reverse("audit:list"), "/territory/", "/no/such/page/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url == change, path
    assert client.get(change).status_code == 200

    response = client.post(change, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    response = client.get(reverse("home"))
    assert not (response.status_code == 302 and response.url == change)
    assert User.objects.get(username="newcomer").must_change_password is False


def test_the_api_is_closed_until_the_first_password_change(client):
    user = User.objects.create_user(username="newcomer", password=PASSWORD)
    response = api_login(client, "newcomer", PASSWORD)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "password_change_required"

    page_login(client, "newcomer", PASSWORD)
    response = client.get("/api/v1/nodes/")  # with the session cookie
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "password_change_required"

    user_set_password(user=user, password=GOOD_PASSWORD)
    client.force_login(user)
    assert client.get("/api/v1/nodes/").status_code == 200
    assert api_login(client, "newcomer", GOOD_PASSWORD).status_code == 200


def test_a_weak_new_password_keeps_the_user_on_the_change_page(client):
    User.objects.create_user(username="newcomer", password=PASSWORD)
    page_login(client, "newcomer", PASSWORD)
    change = reverse("accounts:password_change")
    client.post(change, {"new_password1": "abcdefgh12", "new_password2": "abcdefgh12"})
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == change


# --- idle timeout --------------------------------------------------------------------------


def test_session_expires_thirty_minutes_after_the_last_request(client, clerk):
    page = reverse("accounts:password_change")
    with time_machine.travel(T0, tick=False) as clock:
        assert page_login(client, "clerk", PASSWORD).status_code == 302

        clock.shift(dt.timedelta(minutes=29))
        assert client.get(page).status_code == 200
        # Every request pushes the expiry: 58 minutes after login, 29 after the last request.
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(page).status_code == 200
        session = Session.objects.get(session_key=client.session.session_key)
        assert session.expire_date == T0 + dt.timedelta(minutes=58 + 30)

        clock.shift(dt.timedelta(minutes=30, seconds=1))
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


# --- audit rows ----------------------------------------------------------------------------


def test_login_failure_lockout_and_password_change_are_audited(client, clerk):
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(5):
            page_login(client, "clerk", "wrong")
        clock.shift(dt.timedelta(minutes=30))
        page_login(client, "clerk", PASSWORD)
        client.post(
            reverse("accounts:password_change"),
            {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
        )

    events = AuditEvent.objects.order_by("id")
    failed = events.filter(action=AuditAction.LOGIN_FAILED)
    assert failed.count() == 5
    assert {(e.actor_name, e.object_repr, e.ip) for e in failed} == {("clerk", "clerk", IP)}

    lockout = events.get(action=AuditAction.LOCKOUT)
    assert (lockout.object_id, lockout.actor_id, lockout.at) == (str(clerk.pk), clerk.pk, T0)

    login = events.get(action=AuditAction.LOGIN)
    assert (login.actor_id, login.object_id, login.ip) == (clerk.pk, str(clerk.pk), IP)
    assert login.at == T0 + dt.timedelta(minutes=30)

    change = events.get(action=AuditAction.PASSWORD_CHANGE)
    assert (change.actor_id, change.object_id) == (clerk.pk, str(clerk.pk))
    assert list(events.values_list("action", flat=True)) == [
        *[AuditAction.LOGIN_FAILED] * 4,
        AuditAction.LOCKOUT,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGIN,
        AuditAction.PASSWORD_CHANGE,
    ]
    assert "wrong" not in str(list(events.values_list("changes", "object_repr", "reason")))


def test_an_unknown_username_is_audited_as_a_failure(client):
    page_login(client, "ghost", "whatever")
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (event.actor_id, event.object_repr, event.ip) == (None, "ghost", IP)


def test_a_busy_session_is_written_once_a_minute_not_on_every_request(client, clerk):
    page = reverse("accounts:password_change")
    with time_machine.travel(T0, tick=False) as clock:
        assert page_login(client, "clerk", PASSWORD).status_code == 302
        clock.shift(dt.timedelta(minutes=2))
        assert client.get(page).status_code == 200  # refreshed: a minute and more since login
        key = client.session.session_key
        pushed = Session.objects.get(session_key=key).expire_date
        assert pushed == T0 + dt.timedelta(minutes=2 + 30)
        for _ in range(3):
            clock.shift(dt.timedelta(seconds=15))
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
        assert Session.objects.get(session_key=key).expire_date == pushed
        clock.shift(dt.timedelta(seconds=15))  # 60 s since the last write
        client.get(page)
        assert Session.objects.get(session_key=key).expire_date == T0 + dt.timedelta(minutes=3 + 30)
