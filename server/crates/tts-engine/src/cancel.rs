//! Stopping a synthesis from another thread, including the model run in progress.
//!
//! Without it a client that leaves frees the engine only when the run it started ends: a chunk of
//! 510 tokens is about 27 s of audio and ~9 s of inference on 2 cores, and a listener who skips
//! or rewinds waits for all of it before the sentence they asked for starts. ONNX Runtime checks a
//! run's terminate flag between operators, so a run told to stop ends within milliseconds.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use ort::session::RunOptions;

/// A handle that stops a synthesis: cheap to clone, one per request.
#[derive(Clone, Default)]
pub struct Cancel(Arc<Inner>);

#[derive(Default)]
struct Inner {
    cancelled: AtomicBool,
    /// The options of the model run in progress, if one is.
    run: Mutex<Option<Arc<RunOptions>>>,
}

impl Cancel {
    /// A handle that has not been used.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stops the synthesis: the model run in progress ends at its next operator and no later run
    /// starts. Idempotent.
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::SeqCst);
        if let Some(run) = self.lock().as_ref() {
            // Fails only when ONNX Runtime rejects a valid handle: nothing to do but let the run end.
            let _ = run.terminate();
        }
    }

    /// Whether [`Cancel::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::SeqCst)
    }

    /// Registers `run` as the run in progress until the returned guard drops; `None` when the
    /// synthesis was cancelled already. The flag is read under the same lock that `cancel` takes,
    /// so a cancel either sees the run and terminates it or is seen here.
    pub(crate) fn running(&self, run: Arc<RunOptions>) -> Option<Running<'_>> {
        let mut slot = self.lock();
        if self.is_cancelled() {
            return None;
        }
        *slot = Some(run);
        Some(Running(self))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<RunOptions>>> {
        // The slot holds no invariant a panic could break.
        self.0.run.lock().unwrap_or_else(|poison| poison.into_inner())
    }
}

/// The run in progress, forgotten when it ends.
pub(crate) struct Running<'a>(&'a Cancel);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        *self.0.lock() = None;
    }
}
