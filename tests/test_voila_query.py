"""A pre-heated kernel gets its page's query (the session code from the QR link) even when Voila
loses the kernel's first connection: every wait is bounded and the kernel connects again.

The server here behaves like Voila's /voila/query/<kernel id> handler: it sends the request info to
a connected kernel, or keeps it and sends it when the kernel connects. `forget_first` reproduces
what was seen under load: the kernel's first connection stays open but the server no longer knows
it, so nothing is ever sent on it.
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest
import websockets

from overdue.workshop.voila_query import query_url, wait_for_query

KERNEL = "0f1e2d3c-aaaa-bbbb-cccc-123456789abc"
INFO = {"QUERY_STRING": "code=4821", "SCRIPT_NAME": "/", "SERVER_SOFTWARE": "voila/0.5"}


class FakeVoila:
    def __init__(self, forget_first: bool, page_after: float):
        self.forget_first, self.page_after = forget_first, page_after
        self.connections = 0
        self.waiters: dict[str, object] = {}
        self.cache: dict[str, str] = {}

    async def handler(self, ws):
        kernel = ws.request.path.rsplit("/", 1)[-1]
        self.connections += 1
        if not (self.forget_first and self.connections == 1):
            self.waiters[kernel] = ws
            if kernel in self.cache:
                await ws.send(self.cache[kernel])
        try:
            await ws.wait_closed()
        finally:
            if self.waiters.get(kernel) is ws:
                del self.waiters[kernel]

    async def page_requested(self):
        await asyncio.sleep(self.page_after)
        waiter = self.waiters.get(KERNEL)
        if waiter is not None:
            await waiter.send(json.dumps(INFO))
        else:
            self.cache[KERNEL] = json.dumps(INFO)


async def _ask(server: FakeVoila, wait: float, attempts: int | None = None):
    async with websockets.serve(server.handler, "127.0.0.1", 0) as ws_server:
        port = ws_server.sockets[0].getsockname()[1]
        url = f"ws://127.0.0.1:{port}/voila/query/{KERNEL}"
        page = asyncio.ensure_future(server.page_requested())
        t0 = time.monotonic()
        query = await asyncio.wait_for(wait_for_query(url, wait=wait, attempts=attempts), 30)
        await page
        return query, time.monotonic() - t0


def test_the_query_arrives_on_a_live_connection(monkeypatch):
    monkeypatch.delenv("QUERY_STRING", raising=False)
    server = FakeVoila(forget_first=False, page_after=0.3)
    query, _ = asyncio.run(_ask(server, wait=5))
    assert query == "code=4821" and server.connections == 1


def test_a_forgotten_connection_is_replaced_and_the_cached_query_arrives(monkeypatch):
    monkeypatch.delenv("QUERY_STRING", raising=False)
    server = FakeVoila(forget_first=True, page_after=0.2)
    query, took = asyncio.run(_ask(server, wait=1.0))
    assert query == "code=4821"
    assert server.connections == 2 and took < 5
    import os

    assert os.environ["QUERY_STRING"] == "code=4821"  # as Voila's own helper leaves it


def test_no_server_gives_up_after_the_attempts_without_hanging():
    t0 = time.monotonic()
    assert asyncio.run(wait_for_query("ws://127.0.0.1:9/voila/query/x", wait=0.3, attempts=2)) is None
    assert time.monotonic() - t0 < 10


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k1", "VOILA_APP_PORT": "8870", "VOILA_SERVER_URL": "/"},
         "ws://127.0.0.1:8870/voila/query/k1"),
        ({"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k1", "VOILA_SERVER_URL": "/user/ana/voila/",
          "VOILA_WS_BASE_URL": "/hub/ws/"}, "ws://127.0.0.1:8866/hub/ws/voila/query/k1"),
        ({"VOILA_PREHEAT": "False", "VOILA_KERNEL_ID": "k1"}, None),
        ({}, None),
    ],
)
def test_the_query_address_is_built_as_voila_builds_it(env, expected):
    assert query_url(env) == expected
