"""Exports of residents, households and buildings: scope, masking, formats, jobs, the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from python_calamine import CalamineWorkbook

from shequ.accounts.models import RoleAssignment
from shequ.accounts.roles import VIEW_PERSON
from shequ.accounts.services import role_revoke
from shequ.conftest import add_person, make_user
from shequ.core import crypto
from shequ.core.models import AuditAction, AuditEvent
from shequ.people import services as people
from shequ.people.choices import PersonStatus, PoliticalStatus, Relation, ResidenceKind, Sex
from shequ.people.models import Person, TagType
from shequ.sheets import cleaning, exporting
from shequ.sheets.choices import JobStatus
from shequ.sheets.columns import COLUMNS, KIND_FIELDS
from shequ.sheets.exporting import (
    export_job_create,
    export_job_open,
    export_job_run,
    export_rows,
    export_spool_sweep,
    export_to_stream,
)
from shequ.sheets.models import ExportJob


@pytest.fixture(autouse=True)
def spool(settings, tmp_path):
    settings.SHEQU_SPOOL_DIR = tmp_path / "spool"
    return settings.SHEQU_SPOOL_DIR


def _export(**options) -> bytes:
    out = io.BytesIO()
    export_to_stream(out, **options)
    return out.getvalue()


def _csv(data: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


def _plain(person: Person) -> tuple[str, str]:
    """The person's ID number and phone (national form) in clear."""
    phone = crypto.decrypt(person.phone_enc)
    return crypto.decrypt(person.id_number_enc), "1" + phone.removeprefix("+861")


def _heading(kind: str, key: str) -> int:
    return KIND_FIELDS[kind].index(key)


def _run_job(django_capture_on_commit_callbacks, **options) -> ExportJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = export_job_create(**options)
    job.refresh_from_db()
    return job


# — what a sheet holds —


def test_masked_export_of_a_community_worker_has_no_plaintext_and_every_visible_person(
    residents, territory, cast
):
    worker = cast.community_worker
    data = _export(kind="residents", scope=territory.c1, user=worker)
    rows = _csv(data)
    assert rows[0] == [COLUMNS[key].header for key in KIND_FIELDS["residents"]]
    visible = Person.objects.visible_to(worker, VIEW_PERSON).filter(status=PersonStatus.RESIDENT)
    assert len(rows) - 1 == visible.count() == 4
    id_col, phone_col = _heading("residents", "id_number"), _heading("residents", "phone")
    for person in visible:
        id_number, phone = _plain(person)
        assert id_number.encode() not in data and phone.encode() not in data
        row = next(r for r in rows[1:] if r[id_col] == person.id_number_masked)
        assert row[phone_col] == person.phone_masked
    assert "北京市东城区示范路1号".encode() not in data


def test_resident_row_carries_address_household_and_residence(residents, territory):
    head, spouse = residents["C1G1"].head, residents["C1G1"].spouse
    people.person_update(person=spouse, political_status=PoliticalStatus.PARTY_MEMBER)
    headings, total, rows = export_rows(kind="residents", scope=territory.c1, unmasked=True)
    by_name = {
        row[headings.index("姓名")]: dict(zip(KIND_FIELDS["residents"], row, strict=True))
        for row in rows
    }
    assert total == len(by_name) == 4
    row = by_name[spouse.name]
    id_number, phone = _plain(spouse)
    assert row == {
        **row,
        "sex": "女",
        "id_number": id_number,
        "birth_date": "1982-03-09",
        "phone": phone,
        "political_status": "中共党员",
        "residence_kind": "户籍",
        "subdistrict": "东街道",
        "community": "东一社区",
        "grid": "东一社区第1网格",
        "compound": "",  # the tree of the fixture has no compound level
        "building": "1号楼",
        "entrance": "1单元",
        "flat": "101室",
        "household_number": "HC1G1",
        "head_name": head.name,
        "relation": "配偶",
        "started_on": "2020-01-01",
    }
    assert by_name[head.name]["relation"] == "户主"
    assert by_name[head.name]["registered_address"] == "北京市东城区示范路1号"


def test_only_residents_living_here_are_exported(residents, territory):
    people.person_end_residence(
        person=residents["C1G2"].spouse, reason="moved_out", on=dt.date(2026, 1, 5)
    )
    headings, total, rows = export_rows(kind="residents", scope=territory.c1)
    names = [row[0] for row in rows]
    assert total == len(names) == 3
    assert residents["C1G2"].spouse.name not in names


