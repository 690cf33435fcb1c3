"""pabulib files in and out: the reader's errors name the line, import creates a round ready to
allocate, export → re-import gives the same election back."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from shequ.pb.allocation import pabulib
from shequ.pb.choices import Channel, Phase, ProjectStatus, Rule, VoteType
from shequ.pb.models import Ballot, BallotMark, Round
from shequ.pb.services.allocation import round_allocate
from shequ.pb.services.pabulib_io import round_export_pabulib, round_import_pabulib

DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "pabulib"
# the small files (the big ones take seconds to write into the test database)
SMALL = sorted(p for p in DATA.glob("*.pb") if p.stat().st_size < 100_000)

GOOD = '''META
key;value
description;Test
budget;1000
vote_type;approval
PROJECTS
project_id;cost;votes;name;category
1;600;2;"""Trejaż""";public space
2;500,50;1;Lights;culture
VOTES
voter_id;vote
7;1,2
8;1
'''


def test_reader_keeps_quotes_decimals_and_extra_columns():
    parsed = pabulib.read(GOOD)
    inst = parsed.instance
    assert [p.name for p in inst.projects] == ['"Trejaż"', "Lights"]
    assert inst.projects[1].cost == Decimal("500.50")
    assert parsed.project_extra["1"] == {"votes": "2", "category": "public space"}
    assert inst.ballots == [{"1": 1, "2": 1}, {"1": 1}] and inst.voter_ids == ["7", "8"]
    again = pabulib.read(pabulib.write(inst, meta=parsed.meta, project_extra=parsed.project_extra))
    assert again.instance == inst
    assert '"""Trejaż"""' in pabulib.write(inst)


@pytest.mark.parametrize(
    ("broken", "line", "words"),
    [
        (GOOD.replace("2;500,50;1", "2;lots;1"), 9, "not a number"),
        (GOOD.replace("8;1\n", "8;1,3\n"), 13, "project '3'"),
        (GOOD.replace("8;1\n", "7;1\n"), 13, "twice"),
        (GOOD.replace("2;500,50;1;Lights;culture", "2;500"), 9, "fields"),
        (GOOD.replace("voter_id;vote", "voter;vote"), 11, "voter_id"),
        (GOOD.replace("approval", "quadratic"), 10, "vote_type"),
    ],
)
def test_broken_file_names_the_line(broken, line, words):
    with pytest.raises(pabulib.PabulibError) as err:
        pabulib.read(broken)
    assert err.value.line == line
    assert words in err.value.message


def test_file_without_budget_is_refused():
    with pytest.raises(pabulib.PabulibError, match="budget"):
        pabulib.read(GOOD.replace("budget;1000\n", ""))


@pytest.mark.django_db
def test_import_refuses_a_broken_file_whole_naming_the_line(territory, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as err:
        round_import_pabulib(path_or_text=GOOD.replace("8;1\n", "8;9\n"), node=territory.c1)
    assert "Line 13" in err.value.message_dict["file"][0]
    assert not Round.objects.exists()


@pytest.mark.django_db
def test_import_creates_a_round_ready_to_allocate(territory, cast):
    round = round_import_pabulib(path_or_text=GOOD, node=territory.c1, actor=cast.district_admin)
    assert round.phase == Phase.ALLOCATE and round.vote_type == VoteType.APPROVAL
    assert round.budget == Decimal("1000.00") and round.title == "Test"
    projects = {p.code: p for p in round.projects.all()}
    assert projects["1"].category == "works" and projects["2"].category == "service"
    assert {p.status for p in projects.values()} == {ProjectStatus.SHORTLISTED}
    assert sorted(Ballot.objects.filter(round=round).values_list("external_id", "channel")) == [
        ("7", Channel.IMPORTED), ("8", Channel.IMPORTED)
    ]  # fmt: skip
    assert BallotMark.objects.filter(ballot__round=round).count() == 3
    run = round_allocate(round=round, rule=Rule.GREEDY)
    assert list(run.results.filter(funded=True).values_list("project__code", flat=True)) == ["1"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", SMALL, ids=[p.stem for p in SMALL])
def test_export_then_import_gives_the_same_election(territory, path):
    first = round_import_pabulib(path_or_text=path, node=territory.c1)
    text = round_export_pabulib(first)
    second = round_import_pabulib(path_or_text=text, node=territory.c2)
    original = pabulib.read(path.read_text(encoding="utf-8")).instance
    for round in (first, second):
        again = pabulib.read(round_export_pabulib(round)).instance
        assert again.budget == original.budget and again.vote_type == original.vote_type
        assert sorted(again.projects, key=lambda p: p.id) == sorted(
            original.projects, key=lambda p: p.id
        )
        assert sorted(zip(again.voter_ids, again.ballots, strict=True), key=lambda x: x[0]) == (
            sorted(zip(original.voter_ids, original.ballots, strict=True), key=lambda x: x[0])
        )
    assert second.meta["description"] == first.meta["description"]


@pytest.mark.django_db
def test_export_of_an_allocated_round_marks_the_selected(territory):
    round = round_import_pabulib(path_or_text=GOOD, node=territory.c1)
    round_allocate(round=round, rule=Rule.GREEDY)
    parsed = pabulib.read(round_export_pabulib(round))
    assert {k: v["selected"] for k, v in parsed.project_extra.items()} == {"1": "1", "2": "0"}


@pytest.mark.django_db
def test_command_imports_and_exports(territory, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    source = tmp_path / "t.pb"
    source.write_text(GOOD, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("pabulib", "import", str(source), "--area", "C1", stdout=out, stderr=err)
    round = Round.objects.get()
    assert f"round {round.pk}" in out.getvalue() and "2/2" in err.getvalue()
    target = tmp_path / "out.pb"
    call_command("pabulib", "export", str(round.pk), "--out", str(target), stderr=err)
    assert pabulib.read(target.read_text(encoding="utf-8")).instance.budget == 1000
    with pytest.raises(CommandError, match="Line 13"):
        source.write_text(GOOD.replace("8;1\n", "8;9\n"), encoding="utf-8")
        call_command("pabulib", "import", str(source), "--area", "C1", stdout=out, stderr=err)
