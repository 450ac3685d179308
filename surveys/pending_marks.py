"""Which invitations were opened or submitted since the last hourly batch: marks kept in Redis.

privacy.md, "The database does not say who answered what": no transaction writes both a
response and anything about an invitation, and an invitation's `opened` and `submitted` flags
are flipped in hourly batches, all at once, so that neither PostgreSQL's `xmin` nor the order
of writes pairs a response with an invitation. Between a member's visit or submission and
the batch, the fact must wait somewhere:
- a row written in the response's transaction is the very join the rule forbids;
- a row written in a transaction of its own right after still pairs by write order and
  `xmin` (it is the next transaction after the response's), until the batch deletes it;
- so the marks wait in Redis: outside the database copy privacy.md guards against, and in a
  set, which keeps no order of arrival. They live in the broker's database, which nothing
  clears (clearing the cache, a database of its own, leaves them alone).

Nothing that counts is lost with them: the response is in the database, and participation
is counted from responses. A lost "submitted" mark costs one reminder too many, which asks
members who have answered to ignore it, and is set again whenever the member visits their
link. A lost "opened" mark could let a reminder rotate the token of a member holding a
draft; so marks are set on every visit until the batch has recorded them, and reminders
refuse to run while Redis cannot be read (surveys/services/invitations.py).
"""

import enum
import functools
import logging

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

KEY_PREFIX = "faultline:pending"
# The batch claims this key for an hour: whoever runs it, it records marks at most hourly.
BATCH_INTERVAL = 60 * 60  # seconds


class Mark(enum.StrEnum):
    OPENED = "opened"
    SUBMITTED = "submitted"


@functools.cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=2)


def _redis() -> redis.Redis:
    return _client(settings.REDIS_URL)


def _key(mark: Mark) -> str:
    return f"{KEY_PREFIX}:{mark}"


def pending_mark(*, mark: Mark, invitation_id: int) -> None:
    """Mark an invitation for the next batch; a member's page never fails for it."""
    try:
        _redis().sadd(_key(mark), invitation_id)
    except redis.RedisError:
        # The member's next visit marks it again; see the module's docstring.
        logger.warning("An invitation's %s mark was not kept: Redis is unavailable.", mark, exc_info=True)


def pending_ids(*, mark: Mark) -> set[int]:
    """The invitations marked since the last batch; raises redis.RedisError when Redis is down."""
    return {int(value) for value in _redis().smembers(_key(mark))}


def pending_has(*, mark: Mark, invitation_id: int) -> bool:
    """Whether one invitation is marked; raises redis.RedisError when Redis is down."""
    return bool(_redis().sismember(_key(mark), str(invitation_id)))


def pending_clear(*, mark: Mark, invitation_ids: set[int]) -> None:
    """Forget the marks a batch has recorded; marks added meanwhile stay for the next one."""
    if invitation_ids:
        _redis().srem(_key(mark), *invitation_ids)


def pending_batch_claim() -> bool:
    """True for the first caller in an hour: the batch runs at most hourly, however it is called."""
    return bool(_redis().set(f"{KEY_PREFIX}:batch", 1, nx=True, ex=BATCH_INTERVAL))
