#!/usr/bin/env python3
"""Times what a process owner sees in `procbook serve` after saving an edit.

usage: bench/serve-reload.py serve BINARY ROOT [--today DAY] [--edits K]
                             [--timeout SECONDS] [--pid-file FILE]
       bench/serve-reload.py edit ROOT [TEXT]

`serve` starts BINARY serve on ROOT (loopback, a free port) and, K times,
plays the browser that has the edited page open: it loads the page of the
register's first process, opens the live-reload stream the way the page's
live.js does (the script itself is run in node, with the little of a browser
it uses, to learn the stream's address), then rewrites that process's first
goal in ROOT/processes.yaml in place and times, from the write,
  - event:   the `reload` event arriving on the stream;
  - visible: the page, fetched again after the event as live.js's
             `location.reload()` does, arriving with the new goal in it.
`visible` is the moment the owner sees the edit: an event that comes before
the page has the new text (a rebuild for something else, or a page rendered
only when asked for) is followed as the browser would, by loading the page,
opening a new stream and waiting for the next event. At the end it reads the
server's peak resident memory (VmHWM) and prints one JSON object.

`edit` rewrites the same goal to TEXT, or, without TEXT, to the one of two
fixed texts it does not hold now, so every call is an edit (bench/run.sh's
rebuild benchmark prepares each run with it).

The server is stopped on every way out (and dies with this script, by
PR_SET_PDEATHSIG, should it be killed outright); every wait has a timeout.
"""
import ctypes
import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

REGISTER = "processes.yaml"
ALTERNATES = ("Benchmark edit of the goal, first text", "Benchmark edit of the goal, second text")


def first_goal(data):
    """The first process's id and the byte range of its first goal line, in
    a register as examples/gen-corpus.rs writes it."""
    at = data.find(b"\nprocesses:\n")
    m = re.compile(rb"\n  - id: ([^\n]+)\n").search(data, at) if at >= 0 else None
    goals = data.find(b"\n    goals:\n", m.end() - 1) if m else -1
    if goals < 0:
        raise ValueError(f"{REGISTER}: no process with goals as gen-corpus writes them")
    start = goals + len(b"\n    goals:\n")
    end = data.find(b"\n", start)
    if end < 0 or not data[start:end].startswith(b"      - "):
        raise ValueError(f"{REGISTER}: the first process's goals are not a list of lines")
    return m.group(1).decode(), start, end


def edited(data, text):
    """`data` with the first goal replaced by `text`, and the process id."""
    pid, start, end = first_goal(data)
    line = '      - "{}"'.format(text.replace("\\", "\\\\").replace('"', '\\"'))
    return data[:start] + line.encode() + data[end:], pid


def write_in_place(path, data):
    """Rewrites `path` keeping its inode, as an editor saving the file does."""
    with open(path, "r+b") as f:
        f.write(data)
        f.truncate()


def edit_command(root, text):
    path = os.path.join(root, REGISTER)
    with open(path, "rb") as f:
        data = f.read()
    if text is None:
        _, start, end = first_goal(data)
        text = ALTERNATES[1] if ALTERNATES[0].encode() in data[start:end] else ALTERNATES[0]
    new, _ = edited(data, text)
    write_in_place(path, new)


def die_with_parent():
    # PR_SET_PDEATHSIG = 1: the server gets SIGTERM if this script dies.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except OSError:
        pass


