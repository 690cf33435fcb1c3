"""Browser test: headless Chromium (Debian's) logs in and sees the Chinese home page."""

import re

import pytest

from shequ.conftest import PASSWORD, needs_chromium

pytestmark = needs_chromium


@pytest.mark.django_db(transaction=True)
def test_grid_worker_logs_in_on_a_phone_and_sees_the_chinese_home_page(
    live_server, cast, residents, browser_page, tmp_path
):
    page, external = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "grid_worker")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/") == live_server.url
    html = page.content()
    assert re.search(r"[\u4e00-\u9fff]", page.inner_text("body")), "no Chinese text on the page"
    assert "东一社区" in html  # the grid worker's own community appears in his scope
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert external == [], f"page loaded assets from outside: {external}"
