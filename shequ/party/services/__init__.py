"""Writes of party building, one module per part of the work (HackSoft: ``<entity>_<verb>``)."""

from shequ.core.perms import check_perm

__all__ = ["check_perm"]
