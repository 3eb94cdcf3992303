#!/usr/bin/env python3
"""Benchmarks tts-server against kokoro-onnx on this machine and prints what BENCHMARKS.md reports.

Everything is side by side with the peer, kokoro-onnx (Python + onnxruntime) on the same model
file, voice, phonemes (ours) and thread count, in one run, and given as a ratio ours / peer: this
machine's speed drifts by tens of percent between minutes, a ratio from interleaved runs does not.

- speed: short (one sentence), medium (~300 characters) and long (~3,000 characters) English and
  Chinese text; our side is an HTTP `/synthesize` (G2P, inference, WAV), the peer's `create()`;
- time to first audio: our streamed `/v1/audio/speech` against the peer's `create_stream()`;
- concurrency: 4 clients at once against the same requests one after another (throughput ratio);
- memory: RSS after load, peak (VmHWM) after the speed runs, and after --soak mixed requests.

Run through `make bench` (all of it) or pick parts: `--only speed,ttfa,concurrency,memory` and
`--sizes short,medium`. The peer needs `pip install kokoro-onnx` (done into .venv-bench by this
script when missing).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "target" / "release" / "tts-server"
HOME = Path(os.environ.get("TTS_HOME") or Path.home() / ".cache" / "tts-server")
MODEL = HOME / "model" / "kokoro-v1.0.int8.timestamped.onnx"

PARAGRAPH = (
    "The old lighthouse keeper climbed the spiral stairs every evening at dusk. From the top he could "
    "see the fishing boats returning to the harbour, their lights flickering across the water. He had "
    "done this for thirty years, and he still loved the quiet moment just before the great lamp came on."
)
# About 1,000 characters: what issue 5 measures time-to-first-audio on.
LONG_PARAGRAPH = (
    PARAGRAPH
    + " On stormy nights the waves broke against the rocks below, and the whole tower seemed to shake. "
    "Ships passing far out at sea would see the beam sweep across the dark water, and the sailors knew "
    "they were close to home. In the morning he wrote everything down in a thick leather logbook: the "
    "weather, the ships, the birds that rested on the railing. Nobody ever read it, but he kept writing, "
    "because he believed that somebody, one day, would want to know what the sea had been like. When the "
    "lamp was finally automated, he moved to a small cottage in the village, but every evening at dusk he "
    "still walked to the harbour wall and watched the light come on, just as he had always done."
)
ZH_PARAGRAPH = (
    "老灯塔看守人每天傍晚都会爬上螺旋楼梯。从塔顶上，他可以看到渔船回到港口，船上的灯光在水面上闪烁。"
    "他这样做了三十年，仍然喜欢大灯亮起之前那片刻的安静。暴风雨的夜里，海浪拍打着下面的岩石，整座塔好像都在摇晃。"
    "远处海上经过的船只会看到光束扫过黑暗的水面，水手们就知道他们离家不远了。早上，他把一切都写在一本厚厚的皮面日志里："
    "天气、船只、在栏杆上休息的鸟。没有人读过它，但他一直在写，因为他相信总有一天会有人想知道大海曾经是什么样子。"
    "后来灯塔改成了自动的，他搬到村子里的一间小房子，可是每天傍晚他还是走到港口的墙边，看着灯光亮起来，就像他一直做的那样。"
    "村里的孩子们常常跟着他，听他讲那些关于大海和船的故事。"
)


def repeat_to(text: str, chars: int) -> str:
    """The text repeated (whole copies, joined by a space) until it is at least `chars` long."""
    copies = [text]
    while sum(len(c) + 1 for c in copies) < chars:
        copies.append(text)
    return " ".join(copies)


# (language, size) -> (text, voice). One sentence, ~300 characters, ~3,000 characters.
TEXTS = {
    ("en", "short"): ("The old lighthouse keeper climbed the spiral stairs every evening at dusk.", "af_heart"),
    ("en", "medium"): (PARAGRAPH, "af_heart"),
    ("en", "long"): (repeat_to(LONG_PARAGRAPH, 2900), "af_heart"),
    ("zh", "short"): ("老灯塔看守人每天傍晚都会爬上螺旋楼梯。", "zf_xiaobei"),
    ("zh", "medium"): (ZH_PARAGRAPH, "zf_xiaobei"),
    ("zh", "long"): (repeat_to(ZH_PARAGRAPH, 2900), "zf_xiaobei"),
}
# What the soak cycles through: mixed lengths, both languages.
SOAK = [
    ("Hello.", "af_heart"),
    (TEXTS[("en", "short")][0], "af_heart"),
    (TEXTS[("zh", "short")][0], "zf_xiaobei"),
    ("Obama admits US gun laws.", "af_heart"),
    (PARAGRAPH, "af_heart"),
    ("你好，世界。", "zf_xiaobei"),
]

# The peer, as a worker reading one JSON request per line and answering with one JSON line, so its
# runs interleave with ours under the same machine conditions.
PEER = r"""
import asyncio, json, sys, tempfile, time
import numpy as np, onnxruntime as ort
from kokoro_onnx import Kokoro
model, voices_dir, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
opts = ort.SessionOptions(); opts.intra_op_num_threads = threads
session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
def status(field):
    return int([l for l in open("/proc/self/status") if l.startswith(field + ":")][0].split()[1]) // 1024
