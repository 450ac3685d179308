"""The per-client rate limit: IPv4 per address, IPv6 per /64, the same on both login pages."""

from typing import Any

import pytest
import redis
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from surveys.ratelimit import RATE_LIMITED_MESSAGE, rate_client
from surveys.views.accounts import AUTH_RATE_LIMIT
from tests.support.services import RedisServer, free_port

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"


def attempt(url: str, address: str) -> int:
    data = {"username": "alice", "password": "guess"}
    return Client(REMOTE_ADDR=address).post(url, data).status_code


def test_it_counts_an_ipv4_client_by_its_address() -> None:
    assert rate_client("192.0.2.7") == "192.0.2.7"
    assert rate_client("192.0.2.7") != rate_client("192.0.2.8")


def test_it_counts_an_ipv6_client_by_its_slash_64() -> None:
    assert rate_client("2001:db8:1:2::7") == rate_client("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert rate_client("2001:db8:1:3::7") != rate_client("2001:db8:1:2::7")


def test_it_counts_an_ipv4_mapped_address_as_ipv4() -> None:
    assert rate_client("::ffff:192.0.2.7") == "192.0.2.7"


def test_it_limits_logins_from_thirteen_addresses_of_one_ipv6_slash_64(alice: User) -> None:
    statuses = [attempt(reverse("login"), f"2001:db8:5:9::{number:x}") for number in range(1, 14)]
    assert statuses[:AUTH_RATE_LIMIT] == [200] * AUTH_RATE_LIMIT
    assert statuses[AUTH_RATE_LIMIT:] == [429] * (13 - AUTH_RATE_LIMIT)


def test_it_does_not_limit_another_slash_64_for_it(alice: User) -> None:
    for number in range(1, 14):
        attempt(reverse("login"), f"2001:db8:5:9::{number:x}")
    assert attempt(reverse("login"), "2001:db8:5:a::1") == 200


def test_it_limits_the_admin_login_page_like_the_login_page(alice: User) -> None:
    statuses = [attempt(ADMIN_LOGIN, f"2001:db8:5:9::{number:x}") for number in range(1, 14)]
    assert statuses[AUTH_RATE_LIMIT:] == [429] * (13 - AUTH_RATE_LIMIT)
    response = Client(REMOTE_ADDR="2001:db8:5:9::99").post(ADMIN_LOGIN, {"username": "alice", "password": "x"})
    assert RATE_LIMITED_MESSAGE in response.content.decode()


def test_it_counts_both_login_pages_together(alice: User) -> None:
    for _ in range(AUTH_RATE_LIMIT):
        attempt(reverse("login"), "192.0.2.7")
    assert attempt(ADMIN_LOGIN, "192.0.2.7") == 429


def test_a_counter_expires_with_its_window(private_redis: RedisServer, alice: User) -> None:
    attempt(reverse("login"), "192.0.2.7")
    client = redis.Redis.from_url(private_redis.url.removesuffix("/0") + "/1")
    [key] = client.keys("*ratelimit:login:192.0.2.7:*")
    assert 0 < client.ttl(key) <= 60
    assert int(client.get(key) or 0) == 1


def test_it_lets_requests_through_while_the_cache_is_down(settings: Any, alice: User) -> None:
    nowhere = f"redis://127.0.0.1:{free_port()}/1"
    settings.CACHES = {"default": settings.CACHES["default"] | {"LOCATION": nowhere}}
    statuses = [attempt(reverse("login"), "192.0.2.7") for _ in range(AUTH_RATE_LIMIT + 1)]
    assert statuses == [200] * (AUTH_RATE_LIMIT + 1)
