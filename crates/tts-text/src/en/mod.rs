//! English G2P after misaki 0.9.4. (Being written.)
use std::path::Path;

use crate::{DataError, Utterance};

/// Which English lexicons to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// American English (`us_gold.json`, `us_silver.json`).
    Us,
    /// British English (`gb_gold.json`, `gb_silver.json`).
    Gb,
}

/// The English phonemizer.
pub struct G2p {}

impl G2p {
    /// Loads the misaki lexicons for `dialect` from `dir`.
    pub fn load(_dir: &Path, _dialect: Dialect) -> Result<Self, DataError> {
        Ok(Self {})
    }

    /// Phonemizes English text.
    pub fn phonemize(&self, _text: &str) -> Utterance {
        Utterance::default()
    }
}
