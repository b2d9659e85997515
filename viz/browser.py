"""Headless Chromium over the DevTools protocol, with nothing but the standard library.

Used by the browser tests (and handy by hand) to load a page with the network cut off, wait for
its graphs, read back what was drawn, and take a screenshot::

    with Chromium.launch() as browser, browser.page() as page:
        page.set_offline(True)
        page.goto("file:///tmp/wangtan.html")
        page.wait_until("document.documentElement.dataset.vizReady >= 1")
        page.screenshot("tests/artifacts/wangtan.png")

A minimal RFC 6455 client (text frames, masking, fragments, ping) is all the protocol needs.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class CDPError(RuntimeError):
    pass


class _WebSocket:
    def __init__(self, url: str, timeout: float = 30.0):
        u = urlparse(url)
        self.sock = socket.create_connection((u.hostname or "127.0.0.1", u.port or 80), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise CDPError("websocket handshake: connection closed")
            head += chunk
        status, _, rest = head.partition(b"\r\n\r\n")
        if b" 101 " not in status.split(b"\r\n", 1)[0]:
            raise CDPError(f"websocket handshake refused: {status[:200]!r}")
        self.buffer = rest

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise CDPError("websocket closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def send(self, text: str, opcode: int = 1) -> None:
        payload = text.encode("utf-8")
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def recv(self) -> str:
        parts: list[bytes] = []
        while True:
            b1, b2 = self._read(2)
            fin, opcode = b1 & 0x80, b1 & 0x0F
            n = b2 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b2 & 0x80 else None
            data = self._read(n)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            if opcode == 8:
                raise CDPError("websocket closed by the browser")
            if opcode == 9:
                self.send(data.decode("latin-1"), opcode=10)
                continue
            if opcode == 10:
                continue
            parts.append(data)
            if fin:
                return b"".join(parts).decode("utf-8")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


class Page:
    """One tab. Events are kept in ``events`` (method, params) for the caller to inspect."""

    def __init__(self, ws_url: str):
        self.ws = _WebSocket(ws_url)
        self.next_id = 0
        self.events: list[tuple[str, dict[str, Any]]] = []
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def call(self, method: str, timeout: float = 30.0, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise CDPError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append((msg["method"], msg.get("params", {})))
        raise CDPError(f"{method}: no answer in {timeout} s")

    def _pump(self, timeout: float) -> None:
        """Read events for up to ``timeout`` seconds."""
        self.ws.sock.settimeout(timeout)
        try:
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self.events.append((msg["method"], msg.get("params", {})))
        except TimeoutError:
            pass
        finally:
            self.ws.sock.settimeout(30.0)

    def set_offline(self, offline: bool = True) -> None:
        self.call(
            "Network.emulateNetworkConditions",
            offline=offline,
            latency=0,
            downloadThroughput=-1,
            uploadThroughput=-1,
        )

    def set_viewport(self, width: int, height: int) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def goto(self, url: str, timeout: float = 30.0) -> None:
        start = len(self.events)
        self.call("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired", timeout=timeout, since=start)

    def wait_event(self, method: str, *, timeout: float = 30.0, since: int = 0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, params in self.events[since:]:
                if name == method:
                    return params
            self._pump(0.2)
        raise CDPError(f"no {method} within {timeout} s")

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise CDPError(f"evaluate {expression[:60]!r}: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    def wait_until(self, expression: str, timeout: float = 30.0) -> Any:
        """Poll a JS expression until it is truthy (events keep being recorded meanwhile)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            self._pump(0.1)
        raise CDPError(f"{expression!r} still false after {timeout} s")

    def screenshot(self, path: str | Path, *, full_page: bool = True) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", **params)["data"]
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(data))
        return out

    # ---- what happened
    def requests(self) -> list[str]:
        return [p["request"]["url"] for m, p in self.events if m == "Network.requestWillBeSent"]

    def console_errors(self) -> list[str]:
        errors = []
        for method, p in self.events:
            if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                errors.append(
                    " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
                )
            elif method == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                errors.append(str(d.get("exception", {}).get("description") or d.get("text")))
            elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                errors.append(
                    f"{p['entry'].get('source')}: {p['entry'].get('text')} {p['entry'].get('url', '')}"
                )
        return errors

    def close(self) -> None:
        self.ws.close()

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Chromium:
    def __init__(self, proc: subprocess.Popen[bytes], port: int, profile: tempfile.TemporaryDirectory[str]):
        self.proc, self.port, self.profile = proc, port, profile

    @classmethod
    def launch(cls, executable: str | None = None, timeout: float = 30.0) -> Chromium:
        exe = executable or find_chromium()
        if not exe:
            raise FileNotFoundError("chromium not found (make chromium)")
        profile = tempfile.TemporaryDirectory(prefix="policykg-chromium-", ignore_cleanup_errors=True)
        proc = subprocess.Popen(
            [exe, *FLAGS, f"--user-data-dir={profile.name}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise CDPError(f"chromium exited with {proc.returncode}")
            if port_file.exists():
                text = port_file.read_text().split()
                if text:
                    return cls(proc, int(text[0]), profile)
            time.sleep(0.05)
        proc.kill()
        raise CDPError("chromium did not open its DevTools port")

    def page(self) -> Page:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/json/new?about:blank", method="PUT")
        with urllib.request.urlopen(req, timeout=10) as resp:
            target = json.load(resp)
        return Page(target["webSocketDebuggerUrl"])

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.profile.cleanup()

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


CANVAS_CHECK = """
(() => {
  const out = [];
  document.querySelectorAll('div.graph canvas').forEach(c => {
    const ctx = c.getContext('2d');
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let drawn = 0, coloured = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0 && !(d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245)) {
        drawn++;
        if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 40) coloured++;
      }
    }
    out.push({id: c.parentElement.parentElement.id, width: c.width, height: c.height, drawn, coloured});
  });
  return out;
})()
"""

# True once every graph on the page has finished its layout and been drawn (see viz.js).
ALL_GRAPHS_READY = (
    "Number(document.documentElement.dataset.vizReady || -1) >= document.querySelectorAll('div.graph').length"
)

# Where each graph's nodes are on screen: the canvas size, the zoom, how many of the nodes shown
# have their centre outside the canvas, and the on-screen radius of the centre node (if any).
VIEW_CHECK = """
(() => {
  const out = [];
  for (const [id, g] of Object.entries(window.policykgViz.graphs)) {
    const net = g.network, c = document.querySelector('#' + id + ' canvas');
    const w = c.clientWidth, h = c.clientHeight, pos = net.getPositions();
    const outside = Object.keys(pos).filter(k => {
      const p = net.canvasToDOM(pos[k]);
      return !(p.x >= 0 && p.x <= w && p.y >= 0 && p.y <= h);
    });
    const centre = g.nodes.get().find(n => n.isCentre && pos[n.id]);
    let radius = null;
    if (centre) {
      const b = net.getBoundingBox(centre.id);
      radius = Math.max(b.right - b.left, b.bottom - b.top) * net.getScale() / 2;
    }
    out.push({id, width: w, height: h, scale: net.getScale(), nodes: Object.keys(pos).length,
              outside, centreRadius: radius});
  }
  return out;
})()
"""
