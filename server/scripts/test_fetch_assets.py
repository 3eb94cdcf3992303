"""Tests for fetch_assets.py's download path, against a real HTTP server on loopback.

The upstream hosts are unreachable from CI, so the real download code (resume, checksum, fallback
between sources) is exercised here against a local server that speaks HTTP Range like a CDN does.
"""

import hashlib
import http.server
import json
import sys
import tempfile
import threading
import unittest
from pathlib import Path
from unittest import mock

import fetch_assets

PAYLOAD = bytes(range(256)) * 4096  # 1 MiB
SHA = hashlib.sha256(PAYLOAD).hexdigest()


class RangeHandler(http.server.BaseHTTPRequestHandler):
    """Serves PAYLOAD at /file.bin with Range support; can cut the connection short once."""

    cut_after = None  # bytes to send before dropping the connection (once)
    requests = []

    def do_GET(self):
        RangeHandler.requests.append((self.path, self.headers.get("Range")))
        if self.path != "/file.bin":
            self.send_error(404, "Not Found")
            return
        start = 0
        if self.headers.get("Range"):
            start = int(self.headers["Range"].split("=")[1].split("-")[0])
            if start >= len(PAYLOAD):
                self.send_response(416)
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(PAYLOAD) - 1}/{len(PAYLOAD)}")
        else:
            self.send_response(200)
        body = PAYLOAD[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if RangeHandler.cut_after is not None:
            cut, RangeHandler.cut_after = RangeHandler.cut_after, None
            self.wfile.write(body[:cut])
            self.wfile.flush()
            self.connection.shutdown(2)
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class FetchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RangeHandler)
        cls.base = f"http://127.0.0.1:{cls.server.server_address[1]}"
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="fetch-test-"))
        RangeHandler.requests = []
        RangeHandler.cut_after = None

    def test_downloads_and_verifies(self):
        dest = self.dir / "file.bin"
        fetch_assets.download(f"{self.base}/file.bin", dest, SHA)
        self.assertEqual(dest.read_bytes(), PAYLOAD)
        self.assertFalse((self.dir / "file.bin.part").exists())

    def test_resumes_after_a_dropped_connection(self):
        dest = self.dir / "file.bin"
        RangeHandler.cut_after = 300_000
        with self.assertRaises(fetch_assets.FetchError) as caught:
            fetch_assets.download(f"{self.base}/file.bin", dest, SHA)
        self.assertIn("run again to resume", str(caught.exception))
        part = self.dir / "file.bin.part"
        self.assertEqual(part.stat().st_size, 300_000)
        fetch_assets.download(f"{self.base}/file.bin", dest, SHA)
        self.assertEqual(dest.read_bytes(), PAYLOAD)
        self.assertEqual(RangeHandler.requests[-1], ("/file.bin", "bytes=300000-"))

    def test_checksum_mismatch_is_refused_and_cleaned_up(self):
        dest = self.dir / "file.bin"
        with self.assertRaises(fetch_assets.FetchError) as caught:
            fetch_assets.download(f"{self.base}/file.bin", dest, "0" * 64)
        self.assertIn("sha256 mismatch", str(caught.exception))
        self.assertFalse(dest.exists())
        self.assertFalse((self.dir / "file.bin.part").exists())

    def test_http_errors_name_the_url(self):
        with self.assertRaises(fetch_assets.FetchError) as caught:
            fetch_assets.download(f"{self.base}/missing.bin", self.dir / "missing.bin", SHA)
        self.assertIn("404", str(caught.exception))
        self.assertIn("/missing.bin", str(caught.exception))

    def test_falls_back_to_the_next_source_and_is_idempotent(self):
        asset = {
            "about": "test payload",
            "dir": "assets",
            "files": {"file.bin": SHA},
            "sources": [
                {"kind": "url", "url": "http://127.0.0.1:1/{name}"},  # nothing listens on port 1
                {"kind": "url", "url": f"{self.base}/{{name}}"},
            ],
        }
        fetch_assets.install_asset("test", asset, self.dir, {"url"})
        self.assertEqual((self.dir / "assets" / "file.bin").read_bytes(), PAYLOAD)
        served = len(RangeHandler.requests)
        fetch_assets.install_asset("test", asset, self.dir, {"url"})
        self.assertEqual(len(RangeHandler.requests), served, "a present file is not fetched again")

    def test_every_source_failing_is_an_error_listing_them(self):
        asset = {"about": "x", "dir": "a", "files": {"missing.bin": SHA}, "sources": [{"kind": "url", "url": f"{self.base}/{{name}}"}]}
        with self.assertRaises(fetch_assets.FetchError) as caught:
            fetch_assets.install_asset("test", asset, self.dir, {"url"})
        self.assertIn("every source failed", str(caught.exception))

    def test_manifest_pins_every_file(self):
        manifest = json.loads(fetch_assets.MANIFEST.read_text())
        self.assertEqual(len(manifest["voices"]["files"]), 54)
        for key, asset in manifest.items():
            self.assertTrue(asset["sources"], key)
            for name, sha in asset["files"].items():
                self.assertRegex(sha, "^[0-9a-f]{64}$", f"{key}/{name}")


