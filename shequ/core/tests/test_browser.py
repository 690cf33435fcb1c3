"""Browser test: headless Chromium (Debian's) logs in and sees the Chinese home page."""

import os
import re
import shutil

import pytest

from shequ.conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (.ci/run installs it)"
)


@pytest.fixture
def browser_page():
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # live server happen in its own thread, but fixtures touching the ORM here need this.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        page = context.new_page()
        external: list[str] = []
        page.on("request", lambda r: external.append(r.url)
                if not r.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
                else None)
        yield page, external
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


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
