#!/usr/bin/env python3
"""Benchmarks tts-server on this machine and prints the figures BENCHMARKS.md reports.

- start-up: process start → /health "ok" (model, voices, lexicons loaded and warmed up);
- memory: server RSS after load and its peak after synthesis (from /proc);
- speed: real-time factor (synthesis seconds / audio seconds) of a ~300-character English
  paragraph over HTTP, median of several runs;
- peer: kokoro-onnx (Python + onnxruntime) on the same model file, voice, phonemes and thread
  count, in this same script, reported as a ratio.

Run through `make bench`. The peer needs `pip install kokoro-onnx` (done into .venv-bench by this
script when missing); pass --no-peer to skip it.
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
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "target" / "release" / "tts-server"
PARAGRAPH = (
    "The old lighthouse keeper climbed the spiral stairs every evening at dusk. From the top he could "
    "see the fishing boats returning to the harbour, their lights flickering across the water. He had "
    "done this for thirty years, and he still loved the quiet moment just before the great lamp came on."
)
VOICE = "af_heart"
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def http_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.load(r)


def synthesize(port: int, text: str) -> tuple[float, float]:
    """Returns (wall seconds, audio seconds) of one /synthesize call."""
    body = json.dumps({"text": text, "voice": VOICE}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/synthesize", body, {"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as r:
        wav = r.read()
    wall = time.perf_counter() - start
    data_bytes = len(wav) - 44
    return wall, data_bytes / 2 / 24_000


def stream_first_audio(port: int, text: str) -> tuple[float, float, float]:
    """Returns (seconds to the first audio byte, seconds to the end, audio seconds) of a streamed
    OpenAI-style request for raw PCM."""
    body = json.dumps({"model": "kokoro", "input": text, "voice": VOICE, "response_format": "pcm", "stream": True}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/audio/speech", body, {"Content-Type": "application/json"})
    start = time.perf_counter()
    first = None
    size = 0
    with urllib.request.urlopen(request, timeout=600) as r:
        while True:
            block = r.read1(65536)
            if not block:
                break
            if first is None:
                first = time.perf_counter() - start
            size += len(block)
    return first or 0.0, time.perf_counter() - start, size / 2 / 24_000


def bench_server(threads: int, runs: int) -> dict:
    port = free_port()
    env = dict(os.environ, TTS_THREADS=str(threads), TTS_LOG="warn")
    started = time.perf_counter()
    proc = subprocess.Popen([str(SERVER), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    try:
        while True:
            try:
                if http_json(f"http://127.0.0.1:{port}/health").get("status") == "ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None:
                raise RuntimeError("server exited; run `make setup && make build`")
            time.sleep(0.02)
        healthy = time.perf_counter() - started
        rss_loaded = rss_kib(proc.pid, "VmRSS")
        results = [synthesize(port, PARAGRAPH) for _ in range(runs)]
        streams = [stream_first_audio(port, LONG_PARAGRAPH) for _ in range(max(1, runs // 2))]
        rss_peak = rss_kib(proc.pid, "VmHWM")
        walls = [w for w, _ in results]
        audio = results[0][1]
        return {
            "healthy_s": healthy,
            "rss_loaded_mib": rss_loaded / 1024,
            "rss_peak_mib": rss_peak / 1024,
            "audio_s": audio,
            "synth_s": statistics.median(walls),
            "rtf": statistics.median(walls) / audio,
            "ttfa_s": statistics.median(f for f, _, _ in streams),
            "stream_total_s": statistics.median(t for _, t, _ in streams),
            "stream_audio_s": streams[0][2],
        }
    finally:
        proc.terminate()
        proc.wait()


def phonemes_of(text: str) -> str:
    out = subprocess.run([str(SERVER), "phonemize", "--lang", "en-us"], input=text, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def bench_peer(threads: int, runs: int, phonemes: str) -> dict | None:
    venv = ROOT / ".venv-bench"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "kokoro-onnx==0.6.1"], check=True)
    home = Path(os.environ.get("TTS_HOME") or Path.home() / ".cache" / "tts-server")
    code = r"""
import json, statistics, sys, tempfile, time
import numpy as np, onnxruntime as ort
from kokoro_onnx import Kokoro
model, voice_bin, threads, runs, phonemes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
opts = ort.SessionOptions(); opts.intra_op_num_threads = threads
session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
voice = np.fromfile(voice_bin, dtype="<f4").reshape(510, 1, 256)
npz = tempfile.NamedTemporaryFile(suffix=".npz", delete=False).name
np.savez(npz, af_heart=voice)
kokoro = Kokoro.from_session(session, npz)
kokoro.create(phonemes[:40], voice="af_heart", is_phonemes=True)  # warm-up, as the server does
walls = []
for _ in range(runs):
    t = time.perf_counter(); audio, sr = kokoro.create(phonemes, voice="af_heart", is_phonemes=True, trim=False); walls.append(time.perf_counter() - t)
print(json.dumps({"synth_s": statistics.median(walls), "audio_s": len(audio) / sr, "ort": ort.__version__}))
"""
    out = subprocess.run(
        [str(python), "-c", code, str(home / "model" / "kokoro-v1.0.int8.timestamped.onnx"), str(home / "voices" / f"{VOICE}.bin"), str(threads), str(runs), phonemes],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        print(f"peer failed: {out.stderr.strip()[-500:]}", file=sys.stderr)
        return None
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["rtf"] = result["synth_s"] / result["audio_s"]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()
    if not SERVER.exists():
        print("build first: make build", file=sys.stderr)
        return 1
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; threads={args.threads}; runs={args.runs}")
    print(f"paragraph: {len(PARAGRAPH)} characters, voice {VOICE}")
    server = bench_server(args.threads, args.runs)
    print(f"tts-server  time to healthy      {server['healthy_s']:.2f} s")
    print(f"tts-server  RSS after load       {server['rss_loaded_mib']:.0f} MiB (peak after synthesis {server['rss_peak_mib']:.0f} MiB)")
    print(f"tts-server  /synthesize          {server['synth_s']:.2f} s for {server['audio_s']:.2f} s of audio, RTF {server['rtf']:.3f}")
    ratio = server["ttfa_s"] / server["stream_total_s"]
    print(
        f"tts-server  streamed {len(LONG_PARAGRAPH)} chars     first audio after {server['ttfa_s']:.2f} s, "
        f"complete after {server['stream_total_s']:.2f} s ({server['stream_audio_s']:.1f} s of audio): "
        f"first/total = {ratio:.1%}"
    )
    if not args.no_peer:
        peer = bench_peer(args.threads, args.runs, phonemes_of(PARAGRAPH))
        if peer:
            print(f"kokoro-onnx same model/phonemes  {peer['synth_s']:.2f} s for {peer['audio_s']:.2f} s of audio, RTF {peer['rtf']:.3f} (onnxruntime {peer['ort']})")
            print(f"ratio       tts-server RTF / kokoro-onnx RTF = {server['rtf'] / peer['rtf']:.2f} (below 1 = faster, HTTP and G2P included on our side)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
