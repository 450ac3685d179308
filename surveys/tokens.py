"""Secrets in links: long random tokens, stored only as hashes.

An invitation stores `token_hash(token)`; a response stores `respondent_key(token)`, a
keyed hash. Without the server secret (RESPONDENT_KEY_SECRET), the two cannot be joined.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

TOKEN_BYTES = 32  # 256 random bits, well above the 128 the design asks for.


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def respondent_key(token: str) -> str:
    # Its own secret, not SECRET_KEY: every draft is found through this hash, so rotating the
    # signing key must leave it alone. Before it existed, SECRET_KEY stood here; a deployment
    # that sets RESPONDENT_KEY_SECRET to its old SECRET_KEY keeps every draft.
    key = hashlib.sha256(f"faultline.respondent:{settings.RESPONDENT_KEY_SECRET}".encode()).digest()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def open_link_key(open_link_token_hash: str) -> str:
    """A draft's mark of the open link it came from: without the server secret, not the link's id."""
    # The respondent key's secret, for the same reason: rotating SECRET_KEY must not cut a
    # draft off from the open link whose revocation ends it.
    key = hashlib.sha256(f"faultline.open-link:{settings.RESPONDENT_KEY_SECRET}".encode()).digest()
    return hmac.new(key, open_link_token_hash.encode(), hashlib.sha256).hexdigest()
