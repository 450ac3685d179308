"""The client's address behind a trusted proxy, so that rate limits count clients, not the proxy."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from pytest_django.fixtures import Settings

from config.proxy import ForwardedForMiddleware, client_address, trusted_networks
from surveys.ratelimit import rate_limit

LOCAL_PROXY = trusted_networks(["127.0.0.1", "::1", "10.0.0.0/8"])


def test_it_takes_the_client_from_a_trusted_proxy() -> None:
    assert client_address("127.0.0.1", "203.0.113.7", LOCAL_PROXY) == "203.0.113.7"


def test_it_ignores_what_an_untrusted_peer_claims() -> None:
    assert client_address("198.51.100.9", "203.0.113.7", LOCAL_PROXY) == "198.51.100.9"


def test_it_ignores_an_address_that_the_client_forged_before_the_proxy() -> None:
    # nginx appends the address it saw: the forged one stays on the left.
    assert client_address("127.0.0.1", "1.2.3.4, 203.0.113.7", LOCAL_PROXY) == "203.0.113.7"


def test_it_walks_past_a_chain_of_trusted_proxies() -> None:
    assert client_address("127.0.0.1", "203.0.113.7, 10.1.2.3", LOCAL_PROXY) == "203.0.113.7"


def test_it_keeps_the_peer_when_the_header_holds_no_address() -> None:
    assert client_address("127.0.0.1", "unknown", LOCAL_PROXY) == "127.0.0.1"


def test_it_trusts_every_peer_with_a_star() -> None:
    assert client_address("198.51.100.9", "203.0.113.7", trusted_networks(["*"])) == "203.0.113.7"


def test_it_names_the_variable_of_a_bad_proxy_list() -> None:
    with pytest.raises(ImproperlyConfigured, match="FORWARDED_ALLOW_IPS must list IP addresses"):
        trusted_networks(["nginx.internal"])


def test_it_rate_limits_each_client_behind_the_proxy_separately(settings: Settings, db: None) -> None:
    settings.FORWARDED_ALLOW_IPS = ["127.0.0.1"]
    view = ForwardedForMiddleware(rate_limit(group="proxy-test", limit=1)(lambda request: HttpResponse("ok")))
    factory = RequestFactory()

    def post_from(client: str) -> int:
        request: HttpRequest = factory.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client)
        return view(request).status_code

    assert [post_from("203.0.113.7"), post_from("203.0.113.8"), post_from("203.0.113.7")] == [200, 200, 429]
