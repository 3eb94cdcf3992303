//! `tts-server export-web-assets DIR`: copies what an in-browser Kokoro engine needs (model, voice
//! packs, text data) into one folder that a web server can serve as the client's `modelBaseUrl`.
//!
//! Layout: `model.onnx`, `voices/<id>.bin`, `text/<misaki|pypinyin|cmudict>/…`, and `manifest.json`
//! listing every file with its size, so a client can check what it downloaded.

use std::fs;
use std::path::Path;

use serde_json::json;

use crate::assets::AssetPaths;

/// Copies the assets into `dir` (created if missing) and writes `manifest.json`.
pub fn run(paths: &AssetPaths, dir: &Path) -> Result<(), String> {
    let mut files = serde_json::Map::new();
    let mut copy = |from: &Path, to: &str| -> Result<(), String> {
        let target = dir.join(to);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let bytes = fs::copy(from, &target).map_err(|e| {
            format!(
                "cannot copy {} to {}: {e} (run `make setup`?)",
                from.display(),
                target.display()
            )
        })?;
        files.insert(to.to_string(), json!({ "bytes": bytes }));
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
