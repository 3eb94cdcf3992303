//! Runs Kokoro-82M v1.0 with ONNX Runtime: phoneme strings in, 24 kHz mono audio out.
//!
//! The only crate that links ONNX Runtime. It knows nothing of text or HTTP: callers hand it
//! phonemes and a voice, it hands back samples. Its API is synchronous; inference is CPU-bound.
//!
//! Layout:
//! - `vocab`: the v1.0 symbol → id table and framing with pads.
//! - `voice`: voice packs (`.bin`, `.npz`) and the style row for an utterance length.
//! - `chunk`: splitting long phoneme strings at pauses into ≤ 510-token pieces.
//! - `model`: the ORT session, with input/output names read from the model itself.
//! - `engine`: ties them together.
//! - `error`: one error type with a kind.
#![deny(missing_docs)]

mod chunk;
mod engine;
mod error;
mod model;
pub mod vocab;
mod voice;

pub use engine::{ChunkAudio, Engine, EngineConfig, FIRST_STREAM_CHUNK_TOKENS, SAMPLES_PER_FRAME, SAMPLE_RATE};
pub use error::{Error, ErrorKind};
pub use model::{runtime_version, Model, ModelConfig, ModelIo};
pub use voice::{VoicePack, Voices, STYLE_DIM, STYLE_ROWS};
