"""Reads of import and export jobs, scoped on the territory tree."""

from __future__ import annotations

from django.db.models import QuerySet

from shequ.accounts.roles import EXPORT_SHEET, IMPORT_SHEET
from shequ.core.scope import scope_q
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from .models import ExportJob, ImportJob

AREA_KINDS = (NodeKind.DISTRICT, NodeKind.SUBDISTRICT, NodeKind.COMMUNITY)


def import_job_list_for(*, user) -> QuerySet[ImportJob]:
    return (
        ImportJob.objects.visible_to(user, IMPORT_SHEET)
        .select_related("area", "owner")
        .order_by("-created_at")
    )


def import_job_get_for(*, user, pk: int) -> ImportJob:
    return import_job_list_for(user=user).get(pk=pk)


def export_job_list_for(*, user) -> QuerySet[ExportJob]:
    """A user's own exports: the file may hold what only he was allowed to see."""
    return (
        ExportJob.objects.visible_to(user, EXPORT_SHEET)
        .filter(owner=user)
        .select_related("scope", "owner")
        .order_by("-created_at")
    )


def export_job_get_for(*, user, pk: int) -> ExportJob:
    return export_job_list_for(user=user).get(pk=pk)


def _areas(user, perm: str, kinds) -> QuerySet[Node]:
    return Node.objects.filter(
        scope_q(user, perm, "path"), kind__in=kinds, is_active=True
    ).order_by("path")


def import_areas_for(*, user) -> QuerySet[Node]:
    return _areas(user, IMPORT_SHEET, AREA_KINDS)


def export_areas_for(*, user) -> QuerySet[Node]:
    """Grid workers export their grid; everyone else a community or more."""
    return _areas(user, EXPORT_SHEET, (*AREA_KINDS, NodeKind.GRID))
