//! Where the model, runtime, voices and text data live on disk.
//!
//! Everything defaults to the layout `make setup` writes under `$TTS_HOME` (default
//! `~/.cache/tts-server`); each path can be overridden on its own, so other model files can be used.

use std::path::{Path, PathBuf};

use clap::Args;

/// The asset locations, from flags or environment variables.
#[derive(Debug, Clone, Args)]
pub struct AssetArgs {
    /// Asset folder filled by `make setup`.
    #[arg(long, env = "TTS_HOME", global = true)]
    pub home: Option<PathBuf>,
    /// Kokoro ONNX model file [default: $TTS_HOME/model/kokoro-v1.0.int8.timestamped.onnx].
    #[arg(long, env = "TTS_MODEL", global = true)]
    pub model: Option<PathBuf>,
    /// Folder of voice packs (<voice>.bin or .npz) [default: $TTS_HOME/voices].
    #[arg(long, env = "TTS_VOICES", global = true)]
    pub voices: Option<PathBuf>,
    /// ONNX Runtime shared library [default: the libonnxruntime.so.* in $TTS_HOME/runtime].
    #[arg(long, env = "ORT_DYLIB_PATH", global = true)]
    pub runtime: Option<PathBuf>,
    /// Inference threads [default: all cores].
    #[arg(long, env = "TTS_THREADS", global = true)]
    pub threads: Option<usize>,
}

/// Resolved asset paths.
#[derive(Debug, Clone)]
pub struct AssetPaths {
    /// Kokoro model.
    pub model: PathBuf,
    /// Voice pack folder.
    pub voices: PathBuf,
    /// ONNX Runtime library.
    pub runtime: PathBuf,
    /// Text data folder (misaki lexicons, pypinyin dictionaries).
    pub text: PathBuf,
    /// Inference threads.
    pub threads: usize,
}

impl AssetArgs {
    /// Fills in every path not given explicitly from the asset home.
    pub fn resolve(&self) -> AssetPaths {
        let home = self.home.clone().unwrap_or_else(default_home);
        AssetPaths {
            model: self
                .model
                .clone()
                .unwrap_or_else(|| home.join("model/kokoro-v1.0.int8.timestamped.onnx")),
            voices: self.voices.clone().unwrap_or_else(|| home.join("voices")),
            runtime: self
                .runtime
                .clone()
                .unwrap_or_else(|| find_runtime(&home.join("runtime"))),
            text: home.join("text"),
            threads: self
                .threads
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from)),
        }
    }
}

fn default_home() -> PathBuf {
    std::env::var_os("HOME").map_or_else(
        || PathBuf::from(".cache/tts-server"),
        |h| Path::new(&h).join(".cache/tts-server"),
    )
}

/// The newest `libonnxruntime.so*` in `dir`; a bare name when there is none, so the error names it.
fn find_runtime(dir: &Path) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("libonnxruntime.so") && !name.ends_with(".sha256")
        })
        .collect();
    found.sort();
    found.pop().unwrap_or_else(|| dir.join("libonnxruntime.so"))
}
