"""Signed links to a meeting's invitation: the link the bot writes is valid until it expires, and editing any
part of it (meeting, language, time, signature) or another key makes it invalid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.calendar_links import LINK_LIFETIME, CalendarLinks, calendar_links

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LINKS = CalendarLinks("https://bot.exempelkommun.se", b"hemlig nyckel")


def _parts(link: str) -> tuple[str, dict[str, str]]:
    split = urlsplit(link)
    return split.path, {key: values[0] for key, values in parse_qs(split.query).items()}


def test_the_link_names_the_meeting_and_is_valid_until_it_expires():
    path, query = _parts(LINKS.link(12, "sv", NOW))
    assert path == "/meetings/12.ics" and query["lang"] == "sv"
    assert int(query["expires"]) == int((NOW + LINK_LIFETIME).timestamp())
    assert LINKS.valid(12, "sv", query["expires"], query["signature"], NOW + LINK_LIFETIME - timedelta(seconds=1))
    assert not LINKS.valid(12, "sv", query["expires"], query["signature"], NOW + LINK_LIFETIME + timedelta(seconds=1))


@pytest.mark.parametrize(("meeting_id", "language", "expires_delta", "signature_edit"), [
    (13, "sv", 0, ""),  # another meeting
    (12, "en", 0, ""),  # another language
    (12, "sv", 86_400, ""),  # a later expiry
    (12, "sv", 0, "x"),  # an edited signature
])
def test_an_edited_link_is_not_valid(meeting_id, language, expires_delta, signature_edit):
    _, query = _parts(LINKS.link(12, "sv", NOW))
    expires = str(int(query["expires"]) + expires_delta)
    assert not LINKS.valid(meeting_id, language, expires, query["signature"] + signature_edit, NOW)


def test_another_key_or_odd_values_are_not_valid():
    _, query = _parts(LINKS.link(12, "sv", NOW))
    other = CalendarLinks(LINKS.base_url, b"en annan nyckel")
    assert not other.valid(12, "sv", query["expires"], query["signature"], NOW)
    assert not LINKS.valid(12, "sv", "i morgon", query["signature"], NOW)
    assert not LINKS.valid(12, "sv", query["expires"], "åäö'; DROP TABLE meetings;--", NOW)


def test_links_are_made_only_when_both_the_address_and_the_key_are_set():
    assert calendar_links("", "nyckel") is None and calendar_links("https://bot.example", "") is None
    assert calendar_links("https://bot.example/", "nyckel").base_url == "https://bot.example"
