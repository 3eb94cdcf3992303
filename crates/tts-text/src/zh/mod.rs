//! Mandarin G2P after misaki's v1.0 path. (Being written.)
use std::path::Path;

use crate::{DataError, Utterance};

/// The Mandarin phonemizer.
pub struct G2p {}

impl G2p {
    /// Loads pypinyin's dictionaries from `dir`.
    pub fn load(_dir: &Path) -> Result<Self, DataError> {
        Ok(Self {})
    }

    /// Phonemizes Chinese text; `english` reads Latin runs.
    pub fn phonemize(&self, _text: &str, _english: &dyn Fn(&str) -> Utterance) -> Utterance {
        Utterance::default()
    }
}
