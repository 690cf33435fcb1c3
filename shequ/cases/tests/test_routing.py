"""Suggestions on intake: words from Chinese text, keyword rules until a model is trained, the
classifier trained on closed cases with its reason, handlers from the deepest routing rule,
likely duplicates in the same building within the window, and the accuracy report."""

import datetime as dt
import os
import re
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from shequ.cases.choices import CaseStatus, Channel
from shequ.cases.demo import demo_cases, demo_categories
from shequ.cases.management.commands.routing_report import routing_accuracy
from shequ.cases.models import Case, RoutingRule
from shequ.cases.routing import handler_for, route_suggest, routing_model, routing_train
from shequ.core.words import words

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
MOMENT = dt.datetime(2026, 11, 18, 10, 0, tzinfo=SHANGHAI)  # a Wednesday


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Each test's own data directory: no model trained elsewhere is read or overwritten."""
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_words_segments_chinese_and_drops_stop_words_punctuation_and_numbers():
    tokens = words("3号楼门前的路灯连续三晚不亮，希望尽快维修！WiFi 也断了")
    assert "路灯" in tokens and "不亮" in tokens and "维修" in tokens
    assert "wifi" in tokens  # lowercased
    assert not {"的", "希望", "尽快", "，", "！", "3", " "} & set(tokens)
    assert "广场舞" in words("楼下广场舞太吵")  # a domain word kept whole
    assert words("5号楼的路灯不亮") == ["号楼", "路灯", "不亮"]
    assert words("") == []


def test_rules_pick_the_keyword_category_and_say_why(territory, desk):
    flat = territory.flats["C1G1"][0]
    suggestion = route_suggest(text="2单元门口的井盖松动了，踩上去响", node=flat, at=MOMENT)
    assert suggestion["method"] == "rules"
    assert suggestion["category"] == {"id": desk.roads.pk, "code": "roads", "name": "道路设施"}
    assert "井盖" in suggestion["reason"] and "道路设施" in suggestion["reason"]
    assert 0 < suggestion["confidence"] < 1
    assert suggestion["duplicates"] == []

    nothing = route_suggest(text="想咨询一下办事流程", node=flat, at=MOMENT)
    assert nothing["method"] == "none"
    assert nothing["category"] is None and nothing["confidence"] == 0


def test_the_model_beats_the_rules_on_held_out_demo_cases():
    result = routing_accuracy(n=600, seed=7)
    assert result["held_out"] == 120
    assert result["model_top1"] > 0.8
    assert result["model_top1"] > result["rules_top1"] + 0.1
    assert result["model_top3"] >= result["model_top1"]


def _closed_demo_cases(node, n: int, seed: int) -> None:
    """Closed cases with their categories, written in one go: walking each one through the
    six transitions would only slow the test; training reads nothing but status, category
    and text."""
    categories = demo_categories()
    Case.objects.bulk_create(
        Case(
            channel=Channel.HOTLINE, category=categories[code], title=text[:40],
            description=text, node=node, status=CaseStatus.CLOSED,
            received_at=MOMENT - dt.timedelta(days=30), closed_at=MOMENT - dt.timedelta(days=20),
        )
        for code, text in demo_cases(n, seed)
    )  # fmt: skip


def test_a_model_trained_on_closed_cases_suggests_with_the_words_that_decided(territory, data_dir):
    flat = territory.flats["C1G1"][0]
    _closed_demo_cases(territory.grids["C3G1"], 150, seed=11)

    too_few = routing_train(min_cases=1000)
    assert too_few == {"trained": False, "n_cases": 150, "min_cases": 1000}
    assert routing_model() is None
    assert route_suggest(text="5号楼的路灯不亮", node=flat, at=MOMENT)["method"] == "rules"

    summary = routing_train(min_cases=50)
    assert summary["trained"] and summary["n_cases"] == 150
    assert (data_dir / "routing" / "model.joblib").exists()
    assert (data_dir / "routing" / "model.json").exists()

    suggestion = route_suggest(text="5号楼的路灯一闪一闪的，晚上看不清路", node=flat, at=MOMENT)
    assert suggestion["method"] == "model"
    assert suggestion["category"]["code"] == "lighting"
    assert suggestion["confidence"] > 0.5
    assert "路灯照明" in suggestion["reason"] and "路灯" in suggestion["reason"]

    # a new file (another process retrained) is read again; a removed one is no more used
    first = routing_model()
    path = data_dir / "routing" / "model.joblib"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert routing_model() is not first
    path.unlink()
    assert routing_model() is None


