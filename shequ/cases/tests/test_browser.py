"""Browser test (headless Chromium, phone-sized): a call-taker records a call and sends it to
the grid worker, who answers it; the caller rates the answer from the link in his SMS."""

import re

import pytest

from shequ.cases.models import Case
from shequ.conftest import PASSWORD, needs_chromium
from shequ.core.models import Notification

pytestmark = needs_chromium


def _login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _take_step(page, step: str):
    """Open a step's panel on the case page and press its button."""
    page.click(f"details:has(button[data-step='{step}']) summary")
    page.click(f"button[data-step='{step}']")
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_a_call_is_recorded_assigned_answered_and_rated(
    live_server, cast, territory, desk, browser_page, settings
):
    from playwright.sync_api import expect

    settings.SHEQU_SITE_URL = live_server.url
    page, external = browser_page

    # the call-taker, during the call
    _login(page, live_server.url, "community_worker")
    page.goto(f"{live_server.url}/cases/new/")
    page.fill("input[name=requester_phone]", "13800138000")
    page.fill("input[name=requester_name]", "赵大妈")
    page.fill("textarea[name=description]", "1号楼门前路灯连续三晚不亮")
    page.select_option("select[name=category]", str(desk.lamps.pk))
    page.select_option("select[name=node]", str(territory.grids["C1G1"].pk))
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("networkidle")
    case = Case.objects.get()
    assert page.url.endswith(f"/cases/{case.pk}/")
    expect(page.locator("body")).to_contain_text(case.number)
    expect(page.locator("body")).to_contain_text("138****8000")

    _take_step(page, "accept-accepted")
    page.click("details:has(button[data-step='assign-assigned']) summary")
    page.select_option("select[name='assign-assigned-handler']", str(desk.grid_worker.pk))
    page.click("button[data-step='assign-assigned']")
    page.wait_for_load_state("networkidle")
    case.refresh_from_db()
    assert (case.status, case.handler) == ("assigned", desk.grid_worker)

    # the grid worker answers on his phone
    _login(page, live_server.url, "grid_worker")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    _take_step(page, "start-in_progress")
    page.click("details:has(button[data-step='reply-replied']) summary")
    page.fill("textarea[name='reply-replied-reply']", "已联系路灯所，灯泡已更换")
    page.click("button[data-step='reply-replied']")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#case-reply")).to_have_text("已联系路灯所，灯泡已更换")

    # the caller rates the answer from the link his SMS carried
    page.context.clear_cookies()
    sms = Notification.objects.filter(channel="sms").order_by("-id").first()
    link = re.search(r"https?://\S+/cases/rate/\S+/", sms.subject).group(0)
    page.goto(link)
    page.check("input[name=solved][value=yes]")
    page.check("input[name=rating][value=satisfied]")
    page.click("form button[type=submit]")
    expect(page.locator("#rated")).to_be_visible()

    case.refresh_from_db()
    assert (case.status, case.rating, case.rating_resolved, case.rating_source) == (
        "rated", "satisfied", True, "requester",
    )  # fmt: skip
    assert list(case.events.values_list("verb", flat=True)) == [
        "submit", "accept", "assign", "start", "reply", "rate",
    ]  # fmt: skip
    assert external == []  # nothing loaded from outside the platform
