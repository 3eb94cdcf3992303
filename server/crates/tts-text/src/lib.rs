//! Turns raw text into Kokoro phoneme strings. Pure: no I/O but loading its data, no async, no ONNX.
//!
//! Layout:
//! - `lang`: the languages the front end speaks and how a voice name picks one.
//! - `token`: the output type, phoneme tokens that remember where in the input they came from.
//! - `script`: splits text into Han and non-Han runs, so mixed text reaches the right G2P.
//! - `en`: English G2P after misaki (lexicons, stress, numbers, fallback spelling).
//! - `zh`: Mandarin G2P after misaki's v1.0 path (cn2an, jieba, pypinyin, pinyin → IPA with tone arrows).
//!
//! Data (misaki lexicons, pypinyin dictionaries) is read once by [`TextData::load`] from the asset
//! folder that `make setup` fills; jieba's dictionary is compiled in by `jieba-rs`.
#![deny(missing_docs)]

pub mod en;
mod lang;
mod script;
mod token;
pub mod zh;

use std::path::Path;

pub use lang::Lang;
pub use token::{Token, Utterance};

/// Why text data could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("cannot load text data {path}: {reason}")]
pub struct DataError {
    /// The file that failed.
    pub path: String,
    /// What went wrong, in words.
    pub reason: String,
}

impl DataError {
    pub(crate) fn new(path: &Path, reason: impl std::fmt::Display) -> Self {
        Self { path: path.display().to_string(), reason: reason.to_string() }
    }
}

/// Everything the front end reads from disk, loaded once and shared by every request.
pub struct TextData {
    en_us: en::G2p,
    en_gb: en::G2p,
    zh: zh::G2p,
}

impl TextData {
    /// Loads the lexicons from `dir` (the `text/` folder of the asset home).
    ///
    /// Expects `misaki/{us,gb}_{gold,silver}.json` and `pypinyin/{pinyin_dict,phrases_dict}.json`.
    pub fn load(dir: &Path) -> Result<Self, DataError> {
        Ok(Self {
            en_us: en::G2p::load(&dir.join("misaki"), en::Dialect::Us)?,
            en_gb: en::G2p::load(&dir.join("misaki"), en::Dialect::Gb)?,
            zh: zh::G2p::load(&dir.join("pypinyin"))?,
        })
    }

    /// Phonemizes one piece of text (a line or a paragraph) in `lang`.
    ///
    /// Han characters are always read as Mandarin and Latin words as English, whatever `lang` says;
    /// `lang` picks the English dialect and which side owns digits and punctuation.
    pub fn phonemize(&self, text: &str, lang: Lang) -> Utterance {
        self.phonemize_with(text, lang, zh::Options::default())
    }

    /// [`TextData::phonemize`] with options; `strict_misaki` reproduces misaki 0.9.4 exactly on
    /// both the Mandarin and the English path (no readings added beyond it).
    pub fn phonemize_with(&self, text: &str, lang: Lang, options: zh::Options) -> Utterance {
        let english = match lang {
            Lang::EnGb => &self.en_gb,
            Lang::EnUs | Lang::Zh => &self.en_us,
        };
        let read_latin = |latin: &str| english.phonemize_with(latin, options.strict_misaki);
        match lang {
            Lang::Zh => self.zh.phonemize_with(text, &read_latin, options),
            Lang::EnUs | Lang::EnGb => {
                let mut out = Utterance::default();
                for run in script::runs(text) {
                    let part = if run.han {
                        self.zh.phonemize_with(run.text, &read_latin, options)
                    } else {
                        read_latin(run.text)
                    };
                    out.append(part.shifted(run.start));
                }
                out
            }
        }
    }
}
