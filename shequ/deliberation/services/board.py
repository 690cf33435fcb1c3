"""Posting on the disclosure board (公开栏): the one writer of ``Publication``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shequ.core.models import AuditAction, audit_record

from ..models import Publication


def publish(
    *, node, kind: str, title: str, body: str = "", subject=None, url: str = "",
    until: dt.date | None = None, actor=None,
) -> Publication:  # fmt: skip
    """Post ``title``/``body`` for the residents at and below ``node``; ``subject`` is the
    model instance it is about (kept as ``app_label.model:pk``)."""
    label = f"{subject._meta.label_lower}:{subject.pk}" if subject is not None else ""
    publication = Publication.objects.create(
        node=node, kind=kind, title=title, body=body, subject=label, url=url,
        published_at=timezone.now(), until=until, published_by=actor,
    )  # fmt: skip
    audit_record(AuditAction.CREATE, obj=publication, node_path=node.path, actor=actor,
                 object_repr=title[:100])  # fmt: skip
    return publication


def publications_about(subject):
    return Publication.objects.filter(subject=f"{subject._meta.label_lower}:{subject.pk}")
