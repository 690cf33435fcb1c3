"""Keyset (cursor) pagination: no COUNT over a whole big table on each page."""

from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    """Orders by ``-id`` unless the view names a unique ``keyset_ordering`` (e.g. the tree
    path, so nodes come in tree order)."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-id"

    def get_ordering(self, request, queryset, view):
        ordering = getattr(view, "keyset_ordering", None)
        if ordering:
            return (ordering,) if isinstance(ordering, str) else tuple(ordering)
        return super().get_ordering(request, queryset, view)
