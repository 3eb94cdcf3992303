//! Turns raw text into Kokoro phoneme strings. Pure: no I/O but loading its data, no async, no ONNX.
//!
//! Layout:
//! - `lang`: the languages the front end speaks and how a voice name picks one.
//! - `token`: the output type, phoneme tokens that remember where in the input they came from.
//! - `script`: splits text into Han and non-Han runs, so mixed text reaches the right G2P.
//! - `en`: English G2P after misaki (lexicons, stress, numbers, fallback spelling).
//! - `zh`: Mandarin G2P after misaki's v1.0 path (cn2an, jieba, pypinyin, pinyin → IPA with tone arrows).
//!
//! Data (misaki lexicons, CMUdict, pypinyin dictionaries, jieba's dictionary) is parsed once, from
//! bytes by [`TextData::from_files`] (the wasm build, which has no file system) or from the asset
//! folder that `make setup` fills by [`TextData::load`], which reads the files and hands their bytes
//! to the same parsers. With the default feature `embedded-jieba-dict`, jieba's dictionary may be
//! left out: jieba-rs then uses the copy compiled into it (zstd, built from C, which wasm32 cannot
//! build here), the same text the wasm build is given.
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
        Self::named(&path.display().to_string(), reason)
    }

    pub(crate) fn named(name: &str, reason: impl std::fmt::Display) -> Self {
        Self {
            path: name.to_string(),
            reason: reason.to_string(),
        }
    }
}

/// Where each data file sits, relative to the `text/` folder of the asset home. The browser bundle
/// keeps the same layout, and the wasm G2P is handed its files by these names.
pub mod paths {
    /// misaki's American gold lexicon.
    pub const US_GOLD: &str = "misaki/us_gold.json";
    /// misaki's American silver lexicon.
    pub const US_SILVER: &str = "misaki/us_silver.json";
    /// misaki's British gold lexicon.
    pub const GB_GOLD: &str = "misaki/gb_gold.json";
    /// misaki's British silver lexicon.
    pub const GB_SILVER: &str = "misaki/gb_silver.json";
    /// CMUdict, for words both misaki lexicons lack (optional on disk).
    pub const CMUDICT: &str = "cmudict/cmudict.dict";
    /// pypinyin's readings of single characters.
    pub const PINYIN: &str = "pypinyin/pinyin_dict.json";
    /// pypinyin's readings of phrases.
    pub const PHRASES: &str = "pypinyin/phrases_dict.json";
    /// jieba-rs's dictionary (not on disk for the server, which has it compiled in).
    pub const JIEBA: &str = "jieba/dict.txt";

    /// The last component of one of these paths.
    pub(crate) fn file_name(path: &str) -> &str {
        path.rsplit('/').next().unwrap_or(path)
    }
}

/// Phonemizing was asked of a language whose data was not given to [`TextData::from_files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no text data was loaded for {0}")]
pub struct NotLoaded(pub Lang);

/// The contents of one data file, with the name errors call it by (its path, or its place in a
/// bundle such as `misaki/us_gold.json`).
#[derive(Debug, Clone, Copy)]
pub struct DataFile<'a> {
    /// What errors call the file.
    pub name: &'a str,
    /// Its bytes, exactly as on disk.
    pub bytes: &'a [u8],
}

impl<'a> DataFile<'a> {
    /// The bytes as UTF-8 text.
    pub(crate) fn text(&self) -> Result<&'a str, DataError> {
        std::str::from_utf8(self.bytes).map_err(|e| DataError::named(self.name, e))
    }
}

/// A file read from disk, owning its name and bytes; [`OwnedFile::file`] lends them to the parsers.
pub(crate) struct OwnedFile {
    name: String,
    bytes: Vec<u8>,
}

impl OwnedFile {
    pub(crate) fn read(path: &Path) -> Result<Self, DataError> {
        let bytes = std::fs::read(path).map_err(|e| DataError::new(path, e))?;
        Ok(Self {
            name: path.display().to_string(),
            bytes,
        })
    }

    pub(crate) fn file(&self) -> DataFile<'_> {
        DataFile {
            name: &self.name,
            bytes: &self.bytes,
        }
    }
}

/// One English dialect's data: misaki's two lexicons, and optionally CMUdict (see [`en::G2p::load`]).
#[derive(Debug, Clone, Copy)]
pub struct EnglishFiles<'a> {
    /// `misaki/us_gold.json` or `misaki/gb_gold.json`.
    pub gold: DataFile<'a>,
    /// `misaki/us_silver.json` or `misaki/gb_silver.json`.
    pub silver: DataFile<'a>,
    /// `cmudict/cmudict.dict`; without it unknown words go to letter-to-sound rules alone.
    pub cmudict: Option<DataFile<'a>>,
}

/// The Mandarin data: pypinyin's two dictionaries and jieba's.
#[derive(Debug, Clone, Copy)]
pub struct MandarinFiles<'a> {
    /// `pypinyin/pinyin_dict.json`.
    pub pinyin: DataFile<'a>,
    /// `pypinyin/phrases_dict.json`.
    pub phrases: DataFile<'a>,
    /// jieba-rs's `dict.txt`; `None` takes the copy compiled into jieba-rs, which only builds with
    /// the feature `embedded-jieba-dict` (without it, `None` is an error).
    pub jieba: Option<DataFile<'a>>,
}

