"""The page's query string (``?code=1234``) in a pre-heated Voila kernel, asked for with bounded waits.

A pre-heated kernel runs the notebook before anyone asks for the page, so it learns the page's query
afterwards, from Voila's ``/voila/query/<kernel id>`` websocket. Voila's own helper
(`voila.utils.get_query_string`) waits on one connection for ever. Under load that connection can
be lost from Voila's table (when a socket closes that Voila does not find there, it deletes the
last entry, another kernel's), and the query then sits in Voila's cache for a kernel that never asks
again: the participant's code box stays empty. Here every wait is bounded and the kernel connects
again; on a new connection Voila sends a cached query at once.
"""

from __future__ import annotations

import asyncio
import json
import os

WAIT_SECONDS = 15.0  # one connection's wait for the query before connecting again
PAUSE_SECONDS = 0.5  # between two connections


def query_url(env: dict[str, str] | None = None) -> str | None:
    """Voila's query websocket for this kernel, built as Voila builds it; None outside a
    pre-heated Voila kernel."""
    env = os.environ if env is None else env
    kernel = env.get("VOILA_KERNEL_ID")
    if not kernel or env.get("VOILA_PREHEAT", "False") != "True":
        return None
    protocol = env.get("VOILA_WS_PROTOCOL", "ws")
    host = env.get("VOILA_APP_IP", "127.0.0.1")
    port = env.get("VOILA_APP_PORT", "8866")
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{kernel}"


async def ask_once(url: str, wait: float) -> dict | None:
    """One connection: the request info Voila sends (a dict of CGI-style variables), or None if
    nothing came within `wait` seconds or the server could not be reached."""
    import websockets

    try:
        async with websockets.connect(url, open_timeout=wait, close_timeout=2) as ws:
            try:
                message = await asyncio.wait_for(ws.recv(), wait)
            except asyncio.TimeoutError:
                await ws.close()
                try:  # a message that crossed our closing
                    message = await asyncio.wait_for(ws.recv(), 2)
                except (asyncio.TimeoutError, websockets.exceptions.ConnectionClosed):
                    return None
    except (asyncio.TimeoutError, OSError, websockets.exceptions.WebSocketException):
        return None
    try:
        info = json.loads(message)
    except (TypeError, ValueError):
        return None
    return info if isinstance(info, dict) else None


async def wait_for_query(
    url: str | None = None, wait: float = WAIT_SECONDS, attempts: int | None = None
) -> str | None:
    """The page's query string, once Voila hands this kernel to a page; None if this is not a
    pre-heated kernel or `attempts` connections brought nothing. Sets the variables Voila sends
    in os.environ, as Voila's helper does."""
    url = url or query_url()
    if url is None:
        return None
    tried = 0
    while attempts is None or tried < attempts:
        info = await ask_once(url, wait)
        if info is not None:
            for key, value in info.items():
                os.environ[str(key)] = str(value)
            return str(info.get("QUERY_STRING", ""))
        tried += 1
        await asyncio.sleep(PAUSE_SECONDS)
    return None