# Stands in for derive_timestamped_model.py: counts its runs, fails on "bad" input, appends a marker.
STAND_IN = """
import sys
from pathlib import Path
src, dst = Path(sys.argv[1]), Path(sys.argv[2])
runs = src.with_name("runs.log")
runs.write_text((runs.read_text() if runs.exists() else "") + "x")
if src.read_bytes() == b"bad":
    sys.exit("no per-token duration tensor found")
dst.write_bytes(src.read_bytes() + b"+durations")
"""
BASE = b"base model"
DERIVED_SHA = hashlib.sha256(BASE + b"+durations").hexdigest()


class DeriveSourceTest(unittest.TestCase):
    """The "derive" source kind: a file made by a script from a file that an earlier asset installed."""

    def setUp(self):
        self.home = Path(tempfile.mkdtemp(prefix="derive-test-"))
        self.script = self.home / "stand_in.py"
        self.script.write_text(STAND_IN)
        (self.home / "model").mkdir()
        self.asset = {
            "about": "derived test file",
            "dir": "model",
            "files": {"derived.onnx": DERIVED_SHA},
            "sources": [{"kind": "derive", "script": str(self.script), "input": "model/base.onnx"}],
        }

    def install(self):
        fetch_assets.install_asset("derived", self.asset, self.home, {"derive"})

    def runs(self):
        log = self.home / "model" / "runs.log"
        return len(log.read_text()) if log.exists() else 0

    def test_derives_verifies_and_is_idempotent(self):
        (self.home / "model" / "base.onnx").write_bytes(BASE)
        self.install()
        self.assertEqual((self.home / "model" / "derived.onnx").read_bytes(), BASE + b"+durations")
        self.assertFalse((self.home / "model" / "derived.onnx.part").exists())
        self.install()
        self.assertEqual(self.runs(), 1, "a present derived file is not made again")

    def test_missing_input_says_to_install_it_first(self):
        with self.assertRaises(fetch_assets.FetchError) as caught:
            self.install()
        self.assertIn("base.onnx is missing", str(caught.exception))
        self.assertEqual(self.runs(), 0)

    def test_script_failure_is_reported_and_leaves_nothing(self):
        (self.home / "model" / "base.onnx").write_bytes(b"bad")
        with self.assertRaises(fetch_assets.FetchError) as caught:
            self.install()
        self.assertIn("no per-token duration tensor found", str(caught.exception))
        self.assertEqual(sorted(p.name for p in (self.home / "model").iterdir()), ["base.onnx", "runs.log"])

    def test_checksum_mismatch_is_refused(self):
        (self.home / "model" / "base.onnx").write_bytes(BASE + b" of another version")
        with self.assertRaises(fetch_assets.FetchError) as caught:
            self.install()
        self.assertIn("sha256 mismatch", str(caught.exception))
        self.assertFalse((self.home / "model" / "derived.onnx").exists())
        self.assertFalse((self.home / "model" / "derived.onnx.part").exists())

    def test_tools_are_pip_installed_once_and_put_on_the_path(self):
        installs = []

        def fake_pip(cmd, cwd):
            installs.append(cmd)
            target = Path(cmd[cmd.index("--target") + 1])
            target.mkdir(parents=True)
            (target / "tool_marker.py").write_text("")

        (self.home / "model" / "base.onnx").write_bytes(BASE)
        self.asset["sources"][0]["requirements"] = ["onnx==1.23.2"]
        # The stand-in fails unless the tools folder is importable.
        self.script.write_text("import tool_marker\n" + STAND_IN)
        stale = self.home / "tools" / "onnx-1.23.2.part"
        stale.mkdir(parents=True)  # left by an interrupted install
        with mock.patch.object(fetch_assets, "run", fake_pip):
            self.install()
            (self.home / "model" / "derived.onnx").unlink()
            self.install()
        self.assertEqual(len(installs), 1, "the tools folder is reused")
        self.assertIn("onnx==1.23.2", installs[0])
        self.assertEqual(self.runs(), 2)
        self.assertTrue((self.home / "tools" / "onnx-1.23.2" / "tool_marker.py").is_file())
        self.assertFalse(stale.exists())

    def test_manifest_derives_the_timestamped_model_from_the_installed_one(self):
        manifest = json.loads(fetch_assets.MANIFEST.read_text())
        keys = list(manifest)
        source, = manifest["model-timestamped"]["sources"]
        self.assertEqual(source["kind"], "derive")
        self.assertTrue((fetch_assets.MANIFEST.parent / source["script"]).is_file())
        folder, name = source["input"].split("/")
        base_key = next(k for k, a in manifest.items() if a["dir"] == folder and name in a["files"])
        self.assertLess(keys.index(base_key), keys.index("model-timestamped"), "the input is installed first")


