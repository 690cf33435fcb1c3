"""Attachments of cases (附件, issue 4): a file's type is read from its content, never from its
name or the browser's word; its size and the count per case are capped by settings; images
are stored re-encoded, without their EXIF (the place a photo was taken, the phone that took
it), turned as they were shot. A request and its files are saved together or not at all."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.images import CheckedFile, image_reencode, upload_name, upload_read

from .choices import FINAL_STATUSES
from .models import Case, CaseAttachment, CaseEvent
from .rules import ATTACH_CASE

PDF = ("application/pdf", ".pdf")
FIELD = "attachments"


def attachment_check(upload) -> CheckedFile:
    """Check one uploaded file and prepare what is stored; ValidationError naming the file."""
    name = upload_name(upload)
    max_mb = settings.SHEQU_CASE_ATTACHMENT_MAX_MB
    limit = max_mb * 1024 * 1024
    size = getattr(upload, "size", None)
    data = b"" if size is not None and size > limit else upload_read(upload, limit)
    if (size is not None and size > limit) or len(data) > limit:
        message = _("%(name)s: the file is larger than %(mb)s MB.")
        raise ValidationError({FIELD: message % {"name": name, "mb": max_mb}})
    if not data:
        raise ValidationError({FIELD: _("%(name)s: the file is empty.") % {"name": name}})
    if data.startswith(b"%PDF-"):
        return CheckedFile(name=name, content_type=PDF[0], extension=PDF[1], data=data)
    image = image_reencode(data, name, FIELD)
    if image is None:
        raise ValidationError(
            {
                FIELD: _(
                    "%(name)s: this type of file is not allowed; attach photos (JPEG, PNG or "
                    "WebP) or PDF documents."
                )
                % {"name": name}
            }
        )
    return image


def attachments_check(uploads: Sequence, *, existing: int = 0) -> list[CheckedFile]:
    """Check every file (each one's problem named) and their count with those the case
    already has; nothing is written."""
    uploads = [u for u in uploads or () if u]
    most = settings.SHEQU_CASE_ATTACHMENTS_MAX
    if existing + len(uploads) > most:
        if existing:
            message = _(
                "A case may have at most %(max)s attachments; this one has %(existing)s, "
                "%(count)s more were given."
            ) % {"max": most, "existing": existing, "count": len(uploads)}
        else:
            message = _("A case may have at most %(max)s attachments; %(count)s were given.") % {
                "max": most,
                "count": len(uploads),
            }
        raise ValidationError({FIELD: message})
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(attachment_check(upload))
        except ValidationError as exc:
            errors.extend(exc.message_dict[FIELD])
    if errors:
        raise ValidationError({FIELD: errors})
    return checked


def attachments_store(
    *, case: Case, files: Sequence[CheckedFile], actor, event: bool = True
) -> list[CaseAttachment]:
    """Store checked files of a case and (``event``) record one step naming them; the caller
    holds the transaction (``case_submit``, ``attachments_add``). A file written before a
    failure is removed again, so that no file lies on disk without its row."""
    if not files:
        return []
    saved: list[CaseAttachment] = []
    try:
        for checked in files:
            attachment = CaseAttachment(
                case=case,
                original_name=checked.name,
                content_type=checked.content_type,
                size=len(checked.data),
                sha256=hashlib.sha256(checked.data).hexdigest(),
                uploaded_by=actor if actor is not None and actor.is_authenticated else None,
            )
            attachment.file.save(f"a{checked.extension}", ContentFile(checked.data), save=False)
            saved.append(attachment)
            if checked.thumbnail:
                attachment.thumbnail.save("t.jpg", ContentFile(checked.thumbnail), save=False)
            attachment.save()
        if event:
            _attach_event(case, saved, actor)
    except BaseException:
        for attachment in saved:
            _delete_files(attachment)
        raise
    return saved


def _attach_event(case: Case, saved: list[CaseAttachment], actor) -> None:
    known = actor is not None and actor.is_authenticated
    CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        verb="attach",
        from_status=case.status,
        to_status=case.status,
        actor=actor if known else None,
        actor_name=actor.get_username() if known else "",
        note="、".join(a.original_name for a in saved),
        data={"attachments": [a.pk for a in saved]},
    )


def _delete_files(attachment: CaseAttachment) -> None:
    for field in (attachment.file, attachment.thumbnail):
        if field.name:
            field.storage.delete(field.name)


def attachments_add(*, case: Case, uploads: Sequence, actor) -> list[CaseAttachment]:
    """A worker adds files to a case he may handle or record in: all of them, or none."""
    if actor is None or not actor.is_authenticated or not actor.has_perm(ATTACH_CASE, case):
        raise PermissionDenied(_("You may not add files to this case."))
    if case.status in FINAL_STATUSES:
        raise ValidationError({FIELD: _("The case is closed.")})
    with transaction.atomic():
        # the row lock keeps two uploads at once from passing the count together
        case = Case.objects.select_for_update().get(pk=case.pk)
        files = attachments_check(uploads, existing=case.attachments.count())
        if not files:
            raise ValidationError({FIELD: _("Choose the files to add.")})
        return attachments_store(case=case, files=files, actor=actor)


def attachment_add(*, case: Case, upload, actor) -> CaseAttachment:
    """Add one file to a case (``attachments_add`` of one)."""
    return attachments_add(case=case, uploads=[upload], actor=actor)[0]
