//! The server's text front end for the browser: `tts-text` (G2P) and `tts-plan` (chunks, ids,
//! style rows, word times) behind a wasm-bindgen API. Nothing here reads text or makes phonemes by
//! itself; every answer comes from the same functions the server calls, so the in-browser engine
//! speaks the same phonemes.
//!
//! Layout:
//! - `api`: the operations, in plain Rust (errors as strings), tested natively.
//! - this file: their JavaScript faces (`G2p`, `wordTimes`, `styleRow`, `fadeEdges`, `dataFiles`), which only
//!   convert arguments and errors.
//!
//! Data comes in as bytes (the browser has no file system), keyed by the paths of
//! `tts_text::paths` (relative to `$TTS_HOME/text`; jieba's `dict.txt` is copied from the jieba-rs
//! source by `scripts/build-g2p-wasm.sh`).

pub mod api;

use wasm_bindgen::prelude::*;

/// The G2P with its data parsed, for the languages whose files it was given.
#[wasm_bindgen]
pub struct G2p {
    inner: api::G2p,
}

#[wasm_bindgen]
impl G2p {
    /// Parses the data files: `files` maps paths such as `misaki/us_gold.json` (see `dataFiles()`)
    /// to their bytes (`Uint8Array` or `ArrayBuffer`). American English is always needed; British
    /// English and Mandarin when all their files are there.
    #[wasm_bindgen(constructor)]
    pub fn new(files: &js_sys::Object) -> Result<G2p, JsError> {
        let mut named = Vec::new();
        for entry in js_sys::Object::entries(files).iter() {
            let entry = js_sys::Array::from(&entry);
            let name = entry
                .get(0)
                .as_string()
                .ok_or_else(|| JsError::new("data file names must be strings"))?;
            let value = entry.get(1);
            if !(value.is_instance_of::<js_sys::Uint8Array>() || value.is_instance_of::<js_sys::ArrayBuffer>()) {
                return Err(JsError::new(&format!(
                    "{name}: expected a Uint8Array or an ArrayBuffer"
                )));
            }
            named.push((name, js_sys::Uint8Array::new(&value).to_vec()));
        }
        let inner = api::G2p::load(&named).map_err(|e| JsError::new(&e))?;
        Ok(G2p { inner })
    }

    /// The languages loaded: some of `en-us`, `en-gb`, `zh`.
    pub fn languages(&self) -> Vec<String> {
        self.inner.languages()
    }

    /// What `tts-server phonemize --lang LANG [--strict-misaki]` prints for the line `text`.
    pub fn phonemize(&self, text: &str, lang: &str, strict_misaki: bool) -> Result<String, JsError> {
        self.inner
            .phonemize(text, lang, strict_misaki)
            .map_err(|e| JsError::new(&e))
    }

    /// The model-sized chunks of `text` as JSON: `[{phonemes, words: [{text, chars: {start, end},
    /// phonemes: {start, end}, tokens: {start, end}}], ids, style_row, unknown}]`, exactly as the
    /// server plans them (`tts-server phonemize --plan` prints the same). `open_end`: the text is
    /// the first piece of a sentence that goes on in the next call; its last chunk then has no
    /// trailing pad (and `open_end: true`), as the server's `/synthesize` with `continues`.
    pub fn prepare(
        &self,
        text: &str,
        lang: &str,
        strict_misaki: bool,
        short_first: bool,
        open_end: bool,
    ) -> Result<String, JsError> {
        self.inner
            .prepare(text, lang, strict_misaki, short_first, open_end)
            .map_err(|e| JsError::new(&e))
    }
}

/// Word times for one prepared chunk (its JSON as `prepare` gave it) from the model's `durations`
/// output, the chunk starting `offset_samples` into the audio: JSON `[{word, start, end,
/// char_start, char_end}]`, the server's word timings.
#[wasm_bindgen(js_name = wordTimes)]
pub fn word_times(chunk_json: &str, durations: &[f32], offset_samples: usize) -> Result<String, JsError> {
    api::word_times(chunk_json, durations, offset_samples).map_err(|e| JsError::new(&e))
}

/// The voice-pack row (of 510, 256 floats each) for a chunk of `phoneme_count` tokens, pads not
/// counted; `prepare` already gives each chunk's `style_row`.
#[wasm_bindgen(js_name = styleRow)]
pub fn style_row(phoneme_count: usize) -> usize {
    tts_engine::style_row(phoneme_count)
}

/// The data files the G2P takes, as JSON `[{path, lang}]`: `path` relative to `$TTS_HOME/text`,
/// `lang` the language that needs it.
#[wasm_bindgen(js_name = dataFiles)]
pub fn data_files() -> String {
    api::data_files_json()
}

/// Fades a chunk's first and last 5 ms in and out, as the server does to every chunk so that joins
/// do not click (`samples` is changed in place).
#[wasm_bindgen(js_name = fadeEdges)]
pub fn fade_edges(samples: &mut [f32]) {
    tts_plan::fade_edges(samples);
}

/// Kokoro's output rate, for turning sample offsets into seconds.
#[wasm_bindgen(js_name = sampleRate)]
pub fn sample_rate() -> u32 {
    tts_engine::SAMPLE_RATE
}
