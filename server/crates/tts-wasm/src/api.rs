//! The operations behind the JavaScript API, in plain Rust so they can be tested natively.

use tts_plan::PlannedChunk;
use tts_text::{paths, zh, DataFile, EnglishFiles, Lang, MandarinFiles, TextData, TextFiles};

/// Every file the G2P takes, with the language that needs it.
pub const DATA_FILES: [(&str, Lang); 8] = [
    (paths::US_GOLD, Lang::EnUs),
    (paths::US_SILVER, Lang::EnUs),
    (paths::CMUDICT, Lang::EnUs),
    (paths::GB_GOLD, Lang::EnGb),
    (paths::GB_SILVER, Lang::EnGb),
    (paths::PINYIN, Lang::Zh),
    (paths::PHRASES, Lang::Zh),
    (paths::JIEBA, Lang::Zh),
];

/// [`DATA_FILES`] as JSON `[{path, lang}]`.
pub fn data_files_json() -> String {
    let files: Vec<_> = DATA_FILES
        .iter()
        .map(|(path, lang)| serde_json::json!({ "path": path, "lang": lang.code() }))
        .collect();
    serde_json::Value::from(files).to_string()
}

/// The loaded G2P.
pub struct G2p {
    data: TextData,
}

impl G2p {
    /// Parses `files` (path → bytes). American English needs its lexicons and CMUdict (the server
    /// reads unknown words with it, so without it the phonemes would differ); British English
    /// and Mandarin are loaded when all their files are given, and a partial set is an error.
    pub fn load(files: &[(String, Vec<u8>)]) -> Result<Self, String> {
        if let Some((name, _)) = files
            .iter()
            .find(|(name, _)| !DATA_FILES.iter().any(|(path, _)| path == name))
        {
            let known: Vec<&str> = DATA_FILES.iter().map(|(path, _)| *path).collect();
            return Err(format!(
                "unknown data file {name:?}; expected some of {}",
                known.join(", ")
            ));
        }
        let get = |path: &'static str| {
            files
                .iter()
                .find(|(name, _)| name == path)
                .map(|(_, bytes)| DataFile { name: path, bytes })
        };
        // The files of one language: all of them, or none (then the language is not loaded).
        let language = |lang: Lang| -> Result<Option<Vec<DataFile<'_>>>, String> {
            let wanted: Vec<&'static str> = DATA_FILES
                .iter()
                .filter(|(_, l)| *l == lang)
                .map(|(path, _)| *path)
                .collect();
            let found: Vec<DataFile<'_>> = wanted.iter().filter_map(|path| get(path)).collect();
            match found.len() {
                0 => Ok(None),
                n if n == wanted.len() => Ok(Some(found)),
                _ => {
                    let missing: Vec<&str> = wanted.into_iter().filter(|path| get(path).is_none()).collect();
                    Err(format!("{lang} needs {} too", missing.join(", ")))
                }
            }
        };
        let en_us = language(Lang::EnUs)?.ok_or_else(|| {
            format!(
                "American English is always needed (it also reads Latin words in Chinese): give {}, {} and {}",
                paths::US_GOLD,
                paths::US_SILVER,
                paths::CMUDICT
            )
        })?;
        let cmudict = Some(en_us[2]);
        let en_us = english(en_us, cmudict);
        let en_gb = language(Lang::EnGb)?.map(|files| english(files, cmudict));
        let zh = language(Lang::Zh)?.map(|files| MandarinFiles {
            pinyin: files[0],
            phrases: files[1],
            jieba: Some(files[2]),
        });
        let data = TextData::from_files(TextFiles { en_us, en_gb, zh }).map_err(|e| e.to_string())?;
        Ok(Self { data })
    }

    /// The loaded languages' codes.
    pub fn languages(&self) -> Vec<String> {
        self.data
            .languages()
            .into_iter()
            .map(|l| l.code().to_string())
            .collect()
    }

    /// One line's phonemes, as `tts-server phonemize` prints them.
    pub fn phonemize(&self, text: &str, lang: &str, strict_misaki: bool) -> Result<String, String> {
        let lang: Lang = lang.parse()?;
        let utterance = self
            .data
            .phonemize_with(text, lang, zh::Options { strict_misaki })
            .map_err(|e| e.to_string())?;
        Ok(utterance.phonemes())
    }

    /// The prepared chunks of `text` as JSON (see `tts_plan::PreparedChunk`); `open_end`: the
    /// text is the first piece of a sentence that goes on in the next call (`tts_plan::leave_open`).
    pub fn prepare(
        &self,
        text: &str,
        lang: &str,
        strict_misaki: bool,
        short_first: bool,
        open_end: bool,
    ) -> Result<String, String> {
        let lang: Lang = lang.parse()?;
        let chunks = tts_plan::prepare(
            &self.data,
            text,
            lang,
            zh::Options { strict_misaki },
            short_first,
            open_end,
        )
        .map_err(|e| e.to_string())?;
        serde_json::to_string(&chunks).map_err(|e| e.to_string())
    }
}

