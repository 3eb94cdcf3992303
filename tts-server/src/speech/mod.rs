//! Text in, audio out: the text front end and the engine together, with the limits every entry
//! point (HTTP and CLI) shares.

use std::fmt;

use tts_engine::{Audio, Engine, EngineConfig, ModelConfig};
use tts_text::{Lang, TextData};

use crate::assets::AssetPaths;

/// Longest text accepted in one request, in characters (about 25 minutes of speech).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Slowest and fastest speaking rate accepted.
pub const SPEED_RANGE: std::ops::RangeInclusive<f32> = 0.5..=2.0;
/// The voice used when a request names none.
pub const DEFAULT_VOICE: &str = "af_heart";

/// Why a request cannot be spoken. Every variant is the caller's to fix, except `Engine`.
#[derive(Debug)]
pub enum SpeechError {
    /// The text is empty or only whitespace.
    EmptyText,
    /// The text is longer than [`MAX_TEXT_CHARS`].
    TextTooLong(usize),
    /// Speed outside [`SPEED_RANGE`] (or not a number).
    BadSpeed(f32),
    /// No voice pack of that name.
    UnknownVoice { voice: String, known: Vec<String> },
    /// The voice's language has no front end here and no `lang` was given.
    NoLanguage(String),
    /// Inference failed.
    Engine(tts_engine::Error),
}

impl fmt::Display for SpeechError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpeechError::EmptyText => write!(f, "text is empty"),
            SpeechError::TextTooLong(n) => write!(f, "text has {n} characters; the limit is {MAX_TEXT_CHARS}"),
            SpeechError::BadSpeed(s) => {
                write!(f, "speed {s} is outside {}–{}", SPEED_RANGE.start(), SPEED_RANGE.end())
            }
            SpeechError::UnknownVoice { voice, known } => {
                write!(f, "unknown voice '{voice}'; valid voices: {}", known.join(", "))
            }
            SpeechError::NoLanguage(voice) => write!(
                f,
                "voice '{voice}' is for a language this server cannot read; pass \"lang\" (en-us, en-gb or zh)"
            ),
            SpeechError::Engine(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for SpeechError {}

/// A validated request.
#[derive(Debug, Clone)]
pub struct Request {
    /// What to say.
    pub text: String,
    /// Voice pack name.
    pub voice: String,
    /// Speaking rate, 1.0 = normal.
    pub speed: f32,
    /// Front-end language; by default the voice's.
    pub lang: Option<Lang>,
}

/// The loaded product: text data and engine.
pub struct Speech {
    text: TextData,
    engine: Engine,
}

impl Speech {
    /// Loads text data, model, runtime and voices, then warms the model up.
    pub fn load(paths: &AssetPaths) -> Result<Self, String> {
        let text = TextData::load(&paths.text).map_err(|e| format!("{e} (run `make setup`)"))?;
        let config = EngineConfig {
            model: ModelConfig { model_path: paths.model.clone(), runtime_path: paths.runtime.clone(), threads: paths.threads },
            voices_dir: paths.voices.clone(),
        };
        let engine = Engine::load(&config).map_err(|e| format!("{e} (run `make setup` or `tts-server doctor`)"))?;
        engine.warm_up().map_err(|e| format!("warm-up inference failed: {e}"))?;
        Ok(Self { text, engine })
    }

    /// The engine (voices, model I/O).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Checks a request against the limits and the voices, and settles its language.
    pub fn validate(&self, request: &Request) -> Result<Lang, SpeechError> {
        let chars = request.text.chars().count();
        if request.text.trim().is_empty() {
            return Err(SpeechError::EmptyText);
        }
        if chars > MAX_TEXT_CHARS {
            return Err(SpeechError::TextTooLong(chars));
        }
        if !SPEED_RANGE.contains(&request.speed) {
            return Err(SpeechError::BadSpeed(request.speed));
        }
        if self.engine.voices().get(&request.voice).is_none() {
            let known = self.engine.voices().names().map(str::to_string).collect();
            return Err(SpeechError::UnknownVoice { voice: request.voice.clone(), known });
        }
        request.lang.or_else(|| Lang::for_voice(&request.voice)).ok_or_else(|| SpeechError::NoLanguage(request.voice.clone()))
    }

    /// Phonemizes text paragraph by paragraph, as misaki's pipeline splits it (on line breaks).
    pub fn phonemize(&self, text: &str, lang: Lang) -> Vec<String> {
        text.lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| self.text.phonemize(line, lang).phonemes())
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// Validates, phonemizes and synthesizes. Blocking and CPU-heavy.
    pub fn speak(&self, request: &Request) -> Result<Audio, SpeechError> {
        let lang = self.validate(request)?;
        let voice = self.engine.voices().get(&request.voice).expect("validated above");
        let mut audio = Audio::default();
        for paragraph in &self.phonemize(&request.text, lang) {
            let part = self.engine.synthesize(paragraph, voice, request.speed).map_err(SpeechError::Engine)?;
            audio.samples.extend(part.samples);
            audio.unknown_symbols.extend(part.unknown_symbols);
        }
        if !audio.unknown_symbols.is_empty() {
            tracing::warn!(symbols = ?audio.unknown_symbols, "phonemes outside the model's vocabulary were skipped");
        }
        Ok(audio)
    }
}

/// What a voice name says about the voice.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VoiceInfo {
    /// The voice id, e.g. `af_heart`.
    pub id: String,
    /// BCP 47-ish language of the voice.
    pub language: &'static str,
    /// "female" or "male".
    pub gender: &'static str,
}

impl VoiceInfo {
    /// Reads Kokoro's naming convention: language letter, gender letter, underscore, name.
    pub fn from_id(id: &str) -> VoiceInfo {
        let mut letters = id.chars();
        let language = match letters.next() {
            Some('a') => "en-us",
            Some('b') => "en-gb",
            Some('e') => "es",
            Some('f') => "fr",
            Some('h') => "hi",
            Some('i') => "it",
            Some('j') => "ja",
            Some('p') => "pt-br",
            Some('z') => "zh",
            _ => "unknown",
        };
        let gender = match letters.next() {
            Some('f') => "female",
            Some('m') => "male",
            _ => "unknown",
        };
        VoiceInfo { id: id.to_string(), language, gender }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_names_give_language_and_gender() {
        let info = VoiceInfo::from_id("zf_xiaobei");
        assert_eq!((info.language, info.gender), ("zh", "female"));
        let info = VoiceInfo::from_id("bm_george");
        assert_eq!((info.language, info.gender), ("en-gb", "male"));
    }
}