/// Everything [`TextData::from_files`] parses. American English is always needed (it also reads
/// Latin words inside Chinese); British English and Mandarin are optional.
#[derive(Debug, Clone, Copy)]
pub struct TextFiles<'a> {
    /// American English.
    pub en_us: EnglishFiles<'a>,
    /// British English, if it is to be spoken.
    pub en_gb: Option<EnglishFiles<'a>>,
    /// Mandarin, if it is to be spoken (Han characters in English text need it too).
    pub zh: Option<MandarinFiles<'a>>,
}

/// Runs two independent loading steps side by side where the platform has threads, so start-up
/// takes the longer of the two rather than their sum; one after the other on wasm32, which has no
/// threads (spawning one panics there). A panic in either step is passed on as it is.
pub(crate) fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(not(target_family = "wasm"))]
    {
        std::thread::scope(|scope| {
            let b = scope.spawn(b);
            let a = a();
            let b = b.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (a, b)
        })
    }
    #[cfg(target_family = "wasm")]
    {
        (a(), b())
    }
}

/// Everything the front end reads from its data files, parsed once and shared by every request.
pub struct TextData {
    en_us: en::G2p,
    en_gb: Option<en::G2p>,
    zh: Option<zh::G2p>,
}

impl TextData {
    /// Loads every language from `dir` (the `text/` folder of the asset home).
    ///
    /// Expects the files of [`paths`] but jieba's (the one compiled in is used); CMUdict is read if
    /// it is there.
    pub fn load(dir: &Path) -> Result<Self, DataError> {
        let read = |path: &str| OwnedFile::read(&dir.join(path));
        let [us_gold, us_silver, gb_gold, gb_silver, pinyin, phrases] = [
            paths::US_GOLD,
            paths::US_SILVER,
            paths::GB_GOLD,
            paths::GB_SILVER,
            paths::PINYIN,
            paths::PHRASES,
        ]
        .map(read);
        let cmudict = dir.join(paths::CMUDICT).is_file().then(|| read(paths::CMUDICT));
        let (us_gold, us_silver, gb_gold, gb_silver) = (us_gold?, us_silver?, gb_gold?, gb_silver?);
        let cmudict = cmudict.transpose()?;
        let cmudict = cmudict.as_ref().map(OwnedFile::file);
        let (pinyin, phrases) = (pinyin?, phrases?);
        Self::from_files(TextFiles {
            en_us: EnglishFiles {
                gold: us_gold.file(),
                silver: us_silver.file(),
                cmudict,
            },
            en_gb: Some(EnglishFiles {
                gold: gb_gold.file(),
                silver: gb_silver.file(),
                cmudict,
            }),
            zh: Some(MandarinFiles {
                pinyin: pinyin.file(),
                phrases: phrases.file(),
                jieba: None,
            }),
        })
    }

    /// Parses the data from the files' contents: what [`TextData::load`] does after reading them.
    pub fn from_files(files: TextFiles<'_>) -> Result<Self, DataError> {
        Ok(Self {
            en_us: en::G2p::from_files(files.en_us, en::Dialect::Us)?,
            en_gb: files
                .en_gb
                .map(|f| en::G2p::from_files(f, en::Dialect::Gb))
                .transpose()?,
            zh: files.zh.map(zh::G2p::from_files).transpose()?,
        })
    }

    /// The languages whose data is loaded, in the order en-us, en-gb, zh.
    pub fn languages(&self) -> Vec<Lang> {
        let mut langs = vec![Lang::EnUs];
        if self.en_gb.is_some() {
            langs.push(Lang::EnGb);
        }
        if self.zh.is_some() {
            langs.push(Lang::Zh);
        }
        langs
    }

    /// Phonemizes one piece of text (a line or a paragraph) in `lang`.
    ///
    /// Han characters are always read as Mandarin and Latin words as English, whatever `lang` says;
    /// `lang` picks the English dialect and which side owns digits and punctuation.
    ///
    /// Fails only when the data that `lang`, or Han characters in English text, need was not
    /// loaded ([`TextData::load`] loads all of it).
    pub fn phonemize(&self, text: &str, lang: Lang) -> Result<Utterance, NotLoaded> {
        self.phonemize_with(text, lang, zh::Options::default())
    }

    /// [`TextData::phonemize`] with options; `strict_misaki` reproduces misaki 0.9.4 exactly on
    /// both the Mandarin and the English path (no readings added beyond it).
    pub fn phonemize_with(&self, text: &str, lang: Lang, options: zh::Options) -> Result<Utterance, NotLoaded> {
        let english = match lang {
            Lang::EnGb => self.en_gb.as_ref().ok_or(NotLoaded(Lang::EnGb))?,
            Lang::EnUs | Lang::Zh => &self.en_us,
        };
        let mandarin = || self.zh.as_ref().ok_or(NotLoaded(Lang::Zh));
        let read_latin = |latin: &str| english.phonemize_with(latin, options.strict_misaki);
        match lang {
            Lang::Zh => Ok(mandarin()?.phonemize_with(text, &read_latin, options)),
            Lang::EnUs | Lang::EnGb => {
                let mut out = Utterance::default();
                for run in script::runs(text) {
                    let part = if run.han {
                        mandarin()?.phonemize_with(run.text, &read_latin, options)
                    } else {
                        read_latin(run.text)
                    };
                    out.append(part.shifted(run.start));
                }
                Ok(out)
            }
        }
    }
}
