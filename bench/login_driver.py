#!/usr/bin/env python3
"""Logins at a fixed rate, for bench/run.sh ("a login storm").

    login_driver.py BASE RATE SECONDS USERNAME   (password on stdin)

Sends POST BASE/api/v1/auth/login at RATE per second for SECONDS (open loop:
the schedule does not wait for answers), over keep-alive connections from a
set of 256 sender threads (more than the server's pool queue, so that its
bound shows as 503s), and prints one line of KEY=VALUE pairs: sent,
ok (200), busy (503), other (anything else or a failed connection), late
(ticks with every sender still busy: not sent), and the login latency p50 and
p99 in ms. A benchmark helper, not a test; standard library only.
"""
import http.client
import json
import queue
import sys
import threading
import time
import urllib.parse

SENDERS = 256


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    base, rate, seconds, user = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    password = sys.stdin.readline().rstrip("\n")
    url = urllib.parse.urlsplit(base)
    body = json.dumps({"username": user, "password": password})
    headers = {"content-type": "application/json"}
    work = queue.Queue()
    lock = threading.Lock()
    counts = {"ok": 0, "busy": 0, "other": 0}
    latencies = []
    idle = threading.Semaphore(SENDERS)

    def sender():
        conn = None
        while True:
            item = work.get()
            if item is None:
                return
            t0 = time.monotonic()
            status = 0
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                conn.request("POST", "/api/v1/auth/login", body, headers)
                r = conn.getresponse()
                r.read()
                status = r.status
                if r.getheader("connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except Exception:
                if conn is not None:
                    conn.close()
                conn = None
            ms = (time.monotonic() - t0) * 1000
            with lock:
                if status == 200:
                    counts["ok"] += 1
                elif status == 503:
                    counts["busy"] += 1
                else:
                    counts["other"] += 1
                latencies.append(ms)
            idle.release()

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(SENDERS)]
    for t in threads:
        t.start()
    sent = late = 0
    start = time.monotonic()
    n = int(rate * seconds)
    for i in range(n):
        due = start + i / rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        if idle.acquire(blocking=False):
            work.put(i)
            sent += 1
        else:
            late += 1
    sending = time.monotonic() - start
    for _ in threads:
        work.put(None)
    for t in threads:
        t.join(timeout=35)
    latencies.sort()

    def pct(p):
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]

    print(
        f"sent={sent} rate={sent / sending:.1f} ok={counts['ok']} busy={counts['busy']} "
        f"other={counts['other']} late={late} p50_ms={pct(50):.1f} p99_ms={pct(99):.1f}"
    )


if __name__ == "__main__":
    main()
