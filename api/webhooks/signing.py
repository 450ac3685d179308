"""The signature a receiver checks: HMAC-SHA256 of "<timestamp>.<body>" with the webhook's secret.

Signing the timestamp with the body lets a receiver refuse a replayed delivery (an old
timestamp) as well as a forged one.
"""

import hashlib
import hmac

SIGNATURE_HEADER = "Faultline-Signature"
TIMESTAMP_HEADER = "Faultline-Timestamp"
EVENT_ID_HEADER = "Faultline-Event-Id"
EVENT_HEADER = "Faultline-Event"
SIGNATURE_SCHEME = "sha256="


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    return SIGNATURE_SCHEME + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def webhook_signature_valid(*, secret: str, timestamp: int, body: bytes, signature: str) -> bool:
    """What a receiver does (documented in the README, and used by the tests)."""
    expected = webhook_signature(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected, signature)
