"""Exports of the member register (R-PM-1) and of the transfers register (R-PM-7) as xlsx
workbooks; every export is audit-logged with its row count (R-PPL-3). No ID numbers or phones
ever leave through them."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shequ.core.models import AuditAction, audit_record
from shequ.core.xlsx import xlsx_book


def _date(sheet, row: int, col: int, value, day_format) -> None:
    if value:
        sheet.write_datetime(row, col, value, day_format)


def held_by(member) -> str:
    """The organisation holding the membership, or "elsewhere: …" (R-PM-1)."""
    if member.org_id:
        return member.org.name
    return _("Elsewhere: %(org)s") % {"org": member.external_org}


def member_export(*, user, members) -> bytes:
    """The register as filtered on the list page (``members`` comes from the scoped
    selector), one row per member; audit-logged."""
    columns = [
        (_("Name"), 10),
        (_("Card number"), 14),
        (_("Organisation holding the membership"), 26),
        (_("Managed at"), 16),
        (_("Party group"), 16),
        (pgettext("party member", "Category"), 12),
        (_("Management mode"), 12),
        (pgettext("party member", "Stage"), 12),
        (pgettext("party member", "State"), 10),
        (_("Joined the party"), 12),
        (_("Full member since"), 12),
        (_("Employer"), 22),
        (_("Party organisation of the employer"), 24),
        (_("Left on"), 12),
    ]
    title = _("Party members")
    out, book, sheet, fmt = xlsx_book(title, columns)
    day = fmt["day"]
    row = 0
    rows = members.order_by("node__path", "person__name_pinyin", "id")
    for row, member in enumerate(rows.iterator(chunk_size=500), start=1):
        sheet.write_string(row, 0, member.person.name)
        sheet.write_string(row, 1, member.card_number or "")
        sheet.write_string(row, 2, held_by(member))
        sheet.write_string(row, 3, member.node.name)
        sheet.write_string(row, 4, member.group.name if member.group_id else "")
        sheet.write_string(row, 5, str(member.get_category_display()))
        sheet.write_string(row, 6, str(member.get_management_mode_display()))
        sheet.write_string(row, 7, str(member.get_stage_display()))
        sheet.write_string(row, 8, str(member.get_state_display()))
        _date(sheet, row, 9, member.joined_on, day)
        _date(sheet, row, 10, member.full_on, day)
        sheet.write_string(row, 11, member.employer)
        sheet.write_string(row, 12, member.employer_party_org)
        _date(sheet, row, 13, member.left_on, day)
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(title), row_count=row)
    return out.getvalue()


def _from(transfer) -> str:
    return transfer.from_org.name if transfer.from_org_id else transfer.from_org_name


def _to(transfer) -> str:
    return transfer.to_org.name if transfer.to_org_id else transfer.to_org_name


def transfer_export(*, user, transfers) -> bytes:
    """The transfers register (组织关系转接) as filtered on its page; audit-logged."""
    columns = [
        (_("Letter issued"), 12),
        (_("Letter received"), 12),
        (_("Direction"), 14),
        (_("Letter number"), 18),
        (_("Name"), 10),
        (pgettext("transfer", "From"), 26),
        (pgettext("transfer", "To"), 26),
        (_("Note"), 30),
    ]
    title = _("Membership transfers")
    out, book, sheet, fmt = xlsx_book(title, columns)
    day = fmt["day"]
    row = 0
    for row, transfer in enumerate(transfers.order_by("-issued_on", "-id").iterator(500), 1):
        _date(sheet, row, 0, transfer.issued_on, day)
        _date(sheet, row, 1, transfer.received_on, day)
        sheet.write_string(row, 2, str(transfer.get_direction_display()))
        sheet.write_string(row, 3, transfer.letter_number)
        sheet.write_string(row, 4, transfer.member.person.name)
        sheet.write_string(row, 5, _from(transfer))
        sheet.write_string(row, 6, _to(transfer))
        sheet.write_string(row, 7, transfer.note)
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(title), row_count=row)
    return out.getvalue()