def import_onnx():
    """The onnx package: installed, or the copy `make setup` put in $TTS_HOME/tools; None if neither."""
    try:
        import onnx
        return onnx
    except ImportError:
        pass
    manifest = json.loads(fetch_assets.MANIFEST.read_text())
    requirements = manifest["model-timestamped"]["sources"][0]["requirements"]
    tools = fetch_assets.tts_home() / "tools" / "-".join(r.replace("==", "-") for r in requirements)
    if not tools.is_dir():
        return None
    sys.path.append(str(tools))
    try:
        import onnx
        return onnx
    except ImportError:
        return None


onnx = import_onnx()


@unittest.skipIf(onnx is None, "needs the onnx package (run `make setup` first)")
class DeriveScriptTest(unittest.TestCase):
    """derive_timestamped_model.py on a small graph with Kokoro's duration chain."""

    def kokoro_like(self, with_round=True):
        from onnx import TensorProto, helper, numpy_helper
        import numpy as np

        chain = ["Div", "Round"] if with_round else ["Div"]
        nodes = [helper.make_node("Cast", ["tokens"], ["x"], to=TensorProto.FLOAT),
                 helper.make_node("Div", ["x", "speed"], ["Div"])]
        if with_round:
            nodes.append(helper.make_node("Round", ["Div"], ["Round"]))
        nodes += [helper.make_node("Clip", [chain[-1], "one", ""], ["Clip"]),
                  helper.make_node("Cast", ["Clip"], ["Cast"], to=TensorProto.INT64),
                  helper.make_node("Gather", ["Cast", "zero"], ["pred_dur"], axis=0),
                  helper.make_node("CumSum", ["pred_dur", "zero"], ["ends"]),
                  helper.make_node("Cast", ["ends"], ["audio"], to=TensorProto.FLOAT)]
        graph = helper.make_graph(
            nodes, "kokoro-like",
            [helper.make_tensor_value_info("tokens", TensorProto.INT64, [1, "sequence_length"]),
             helper.make_tensor_value_info("speed", TensorProto.FLOAT, [1])],
            [helper.make_tensor_value_info("audio", TensorProto.FLOAT, ["audio_length"])],
            [numpy_helper.from_array(np.array(1.0, np.float32), "one"),
             numpy_helper.from_array(np.array(0, np.int64), "zero")])
        return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])

    def test_exposes_pred_dur_and_keeps_audio(self):
        import numpy as np
        from onnx.reference import ReferenceEvaluator
        import derive_timestamped_model as derive

        original = self.kokoro_like()
        derived = derive.derive(self.kokoro_like())
        onnx.checker.check_model(derived)
        self.assertEqual([o.name for o in derived.graph.output], ["audio", "durations"])
        self.assertEqual(derived.graph.output[1].type.tensor_type.elem_type, onnx.TensorProto.INT64)
        feed = {"tokens": np.array([[0, 3, 5, 0]], np.int64), "speed": np.array([2.0], np.float32)}
        audio, durations = ReferenceEvaluator(derived).run(None, feed)
        # round([0, 1.5, 2.5, 0]) = [0, 2, 2, 0] (half to even, as torch.round), then clamp(min=1).
        self.assertEqual(durations.tolist(), [1, 2, 2, 1])
        self.assertEqual(audio.tolist(), ReferenceEvaluator(original).run(None, feed)[0].tolist())

    def test_is_deterministic(self):
        import derive_timestamped_model as derive

        self.assertEqual(derive.derive(self.kokoro_like()).SerializeToString(),
                         derive.derive(self.kokoro_like()).SerializeToString())

    def test_refuses_a_model_that_has_durations_or_no_such_chain(self):
        import derive_timestamped_model as derive

        with self.assertRaisesRegex(derive.DeriveError, "already has a durations output"):
            derive.derive(derive.derive(self.kokoro_like()))
        with self.assertRaisesRegex(derive.DeriveError, "no per-token duration tensor found"):
            derive.derive(self.kokoro_like(with_round=False))


if __name__ == "__main__":
    unittest.main()
