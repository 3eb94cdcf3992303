//! Runs Kokoro-82M v1.0 with ONNX Runtime: phoneme strings in, 24 kHz mono audio out.
//!
//! The only crate that links ONNX Runtime. It knows nothing of text or HTTP: callers hand it
//! phonemes and a voice, it hands back samples. Its API is synchronous; inference is CPU-bound.
//!
//! Layout:
//! - `vocab`: the v1.0 symbol → id table and framing with pads.
//! - `voice`: a voice pack and the style row for an utterance length.
//! - `chunk`: splitting long phoneme strings at pauses into ≤ 510-token pieces.
//! - `voices`: the packs on disk (`.bin`, `.npz`).
//! - `model`: the ORT session, with input/output names read from the model itself.
//! - `cancel`: stopping a synthesis, and the model run in progress, from another thread.
//! - `engine`: ties them together.
//! - `error`: one error type with a kind.
//!
//! The default feature `onnx` brings `cancel`, `voices`, `model`, `engine` and `error` (ONNX Runtime, files). Without it the crate is
//! pure and builds for wasm32: vocab, chunking and style rows are what the in-browser engine shares
//! with the server (through `tts-plan` and `tts-wasm`).
#![deny(missing_docs)]

#[cfg(feature = "onnx")]
mod cancel;
mod chunk;
#[cfg(feature = "onnx")]
mod engine;
#[cfg(feature = "onnx")]
mod error;
#[cfg(feature = "onnx")]
mod model;
pub mod vocab;
mod voice;
#[cfg(feature = "onnx")]
mod voices;

#[cfg(feature = "onnx")]
pub use cancel::Cancel;
pub use chunk::{plan_chunks, FIRST_STREAM_CHUNK_TOKENS};
#[cfg(feature = "onnx")]
pub use engine::{ChunkAudio, Engine, EngineConfig};
#[cfg(feature = "onnx")]
pub use error::{Error, ErrorKind};
#[cfg(feature = "onnx")]
pub use model::{runtime_version, Model, ModelConfig, ModelIo};
pub use voice::{style_row, VoicePack, STYLE_DIM, STYLE_ROWS};
#[cfg(feature = "onnx")]
pub use voices::Voices;

/// Kokoro's output rate.
pub const SAMPLE_RATE: u32 = 24_000;

/// Samples per duration frame of the model (24 000 / 40).
pub const SAMPLES_PER_FRAME: usize = 600;
