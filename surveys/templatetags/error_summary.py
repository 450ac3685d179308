"""base.html's error summary and "Error: " title prefix, read from the page's own context."""

from collections.abc import Iterable
from typing import Any

from django import template

from surveys.error_summary import ERROR_SUMMARY_HEADING, ERROR_TITLE_PREFIX, ErrorItem, page_error_items

register = template.Library()


def _items(context: template.Context) -> list[ErrorItem]:
    # The title and the summary both ask: the forms are read once per rendering.
    cache = context.render_context
    if "error_summary_items" not in cache:
        messages: Iterable[object] = context.get("messages") or ()
        cache["error_summary_items"] = page_error_items(values=context.flatten().values(), messages=messages)
    items: list[ErrorItem] = cache["error_summary_items"]
    return items


@register.simple_tag(takes_context=True)
def error_title_prefix(context: template.Context) -> str:
    return ERROR_TITLE_PREFIX if _items(context) else ""


@register.inclusion_tag("error_summary.html", takes_context=True)
def error_summary(context: template.Context) -> dict[str, Any]:
    return {"items": _items(context), "heading": ERROR_SUMMARY_HEADING}
