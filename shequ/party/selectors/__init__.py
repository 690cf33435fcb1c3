"""Reads of party building, one module per part of the work; each starts from
``visible_to(user, perm)`` (core.scope)."""
