//! `tts-server export-web-assets DIR`: copies what an in-browser Kokoro engine needs (model, voice
//! packs, text data) into one folder that a web server can serve as the client's `modelBaseUrl`.
//!
//! Layout: `model.onnx`, `voices/<id>.bin`, `text/<misaki|pypinyin|cmudict>/…`, and `manifest.json`
//! listing every file with its size and sha256, so a client can check what it downloaded.
//! `version` names this layout; a client refuses a version it does not know rather than guess.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::Path;

use serde_json::json;
use sha2::{Digest, Sha256};

use crate::assets::AssetPaths;

/// The layout's version in `manifest.json`: 1 added `sha256` per file (the manifest before it had
/// no version). Raise it when a client would misread the folder otherwise.
pub const LAYOUT_VERSION: u32 = 1;

/// Copies the assets into `dir` (created if missing) and writes `manifest.json`.
pub fn run(paths: &AssetPaths, dir: &Path) -> Result<(), String> {
    let mut files = serde_json::Map::new();
    let mut copy = |from: &Path, to: &str| -> Result<(), String> {
        let target = dir.join(to);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let (bytes, sha256) = copy_hashed(from, &target).map_err(|e| {
            format!(
                "cannot copy {} to {}: {e} (run `make setup`?)",
                from.display(),
                target.display()
            )
        })?;
        files.insert(to.to_string(), json!({ "bytes": bytes, "sha256": sha256 }));
        Ok(())
    };
    copy(&paths.model, "model.onnx")?;
    let voices = tts_engine::Voices::load_dir(&paths.voices).map_err(|e| format!("{e} (run `make setup`)"))?;
    let ids: Vec<&str> = voices.names().collect();
    for id in &ids {
        copy(&paths.voices.join(format!("{id}.bin")), &format!("voices/{id}.bin"))?;
    }
    for sub in ["misaki", "pypinyin", "cmudict"] {
        let folder = paths.text.join(sub);
        let entries =
            fs::read_dir(&folder).map_err(|e| format!("cannot read {}: {e} (run `make setup`)", folder.display()))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // Checksum stamps are the fetcher's bookkeeping, not data.
            if entry.path().is_file() && !name.ends_with(".sha256") {
                copy(&entry.path(), &format!("text/{sub}/{name}"))?;
            }
        }
    }
    let manifest = json!({
        "version": LAYOUT_VERSION,
        "model": "model.onnx",
        "sample_rate": tts_engine::SAMPLE_RATE,
        "voices": ids,
        "files": files,
    });
    let path = dir.join("manifest.json");
    fs::write(&path, format!("{manifest:#}\n")).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!(
        "exported {} files to {}",
        manifest["files"].as_object().map_or(0, |f| f.len()),
        dir.display()
    );
    Ok(())
}

/// Copies `from` to `to` and returns its size and sha256 (lower-case hex), hashing the bytes as
/// they are written so the ~90 MB model is read once.
fn copy_hashed(from: &Path, to: &Path) -> std::io::Result<(u64, String)> {
    let mut input = File::open(from)?;
    let mut output = File::create(to)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = input.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        output.write_all(&buffer[..n])?;
        bytes += n as u64;
    }
    output.flush()?;
    Ok((bytes, format!("{:x}", hasher.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_hashed_copies_and_hashes() {
        let dir = std::env::temp_dir().join(format!("tts-export-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let (from, to) = (dir.join("in"), dir.join("out"));
        fs::write(&from, b"abc").unwrap();
        let (bytes, sha) = copy_hashed(&from, &to).unwrap();
        // FIPS 180-2's test vector for "abc".
        assert_eq!(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!((bytes, fs::read(&to).unwrap()), (3, b"abc".to_vec()));
        fs::remove_dir_all(&dir).unwrap();
    }
}