class Server:
    """`procbook serve` on a free loopback port, its log read as it comes."""

    def __init__(self, binary, root, today, timeout, pid_file):
        help_text = subprocess.run([binary, "serve", "--help"], capture_output=True,
                                   text=True, timeout=30).stdout
        args = [binary, "serve", "--root", root]
        if "--today" in help_text and today:
            args += ["--today", today]
        if "--port" in help_text:
            args += ["--port", "0"]
        self.started = time.monotonic()
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, preexec_fn=die_with_parent)
        self.pid_file = pid_file
        if pid_file:
            with open(pid_file, "w") as f:
                f.write(f"{self.proc.pid}\n")
        self.lines = queue.Queue()
        self.log = []
        threading.Thread(target=self._read_log, daemon=True).start()
        self.port = None
        self.first_build_ms = None
        deadline = time.monotonic() + timeout
        try:
            while True:
                line = self._next_line(deadline, "start serving")
                m = re.search(r"built in (\d+) ms", line)
                if m and self.first_build_ms is None:
                    self.first_build_ms = int(m.group(1))
                m = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", line)
                if m:
                    self.port = int(m.group(1))
                if self.port and line.startswith("watching"):
                    break
        except BaseException:
            self.stop()
            raise
        self.ready_ms = round((time.monotonic() - self.started) * 1000)

    def _read_log(self):
        for raw in self.proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.log.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def _next_line(self, deadline, waiting_for):
        try:
            line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise RuntimeError(f"serve did not {waiting_for} in time; log: {self.tail()}") from None
        if line is None:
            raise RuntimeError(f"serve exited (status {self.proc.wait()}); log: {self.tail()}")
        return line

    def tail(self):
        return " / ".join(self.log[-3:])

    def rebuilt_ms(self):
        """The rebuild times serve has logged so far."""
        return [int(m.group(1)) for line in self.log
                if (m := re.search(r"rebuilt in (\d+) ms", line))]

    def peak_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
        return {key: round(int(fields[key].split()[0]) / 1024) for key in ("VmHWM", "VmRSS")}

    def get(self, path, timeout):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.pid_file:
            try:
                os.remove(self.pid_file)
            except FileNotFoundError:
                pass


class Stream:
    """One live-reload stream, read on a thread; `wait` returns at an event."""

    def __init__(self, server, path, timeout):
        self.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
        self.conn.request("GET", path, headers={"Accept": "text/event-stream"})
        self.response = self.conn.getresponse()
        if self.response.status != 200:
            raise RuntimeError(f"{path}: HTTP {self.response.status}")
        self.events = queue.Queue()
        self.opened = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buffer = b""
        try:
            while True:
                chunk = self.response.read1(65536)
                if not chunk:
                    break
                buffer += chunk
                while b"\n\n" in buffer:
                    block, buffer = buffer.split(b"\n\n", 1)
                    now = time.monotonic()
                    self.opened.set()
                    for line in block.split(b"\n"):
                        if line.startswith(b"event:") and line[6:].strip() == b"reload":
                            self.events.put(now)
        except (OSError, ValueError, http.client.HTTPException):
            pass
        self.events.put(None)

    def wait(self, deadline):
        try:
            at = self.events.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None
        return at

    def close(self):
        try:
            self.conn.sock and self.conn.sock.shutdown(2)
        except OSError:
            pass
        self.conn.close()


# Runs the page's live.js in node with the little of a browser it uses
# (document.currentScript, location, URL, EventSource) and prints the
# address it opens its EventSource on: the stream is opened exactly as the
# page would, whatever the script puts in the query.
LIVE_JS_HOST = r"""
const vm = require("vm");
const [src, href] = process.argv.slice(-2);
const script = require("fs").readFileSync(0, "utf8");
let opened = null;
const page = {
  URL,
  encodeURIComponent,
  document: { currentScript: { src: new URL(src, href).href } },
  location: new URL(href),
  EventSource: function (url) {
    opened = url;
    this.addEventListener = function () {};
    this.close = function () {};
  },
};
page.window = page.self = page;
vm.runInNewContext(script, page, { timeout: 5000 });
if (opened === null) {
  process.stderr.write("live.js opened no EventSource\n");
  process.exit(3);
}
const url = new URL(opened, href);
process.stdout.write(url.pathname + url.search);
"""


