"""Tests for fetch_assets.py's download path, against a real HTTP server on loopback.

The upstream hosts are unreachable from CI, so the real download code (resume, checksum, fallback
between sources) is exercised here against a local server that speaks HTTP Range like a CDN does.
"""

import hashlib
import http.server
import json
import tempfile
import threading
import unittest
from pathlib import Path

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


if __name__ == "__main__":
    unittest.main()
