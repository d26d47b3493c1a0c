"""A headless Chromium for tests, driven over the DevTools protocol on a pipe: no new dependency.

`chromium --remote-debugging-pipe` reads protocol commands from its fd 3 and writes replies to its fd 4,
each a JSON text ended by a NUL byte. That is enough to size the viewport, emulate dark mode or print,
load a file, evaluate an expression and print to PDF. Evaluation through the protocol is not subject to
the page's content security policy, so the page is measured exactly as it is shipped. Every read has a
deadline: a browser that hangs fails the test, it cannot hang the suite.

`find_or_install` is the setup: it finds Debian's `chromium` (or $LEADERCLI_CHROMIUM), installs it with
apt-get when running as root, and otherwise says why there is none.
"""

from __future__ import annotations

import base64
import fcntl
import itertools
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

UPDATE_TIMEOUT, INSTALL_TIMEOUT = 300.0, 900.0
"""Seconds for `apt-get update` and `apt-get install`: a first install downloads about 120 MB; a stalled
connection gives up after 30 s on its own."""
REPLY_TIMEOUT = 30.0
_ON_FDS_3_AND_4 = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
    "os.close(int(sys.argv[1])); os.close(int(sys.argv[2])); os.execvp(sys.argv[3], sys.argv[3:])"
)
"""Started in place of the browser: moves the pipe ends to fds 3 and 4, then becomes the browser."""


