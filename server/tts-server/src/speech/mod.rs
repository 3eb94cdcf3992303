//! Text in, audio out: the text front end and the engine together, with the limits that every
//! entry point (HTTP and CLI) shares.
//!
//! - `voice_spec`: voice ids, OpenAI names and blends.
//! - `synthesis`: chunks → audio (and word timings), one chunk at a time, for streaming.
//!
//! Planning (text → phoneme chunks that remember which words they hold) and word timing are
//! `tts-plan`'s, shared with the in-browser engine.

mod synthesis;
pub mod voice_spec;

use std::fmt;
use std::ops::RangeInclusive;
use std::sync::Arc;

use tts_engine::{Engine, EngineConfig, ModelConfig, VoicePack};
use tts_text::{Lang, TextData};

pub use synthesis::Synthesis;

use crate::assets::AssetPaths;

/// Longest text accepted in one request, in characters (about 25 minutes of speech).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Speaking rates accepted by `/synthesize` and the CLI.
pub const SPEED_RANGE: RangeInclusive<f32> = 0.5..=2.0;
/// Speaking rates accepted by the OpenAI-compatible endpoint, as OpenAI documents them.
pub const OPENAI_SPEED_RANGE: RangeInclusive<f32> = 0.25..=4.0;
/// The voice used when a request names none.
pub const DEFAULT_VOICE: &str = "af_heart";

/// Why a request cannot be spoken. Every variant is the caller's to fix, except `Engine`.
#[derive(Debug)]
pub enum SpeechError {
    /// The text is empty or only whitespace.
    EmptyText,
    /// The text holds no word to speak: only punctuation, symbols, control or zero-width
    /// characters.
    NothingToSpeak,
    /// The text is longer than [`MAX_TEXT_CHARS`].
    TextTooLong(usize),
    /// Speed outside the accepted range (or not a number).
    BadSpeed(f32, RangeInclusive<f32>),
    /// The voice specification is malformed.
    BadVoice(String),
    /// No voice pack of that name.
    UnknownVoice { voice: String, known: Vec<String> },
    /// The voice's language has no front end here and no `lang` was given.
    NoLanguage(String),
    /// Word timings were asked for, but the model reports no durations.
    NoDurations,
    /// Inference failed.
    Engine(tts_engine::Error),
    /// The text needs a language whose data was not loaded (never with `TextData::load`).
    Text(tts_text::NotLoaded),
    /// Stopped before the end because nobody waits for the result any more.
    Cancelled,
}

impl fmt::Display for SpeechError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpeechError::EmptyText => write!(f, "text is empty"),
            SpeechError::NothingToSpeak => write!(
                f,
                "text has nothing to speak: no letters or digits, only punctuation, symbols, control or invisible characters"
            ),
            SpeechError::TextTooLong(n) => write!(f, "text has {n} characters; the limit is {MAX_TEXT_CHARS}"),
            SpeechError::BadSpeed(s, range) => write!(f, "speed {s} is outside {}–{}", range.start(), range.end()),
            SpeechError::BadVoice(why) => write!(f, "{why}"),
            SpeechError::UnknownVoice { voice, known } => {
                write!(f, "unknown voice '{voice}'; valid voices: {}", known.join(", "))
            }
            SpeechError::NoLanguage(voice) => write!(
                f,
                "voice '{voice}' is for a language this server cannot read; pass \"lang\" (en-us, en-gb or zh)"
            ),
            SpeechError::NoDurations => write!(
                f,
                "the model in use has no durations output, so word timings cannot be computed; run `make setup` to derive the timestamped model"
            ),
            SpeechError::Engine(e) => write!(f, "{e}"),
            SpeechError::Text(e) => write!(f, "{e}"),
            SpeechError::Cancelled => write!(f, "synthesis cancelled: the client went away"),
        }
    }
}

impl std::error::Error for SpeechError {}

/// What a caller asks for.
#[derive(Debug, Clone)]
pub struct Request {
    /// What to say.
    pub text: String,
    /// Voice id, OpenAI name or blend (see [`voice_spec`]).
    pub voice: String,
    /// Speaking rate, 1.0 = normal.
    pub speed: f32,
    /// Front-end language; by default the (first) voice's.
    pub lang: Option<Lang>,
    /// Read Chinese exactly as misaki 0.9.4 does (Latin inside Chinese copied unread).
    pub strict_misaki: bool,
    /// The text is the first piece of a sentence that the caller's next request goes on with: its
    /// end is not read as the end of an utterance (`tts_plan::leave_open`).
    pub continues: bool,
}

