"""A logging filter that masks ID and phone numbers in every record (R-PPL-3)."""

import logging

from .pii import redact


class MaskPIIFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 — a broken format string must not hide the record
            return True
        record.msg = redact(message)
        record.args = None
        return True
