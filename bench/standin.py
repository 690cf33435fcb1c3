"""A stand-in for ``shequ.sheets.exporting.export_to_path`` (residents only), used while the
real exporter cannot be imported: the same columns in the same order, unmasked."""

from __future__ import annotations

import csv
from collections import defaultdict

HEADINGS = {
    "name": "姓名", "sex": "性别", "id_number": "身份证号", "birth_date": "出生日期",
    "ethnicity": "民族", "phone": "联系电话", "political_status": "政治面貌",
    "residence_kind": "人口类型", "registered_address": "户籍地址", "subdistrict": "所属街道",
    "community": "所属社区", "grid": "所属网格", "compound": "小区", "building": "楼栋",
    "entrance": "单元", "flat": "房号", "household_number": "户号", "head_name": "户主姓名",
    "relation": "与户主关系", "tags": "人员类别", "started_on": "居住起始日期",
    "employer": "工作单位", "landlord_name": "房东姓名",
}  # fmt: skip
FIELDS = list(HEADINGS)
ADDRESS = ("subdistrict", "community", "grid", "compound", "building", "entrance", "flat")
SEX = {"M": "男", "F": "女"}
KIND = {"registered": "户籍", "floating": "流动"}
POLITICAL = {
    "masses": "群众", "party_member": "中共党员", "probationary": "中共预备党员",
    "league_member": "共青团员", "other_party": "民主党派",
}  # fmt: skip
RELATION = {
    "head": "户主", "spouse": "配偶", "child": "子女", "parent": "父母", "grandchild": "孙子女",
    "grandparent": "祖父母", "sibling": "兄弟姐妹", "child_in_law": "儿媳", "other": "其他",
}  # fmt: skip


def _rows(scope):
    from shequ.core import crypto, pii
    from shequ.core.scope import subtree_q
    from shequ.people.models import HouseholdMember, Person, PersonTag, Residence
    from shequ.territory.models import Node

    ring = crypto.keyring()
    inside = subtree_q("node__path", scope.path)
    names = dict(
        Node.objects.filter(subtree_q("path", scope.path[:4]))
        .exclude(kind="flat")
        .values_list("path", "name")
    )
    kinds = dict(Node.objects.filter(subtree_q("path", scope.path[:4])).values_list("path", "kind"))
    members = {
        person: (household, relation)
        for person, household, relation in HouseholdMember.objects.filter(
            subtree_q("household__node__path", scope.path), ended_on__isnull=True
        ).values_list("person_id", "household__number", "relation")
    }
    heads = dict(
        HouseholdMember.objects.filter(
            subtree_q("household__node__path", scope.path), ended_on__isnull=True, relation="head"
        ).values_list("household__number", "person__name")
    )
    residences = {
        person: (started, employer, landlord)
        for person, started, employer, landlord in Residence.objects.filter(
            inside, ended_on__isnull=True
        ).values_list("person_id", "started_on", "employer", "landlord_name")
    }
    tags = defaultdict(list)
    for person, tag in (
        PersonTag.objects.filter(subtree_q("person__node__path", scope.path), valid_to=None)
        .order_by("tag__order", "tag__code")
        .values_list("person_id", "tag__name")
    ):
        tags[person].append(tag)
    persons = (
        Person.objects.filter(inside, status="resident")
        .order_by("node__path", "id")
        .values_list(
            "id", "name", "sex", "id_number_enc", "birth_date", "ethnicity", "phone_enc",
            "political_status", "residence_kind", "registered_address_enc", "node__path",
            "node__name",
        )
    )  # fmt: skip
    for (
        pk, name, sex, id_enc, birth, ethnicity, phone_enc, political, kind, address_enc, path,
        flat,
    ) in persons.iterator(chunk_size=5000):  # fmt: skip
        address = {kinds[path[:end]]: names.get(path[:end], "") for end in range(8, len(path), 4)}
        address["flat"] = flat
        number, relation = members.get(pk, ("", ""))
        started, employer, landlord = residences.get(pk, (None, "", ""))
        phone = ring.decrypt(phone_enc) if phone_enc else ""
        row = {key: address.get(key, "") for key in ADDRESS}
        row.update(
            name=name,
            sex=SEX.get(sex, ""),
            id_number=ring.decrypt(id_enc) if id_enc else "",
            birth_date=birth.isoformat() if birth else "",
            ethnicity=ethnicity,
            phone=pii.national_phone(phone) if phone else "",
            political_status=POLITICAL.get(political, ""),
            residence_kind=KIND.get(kind, ""),
            registered_address=ring.decrypt(address_enc) if address_enc else "",
            household_number=number,
            head_name=heads.get(number, "") if number else "",
            relation=RELATION.get(relation, ""),
            tags="、".join(tags.get(pk, [])),
            started_on=started.isoformat() if started else "",
            employer=employer,
            landlord_name=landlord,
        )
        yield [row[key] for key in FIELDS]


def export_to_path(
    path, *, kind: str, scope, user=None, file_format: str = "csv", unmasked: bool = True
) -> int:
    if kind != "residents" or user is not None or not unmasked:
        raise NotImplementedError("the stand-in writes unmasked residents for the operator")
    headings = [HEADINGS[key] for key in FIELDS]
    done = 0
    if file_format == "csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(headings)
            for row in _rows(scope):
                writer.writerow(row)
                done += 1
        return done
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("居民")
    for col, heading in enumerate(headings):
        sheet.write_string(0, col, heading)
    for done, row in enumerate(_rows(scope), 1):  # noqa: B007
        for col, value in enumerate(row):
            if value:
                sheet.write_string(done, col, value)
    workbook.close()
    return done