/// One dialect's files, in the order of [`DATA_FILES`] (gold, silver), with the shared CMUdict.
fn english<'a>(files: Vec<DataFile<'a>>, cmudict: Option<DataFile<'a>>) -> EnglishFiles<'a> {
    EnglishFiles {
        gold: files[0],
        silver: files[1],
        cmudict,
    }
}

/// Word times (JSON) for a chunk given as the JSON `prepare` made.
pub fn word_times(chunk_json: &str, durations: &[f32], offset_samples: usize) -> Result<String, String> {
    let chunk: PlannedChunk =
        serde_json::from_str(chunk_json).map_err(|e| format!("not a chunk from prepare(): {e}"))?;
    let words = tts_plan::time_words(&chunk, durations, offset_samples).map_err(|e| e.to_string())?;
    serde_json::to_string(&words).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::OnceLock;

    use super::*;

    fn text_dir() -> PathBuf {
        std::env::var_os("TTS_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/tts-server"))
            .join("text")
    }

    fn read(path: &str) -> (String, Vec<u8>) {
        let file = text_dir().join(path);
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}; run `make setup`", file.display()));
        (path.to_string(), bytes)
    }

    fn english_only() -> &'static G2p {
        static G2P: OnceLock<G2p> = OnceLock::new();
        G2P.get_or_init(|| G2p::load(&[read(paths::US_GOLD), read(paths::US_SILVER), read(paths::CMUDICT)]).unwrap())
    }

    #[test]
    fn languages_follow_the_files_given() {
        let g2p = english_only();
        assert_eq!(g2p.languages(), ["en-us"]);
        assert_eq!(g2p.phonemize("Hello world!", "en-us", false).unwrap(), "həlˈO wˈɜɹld!");
        let err = g2p.phonemize("Hello", "en-gb", false).unwrap_err();
        assert!(err.contains("en-gb"), "{err}");
        let err = g2p.phonemize("你好", "en-us", false).unwrap_err();
        assert!(err.contains("zh"), "Han text needs the Mandarin data: {err}");
        assert!(g2p
            .phonemize("Hello", "fr", false)
            .unwrap_err()
            .contains("unknown language"));
    }

    #[test]
    fn missing_or_unknown_files_are_named() {
        let err = G2p::load(&[]).err().unwrap();
        assert!(err.contains(paths::US_GOLD) && err.contains(paths::CMUDICT), "{err}");
        let err = G2p::load(&[("misaki/us_gold.jsn".into(), Vec::new())]).err().unwrap();
        assert!(err.contains("unknown data file \"misaki/us_gold.jsn\""), "{err}");
        let us = [read(paths::US_GOLD), read(paths::US_SILVER), read(paths::CMUDICT)];
        let mut partial = us.to_vec();
        partial.push(read(paths::PINYIN));
        let err = G2p::load(&partial).err().unwrap();
        assert!(err.contains(paths::PHRASES) && err.contains(paths::JIEBA), "{err}");
        let mut broken = us.to_vec();
        broken[0].1 = b"{not json".to_vec();
        let err = G2p::load(&broken).err().unwrap();
        assert!(err.starts_with("cannot load text data misaki/us_gold.json"), "{err}");
    }

    #[test]
    fn prepared_chunks_time_their_words() {
        let g2p = english_only();
        let json = g2p.prepare("Hello world!", "en-us", false, false, false).unwrap();
        let chunks: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        assert_eq!(chunks.len(), 1);
        let chunk = &chunks[0];
        assert_eq!(chunk["phonemes"], "həlˈO wˈɜɹld!");
        assert_eq!(
            chunk["ids"],
            serde_json::json!([0, 50, 83, 54, 156, 31, 16, 65, 156, 87, 123, 54, 46, 5, 0])
        );
        assert_eq!(chunk["style_row"], 12);
        assert_eq!(chunk["words"][1]["text"], "world");
        assert_eq!(chunk["words"][1]["tokens"], serde_json::json!({"start": 7, "end": 13}));
        let durations = [1.0f32; 15];
        let words: serde_json::Value =
            serde_json::from_str(&word_times(&chunk.to_string(), &durations, 0).unwrap()).unwrap();
        assert_eq!(words[1]["word"], "world");
        assert_eq!(words[1]["start"], 7.0 * 600.0 / 24_000.0);
        assert_eq!(
            (words[1]["char_start"].as_u64(), words[1]["char_end"].as_u64()),
            (Some(6), Some(11))
        );
        let err = word_times(&chunk.to_string(), &durations[..3], 0).unwrap_err();
        assert!(err.contains("expected 15"), "{err}");
        assert!(word_times("{}", &durations, 0).unwrap_err().contains("not a chunk"));

        // The first piece of a longer sentence: the same ids but the trailing pad, and the word
        // times from one duration fewer.
        let open: Vec<serde_json::Value> =
            serde_json::from_str(&g2p.prepare("Hello world!", "en-us", false, false, true).unwrap()).unwrap();
        assert_eq!(
            open[0]["ids"].as_array().unwrap()[..],
            chunk["ids"].as_array().unwrap()[..14]
        );
        assert_eq!(open[0]["open_end"], true);
        let open_words: serde_json::Value =
            serde_json::from_str(&word_times(&open[0].to_string(), &durations[..14], 0).unwrap()).unwrap();
        assert_eq!(open_words, words);
    }
}
