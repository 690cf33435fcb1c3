"""Uploaded pictures, checked and cleaned the same way everywhere (case attachments, proposals'
photos, progress photos): the type is read from the content, never from the name or the
browser's word; the size is capped; the picture is stored re-encoded, upright, without its
EXIF (where it was taken, the phone that took it), with a small JPEG thumbnail."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's format name → (content type, extension on disk, save options)
IMAGE_TYPES = {
    "JPEG": ("image/jpeg", ".jpg", {"quality": 88}),
    "PNG": ("image/png", ".png", {"optimize": True}),
    "WEBP": ("image/webp", ".webp", {"quality": 88}),
}
THUMBNAIL_SIZE = (320, 320)


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the checks, as it will be stored (``kind``: Pillow's format)."""

    name: str
    content_type: str
    extension: str
    data: bytes
    thumbnail: bytes = b""
    kind: str = ""


def upload_name(upload) -> str:
    # browsers send a bare name, but some send a path ("C:\\fakepath\\…")
    raw = str(getattr(upload, "name", "") or "")
    return (PurePath(raw.replace("\\", "/")).name or _("(no name)"))[:200]


def upload_read(upload, limit: int) -> bytes:
    upload.seek(0)
    data = upload.read(limit + 1)
    return data if isinstance(data, bytes) else bytes(data)


def image_reencode(data: bytes, name: str, field: str) -> CheckedFile | None:
    """The clean picture of an allowed image; None when the bytes are no image of an allowed
    format. Raises ValidationError on ``field`` when it is one but cannot be read."""
    try:
        with warnings.catch_warnings():
            # a small file that opens into a giant picture (a decompression bomb) is refused
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            kind = image.format
            if kind not in IMAGE_TYPES:
                return None
            image.load()
    except UnidentifiedImageError:
        return None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):  # fmt: skip
        raise ValidationError(
            {field: _("%(name)s: the image is damaged or too large to open.") % {"name": name}}
        ) from None
    # the orientation tag is applied to the pixels, then every tag is dropped with the rest
    clean = ImageOps.exif_transpose(image).copy()
    clean.info = {}
    content_type, extension, options = IMAGE_TYPES[kind]
    options = dict(options)
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]  # colours, not the photographer
    if kind == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
        clean = clean.convert("RGB")
    out = io.BytesIO()
    clean.save(out, format=kind, **options)
    return CheckedFile(
        name=name, content_type=content_type, extension=extension, data=out.getvalue(),
        thumbnail=image_thumbnail(clean), kind=kind,
    )  # fmt: skip


def image_thumbnail(image: Image.Image) -> bytes:
    """A small JPEG for the pages; transparency shows as white."""
    thumb = image.copy()
    thumb.thumbnail(THUMBNAIL_SIZE)
    if thumb.mode in ("RGBA", "LA", "PA") or (thumb.mode == "P" and "transparency" in thumb.info):
        rgba = thumb.convert("RGBA")
        thumb = Image.new("RGB", rgba.size, "white")
        thumb.paste(rgba, mask=rgba.getchannel("A"))
    elif thumb.mode not in ("RGB", "L"):
        thumb = thumb.convert("RGB")
    out = io.BytesIO()
    thumb.save(out, format="JPEG", quality=80)
    return out.getvalue()


def photo_check(upload, *, field: str, max_mb: int) -> CheckedFile:
    """One uploaded photo checked and cleaned; ValidationError on ``field`` naming the file."""
    name = upload_name(upload)
    limit = max_mb * 1024 * 1024
    data = upload_read(upload, limit)
    if len(data) > limit:
        raise ValidationError({field: _("%(name)s: the photo is larger than %(mb)s MB.")
                               % {"name": name, "mb": max_mb}})  # fmt: skip
    photo = image_reencode(data, name, field) if data else None
    if photo is None:
        raise ValidationError({field: _("%(name)s: not a photo (JPEG, PNG or WebP).")
                               % {"name": name}})  # fmt: skip
    return photo
