"""Browser test (headless Chromium, issue 6 acceptance): a resident proposes a project, a seated
councillor puts it on the ballot, residents vote on a phone (390×844, a mobile browser), the
round is allocated and published, and the results page shows why each project was or was not
funded."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from shequ.conftest import PASSWORD, needs_chromium
from shequ.pb.choices import Phase, ProjectStatus
from shequ.pb.models import Ballot, Project
from shequ.pb.services import projects as project_services
from shequ.pb.services import rounds as round_services

pytestmark = needs_chromium

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/124.0 Mobile Safari/537.36",
}


def _login(browser, url, username, **options):
    context = browser.new_context(**(options or PHONE))
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return context, page


@pytest.mark.django_db(transaction=True)
def test_propose_shortlist_vote_on_a_phone_allocate_and_publish(live_server, pb, browser_page):
    from playwright.sync_api import expect

    page, external = browser_page
    browser = page.context.browser
    round = round_services.round_create(
        node=pb.territory.c1, title="东一社区微实事", year=2026, budget=Decimal("30000"),
        actor=pb.manager, starts_on=dt.date.today(),
    )  # fmt: skip
    round_services.round_transition(round=round, to=Phase.COLLECT, actor=pb.manager)
    other = project_services.project_propose(round=round, actor=pb.worker, title="健身器材",
                                             cost=Decimal("20000"), category="goods")  # fmt: skip
    proposer = pb.resident("提议居民", username="proposer")
    voters = [pb.resident(f"投票居民{i}", username=f"voter{i}") for i in range(3)]

    # a resident proposes on his phone
    context, phone = _login(browser, live_server.url, "proposer")
    phone.goto(live_server.url + reverse("pb:round_detail", args=[round.pk]))
    phone.click("#go-propose")
    phone.fill("input[name=title]", "楼道加装扶手")
    phone.fill("textarea[name=description]", "方便老人上下楼")
    phone.select_option("select[name=category]", "works")
    phone.fill("input[name=cost]", "15000")
    phone.fill("input[name=location]", "1号楼")
    phone.click("#propose button[type=submit]")
    phone.wait_for_url(re.compile(r".*/pb/projects/\d+/$"))
    project = Project.objects.get(title="楼道加装扶手")
    assert project.proposer == proposer.person
    context.close()

    # the community vets both; the round goes to the council
    round_services.round_transition(round=round, to=Phase.VET, actor=pb.manager)
    for p in (project, other):
        project_services.project_vet(project=p, actor=pb.worker, feasible=True)
    round_services.round_transition(round=round, to=Phase.SHORTLIST, actor=pb.manager)

    # a seated councillor puts both on the ballot
    context, council = _login(browser, live_server.url, pb.councillor.username)
    council.goto(live_server.url + reverse("pb:round_detail", args=[round.pk]))
    council.click("#go-shortlist")
    for code in (project.code, other.code):
        council.click(f"[data-project='{code}'] button[type=submit]")
        council.wait_for_load_state("networkidle")
    context.close()
    assert set(Project.objects.filter(round=round).values_list("status", flat=True)) == {
        ProjectStatus.SHORTLISTED}  # fmt: skip
    assert Project.objects.get(pk=project.pk).shortlisted_by == pb.councillor
    round_services.round_transition(round=round, to=Phase.VOTE, actor=pb.manager)

    # residents vote on their phones: big choices, the button in reach, a receipt once
    for i, voter in enumerate(voters):
        context, phone = _login(browser, live_server.url, voter.username)
        phone.goto(live_server.url + reverse("deliberation:mine"))
        phone.click("#mine-open-rounds a")
        choice = phone.locator(f"[data-project='{project.code}']")
        box = choice.bounding_box()
        assert box["height"] >= 48 and box["width"] >= 300  # a thumb's target on a phone
        choice.tap()
        if i == 0:
            phone.locator(f"[data-project='{other.code}']").tap()
        expect(phone.locator(".pb-tally")).to_be_visible()
        phone.locator("#cast").tap()
        token = phone.locator("#receipt-token").inner_text().strip()
        assert re.fullmatch(r"[0-9a-f]{24}", token)
        phone.goto(live_server.url + reverse("pb:receipt_check"))
        phone.fill("input[name=token]", token)
        phone.click("#receipt-check button[type=submit]")
        expect(phone.locator("#receipt-found")).to_be_visible()
        context.close()
    assert Ballot.objects.filter(round=round).count() == 3

    # the manager allocates and publishes; the results explain each project
    pytest.importorskip("shequ.pb.services.allocation", reason="allocation not yet present")
    context, desk = _login(browser, live_server.url, pb.manager.username,
                           viewport={"width": 1280, "height": 900}, locale="zh-CN")  # fmt: skip
    desk.goto(live_server.url + reverse("pb:round_detail", args=[round.pk]))
    desk.click("#advance")  # close voting and allocate
    desk.wait_for_load_state("networkidle")
    desk.click("#advance")  # publish
    desk.wait_for_load_state("networkidle")
    round.refresh_from_db()
    assert round.phase == Phase.PUBLISH
    funded = Project.objects.get(pk=project.pk)
    assert funded.status == ProjectStatus.FUNDED
    desk.goto(live_server.url + reverse("pb:round_results", args=[round.pk]))
    text = desk.locator("body").inner_text()
    from django.apps import apps

    results = apps.get_model("pb", "AllocationResult").objects.filter(run__round=round)
    explanations = [r.explanation for r in results]
    assert len(explanations) == 2 and all(e and e.split("\n")[0][:20] in text
                                          for e in explanations)  # fmt: skip
    context.close()
    assert external == []