def test_grid_worker_export_has_only_his_grid(residents, territory, cast):
    grid_worker = cast.grid_worker
    headings, total, rows = export_rows(kind="residents", scope=territory.c1, user=grid_worker)
    grids = [row[headings.index("所属网格")] for row in rows]
    assert total == len(grids) == 2
    assert set(grids) == {"东一社区第1网格"}
    with pytest.raises(PermissionDenied):
        export_job_create(user=grid_worker, kind="residents", scope=territory.c1, file_format="csv")
    job = export_job_create(
        user=grid_worker, kind="residents", scope=territory.grids["C1G1"], file_format="csv"
    )
    assert job.status == JobStatus.QUEUED


def test_tags_in_force_are_joined_and_ended_ones_left_out(residents, territory):
    tags = TagType.objects.in_bulk(["elderly", "disabled", "veteran"], field_name="code")
    elderly, disabled, veteran = tags["elderly"], tags["disabled"], tags["veteran"]
    head = residents["C1G1"].head
    people.person_tag_add(person=head, tag=disabled, valid_from=dt.date(2020, 1, 1))
    people.person_tag_add(person=head, tag=elderly, valid_from=dt.date(2020, 1, 1))
    people.person_tag_add(
        person=head, tag=veteran, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2021, 1, 1)
    )
    headings, _total, rows = export_rows(kind="residents", scope=territory.grids["C1G1"])
    tags = {row[0]: row[headings.index("人员类别")] for row in rows}
    assert tags == {head.name: "老年人、残疾人", residents["C1G1"].spouse.name: ""}


def test_households_sheet_lists_open_members_head_first(residents, territory):
    household = residents["C1G2"].household
    child = add_person(household.node, "王小宝", birth=dt.date(2012, 6, 1))
    people.household_add_member(household=household, person=child, relation=Relation.CHILD)
    headings, total, rows = export_rows(kind="households", scope=territory.c1, unmasked=True)
    rows = [dict(zip(KIND_FIELDS["households"], row, strict=True)) for row in rows]
    assert total == len(rows) == 5
    assert [(r["household_number"], r["name"], r["relation"], r["head_name"]) for r in rows] == [
        ("HC1G1", residents["C1G1"].head.name, "户主", residents["C1G1"].head.name),
        ("HC1G1", residents["C1G1"].spouse.name, "配偶", residents["C1G1"].head.name),
        ("HC1G2", residents["C1G2"].head.name, "户主", residents["C1G2"].head.name),
        ("HC1G2", residents["C1G2"].spouse.name, "配偶", residents["C1G2"].head.name),
        ("HC1G2", "王小宝", "子女", residents["C1G2"].head.name),
    ]
    assert rows[4]["id_number"] == _plain(child)[0]
    assert (rows[4]["grid"], rows[4]["flat"]) == ("东一社区第2网格", "101室")


def test_buildings_sheet_has_one_row_per_active_flat(territory):
    retired = territory.flats["C1G2"][1]
    retired.is_active = False
    retired.save()
    headings, total, rows = export_rows(kind="buildings", scope=territory.c1)
    rows = [dict(zip(KIND_FIELDS["buildings"], row, strict=True)) for row in rows]
    assert total == len(rows) == 3
    assert rows[0] == {
        "subdistrict": "东街道",
        "community": "东一社区",
        "grid": "东一社区第1网格",
        "compound": "",
        "building": "1号楼",
        "entrance": "1单元",
        "flat": "101室",
    }
    assert [r["flat"] for r in rows] == ["101室", "201室", "101室"]


@pytest.mark.parametrize(
    ("table", "clean", "values"),
    [
        (exporting.RELATION_TEXT, cleaning.relation, Relation.values),
        (exporting.POLITICAL_STATUS_TEXT, cleaning.political_status, PoliticalStatus.values),
        (exporting.RESIDENCE_KIND_TEXT, cleaning.residence_kind, ResidenceKind.values),
        (exporting.SEX_TEXT, cleaning.sex, Sex.values),
    ],
)
def test_coded_values_are_written_as_words_the_import_reads_back(table, clean, values):
    assert sorted(table) == sorted(values)
    for value in values:
        assert clean(table[value]) == value


# — masking and unmasking —


def test_unmasking_without_a_reason_is_refused(residents, territory, cast):
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as exc:
            export_job_create(
                user=cast.community_worker,
                kind="residents",
                scope=territory.c1,
                file_format="csv",
                unmasked=True,
                reason=reason,
            )
        assert "reason" in exc.value.message_dict
    assert not ExportJob.objects.exists()


