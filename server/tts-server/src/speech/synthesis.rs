//! Synthesis, one chunk at a time: the unit of streaming and of cancellation.

use std::collections::VecDeque;
use std::sync::Arc;

use tts_engine::{Cancel, ErrorKind, VoicePack};
use tts_plan::{fade_edges, time_words, PlannedChunk, Word};

use super::{Speech, SpeechError};

/// Audio for one chunk.
#[derive(Debug, Clone)]
pub struct Chunk {
    /// 24 kHz mono samples.
    pub samples: Vec<f32>,
    /// Word timings, when the model reports durations.
    pub words: Option<Vec<Word>>,
}

/// A synthesis in progress; each `next()` computes one chunk. Dropping it stops the work.
pub struct Synthesis {
    speech: Arc<Speech>,
    chunks: VecDeque<PlannedChunk>,
    voice: VoicePack,
    speed: f32,
    offset: usize,
    cancel: Cancel,
}

impl Synthesis {
    pub(super) fn new(speech: Arc<Speech>, chunks: Vec<PlannedChunk>, voice: VoicePack, speed: f32) -> Self {
        Self {
            speech,
            chunks: chunks.into(),
            voice,
            speed,
            offset: 0,
            cancel: Cancel::new(),
        }
    }

    /// Stops when `cancel` is cancelled (the client left, so the rest would be wasted): at once,
    /// the chunk in progress included, with [`SpeechError::Cancelled`].
    pub fn stopped_by(mut self, cancel: Cancel) -> Self {
        self.cancel = cancel;
        self
    }

    /// Runs to the end: all samples, and word timings if the model has durations.
    pub fn collect_all(self) -> Result<(Vec<f32>, Option<Vec<Word>>), SpeechError> {
        let mut samples = Vec::new();
        let mut words = Some(Vec::new());
        for chunk in self {
            let chunk = chunk?;
            samples.extend_from_slice(&chunk.samples);
            match (&mut words, chunk.words) {
                (Some(all), Some(these)) => all.extend(these),
                _ => words = None,
            }
        }
        Ok((samples, words))
    }
}

impl Iterator for Synthesis {
    type Item = Result<Chunk, SpeechError>;

    fn next(&mut self) -> Option<Self::Item> {
        let planned = self.chunks.pop_front()?;
        let audio = match self.speech.engine().synthesize_chunk(
            &planned.phonemes,
            &self.voice,
            self.speed,
            planned.open_end,
            Some(&self.cancel),
        ) {
            Ok(audio) => audio,
            Err(e) if e.kind() == ErrorKind::Cancelled => return Some(Err(SpeechError::Cancelled)),
            Err(e) => return Some(Err(SpeechError::Engine(e))),
        };
        if !audio.unknown_symbols.is_empty() {
            tracing::warn!(symbols = ?audio.unknown_symbols, "phonemes outside the model's vocabulary were skipped");
        }
        let mut samples = audio.samples;
        fade_edges(&mut samples);
        let words = audio.durations.as_deref().and_then(|d| {
            time_words(&planned, d, self.offset)
                .inspect_err(|mismatch| tracing::warn!(%mismatch, "no word timings"))
                .ok()
        });
        self.offset += samples.len();
        Some(Ok(Chunk { samples, words }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_speech() -> Arc<Speech> {
        let args = crate::assets::AssetArgs {
            home: std::env::var_os("TTS_HOME").map(Into::into),
            model: None,
            voices: None,
            runtime: None,
            threads: None,
        };
        Arc::new(Speech::load(&args.resolve()).expect("assets installed (run make setup)"))
    }

    fn prepared(speech: &Speech, text: &str) -> crate::speech::Prepared {
        let request = super::super::Request {
            text: text.into(),
            voice: "af_heart".into(),
            speed: 1.0,
            lang: None,
            strict_misaki: false,
            continues: false,
        };
        speech.prepare(request, crate::speech::SPEED_RANGE).unwrap()
    }

    /// With the real model: a cancel stops the chunk in progress, not only the chunks after it.
    #[test]
    fn a_cancel_stops_the_model_run_in_progress() {
        let speech = load_speech();
        // One sentence, one chunk of ~200 tokens: several seconds of inference.
        let text = "When the old lighthouse keeper finally climbed the long spiral stairs at dusk, carrying his lamp, his book and his tea, the fishermen in the harbour below were already watching for the first light on the rocks.";
        let synthesis = speech.synthesize(prepared(&speech, text), false);
        assert_eq!(
            synthesis.chunks.len(),
            1,
            "the test needs a single chunk: nothing between chunks to stop at"
        );
        let cancel = Cancel::new();
        let synthesis = synthesis.stopped_by(cancel.clone());
        let stopper = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            cancel.cancel();
        });
        let result = synthesis.collect_all();
        stopper.join().unwrap();
        assert!(
            matches!(result, Err(SpeechError::Cancelled)),
            "the run went on to the end: {:?}",
            result.map(|(s, _)| s.len())
        );

        // Cancelled before it starts: no run at all; and the engine is sound for the next request.
        let cancel = Cancel::new();
        cancel.cancel();
        let refused = speech
            .synthesize(prepared(&speech, "Hello."), false)
            .stopped_by(cancel)
            .collect_all();
        assert!(matches!(refused, Err(SpeechError::Cancelled)));
        let (samples, _) = speech
            .synthesize(prepared(&speech, "Hello."), false)
            .collect_all()
            .unwrap();
        assert!(samples.len() > 12_000, "{} samples", samples.len());
    }

    /// With the real model: consecutive chunks meet without a jump between samples.
    #[test]
    fn joins_between_chunks_do_not_click() {
        let speech = load_speech();
        let prepared = prepared(&speech, "Well, here we are. The first part is short, then the rest follows in a longer piece; it keeps going, and going, until the end.");
        let chunks: Vec<Chunk> = speech.synthesize(prepared, true).map(Result::unwrap).collect();
        assert!(chunks.len() >= 2, "the short first chunk makes at least one join");
        let joined: Vec<f32> = chunks.iter().flat_map(|c| c.samples.iter().copied()).collect();
        // How far speech itself moves between neighbouring samples, at its busiest.
        let mut steps: Vec<f32> = joined.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
        steps.sort_by(f32::total_cmp);
        let busy = steps[steps.len() * 999 / 1000];
        let mut at = 0;
        for pair in chunks.windows(2) {
            at += pair[0].samples.len();
            let jump = (joined[at] - joined[at - 1]).abs();
            assert!(
                jump <= busy,
                "join at sample {at}: jump {jump} above speech's 99.9th percentile step {busy}"
            );
            assert!(
                joined[at - 1].abs() < 1e-3 && joined[at].abs() < 1e-3,
                "join at {at} is not at silence"
            );
        }
    }
}
