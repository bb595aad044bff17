#!/usr/bin/env python3
"""Measures procbook serve against hostile clients (loopback only).

usage: bench/serve-limits.py [BINARY]     (default target/release/procbook)
Starts BINARY serve on a temporary copy of the shipped register, with a
15 MiB theme/static/big.bin added (theme files may not exceed 16 MiB), then:
  1. a 64 MiB header line: status, time, RSS growth;
  2. 1,000 idle connections: how many 503 at once, threads, RSS, when the rest close;
  3. a header line sent one byte a second: status and time;
  4. 100 clients asking for that file and never reading: RSS growth,
     when the server closes them.
"""
import os, re, shutil, socket, subprocess, sys, tempfile, threading, time

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "target/release/procbook")
root = tempfile.mkdtemp(prefix="procbook-limits-")
shutil.copy(os.path.join(repo, "processes.yaml"), root)
shutil.copytree(os.path.join(repo, "content"), os.path.join(root, "content"))
os.makedirs(os.path.join(root, "theme/static"), exist_ok=True)
with open(os.path.join(root, "theme/static/big.bin"), "wb") as f:
    f.write(bytes((i * 7) % 251 for i in range(15 * 1024 * 1024)))
p = subprocess.Popen([binary, "serve", "--root", root, "--port", "0", "--today", "2026-12-01"],
                     stderr=subprocess.PIPE, text=True)
port = None
for line in p.stderr:
    m = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", line)
    if m:
        port = int(m.group(1)); break
threading.Thread(target=lambda: [None for _ in p.stderr], daemon=True).start()

def rss():
    for l in open(f"/proc/{p.pid}/status"):
        if l.startswith("VmRSS:"): return int(l.split()[1]) / 1024
def threads():
    return len(os.listdir(f"/proc/{p.pid}/task"))
def status_of(data):
    m = re.match(rb"HTTP/1\.1 (\d+)", data)
    return int(m.group(1)) if m else None
def connect():
    s = socket.create_connection(("127.0.0.1", port)); return s

print(f"idle: {rss():.1f} MiB, {threads()} threads")
# 1. 64 MiB header line
base = rss(); t0 = time.time()
s = connect(); s.settimeout(10)
sent = [0]
def send():
    try:
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
        chunk = b"a" * 65536
        for _ in range(1024):
            s.sendall(chunk); sent[0] += len(chunk)
    except OSError: pass
th = threading.Thread(target=send, daemon=True); th.start()
data = b""
try:
    while True:
        d = s.recv(65536)
        if not d: break
        data += d
except OSError: pass
print(f"64 MiB header: {status_of(data)} after {time.time()-t0:.2f} s, sent {sent[0]/2**20:.1f} MiB, RSS +{rss()-base:.1f} MiB")
s.close()
# 2. 1,000 idle connections
time.sleep(0.5)
base = rss(); conns = []; refused = 0
t_connect = time.time()
for _ in range(1000):
    conns.append(connect())
time.sleep(1)
for c in conns:
    c.setblocking(False)
    try:
        if c.recv(100).startswith(b"HTTP/1.1 503"): refused += 1
    except BlockingIOError: pass
    except OSError: pass
print(f"1000 idle: {refused} got 503 at once; {threads()} threads, RSS {rss():.1f} MiB (+{rss()-base:.1f})")
closed_at = []
for c in conns:
    c.setblocking(True); c.settimeout(30)
    try:
        while c.recv(100): pass
    except OSError: pass
    closed_at.append(time.time() - t_connect)
print(f"  the held ones were closed {max(closed_at):.1f} s after they connected; {threads()} threads after")
for c in conns: c.close()
time.sleep(1)
# 3. slowloris: a header line a byte a second
s = connect(); s.settimeout(30); t0 = time.time()
s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
data = b""
def drip():
    try:
        while True:
            s.sendall(b"a"); time.sleep(1)
    except OSError: pass
threading.Thread(target=drip, daemon=True).start()
try:
    while True:
        d = s.recv(1000)
        if not d: break
        data += d
except OSError: pass
print(f"slow header: {status_of(data)} after {time.time()-t0:.1f} s")
s.close()
# 4. 100 clients x 15 MiB never read
time.sleep(1)
base = rss(); cs = []
for _ in range(100):
    c = connect()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    c.sendall(b"GET /assets/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); cs.append(c)
peak = base; t0 = time.time()
while time.time() - t0 < 3:
    peak = max(peak, rss()); time.sleep(0.05)
print(f"100 stalled readers of 15 MiB: RSS {base:.1f} -> peak {peak:.1f} MiB (+{peak-base:.1f})")
# the write timeout (10 s) closes them; read only afterwards
time.sleep(11)
got = []
for c in cs:
    c.settimeout(5); n = 0
    try:
        while True:
            d = c.recv(1 << 20)
            if not d: break
            n += len(d)
    except OSError: pass
    got.append(n)
print(f"  after 11 s: most any client received {max(got)/2**20:.1f} MiB of 15; RSS {rss():.1f} MiB, {threads()} threads")
p.kill()
shutil.rmtree(root)
