"""Exports of the organisation tree and of the structural report (R-ORG-2, R-ORG-3) as xlsx
workbooks; each export is audit-logged with its row count."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shequ.core.models import AuditAction, audit_record
from shequ.core.xlsx import xlsx_book


def org_export(*, user, orgs, report) -> bytes:
    """The organisations as listed (``orgs`` from the scoped list selector, in tree order),
    with their size, committee and findings from ``report`` (the user's structural report)."""
    columns = [
        (_("Code"), 14), (_("Name"), 36), (_("Form"), 12), (_("Territory covered"), 16),
        (_("Team (functional group)"), 16), (_("Joint organisation"), 8), (_("Units joined"), 24),
        (_("Members"), 8), (_("Full members"), 8), (_("Committee members"), 8),
        (_("Secretary"), 10), (_("Term started"), 12), (_("Term ends"), 12),
        (_("Findings"), 60),
    ]  # fmt: skip
    facts = {f.org.pk: f for f in report.orgs}
    out, book, sheet, fmt = xlsx_book(_("Party organisations"), columns)
    day = fmt["day"]
    yes, no = _("Yes"), _("No")
    row = 0
    for row, org in enumerate(orgs, start=1):
        fact = facts.get(org.pk)
        sheet.write_string(row, 0, org.code)
        # Indented by depth, so the tree reads in the sheet as on the page.
        sheet.write_string(row, 1, "　" * (org.depth - 1) + org.name)
        sheet.write_string(row, 2, str(org.get_kind_display()))
        sheet.write_string(row, 3, org.node.name)
        sheet.write_string(row, 4, org.team.name if org.team_id else "")
        sheet.write_string(row, 5, yes if org.is_joint else no)
        sheet.write_string(row, 6, org.units)
        if fact is not None:
            sheet.write_number(row, 7, fact.members)
            sheet.write_number(row, 8, fact.full)
            sheet.write_number(row, 9, fact.seats)
            sheet.write_string(row, 10, fact.secretary)
        if org.term_started_on:
            sheet.write_datetime(row, 11, org.term_started_on, day)
        if org.term_ends_on:
            sheet.write_datetime(row, 12, org.term_ends_on, day)
        found = report.by_org.get(org.pk, [])
        sheet.write_string(row, 13, "；".join(f"{f.label}：{f.message}" for f in found))
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Party organisations")),
                 row_count=row)  # fmt: skip
    return out.getvalue()


def structure_findings_export(*, user, report) -> bytes:
    """The structural report: one row per finding, with the rule and the numbers behind it."""
    columns = [
        (_("Rule"), 24), (_("Rule code"), 22), (_("Organisation or place"), 30),
        (_("Organisation answering"), 30), (_("Numbers"), 36), (_("Finding"), 70),
    ]  # fmt: skip
    out, book, sheet, _fmt = xlsx_book(_("Structural report"), columns)
    row = 0
    for row, finding in enumerate(report.findings, start=1):
        sheet.write_string(row, 0, str(finding.label))
        sheet.write_string(row, 1, finding.code)
        sheet.write_string(row, 2, finding.subject_name)
        sheet.write_string(row, 3, finding.org.name if finding.org is not None else "")
        sheet.write_string(
            row, 4, ", ".join(f"{key}={value}" for key, value in finding.numbers.items())
        )
        sheet.write_string(row, 5, finding.message)
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Structural report")),
                 row_count=row)  # fmt: skip
    return out.getvalue()
