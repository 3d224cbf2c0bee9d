"""Fetching a file sent to the bot: a slow or failing server is a failed download, never a hung turn."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from bot.file_download import DownloadFailed, FileTooLarge, download


async def _serve(handler) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_get("/file", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/file"


async def test_a_download_that_takes_longer_than_the_timeout_fails():
    async def slow(request):
        await asyncio.sleep(1)
        return web.Response(body=b"late")

    runner, url = await _serve(slow)
    try:
        with pytest.raises(DownloadFailed):
            await download(url, timeout_seconds=0.2)
    finally:
        await runner.cleanup()


async def test_a_file_past_the_limit_is_refused_and_one_within_it_read_whole():
    async def file(request):
        return web.Response(body=b"x" * int(request.query.get("size", "10")))

    runner, url = await _serve(file)
    try:
        assert await download(f"{url}?size=100", max_bytes=100) == b"x" * 100
        with pytest.raises(FileTooLarge):
            await download(f"{url}?size=101", max_bytes=100)
        with pytest.raises(DownloadFailed):
            await download("http://127.0.0.1:1/nothing-listens-here")
        with pytest.raises(DownloadFailed):
            await download("not a url")
    finally:
        await runner.cleanup()
