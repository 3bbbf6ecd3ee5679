"""A participant without a browser: speaks the Jupyter widget protocol to a Voila page's kernel.

A phone renders the page itself; the workshop laptop only runs Voila and the kernels. To measure
what the laptop carries, this client does what the page's JavaScript does and no more: it loads the
page (so Voila hands a kernel over), opens the kernel's websocket, asks for the widgets' state, then
sets text boxes and clicks buttons by their ``ow-*`` CSS classes. It keeps a mirror of the widget
models (opened, updated, closed) and waits for the kernel to go idle after each message, so every
reply to a click is in the mirror when the call returns.

Used by bench_workshop.py and by the 30-participant test of `make test`
(tests/browser/test_workshop_class.py).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from datetime import datetime, timezone
from urllib.parse import urlsplit

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from overdue.i18n import text

CONTROL_PROTOCOL_VERSION = "1.0.0"  # ipywidgets 8 control comm


class WidgetClient:
    def __init__(self, url: str):
        self.url = url
        self.session = uuid.uuid4().hex
        self.models: dict[str, dict] = {}  # model id -> state (live models only)
        self.order: list[str] = []  # model ids in the order the kernel created them
        self._idle: dict[str, asyncio.Future] = {}
        self._states: asyncio.Future | None = None
        self._ws = None
        self._reader: asyncio.Task | None = None

    # -- connection ----------------------------------------------------------------------------------
    async def open(self, query: str = "", timeout: float = 180.0) -> None:
        """Load the page as a browser would, then connect to its kernel and fetch the widget state."""
        page = await AsyncHTTPClient().fetch(self.url + query, connect_timeout=timeout, request_timeout=timeout)
        body = page.body.decode()
        found = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', body)
        if found is None:
            raise RuntimeError(f"no kernel id in the page (HTTP {page.code}): {body[:300]!r}")
        kernel = found.group(1)
        parts = urlsplit(self.url)
        ws_url = f"ws://{parts.netloc}/api/kernels/{kernel}/channels?session_id={self.session}"
        request = HTTPRequest(ws_url, connect_timeout=timeout, request_timeout=timeout)
        self._ws = await websocket_connect(request, max_message_size=64 << 20)
        self._reader = asyncio.ensure_future(self._read())
        control = uuid.uuid4().hex
        self._states = asyncio.get_running_loop().create_future()
        await self._send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                         metadata={"version": CONTROL_PROTOCOL_VERSION})
        await self._send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        await asyncio.wait_for(self._states, timeout)  # the reader has taken the models in

    async def close(self) -> None:
        if self._ws is not None:
            self._ws.close()
        if self._reader is not None:
            self._reader.cancel()

    # -- what is on the page -------------------------------------------------------------------------
    def find(self, cls: str) -> list[str]:
        """Live models carrying CSS class `cls`, oldest first."""
        return [m for m in self.order if m in self.models and cls in self.models[m].get("_dom_classes", ())]

    def state(self, cls: str) -> dict:
        found = self.find(cls)
        if not found:
            raise LookupError(f"no widget with class {cls}")
        return self.models[found[-1]]

    # -- actions -------------------------------------------------------------------------------------
    async def set_value(self, cls: str, value: str) -> None:
        mid = self.find(cls)[-1]
        self.models[mid]["value"] = value
        await self._request(mid, {"method": "update", "state": {"value": value}, "buffer_paths": []})

    async def click(self, cls: str, index: int = -1, on_send=None) -> None:
        mid = self.find(cls)[index]
        await self._request(mid, {"method": "custom", "content": {"event": "click"}}, on_send=on_send)

    async def click_labelled(self, cls: str, label: str, on_send=None) -> None:
        """Click the button of class `cls` whose description is `label`."""
        mid = next(m for m in self.find(cls) if (self.models[m].get("description") or "").strip().endswith(label.strip()))
        await self._request(mid, {"method": "custom", "content": {"event": "click"}}, on_send=on_send)

    async def wait_for(self, cls: str, timeout: float = 180.0) -> None:
        t0 = time.monotonic()
        while not self.find(cls):
            if time.monotonic() - t0 > timeout:
                raise TimeoutError(f"no widget with class {cls} after {timeout} s")
            await asyncio.sleep(0.05)

    # -- protocol ------------------------------------------------------------------------------------
    async def _request(self, comm_id: str, data: dict, on_send=None, timeout: float = 180.0) -> None:
        """Send a comm message and wait until the kernel has handled it (its idle status)."""
        msg_id = uuid.uuid4().hex
        done = asyncio.get_running_loop().create_future()
        self._idle[msg_id] = done
        if on_send is not None:
            on_send()
        await self._send("comm_msg", {"comm_id": comm_id, "data": data}, msg_id=msg_id)
        await asyncio.wait_for(done, timeout)

    async def _send(self, msg_type: str, content: dict, msg_id: str | None = None, metadata=None) -> None:
        msg = {
            "header": {"msg_id": msg_id or uuid.uuid4().hex, "msg_type": msg_type, "username": "",
                       "session": self.session, "date": datetime.now(timezone.utc).isoformat(),
                       "version": "5.3"},
            "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": "shell",
            "buffers": [],
        }
        await self._ws.write_message(json.dumps(msg))

    async def _read(self) -> None:
        while True:
            raw = await self._ws.read_message()
            if raw is None:
                return
            if isinstance(raw, bytes):  # binary frames carry buffers (images): not needed here
                continue
            msg = json.loads(raw)
            kind, content = msg["header"]["msg_type"], msg.get("content", {})
            parent = (msg.get("parent_header") or {}).get("msg_id")
            if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                self._opened(content["comm_id"], content.get("data", {}).get("state", {}))
            elif kind == "comm_msg":
                data = content.get("data", {})
                if data.get("method") == "update" and content["comm_id"] in self.models:
                    self.models[content["comm_id"]].update(data.get("state", {}))
                elif data.get("method") == "update_states" and self._states and not self._states.done():
                    # Taken in here, before the next message is read: an update the kernel sends
                    # right after its snapshot would otherwise find no model and be lost.
                    for mid, m in data.get("states", {}).items():
                        self._opened(mid, m["state"])
                    self._states.set_result(None)
            elif kind == "comm_close":
                self.models.pop(content.get("comm_id"), None)
            elif kind == "status" and content.get("execution_state") == "idle" and parent in self._idle:
                fut = self._idle.pop(parent)
                if not fut.done():
                    fut.set_result(None)

    def _opened(self, mid: str, state: dict) -> None:
        if mid not in self.models:
            self.order.append(mid)
        self.models[mid] = dict(state)


async def give_answer(c: WidgetClient, q, answer) -> None:
    """Enter `answer` to question `q` (a quiz model) as a participant would (without submitting)."""
    if q.type == "numeric":
        await c.set_value("ow-number", f"{answer:g}")
    elif q.type == "truefalse":
        await c.click("ow-option", 0 if answer else 1)
    else:
        for oid in [answer] if isinstance(answer, str) else list(answer):  # each person has their own order
            await c.click_labelled("ow-option", text(q.option(oid).text))
