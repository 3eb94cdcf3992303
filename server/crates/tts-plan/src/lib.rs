//! Between text and model: text → phoneme chunks the model can take, each knowing which of the
//! user's words it holds (by character offsets into the original text), and, once the model has
//! run, word times from its per-token durations and the fade at the chunk's edges.
//!
//! Pure (no ONNX, no files, no threads), so the server and the in-browser engine (`tts-wasm`) run
//! this same code: the browser gets the same chunks, ids, style rows and word times as the server.
//!
//! Layout:
//! - `plan`: text → [`PlannedChunk`]s with their [`WordSlot`]s; [`ModelInput`]: a chunk's ids and
//!   style row.
//! - `timing`: durations → [`Word`]s with start and end times.
//! - `fade`: the fade at each chunk's edges, so joins do not click.
#![deny(missing_docs)]

mod fade;
mod plan;
mod timing;

pub use fade::{fade_edges, EDGE_FADE};
pub use plan::{leave_open, plan, prepare, read, speaks, ModelInput, PlannedChunk, PreparedChunk, WordSlot};
pub use timing::{time_words, DurationMismatch, Word};