packs = {}
for name in ("af_heart", "zf_xiaobei"):
    packs[name] = np.fromfile(f"{voices_dir}/{name}.bin", dtype="<f4").reshape(510, 1, 256)
npz = tempfile.NamedTemporaryFile(suffix=".npz", delete=False).name
np.savez(npz, **packs)
kokoro = Kokoro.from_session(session, npz)
kokoro.create("həlˈO.", voice="af_heart", is_phonemes=True)  # warm-up, as the server does
async def first_audio(phonemes, voice):
    start = time.perf_counter(); first = None; samples = 0
    async for audio, sr in kokoro.create_stream(phonemes, voice=voice, is_phonemes=True, trim=False):
        first = first or time.perf_counter() - start; samples += len(audio)
    return first, time.perf_counter() - start, samples / sr
print(json.dumps({"rss_mib": status("VmRSS")}), flush=True)
for line in sys.stdin:
    job = json.loads(line)
    if job["kind"] == "create":
        start = time.perf_counter()
        audio, sr = kokoro.create(job["phonemes"], voice=job["voice"], is_phonemes=True, trim=False)
        out = {"s": time.perf_counter() - start, "audio_s": len(audio) / sr}
    elif job["kind"] == "stream":
        first, total, audio_s = asyncio.run(first_audio(job["phonemes"], job["voice"]))
        out = {"first_s": first, "s": total, "audio_s": audio_s}
    else:
        out = {"rss_mib": status("VmRSS"), "peak_mib": status("VmHWM")}
    print(json.dumps(out), flush=True)
