//! The engine: phoneme strings in, 24 kHz audio out.

use std::path::PathBuf;

use crate::model::{Model, ModelConfig, ModelIo};
use crate::vocab::{self, MAX_PHONEME_TOKENS};
use crate::voice::VoicePack;
use crate::voices::Voices;
use crate::{Cancel, Error, ErrorKind};

/// Where to find the model, the runtime and the voices.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Model and runtime.
    pub model: ModelConfig,
    /// Folder of voice packs.
    pub voices_dir: PathBuf,
}

/// Audio for one chunk of phonemes.
#[derive(Debug, Clone)]
pub struct ChunkAudio {
    /// 24 kHz mono samples in [-1, 1] (roughly; the model does not clip).
    pub samples: Vec<f32>,
    /// Per-token frame counts including both pads, when the model reports them.
    pub durations: Option<Vec<f32>>,
    /// Phoneme symbols the vocabulary lacks (a front-end bug, reported rather than hidden).
    pub unknown_symbols: Vec<char>,
}

/// A loaded model with its voices. Safe to share between threads; inference is synchronous and
/// CPU-bound, so async callers should run it on a blocking thread.
pub struct Engine {
    model: Model,
    voices: Voices,
}

impl Engine {
    /// Loads the runtime, the model and every voice pack.
    pub fn load(config: &EngineConfig) -> Result<Self, Error> {
        let voices = Voices::load_dir(&config.voices_dir)?;
        let model = Model::load(&config.model)?;
        Ok(Self { model, voices })
    }

    /// The voices this engine can speak with.
    pub fn voices(&self) -> &Voices {
        &self.voices
    }

    /// The model's input and output names.
    pub fn model_io(&self) -> &ModelIo {
        self.model.io()
    }

    /// Runs one short utterance so the first real request does not pay for ORT's lazy setup.
    pub fn warm_up(&self) -> Result<(), Error> {
        let Some(name) = self.voices.names().next() else {
            return Ok(());
        };
        let voice = self.voices.get(name).expect("name comes from the same map");
        self.synthesize_chunk("həlˈO.", voice, 1.0, false, None).map(|_| ())
    }

    /// Synthesizes one chunk of at most 510 phoneme tokens. `open_end`: the utterance goes on in a
    /// later request ([`vocab::tokenize_open`]). `cancel` stops it from another thread, the model
    /// run included ([`ErrorKind::Cancelled`]).
    pub fn synthesize_chunk(
        &self,
        phonemes: &str,
        voice: &VoicePack,
        speed: f32,
        open_end: bool,
        cancel: Option<&Cancel>,
    ) -> Result<ChunkAudio, Error> {
        let tokens = if open_end {
            vocab::tokenize_open(phonemes)
        } else {
            vocab::tokenize(phonemes)
        };
        if tokens.phoneme_count() == 0 {
            return Ok(ChunkAudio {
                samples: Vec::new(),
                durations: None,
                unknown_symbols: tokens.unknown,
            });
        }
        if tokens.phoneme_count() > MAX_PHONEME_TOKENS {
            let message = format!(
                "chunk of {} phonemes exceeds the model's {MAX_PHONEME_TOKENS}; split it with tts_engine::plan_chunks",
                tokens.phoneme_count()
            );
            return Err(Error::new(ErrorKind::Inference, message));
        }
        let style = voice.style(tokens.phoneme_count());
        let inference = self.model.infer(&tokens.ids, style, speed, cancel)?;
        Ok(ChunkAudio {
            samples: inference.samples,
            durations: inference.durations,
            unknown_symbols: tokens.unknown,
        })
    }
}
