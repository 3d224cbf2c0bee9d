"""Signed links to a booked meeting's iCalendar invitation (`GET /meetings/{id}.ics`).

Teams does not open a `data:` file in a chat, so when the bot knows its public address (`PUBLIC_BASE_URL`) and
has a key to sign with (`LINK_SIGNING_KEY`), the meeting card links to the invitation instead. The link names
the meeting, the language and when it stops working, and carries an HMAC-SHA256 over all three: anything
edited, or a link past its time, is refused like an unknown meeting. Nothing else about the meeting is in it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

LINK_LIFETIME = timedelta(days=90)


@dataclass(frozen=True)
class CalendarLinks:
    base_url: str  # the bot's public https address, without a trailing slash
    key: bytes

    def link(self, meeting_id: int, language: str, now: datetime) -> str:
        expires = int((now + LINK_LIFETIME).timestamp())
        query = urlencode({"lang": language, "expires": expires,
                           "signature": self._signature(meeting_id, language, expires)})
        return f"{self.base_url}{invitation_path(meeting_id)}?{query}"

    def valid(self, meeting_id: int, language: str, expires: str, signature: str, now: datetime) -> bool:
        """True for a link this bot signed that has not expired."""
        if not expires.isdigit() or int(expires) < now.timestamp():
            return False
        expected = self._signature(meeting_id, language, int(expires))
        return hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii", "replace"))

    def _signature(self, meeting_id: int, language: str, expires: int) -> str:
        message = f"meeting-invitation:{meeting_id}:{language}:{expires}".encode()
        digest = hmac.new(self.key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def invitation_path(meeting_id: int) -> str:
    return f"/meetings/{meeting_id}.ics"


def calendar_links(public_base_url: str, signing_key: str) -> CalendarLinks | None:
    """The links when both settings are given, else None (the invitation is then attached to the card)."""
    if not public_base_url or not signing_key:
        return None
    return CalendarLinks(public_base_url.rstrip("/"), signing_key.encode())
