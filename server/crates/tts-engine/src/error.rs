use std::fmt;
use std::path::Path;

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The ONNX Runtime library could not be loaded or initialised.
    Runtime,
    /// The model file could not be loaded, or its inputs and outputs are not Kokoro's.
    Model,
    /// A voice pack is missing or malformed.
    Voice,
    /// Inference itself failed.
    Inference,
    /// The synthesis was stopped by its [`crate::Cancel`].
    Cancelled,
    /// A file could not be read.
    Io,
}

/// An engine failure, with enough context to act on.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn io(path: &Path, err: impl fmt::Display) -> Self {
        Self::new(ErrorKind::Io, format!("{}: {err}", path.display()))
    }

    pub(crate) fn bad_voice(path: &Path, reason: impl fmt::Display) -> Self {
        Self::new(ErrorKind::Voice, format!("voice pack {}: {reason}", path.display()))
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