def test_unmasked_export_with_a_reason_has_real_numbers_and_one_audit_event(
    residents, territory, cast, django_capture_on_commit_callbacks
):
    worker = cast.community_worker
    before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
    job = _run_job(
        django_capture_on_commit_callbacks,
        user=worker,
        kind="residents",
        scope=territory.c1,
        file_format="csv",
        unmasked=True,
        reason=" 核对人口普查数据 ",
    )
    assert (job.status, job.rows_done, job.total_rows) == (JobStatus.DONE, 4, 4)
    filename, content_type, data = export_job_open(job=job, user=worker)
    assert filename.endswith(".csv") and content_type == "text/csv; charset=utf-8"
    rows = _csv(data)
    id_col, phone_col = _heading("residents", "id_number"), _heading("residents", "phone")
    exported = {(r[id_col], r[phone_col]) for r in rows[1:]}
    visible = Person.objects.visible_to(worker, VIEW_PERSON)
    assert exported == {_plain(p) for p in visible}
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT)
    assert events.count() == before + 1
    event = events.first()
    assert (event.actor_id, event.row_count, event.reason) == (worker.pk, 4, "核对人口普查数据")
    assert event.node_path == territory.c1.path
    assert event.changes == {"kind": "residents", "format": "csv", "unmasked": True}
    assert event.object_repr == filename


def test_auditor_cannot_unmask_but_may_export_masked(
    residents, territory, cast, django_capture_on_commit_callbacks
):
    auditor = cast.auditor
    with pytest.raises(PermissionDenied):
        export_job_create(
            user=auditor,
            kind="residents",
            scope=territory.sub1,
            file_format="csv",
            unmasked=True,
            reason="年度审计",
        )
    job = _run_job(
        django_capture_on_commit_callbacks,
        user=auditor,
        kind="residents",
        scope=territory.sub1,
        file_format="csv",
    )
    assert (job.status, job.rows_done) == (JobStatus.DONE, 8)
    _name, _type, data = export_job_open(job=job, user=auditor)
    for person in Person.objects.filter(node__path__startswith=territory.sub1.path):
        assert _plain(person)[0].encode() not in data


def test_rights_lost_before_the_run_fail_the_job_without_a_file(residents, territory, spool):
    owner = make_user("worker2", "community_worker", territory.c1)
    job = export_job_create(user=owner, kind="residents", scope=territory.c1, file_format="csv")
    for assignment in RoleAssignment.objects.filter(user=owner):
        role_revoke(assignment=assignment)
    with translation.override("en"):
        export_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.failure == "You may not export sheets of this area."
    assert job.spool_name == "" and not list(Path(spool).iterdir())
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


# — formats —