def find_or_install() -> tuple[str | None, str]:
    """The browser's path, installing it when possible; else None and the reason."""
    chosen = os.environ.get("LEADERCLI_CHROMIUM")
    if chosen:
        found = shutil.which(chosen)
        return (found, "") if found else (None, f"LEADERCLI_CHROMIUM={chosen} is not an executable")
    found = shutil.which("chromium")
    if found:
        return found, ""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("apt-get") is None:
        return (
            None,
            "chromium is not installed (apt-get install chromium, as root, or set LEADERCLI_CHROMIUM)",
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    options = [
        "-q",
        "-o",
        "Acquire::Retries=1",
        "-o",
        "Acquire::http::Timeout=30",
        "-o",
        "DPkg::Lock::Timeout=60",
    ]
    for command, timeout in (
        (["apt-get", *options, "update"], UPDATE_TIMEOUT),
        (["apt-get", *options, "install", "-y", "--no-install-recommends", "chromium"], INSTALL_TIMEOUT),
    ):
        failure = _run_bounded(command, env, timeout)
        if failure:
            return None, f"chromium could not be installed: {' '.join(command[:1] + command[-2:])}: {failure}"
    found = shutil.which("chromium")
    return (found, "") if found else (None, "apt-get installed chromium but it is not on PATH")


def _run_bounded(command: list[str], env: dict[str, str], timeout: float) -> str:
    """Run `command` in its own process group, killing the whole group after `timeout` seconds; the
    last line of its output when it fails, "" when it succeeds."""
    with subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return f"no result after {timeout:.0f} s"
    if process.returncode == 0:
        return ""
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {process.returncode}"


class Browser:
    """One headless Chromium and its protocol pipe; `page` opens a tab sized and styled as asked."""

    def __init__(self, executable: str) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="leadercli-chromium-")
        self._log = Path(self._profile.name) / "stderr.log"
        self._tab: str | None = None
        to_browser, self._writer = os.pipe()
        self._reader, from_browser = os.pipe()
        # Above fd 4, so that putting them on fds 3 and 4 (where the browser looks) overwrites neither.
        ends = [fcntl.fcntl(end, fcntl.F_DUPFD, 5) for end in (to_browser, from_browser)]
        os.close(to_browser)
        os.close(from_browser)
        arguments = [
            "--headless",
            "--no-sandbox",  # root in a container has no user namespace to sandbox with
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--remote-debugging-pipe",
            f"--user-data-dir={self._profile.name}",
            "about:blank",
        ]
        with self._log.open("wb") as log:  # the browser keeps its own copy of the descriptor
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _ON_FDS_3_AND_4, *map(str, ends), executable, *arguments],
                pass_fds=ends,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        for end in ends:
            os.close(end)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        """The result of one protocol command; an error reply or a silent browser raises."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._writer, json.dumps(message).encode() + b"\0")
        reply = self._receive(lambda m: m.get("id") == self._next_id, method)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        """The next event `method` of the tab `session`."""
        return self._receive(lambda m: m.get("method") == method and m.get("sessionId") == session, method)

    def _receive(self, wanted: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        for index, event in enumerate(self._events):
            if wanted(event):
                return self._events.pop(index)
        deadline = time.monotonic() + REPLY_TIMEOUT
        while True:
            while b"\0" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self._reader], [], [], left)[0]:
                    raise TimeoutError(f"chromium did not answer {what} within {REPLY_TIMEOUT:.0f} s")
                chunk = os.read(self._reader, 1 << 16)
                if not chunk:
                    said = self._log.read_text(errors="replace").strip().splitlines()[-3:]
                    raise RuntimeError(f"chromium exited before answering {what}: {' / '.join(said)}")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            message: dict[str, Any] = json.loads(raw)
            if wanted(message):
                return message
            if "method" in message:
                self._events.append(message)

    def page(
        self, path: Path, *, width: int, height: int = 900, media: str = "screen", dark: bool = False
    ) -> Page:
        """A new tab `width` CSS pixels wide (a phone below 600) showing the file, once loaded; it
        replaces the previous one."""
        if self._tab:
            self.send("Target.closeTarget", {"targetId": self._tab})
            self._events.clear()
        target = self._tab = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}
        self.send("Emulation.setDeviceMetricsOverride", metrics, session)
        scheme = [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]
        self.send("Emulation.setEmulatedMedia", {"media": media, "features": scheme}, session)
        self.send("Page.enable", {}, session)
        self.send("Page.navigate", {"url": path.resolve().as_uri()}, session)
        self.wait_for("Page.loadEventFired", session)
        return Page(self, session)

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self._process.wait(timeout=10)
        except (OSError, RuntimeError, TimeoutError, subprocess.TimeoutExpired):
            pass
        if self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
        os.close(self._writer)
        os.close(self._reader)
        self._profile.cleanup()


class Page:
    """A loaded tab."""

    def __init__(self, browser: Browser, session: str) -> None:
        self._browser = browser
        self._session = session

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page; an exception in it raises."""
        reply = self._browser.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, self._session
        )
        if "exceptionDetails" in reply:
            raise RuntimeError(f"the page raised: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def pdf(self, *, paper_height: float) -> bytes:
        """The page printed on US-letter-wide paper `paper_height` inches tall, tagged (headings, paragraphs
        and the page each sits on are in the PDF's structure tree)."""
        params = {"paperWidth": 8.5, "paperHeight": paper_height, "generateTaggedPDF": True}
        return base64.b64decode(self._browser.send("Page.printToPDF", params, self._session)["data"])


_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_KIDS = re.compile(rb"(\d+) 0 R|<<(.*?)>>|(\d+)", re.S)
_HEADING = re.compile(rb"H[1-6]")


def stranded_headings(pdf: bytes) -> tuple[int, list[int]]:
    """How many headings the PDF has, and the positions (0 for the first) of those that end a page: what
    follows them starts on the next one. Read from the structure tree of a tagged PDF, where every run of
    text is a marked-content id on a page (/Pg), in reading order."""
    objects = {int(m[1]): m[2].split(b"stream", 1)[0] for m in _OBJECT.finditer(pdf)}
    root = next(body for body in objects.values() if b"/Type /StructTreeRoot" in body)
    runs: list[tuple[int | None, bytes]] = []  # (heading position or None, page) for each run of text
    headings: dict[int, int] = {}

    def walk(number: int, heading: int | None, page: bytes) -> None:
        body = objects[number]
        kind = re.search(rb"/S /(\w+)", body)
        if kind and _HEADING.fullmatch(kind[1]):
            heading = headings.setdefault(number, len(headings))
        own_page = re.search(rb"/Pg (\d+ 0 R)", body)
        page = own_page[1] if own_page else page
        kids = re.search(rb"/K (\[.*?\]|\d+ 0 R|\d+|<<.*?>>)", body, re.S)
        for kid in _KIDS.finditer(kids[1] if kids else b""):
            if kid[1]:
                walk(int(kid[1]), heading, page)
            elif kid[2] is not None:  # a marked-content reference names its own page
                on = re.search(rb"/Pg (\d+ 0 R)", kid[2])
                runs.append((heading, on[1] if on else page))
            else:
                runs.append((heading, page))

    top = re.search(rb"/K (\d+) 0 R", root)
    assert top, "the PDF has no structure tree"
    walk(int(top[1]), None, b"")
    return len(headings), [
        heading
        for (heading, page), (after, next_page) in itertools.pairwise(runs)
        if heading is not None and after != heading and next_page != page
    ]
