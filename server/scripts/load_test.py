#!/usr/bin/env python3
"""Load test: many concurrent clients against a real tts-server on loopback, in bounded rounds.

Starts `target/release/tts-server serve` on a free 127.0.0.1 port (nothing else is ever
contacted), then runs --rounds rounds of --clients concurrent requests: two thirds `POST
/synthesize` (whole WAV), one third streamed `POST /v1/audio/speech` (pcm), over a mix of
English and Mandarin sentences. Reports status codes, latencies (to the complete answer), how
late each 503 came against the deadline, the server's RSS after each round and the queue counts
from /metrics. Stops after --max-seconds whatever happens.

Fails (exit 1) when a request gets no answer (a timeout), an answer other than 200 or 503 `busy`
with Retry-After, a 503 later than 2 s past the deadline, or RSS growth from the first round to
the last of 10 % or more.

Run through `make load-test`, or: python3 scripts/load_test.py [--clients 24] [--rounds 5]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "target" / "release" / "tts-server"
HOST = "127.0.0.1"  # loopback only, by design
SENTENCES = [
    ("af_heart", "The old lighthouse keeper climbed the stairs at dusk."),
    ("af_heart", "Ships far out at sea would see the beam sweep across the water."),
    ("bm_george", "He wrote everything down in a thick leather logbook."),
    ("af_bella", "Nobody read it, but he kept writing."),
    ("zf_xiaobei", "灯塔看守人每天傍晚都会爬上楼梯。"),
    ("zf_xiaobei", "他把天气、船只和鸟都记在本子里。"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def request(port: int, path: str, body: dict, timeout: float) -> dict:
    """One request on its own connection; the whole answer is read. Never raises."""
    started = time.monotonic()
    result = {"path": path, "status": None, "retry_after": None, "code": None, "error": None}
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        conn.request("POST", path, json.dumps(body).encode(), {"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        result["status"] = response.status
        result["retry_after"] = response.getheader("Retry-After")
        if response.status != 200:
            try:
                result["code"] = json.loads(data)["error"]["code"]
            except (ValueError, KeyError, TypeError):
                result["code"] = "<not JSON>"
        conn.close()
    except (OSError, http.client.HTTPException) as e:
        result["error"] = f"{type(e).__name__}: {e}"
    result["seconds"] = time.monotonic() - started
    return result


def metrics(port: int) -> dict[str, float]:
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    conn.request("GET", "/metrics")
    text = conn.getresponse().read().decode()
    conn.close()
    return {
        name: float(value)
        for name, value in (line.split() for line in text.splitlines() if line and not line.startswith("#"))
    }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--deadline", type=float, default=10.0, help="the server's --deadline, seconds")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="stop starting rounds after this")
    parser.add_argument("--server", type=Path, default=SERVER)
    args = parser.parse_args()
    if not args.server.exists():
        print(f"{args.server} is missing: run `make build-server`", file=sys.stderr)
        return 2

    port = free_port()
    proc = subprocess.Popen(
        [str(args.server), "serve", "--host", HOST, "--port", str(port), "--deadline", str(args.deadline)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    began = time.monotonic()
    failures: list[str] = []
    results: list[dict] = []
    rss: list[float] = []
    try:
        while True:
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=2)
                conn.request("GET", "/health")
                if json.loads(conn.getresponse().read())["status"] == "ok":
                    break
            except (OSError, ValueError, http.client.HTTPException):
                pass
            if proc.poll() is not None or time.monotonic() - began > 120:
                print("server did not become healthy", file=sys.stderr)
                return 2
            time.sleep(0.1)
        warm = request(port, "/synthesize", {"text": SENTENCES[0][1]}, 120)
        solo = warm["seconds"]
        rss_start = rss_mib(proc.pid)
        patience = args.deadline + 60  # silence this long counts as a hang
        for round_no in range(args.rounds):
            if time.monotonic() - began > args.max_seconds:
                print(f"stopped after {round_no} rounds: --max-seconds reached", file=sys.stderr)
                break
            batch: list[dict] = [{} for _ in range(args.clients)]

            def client(i: int) -> None:
                voice, text = SENTENCES[(i + round_no) % len(SENTENCES)]
                if i % 3 == 2:
                    body = {"model": "tts-1", "input": text, "voice": voice, "response_format": "pcm", "stream": True}
                    batch[i] = request(port, "/v1/audio/speech", body, patience)
                else:
                    batch[i] = request(port, "/synthesize", {"text": text, "voice": voice}, patience)

            threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            results.extend(batch)
            rss.append(rss_mib(proc.pid))
        final = metrics(port)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

    for r in results:
        where = f"{r['path']} after {r['seconds']:.2f} s"
        if r["error"]:
            failures.append(f"no answer ({r['error']}) {where}")
        elif r["status"] == 503:
            if r["code"] != "busy" or not (r["retry_after"] or "").isdigit():
                failures.append(f"503 {r['code']} without Retry-After {where}")
            if r["seconds"] > args.deadline + 2:
                failures.append(f"503 more than 2 s after the deadline: {where}")
        elif r["status"] != 200:
            failures.append(f"status {r['status']} {r['code']} {where}")
    growth = (rss[-1] - rss[0]) / rss[0] * 100 if rss else 0.0
    if growth >= 10:
        failures.append(f"RSS grew {growth:.1f} % from the first round to the last")

    ok = [r["seconds"] for r in results if r["status"] == 200]
    busy = [r["seconds"] for r in results if r["status"] == 503]
    codes: dict[str, int] = {}
    for r in results:
        key = str(r["status"]) if r["status"] else "no answer"
        codes[key] = codes.get(key, 0) + 1
    print(f"tts-server load test: {len(results)} requests, {args.clients} concurrent clients × "
          f"{len(rss)} rounds, deadline {args.deadline:g} s, {os.cpu_count()} CPUs, "
          f"{time.monotonic() - began:.0f} s in all")
    print()
    print("| what | figure |")
    print("|---|---|")
    print(f"| one request alone (warm-up) | {solo:.2f} s |")
    print(f"| answers | {', '.join(f'{n} × {c}' for c, n in sorted(codes.items()))} |")
    print(f"| 200: median / p95 / max | {statistics.median(ok) if ok else float('nan'):.2f} / "
          f"{percentile(ok, 95):.2f} / {max(ok, default=float('nan')):.2f} s |")
    print(f"| 503 busy: median / p95 / max (deadline {args.deadline:g} s) | "
          f"{statistics.median(busy) if busy else float('nan'):.2f} / {percentile(busy, 95):.2f} / "
          f"{max(busy, default=float('nan')):.2f} s |")
    print(f"| RSS after warm-up → after each round | {rss_start:.0f} → "
          f"{' → '.join(f'{m:.0f}' for m in rss)} MiB |")
    print(f"| RSS growth, first round to last | {growth:+.1f} % |")
    print(f"| /metrics at the end | refused {final.get('tts_requests_refused_total', 0):.0f}, completed "
          f"{final.get('tts_syntheses_completed_total', 0):.0f}, running "
          f"{final.get('tts_requests_running', 0):.0f}, waiting {final.get('tts_requests_waiting', 0):.0f} |")
    if failures:
        print(f"\n{len(failures)} failures:", file=sys.stderr)
        for f in failures[:20]:
            print("  " + f, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
