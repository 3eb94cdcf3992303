//! `POST /synthesize`: the native endpoint. Text → WAV, or JSON with word timings.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine as _;
use serde::Deserialize;
use serde_json::json;

use super::json::JsonObject;
use super::queue::Presence;
use super::{AppError, AppState};
use crate::encode::Format;
use crate::speech::{Request, SpeechError, DEFAULT_VOICE, SPEED_RANGE};

/// The body of `POST /synthesize`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SynthesizeBody {
    text: String,
    #[serde(default)]
    voice: Option<String>,
    #[serde(default)]
    speed: Option<f32>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    timestamps: bool,
    /// Read Chinese exactly as misaki 0.9.4 does, for comparison.
    #[serde(default)]
    strict_misaki: bool,
    /// The text is the first piece of a sentence that the next request goes on with (the
    /// extension cuts a long sentence so that sound starts sooner): its last word is not read as
    /// the end of an utterance, which would lengthen it and add silence after it.
    #[serde(default)]
    continues: bool,
}

/// Parses an optional `lang` field.
pub fn parse_lang(lang: Option<&str>) -> Result<Option<tts_text::Lang>, AppError> {
    lang.map(|code| {
        code.parse()
            .map_err(|m: String| AppError::new(StatusCode::BAD_REQUEST, "unsupported_language", m).param("lang"))
    })
    .transpose()
}

/// `POST /synthesize`: text → WAV (PCM16, 24 kHz, mono), or with `"timestamps": true`
/// `{sample_rate, audio: base64 WAV, words: [{word, start, end, char_start, char_end}]}`.
pub async fn synthesize(
    State(state): State<AppState>,
    JsonObject(body): JsonObject<SynthesizeBody>,
) -> Result<Response, AppError> {
    let speech = state.speech()?;
    let request = Request {
        text: body.text,
        voice: body.voice.unwrap_or_else(|| DEFAULT_VOICE.to_string()),
        speed: body.speed.unwrap_or(1.0),
        lang: parse_lang(body.lang.as_deref())?,
        strict_misaki: body.strict_misaki,
        continues: body.continues,
    };
    // Refuse bad input before queueing, so a full queue never hides a 4xx.
    let prepared = super::prepare(speech.clone(), request, SPEED_RANGE).await?;
    if body.timestamps && !speech.has_durations() {
        return Err(SpeechError::NoDurations.into());
    }
    let place = state.queue.enter(prepared.chars())?;
    let mut turn = place.turn().await?;
    let (presence, leave) = Presence::new();
    let (samples, words) = tokio::task::spawn_blocking(move || {
        let result = speech
            .synthesize(prepared, false)
            .stopped_by(presence.cancel())
            .collect_all();
        if result.is_ok() {
            turn.completed();
        }
        // The turn is given back here, when the engine is really free, even if the client left.
        drop(turn);
        result
    })
    .await
    .map_err(super::task_failed)??;
    leave.disarm();
    let wav = Format::Wav.encode_all(&samples, tts_engine::SAMPLE_RATE)?;
    if !body.timestamps {
        return Ok(([(header::CONTENT_TYPE, "audio/wav")], wav).into_response());
    }
    let body = json!({
        "sample_rate": tts_engine::SAMPLE_RATE,
        "audio": base64::engine::general_purpose::STANDARD.encode(&wav),
        "words": words.unwrap_or_default(),
    });
    Ok(Json(body).into_response())
}