def events_address(server, page, src, timeout):
    """Where the page's live.js, loaded from `src`, opens its stream."""
    status, js = server.get(src, timeout)
    if status != 200:
        raise RuntimeError(f"{src}: HTTP {status}")
    href = f"http://127.0.0.1:{server.port}{page}"
    ran = subprocess.run(["node", "-e", LIVE_JS_HOST, src, href], input=js,
                         capture_output=True, timeout=timeout)
    if ran.returncode != 0:
        raise RuntimeError(f"running {src}: {ran.stderr.decode(errors='replace').strip()}")
    return ran.stdout.decode()


def open_page(server, page, timeout):
    """Loads `page` as the browser does and opens its reload stream: the
    page, the time it arrived, and the stream."""
    status, body = server.get(page, timeout)
    arrived = time.monotonic()
    if status != 200:
        raise RuntimeError(f"{page}: HTTP {status}")
    script = re.search(rb'<script src="([^"]*live\.js[^"]*)"', body)
    if not script:
        raise RuntimeError(f"{page} carries no live-reload script")
    src = script.group(1).decode().replace("&amp;", "&")
    return body, arrived, Stream(server, events_address(server, page, src, timeout), timeout)


def one_edit(server, root, page, text, timeout):
    """Times one edit: (write → first reload event, write → page with `text`) in ms."""
    path = os.path.join(root, REGISTER)
    with open(path, "rb") as f:
        new, _ = edited(f.read(), text)
    wanted = text.encode()
    _, _, stream = open_page(server, page, timeout)
    try:
        if not stream.opened.wait(timeout):
            raise RuntimeError("the reload stream sent nothing")
        t0 = time.monotonic()
        write_in_place(path, new)
        deadline = t0 + timeout
        first_event = None
        while True:
            at = stream.wait(deadline)
            if at is None:
                raise RuntimeError(f"no reload event within {timeout} s of the edit; log: {server.tail()}")
            if first_event is None:
                first_event = at
            # live.js: close the stream, reload the page.
            stream.close()
            body, arrived, stream = open_page(server, page, timeout)
            if wanted in body:
                return round((first_event - t0) * 1000), round((arrived - t0) * 1000)
    finally:
        stream.close()


def serve_command(binary, root, today, edits, timeout, pid_file):
    result = {"edits": 0, "event_ms": [], "visible_ms": [], "rebuilt_ms": []}
    server = None

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server = Server(binary, root, today, timeout, pid_file)
        result.update(first_build_ms=server.first_build_ms, ready_ms=server.ready_ms)
        with open(os.path.join(root, REGISTER), "rb") as f:
            pid, _, _ = first_goal(f.read())
        page = f"/processes/{pid}.html"
        result["page"] = page
        run = time.time_ns()
        for k in range(edits):
            text = f"Benchmark edit {k + 1} of run {run}"
            event, visible = one_edit(server, root, page, text, timeout)
            result["event_ms"].append(event)
            result["visible_ms"].append(visible)
            result["edits"] = k + 1
            time.sleep(1)
        result["rebuilt_ms"] = server.rebuilt_ms()
        mem = server.peak_mb()
        result["peak_mb"], result["rss_mb"] = mem["VmHWM"], mem["VmRSS"]
    except (RuntimeError, ValueError, OSError, http.client.HTTPException) as e:
        result["error"] = str(e)
    finally:
        if server:
            server.stop()
    print(json.dumps(result))
    return 0 if "error" not in result else 1


def main(argv):
    if len(argv) >= 2 and argv[0] == "edit" and len(argv) <= 3:
        try:
            edit_command(argv[1], argv[2] if len(argv) == 3 else None)
        except (OSError, ValueError) as e:
            sys.stderr.write(f"serve-reload.py edit: {e}\n")
            return 1
        return 0
    if len(argv) >= 3 and argv[0] == "serve":
        options = {"--today": None, "--edits": "5", "--timeout": "120", "--pid-file": None}
        rest = argv[3:]
        while rest:
            if rest[0] not in options or len(rest) < 2:
                break
            options[rest[0]] = rest[1]
            rest = rest[2:]
        if not rest:
            return serve_command(argv[1], argv[2], options["--today"], int(options["--edits"]),
                                 float(options["--timeout"]), options["--pid-file"])
    sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
