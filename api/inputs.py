"""Reading a request's body and query: types are checked here (400), rules by the services."""

from typing import Any

from rest_framework import exceptions
from rest_framework.request import Request

FILTER_INVALID_MESSAGE = "`{name}` must be {expected}."


def valid_data(serializer_class: type, request: Request) -> dict[str, Any]:
    """The body checked by an input serializer; a 400 problem naming each bad field otherwise."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def int_filter(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise exceptions.ValidationError({name: [FILTER_INVALID_MESSAGE.format(name=name, expected="a whole number")]})
    return int(value)


def choice_filter(request: Request, name: str, choices: list[str]) -> str | None:
    value = request.query_params.get(name)
    if value is not None and value not in choices:
        expected = "one of " + ", ".join(choices)
        raise exceptions.ValidationError({name: [FILTER_INVALID_MESSAGE.format(name=name, expected=expected)]})
    return value