def test_gb18030_csv_decodes_as_gb18030_and_not_as_utf8(residents, territory):
    data = _export(kind="residents", scope=territory.c1, encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    rows = _csv(data, "gb18030")
    assert rows[0][0] == "姓名" and len(rows) == 5
    assert {r[0] for r in rows[1:]} >= {residents["C1G1"].head.name}


def test_utf8_csv_starts_with_one_byte_order_mark(residents, territory):
    data = _export(kind="residents", scope=territory.c1)
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert data.decode("utf-8-sig").startswith("姓名,")


def test_xlsx_opens_with_calamine_and_the_id_column_is_text(residents, territory):
    data = _export(kind="residents", scope=territory.c1, file_format="xlsx", unmasked=True)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[0] == [COLUMNS[key].header for key in KIND_FIELDS["residents"]]
    assert len(rows) == 5
    id_col = _heading("residents", "id_number")
    ids = [row[id_col] for row in rows[1:]]
    assert all(isinstance(value, str) and len(value) == 18 for value in ids)
    in_c1 = Person.objects.filter(node__path__startswith=territory.c1.path)
    assert set(ids) == {_plain(p)[0] for p in in_c1}


def test_xlsx_header_is_bold_and_frozen(residents, territory):
    import openpyxl

    data = _export(kind="households", scope=territory.c1, file_format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold and not sheet["A2"].font.bold


def test_xlsx_continues_on_another_sheet_past_the_row_limit(residents, territory, monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_MAX_ROWS", 3)  # header + 2 rows per sheet
    with translation.override("en"):
        data = _export(kind="residents", scope=territory.sub1, file_format="xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == ["Residents", "Residents(2)", "Residents(3)", "Residents(4)"]
    sheets = [book.get_sheet_by_name(name).to_python() for name in book.sheet_names]
    assert all(rows[0][0] == "姓名" and len(rows) == 3 for rows in sheets)


def test_empty_scope_gives_the_header_alone(territory):
    for file_format in ("csv", "xlsx"):
        data = _export(kind="residents", scope=territory.c3, file_format=file_format)
        if file_format == "csv":
            assert len(_csv(data)) == 1
        else:
            rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            assert len(rows.to_python()) == 1


def test_progress_is_reported_up_to_the_total(residents, territory):
    seen = []
    _export(kind="residents", scope=territory.district, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 12) and seen[-1] == (12, 12)


# — jobs: spool, download, sweep —


def test_job_file_is_sealed_and_opens_only_for_its_owner_once(
    residents, territory, cast, spool, django_capture_on_commit_callbacks
):
    worker = cast.community_worker
    job = _run_job(
        django_capture_on_commit_callbacks,
        user=worker,
        kind="residents",
        scope=territory.c1,
        file_format="xlsx",
        unmasked=True,
        reason="换届选举选民登记",
    )
    assert job.status == JobStatus.DONE and job.spool_name
    sealed = (Path(spool) / job.spool_name).read_bytes()
    assert sealed.startswith(b"SHEQU-SEALED-1\n")
    for person in Person.objects.filter(pk__in=[r.head.pk for r in residents.values()]):
        assert _plain(person)[0].encode() not in sealed
    with pytest.raises(PermissionDenied):
        export_job_open(job=job, user=cast.community_secretary)
    filename, content_type, data = export_job_open(job=job, user=worker)
    assert filename.endswith(".xlsx") and content_type.startswith("application/vnd.openxml")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert len(rows) == 5
    job.refresh_from_db()
    assert job.downloaded_at is not None and job.spool_name == ""
    assert not list(Path(spool).iterdir())
    with pytest.raises(ValidationError):
        export_job_open(job=job, user=worker)


def test_sweep_deletes_files_kept_past_their_hours(
    residents, territory, cast, spool, settings, django_capture_on_commit_callbacks
):
    settings.SHEQU_EXPORT_KEEP_HOURS = 24
    options = {"user": cast.community_worker, "kind": "buildings", "scope": territory.c1}
    old = _run_job(django_capture_on_commit_callbacks, file_format="csv", **options)
    fresh = _run_job(django_capture_on_commit_callbacks, file_format="xlsx", **options)
    ExportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(hours=25))
    assert export_spool_sweep() == 1
    assert sorted(p.name for p in Path(spool).iterdir()) == [fresh.spool_name]
    old.refresh_from_db()
    assert old.spool_name == ""
    with pytest.raises(ValidationError):
        export_job_open(job=old, user=cast.community_worker)


# — the command —


def test_cli_exports_as_the_operator_and_audits_as_system(residents, territory, tmp_path):
    out = tmp_path / "东一社区.xlsx"
    stdout = io.StringIO()
    with translation.override("en"):
        call_command(
            "export",
            "residents",
            "--scope",
            "C1",
            "--out",
            str(out),
            stdout=stdout,
            stderr=io.StringIO(),
        )
    assert stdout.getvalue().strip() == f"Exported 4 rows to {out}."
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert len(rows) == 5 and rows[1][_heading("residents", "id_number")].count("*") == 10
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor_name, event.row_count, event.object_repr) == ("system", 4, out.name)
    assert event.changes == {"kind": "residents", "format": "xlsx", "unmasked": False}


def test_cli_unmasked_gb18030_csv_as_a_user(residents, territory, cast, tmp_path):
    out = tmp_path / "export.txt"
    stdout = io.StringIO()
    with translation.override("en"):
        call_command(
            "export",
            "households",
            "--scope",
            "C1G1",
            "--out",
            str(out),
            "--format",
            "csv",
            "--encoding",
            "gb18030",
            "--user",
            cast.grid_worker.username,
            "--unmask",
            "--reason",
            "入户走访",
            stdout=stdout,
            stderr=io.StringIO(),
        )
    assert stdout.getvalue().strip() == f"Exported 2 rows to {out}."
    rows = _csv(out.read_bytes(), "gb18030")
    assert [r[_heading("households", "id_number")] for r in rows[1:]] == [
        _plain(residents["C1G1"].head)[0],
        _plain(residents["C1G1"].spouse)[0],
    ]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor_id, event.reason, event.row_count) == (cast.grid_worker.pk, "入户走访", 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scope", "NOPE"], "No territory node has the code NOPE."),
        (
            ["--scope", "C1", "--unmask"],
            "--unmask needs --reason: say why the full personal data is needed.",
        ),
        (["--scope", "C1", "--user", "nobody"], "No user is called nobody."),
        (["--scope", "C1", "--user", "resident"], "You may not export sheets of this area."),
        (["--scope", "C2", "--user", "grid_worker"], "You may not export sheets of this area."),
        (
            ["--scope", "C1", "--user", "auditor", "--unmask", "--reason", "审计"],
            "You may not export full personal data of this area.",
        ),
    ],
)
def test_cli_refuses_with_a_message(residents, cast, tmp_path, args, message):
    out = tmp_path / "x.csv"
    with translation.override("en"), pytest.raises(CommandError) as exc:
        call_command("export", "residents", "--out", str(out), *args, stdout=io.StringIO())
    assert str(exc.value) == message
    assert not out.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_cli_needs_a_known_suffix_or_format(territory, tmp_path):
    with translation.override("en"), pytest.raises(CommandError) as exc:
        call_command("export", "buildings", "--scope", "C1", "--out", str(tmp_path / "x.ods"))
    assert str(exc.value) == "Give the file the suffix .csv or .xlsx, or choose one with --format."