"""


class Peer:
    """kokoro-onnx in its own process (its own venv), one job at a time."""

    def __init__(self, threads: int):
        venv = ROOT / ".venv-bench"
        python = venv / "bin" / "python"
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "--quiet", "kokoro-onnx==0.6.1", "onnxruntime==1.32.0"], check=True)
        self.proc = subprocess.Popen(
            [str(python), "-c", PEER, str(MODEL), str(HOME / "voices"), str(threads)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.rss_loaded_mib = self._answer()["rss_mib"]

    def _answer(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("kokoro-onnx worker exited")
        return json.loads(line)

    def ask(self, job: dict) -> dict:
        self.proc.stdin.write(json.dumps(job, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        return self._answer()

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_mib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


class Server:
    """tts-server on a free port, started and waited for."""

    def __init__(self, threads: int):
        self.port = free_port()
        env = dict(os.environ, TTS_THREADS=str(threads), TTS_LOG="warn")
        started = time.perf_counter()
        # Its log would print every 503 of the concurrency part.
        self.proc = subprocess.Popen(
            [str(SERVER), "serve", "--port", str(self.port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=5) as r:
                    if json.load(r).get("status") == "ok":
                        break
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("server exited; run `make setup && make build`")
            time.sleep(0.02)
        self.healthy_s = time.perf_counter() - started

    def mib(self, field: str) -> float:
        return status_mib(self.proc.pid, field)

    def synthesize(self, text: str, voice: str) -> tuple[float, float]:
        """(wall seconds, audio seconds) of one /synthesize call; 503 `busy` raises HTTPError."""
        body = json.dumps({"text": text, "voice": voice}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/synthesize", body, {"Content-Type": "application/json"})
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=900) as r:
            wav = r.read()
        return time.perf_counter() - start, (len(wav) - 44) / 2 / 24_000

    def stream(self, text: str, voice: str) -> tuple[float, float, float]:
        """(seconds to the first audio byte, seconds to the end, audio seconds) of a streamed
        OpenAI-style request for raw PCM."""
        body = json.dumps({"model": "kokoro", "input": text, "voice": voice, "response_format": "pcm", "stream": True}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/v1/audio/speech", body, {"Content-Type": "application/json"})
        start = time.perf_counter()
        first = None
        size = 0
        with urllib.request.urlopen(request, timeout=900) as r:
            while block := r.read1(65536):
                first = first or time.perf_counter() - start
                size += len(block)
        return first or 0.0, time.perf_counter() - start, size / 2 / 24_000

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait()


def phonemes_of(text: str, lang: str) -> str:
    lang = "en-us" if lang == "en" else lang
    out = subprocess.run([str(SERVER), "phonemize", "--lang", lang], input=text, capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def bench_speed(server: Server, peer: Peer, langs: list[str], sizes: list[str], runs: int) -> list[str]:
    rows = []
    for lang in langs:
        for size in sizes:
            text, voice = TEXTS[(lang, size)]
            phonemes = phonemes_of(text, lang)
            n = 1 if size == "long" else runs
            ours, theirs = [], []
            for i in range(n):
                # Alternate who goes first, so neither always meets the other's after-effects.
                if i % 2:
                    theirs.append(peer.ask({"kind": "create", "phonemes": phonemes, "voice": voice}))
                ours.append(server.synthesize(text, voice))
                if not i % 2:
                    theirs.append(peer.ask({"kind": "create", "phonemes": phonemes, "voice": voice}))
            us = statistics.median(w for w, _ in ours)
            them = statistics.median(t["s"] for t in theirs)
            audio = ours[0][1]
            line = (
                f"speed   {lang} {size:6} {len(text):5} chars {audio:6.1f} s audio  tts-server {us:7.2f} s (RTF {us / audio:.3f})"
                f"  kokoro-onnx {them:7.2f} s (RTF {them / theirs[0]['audio_s']:.3f})  ratio {us / them:.2f}  (median of {n})"
            )
            print(line, flush=True)
            rows.append(f"| {lang} {size} ({len(text)} chars, {audio:.1f} s of audio) | {us:.2f} s | {them:.2f} s | **{us / them:.2f}** |")
    return rows


def bench_ttfa(server: Server, peer: Peer) -> list[str]:
    """First audio of a streamed ~1,000-character English and ~300-character Chinese text (one run
    each: these are long)."""
    rows = []
    for lang, text, voice in (("en", LONG_PARAGRAPH, "af_heart"), ("zh", *TEXTS[("zh", "medium")])):
        phonemes = phonemes_of(text, lang)
        first, total, _ = server.stream(text, voice)
        theirs = peer.ask({"kind": "stream", "phonemes": phonemes, "voice": voice})
        print(
            f"first   {lang} {len(text):5} chars streamed  tts-server first audio {first:.2f} s of {total:.2f} s"
            f"  kokoro-onnx create_stream {theirs['first_s']:.2f} s of {theirs['s']:.2f} s  ratio {first / theirs['first_s']:.2f}",
            flush=True,
        )
        rows.append(
            f"| first audio, {lang} {len(text)} chars streamed | {first:.2f} s (all {total:.2f} s) |"
            f" {theirs['first_s']:.2f} s (all {theirs['s']:.2f} s) | **{first / theirs['first_s']:.2f}** |"
        )
    return rows


def bench_concurrency(server: Server, clients: int, each: int) -> list[str]:
    """Throughput of `clients` clients sending `each` short sentences at once, against the same
    requests one after another. A client told 503 `busy` waits its Retry-After and asks again, as
    the extension does, so both sides do the same work."""
    work = [("Obama admits US gun laws.", "af_heart"), ("你好，世界。", "zf_xiaobei")]
    start = time.perf_counter()
    for c in range(clients):
        for i in range(each):
            server.synthesize(*work[(c + i) % len(work)])
    sequential = time.perf_counter() - start
    refused = []

    def client(c: int) -> None:
        for i in range(each):
            while True:
                try:
                    server.synthesize(*work[(c + i) % len(work)])
                    break
                except urllib.error.HTTPError as e:
                    refused.append(e.code)
                    time.sleep(float(e.headers.get("Retry-After", "1")))

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    concurrent = time.perf_counter() - start
    ratio = sequential / concurrent
    print(
        f"clients {clients} clients x {each} sentences at once {concurrent:.2f} s, one after another {sequential:.2f} s:"
        f" throughput ratio {ratio:.2f} ({len(refused)} refusals retried)",
        flush=True,
    )
    return [
        f"| {clients} clients × {each} short sentences at once, against one after another | {concurrent:.2f} s vs"
        f" {sequential:.2f} s: throughput **{ratio:.2f}×** ({len(refused)} refusals retried) | | |"
    ]


def bench_soak(server: Server, requests: int) -> tuple[float, float]:
    """RSS after the first tenth of `requests` mixed requests and after all of them."""
    early = None
    for i in range(requests):
        text, voice = SOAK[i % len(SOAK)]
        server.synthesize(text, voice)
        if i + 1 == max(1, requests // 10):
            early = server.mib("VmRSS")
        if (i + 1) % 100 == 0:
            print(f"memory  RSS after {i + 1} mixed requests {server.mib('VmRSS'):.0f} MiB", flush=True)
    return early or server.mib("VmRSS"), server.mib("VmRSS")


def main() -> int:
    global SERVER
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--runs", type=int, default=3, help="runs per short and medium text (long: 1)")
    parser.add_argument("--only", default="speed,ttfa,concurrency,memory")
    parser.add_argument("--sizes", default="short,medium,long")
    parser.add_argument("--langs", default="en,zh")
    parser.add_argument("--soak", type=int, default=1000, help="mixed requests for the memory figure")
    parser.add_argument("--server", type=Path, default=SERVER, help="the binary to measure (to compare builds)")
    args = parser.parse_args()
    SERVER = args.server
    parts = set(args.only.split(","))
    if not SERVER.exists():
        print("build first: make build", file=sys.stderr)
        return 1
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; threads={args.threads}; runs={args.runs}; server {SERVER}")
    server = Server(args.threads)
    peer = Peer(args.threads) if parts & {"speed", "ttfa"} else None
    rows = []
    try:
        loaded = server.mib("VmRSS")
        print(f"server  healthy after {server.healthy_s:.2f} s, RSS after load {loaded:.0f} MiB", flush=True)
        if "speed" in parts:
            rows += bench_speed(server, peer, args.langs.split(","), args.sizes.split(","), args.runs)
        if "ttfa" in parts:
            rows += bench_ttfa(server, peer)
        if "concurrency" in parts:
            rows += bench_concurrency(server, 4, 3)
        if "memory" in parts:
            peak = server.mib("VmHWM")
            line = f"memory  tts-server RSS after load {loaded:.0f} MiB, peak {peak:.0f} MiB"
            if peer:
                peer_now = peer.ask({"kind": "memory"})
                line += f"; kokoro-onnx after load {peer.rss_loaded_mib:.0f} MiB, peak {peer_now['peak_mib']:.0f} MiB"
            print(line, flush=True)
            early, late = bench_soak(server, args.soak)
            growth = (late - early) / early
            print(
                f"memory  RSS after {max(1, args.soak // 10)} mixed requests {early:.0f} MiB, after {args.soak}: {late:.0f} MiB"
                f" ({growth:+.1%}); peak {server.mib('VmHWM'):.0f} MiB",
                flush=True,
            )
            peer_cell = f"{peer.rss_loaded_mib:.0f} / {peer_now['peak_mib']:.0f} MiB / –" if peer else ""
            rows.append(
                f"| RSS after load / peak / after {args.soak} mixed requests | {loaded:.0f} / {peak:.0f} / {late:.0f} MiB"
                f" ({growth:+.1%} since request {max(1, args.soak // 10)}) | {peer_cell} | |"
            )
    finally:
        server.close()
        if peer:
            peer.close()
    print("\n".join(["", "| what | tts-server | kokoro-onnx | ratio |", "|---|---:|---:|---:|", *rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