def test_handler_comes_from_the_deepest_area_with_a_rule(territory, desk):
    RoutingRule.objects.create(area=territory.district, handler=desk.department)
    RoutingRule.objects.create(area=territory.c1, category=desk.roads, handler=desk.community)
    RoutingRule.objects.create(area=territory.grids["C1G1"], handler=desk.grid_worker)

    in_grid = territory.flats["C1G1"][0]
    elsewhere_in_c1 = territory.flats["C1G2"][0]
    other_subdistrict = territory.flats["C3G1"][0]
    # the grid's rule for every category is deeper than the community's rule for roads
    assert handler_for(category=desk.lamps, node=in_grid) == desk.grid_worker
    # lamps has no rule of its own: its parent category's rule in the community applies
    assert handler_for(category=desk.lamps, node=elsewhere_in_c1) == desk.community
    assert handler_for(category=desk.noise, node=elsewhere_in_c1) == desk.department
    assert handler_for(category=desk.roads, node=other_subdistrict) == desk.department
    assert handler_for(category=None, node=elsewhere_in_c1) == desk.department

    suggestion = route_suggest(text="井盖松动", node=elsewhere_in_c1, at=MOMENT)
    assert suggestion["handler"] == {"id": desk.community.pk, "name": desk.community.name}


def test_likely_duplicates_are_open_cases_of_the_same_building_within_the_window(
    territory, new_case
):
    with time_machine.travel(MOMENT, tick=False):
        original = new_case()  # 1号楼门前路灯连续三晚不亮, in C1G1's building, flat 1
    neighbour = territory.flats["C1G1"][1]  # same building and entrance, another flat
    text = "1号楼门前的路灯不亮好几晚了"
    later = MOMENT + dt.timedelta(days=2)

    found = route_suggest(text=text, node=neighbour, at=later)["duplicates"]
    assert [d["id"] for d in found] == [original.pk]
    assert found[0]["number"] == original.number and found[0]["score"] >= 0.5

    other_building = territory.flats["C1G2"][0]
    assert route_suggest(text=text, node=other_building, at=later)["duplicates"] == []
    unrelated = "楼上邻居装修噪音太大，晚上睡不着"
    assert route_suggest(text=unrelated, node=neighbour, at=later)["duplicates"] == []
    after_window = MOMENT + dt.timedelta(days=8)
    assert route_suggest(text=text, node=neighbour, at=after_window)["duplicates"] == []
    Case.objects.filter(pk=original.pk).update(status=CaseStatus.CLOSED)
    assert route_suggest(text=text, node=neighbour, at=later)["duplicates"] == []


def test_the_report_command_prints_the_accuracy_line():
    out = StringIO()
    with translation.override("en"):
        call_command("routing_report", cases=300, seed=3, stdout=out)
    line = out.getvalue().strip().splitlines()[-1]
    match = re.fullmatch(
        r"routing: (\d+) held-out cases — model top-1 ([\d.]+) %, top-3 ([\d.]+) %; "
        r"rules top-1 ([\d.]+) %",
        line,
    )
    assert match, line
    held, top1, top3, rules = int(match[1]), *(float(match[i]) / 100 for i in (2, 3, 4))
    assert held == 60
    assert top1 > 0.6 and top3 >= top1 and 0 <= rules <= 1