/// A request that passed validation, ready to synthesize.
pub struct Prepared {
    text: String,
    continues: bool,
    /// The front end's reading, paragraph by paragraph.
    paragraphs: Vec<tts_text::Utterance>,
    voice: VoicePack,
    speed: f32,
}

impl Prepared {
    /// Length of the text in characters, the measure of its cost.
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }
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
            model: ModelConfig {
                model_path: paths.model.clone(),
                runtime_path: paths.runtime.clone(),
                threads: paths.threads,
            },
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

    /// Whether the model reports per-token durations, which word timings need.
    pub fn has_durations(&self) -> bool {
        self.engine.model_io().durations.is_some()
    }

    /// Checks a request against the limits and the voices, settles its language, mixes its voice
    /// and reads the text (G2P, milliseconds even for the longest text), so every fault of the
    /// request, "nothing to speak" included, is found before it waits for the engine.
    pub fn prepare(&self, request: Request, speeds: RangeInclusive<f32>) -> Result<Prepared, SpeechError> {
        if request.text.trim().is_empty() {
            return Err(SpeechError::EmptyText);
        }
        let chars = request.text.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(SpeechError::TextTooLong(chars));
        }
        if !speeds.contains(&request.speed) {
            return Err(SpeechError::BadSpeed(request.speed, speeds));
        }
        let parts = voice_spec::parse(&request.voice).map_err(SpeechError::BadVoice)?;
        let voices = self.engine.voices();
        let mut packs = Vec::with_capacity(parts.len());
        for part in &parts {
            let pack = voices.get(&part.voice).ok_or_else(|| SpeechError::UnknownVoice {
                voice: part.voice.clone(),
                known: voices.names().map(str::to_string).collect(),
            })?;
            packs.push((pack, part.weight));
        }
        let voice = VoicePack::blend(&packs)
            .ok_or_else(|| SpeechError::BadVoice(format!("cannot blend '{}'", request.voice)))?;
        let lang = request
            .lang
            .or_else(|| Lang::for_voice(&parts[0].voice))
            .ok_or_else(|| SpeechError::NoLanguage(parts[0].voice.clone()))?;
        let options = tts_text::zh::Options {
            strict_misaki: request.strict_misaki,
        };
        let paragraphs = tts_plan::read(&self.text, &request.text, lang, options).map_err(SpeechError::Text)?;
        if !tts_plan::speaks(&request.text, &paragraphs) {
            return Err(SpeechError::NothingToSpeak);
        }
        Ok(Prepared {
            text: request.text,
            continues: request.continues,
            paragraphs,
            voice,
            speed: request.speed,
        })
    }

    /// Starts a synthesis: the reading is cut into chunks now, audio is made chunk by chunk as the
    /// returned iterator is driven. Blocking and CPU-heavy; run it off the async workers.
    pub fn synthesize(self: &Arc<Self>, prepared: Prepared, short_first: bool) -> Synthesis {
        let mut chunks = tts_plan::plan(&prepared.text, &prepared.paragraphs, short_first);
        if prepared.continues {
            tts_plan::leave_open(&mut chunks);
        }
        Synthesis::new(self.clone(), chunks, prepared.voice, prepared.speed)
    }
}

/// What a voice name says about the voice.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VoiceInfo {
    /// The voice id, e.g. `af_heart`.
    pub id: String,
    /// Language of the voice (BCP 47).
    pub language: &'static str,
    /// "female" or "male".
    pub gender: &'static str,
}

impl VoiceInfo {
    /// Reads Kokoro's naming convention: language letter, gender letter, underscore, name.
    pub fn from_id(id: &str) -> VoiceInfo {
        let mut letters = id.chars();
        let language = match letters.next() {
            Some('a') => "en-US",
            Some('b') => "en-GB",
            Some('e') => "es",
            Some('f') => "fr",
            Some('h') => "hi",
            Some('i') => "it",
            Some('j') => "ja",
            Some('p') => "pt-BR",
            Some('z') => "zh-CN",
            _ => "und",
        };
        let gender = match letters.next() {
            Some('f') => "female",
            Some('m') => "male",
            _ => "unknown",
        };
        VoiceInfo {
            id: id.to_string(),
            language,
            gender,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_names_give_language_and_gender() {
        let info = VoiceInfo::from_id("zf_xiaobei");
        assert_eq!((info.language, info.gender), ("zh-CN", "female"));
        let info = VoiceInfo::from_id("bm_george");
        assert_eq!((info.language, info.gender), ("en-GB", "male"));
    }
}
