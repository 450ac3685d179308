from typing import Any

from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    """Newest first by id: a cursor stays valid while rows are added, and ids are unique."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated: dict[str, Any] = super().get_paginated_response_schema(schema)
        properties = paginated["properties"]
        properties["next"]["description"] = "The next page's address; null on the last page."
        properties["previous"]["description"] = "The previous page's address; null on the first page."
        properties["results"]["description"] = "This page's items, newest first."
        return paginated
