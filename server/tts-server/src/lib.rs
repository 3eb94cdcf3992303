//! `tts-server`: a local Kokoro-82M text-to-speech service, and the CLI around it.
//!
//! Layout:
//! - `assets`: where the model, runtime, voices and text data are (flags, env, `$TTS_HOME`).
//! - `speech`: text front end + engine, with the limits shared by HTTP and CLI.
//! - `http`: the axum service (routes, errors, queue, host, CORS and token checks).
//! - `encode`: audio formats (wav, pcm, mp3, opus, flac), whole or streamed.
//! - `doctor`: checks an install and says what to fix.
//! - `export`: copies the assets an in-browser engine needs into one folder.
//!
//! The binary (`main.rs`) is the CLI over these. They are a library only so that the fuzz
//! targets in `server/fuzz` can drive the HTTP service without a socket; nothing else should
//! depend on it.

pub mod assets;
pub mod doctor;
pub mod encode;
pub mod export;
pub mod http;
pub mod speech;