def test_cli_does_not_offer_cases_which_import_only(territory, tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("export", "cases", "--scope", "C1", "--out", str(tmp_path / "x.csv"))
    assert "invalid choice: 'cases'" in str(exc.value)
    assert not (tmp_path / "x.csv").exists()


# — round trip —


def _registry() -> dict[str, tuple]:
    """Every resident by ID number, with what a residents' sheet carries, decrypted."""
    from shequ.people.models import HouseholdMember, PersonTag, Residence

    result = {}
    for person in Person.objects.select_related("node"):
        residence = Residence.objects.get(person=person, ended_on__isnull=True)
        member = HouseholdMember.objects.filter(person=person, ended_on__isnull=True).first()
        tags = PersonTag.objects.filter(person=person, valid_to__isnull=True)
        result[crypto.decrypt(person.id_number_enc)] = (
            person.name,
            person.sex,
            person.birth_date,
            person.ethnicity,
            person.political_status,
            person.residence_kind,
            crypto.decrypt(person.phone_enc),
            crypto.decrypt(person.registered_address_enc),
            person.node.code,
            residence.started_on,
            residence.employer,
            residence.landlord_name,
            member.household.number if member else None,
            member.relation if member else None,
            sorted(tags.values_list("tag__code", flat=True)),
        )
    return result


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_unmasked_export_imports_back_to_the_same_registry(
    residents, territory, tmp_path, file_format
):
    from shequ.people.models import Household
    from shequ.sheets.importing import import_file

    household = residents["C2G1"].household
    child = add_person(household.node, "王小宝", birth=dt.date(2012, 6, 1), ethnicity="回族")
    people.household_add_member(household=household, person=child, relation=Relation.CHILD)
    people.person_update(person=child, political_status=PoliticalStatus.LEAGUE_MEMBER)
    tenant = add_person(
        territory.flats["C3G2"][1],
        "周流动",
        sex="F",
        birth=dt.date(1995, 12, 31),
        residence_kind=ResidenceKind.FLOATING,
        employer="示范区第一小学",
        landlord_name="钱房东",
        started_on=dt.date(2024, 3, 15),
    )
    elderly = TagType.objects.get(code="elderly")
    people.person_tag_add(person=tenant, tag=elderly, valid_from=dt.date(2024, 1, 1))
    before = _registry()
    path = tmp_path / f"residents.{file_format}"
    rows = exporting.export_to_path(
        path, kind="residents", scope=territory.district, file_format=file_format, unmasked=True
    )
    assert rows == len(before) == 14

    Person.objects.all().delete()  # the registry emptied, the territory kept
    Household.objects.all().delete()
    job = import_file(path, kind="residents", area=territory.district)
    assert (job.created_count, job.rejected_count) == (14, 0)
    assert _registry() == before


def test_households_sheet_imports_back_to_the_same_households(residents, territory, tmp_path):
    from shequ.people.models import Household, HouseholdMember
    from shequ.sheets.importing import import_file

    household = residents["C1G2"].household
    child = add_person(household.node, "王小宝", birth=dt.date(2012, 6, 1))
    people.household_add_member(household=household, person=child, relation=Relation.CHILD)

    def households() -> set[tuple]:
        members = HouseholdMember.objects.filter(ended_on__isnull=True)
        return set(
            members.values_list("household__number", "household__node__code", "person", "relation")
        )

    before = households()
    path = tmp_path / "households.xlsx"
    exporting.export_to_path(
        path, kind="households", scope=territory.district, file_format="xlsx", unmasked=True
    )
    Household.objects.all().delete()
    job = import_file(path, kind="households", area=territory.district)
    assert job.rejected_count == 0
    assert households() == before and len(before) == 13
