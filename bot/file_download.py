"""Fetching a file a user sent the bot in a personal chat: Teams hands over a short-lived, pre-authorised
download URL, which is read with a plain GET, within a time and a size limit."""

from __future__ import annotations

import asyncio
import logging

import aiohttp

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 5 * 1024 * 1024
DOWNLOAD_TIMEOUT_SECONDS = 10.0
_CHUNK = 64 * 1024


class DownloadFailed(Exception):
    """The file could not be fetched (network, timeout, an HTTP error)."""


class FileTooLarge(Exception):
    """The file is larger than the bot reads."""


async def download(url: str, *, max_bytes: int = MAX_FILE_BYTES,
                   timeout_seconds: float = DOWNLOAD_TIMEOUT_SECONDS) -> bytes:
    """The file's bytes; refused by its Content-Length when announced too large, else once it reads past it.

    A session per download: files arrive seldom, and a session of its own closes with the download, so no
    connection outlives the turn.
    """
    timeout = aiohttp.ClientTimeout(total=timeout_seconds)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(url) as response:
                if response.status != 200:
                    raise DownloadFailed(f"HTTP {response.status}")
                if response.content_length is not None and response.content_length > max_bytes:
                    raise FileTooLarge()
                received = bytearray()
                async for chunk in response.content.iter_chunked(_CHUNK):
                    received += chunk
                    if len(received) > max_bytes:
                        raise FileTooLarge()
                return bytes(received)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        raise DownloadFailed(type(error).__name__) from error
