//! `POST /v1/audio/speech`: OpenAI's speech endpoint, so OpenAI client libraries work unchanged.
//!
//! With `"stream": true` the body is sent chunk by chunk while later chunks are still being
//! synthesized; the first chunk is short so audio starts early. A client that goes away stops
//! the synthesis at the next chunk.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio_stream::wrappers::ReceiverStream;

use super::json::JsonObject;
use super::queue::{Presence, Turn};
use super::routes::MODELS;
use super::synthesize::parse_lang;
use super::{AppError, AppState};
use crate::encode::{Encoder, Format};
use crate::speech::{Prepared, Request, Speech, DEFAULT_VOICE, OPENAI_SPEED_RANGE};

/// The body OpenAI's clients send. Unknown fields are ignored, as OpenAI adds fields over time.
#[derive(Debug, Deserialize)]
pub struct SpeechBody {
    model: String,
    input: String,
    #[serde(default)]
    voice: Option<String>,
    #[serde(default)]
    response_format: Option<String>,
    #[serde(default)]
    speed: Option<f32>,
    #[serde(default)]
    stream: bool,
    #[serde(default)]
    stream_format: Option<String>,
    /// Not OpenAI's: the front-end language, as on `/synthesize`.
    #[serde(default)]
    lang: Option<String>,
}

/// `POST /v1/audio/speech`.
pub async fn speech(
    State(state): State<AppState>,
    JsonObject(body): JsonObject<SpeechBody>,
) -> Result<Response, AppError> {
    if !MODELS.contains(&body.model.as_str()) {
        let message = format!(
            "model '{}' is not served here; use one of {}",
            body.model,
            MODELS.join(", ")
        );
        return Err(AppError::new(StatusCode::BAD_REQUEST, "model_not_found", message).param("model"));
    }
    if body.stream_format.as_deref().is_some_and(|f| f != "audio") {
        let message = "only stream_format \"audio\" is supported (server-sent events are not)";
        return Err(
            AppError::new(StatusCode::BAD_REQUEST, "unsupported_stream_format", message).param("stream_format"),
        );
    }
    let format: Format = body.response_format.as_deref().unwrap_or("mp3").parse()?;
    let encoder = format.encoder(tts_engine::SAMPLE_RATE)?;
    let speech = state.speech()?;
    let request = Request {
        text: body.input,
        voice: body.voice.unwrap_or_else(|| DEFAULT_VOICE.to_string()),
        speed: body.speed.unwrap_or(1.0),
        lang: parse_lang(body.lang.as_deref())?,
        strict_misaki: false,
        continues: false,
    };
    let prepared = super::prepare(speech.clone(), request, OPENAI_SPEED_RANGE)
        .await
        .map_err(AppError::param_for_openai)?;
    let place = state.queue.enter(prepared.chars())?;
    let turn = place.turn().await?;
    let content_type = [(header::CONTENT_TYPE, format.content_type())];
    if body.stream {
        let stall = state.queue.deadline();
        return Ok((content_type, stream(speech, prepared, turn, encoder, stall)).into_response());
    }
    let (presence, leave) = Presence::new();
    let bytes = tokio::task::spawn_blocking(move || {
        let mut turn = turn;
        let (samples, _) = speech
            .synthesize(prepared, false)
            .stopped_by(presence.cancel())
            .collect_all()?;
        turn.completed();
        drop(turn);
        format
            .encode_all(&samples, tts_engine::SAMPLE_RATE)
            .map_err(AppError::from)
    })
    .await
    .map_err(super::task_failed)??;
    leave.disarm();
    Ok((content_type, bytes).into_response())
}

/// Synthesizes on a blocking thread and hands each encoded chunk to the response body as soon as
/// it exists. The channel holds at most two chunks, so synthesis never runs far ahead of a slow
/// reader; when the reader is gone, sending fails and synthesis stops. A reader that stops reading
/// for longer than `stall` is given up on, so it cannot keep the engine's turn forever.
fn stream(
    speech: Arc<Speech>,
    prepared: Prepared,
    mut turn: Turn,
    mut encoder: Box<dyn Encoder>,
    stall: Duration,
) -> Body {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, io::Error>>(2);
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let send = |item: Result<Bytes, io::Error>| match runtime.block_on(tokio::time::timeout(stall, tx.send(item))) {
            Ok(Ok(())) => true,
            Ok(Err(_)) => false,
            Err(_) => {
                tracing::warn!(seconds = stall.as_secs_f64(), "stream reader stalled; stream ended");
                false
            }
        };
        let send_bytes = |bytes: Vec<u8>| bytes.is_empty() || send(Ok(Bytes::from(bytes)));
        for chunk in speech.synthesize(prepared, true) {
            let encoded = chunk
                .map_err(|e| e.to_string())
                .and_then(|c| encoder.push(&c.samples).map_err(|e| e.to_string()));
            match encoded {
                Ok(bytes) => {
                    if !send_bytes(bytes) || tx.is_closed() {
                        tracing::info!("client went away; synthesis cancelled");
                        return;
                    }
                }
                Err(why) => {
                    // Headers are gone already; ending the body with an error makes the client see
                    // a truncated transfer rather than a short but "complete" file.
                    tracing::error!(%why, "streamed synthesis failed");
                    send(Err(io::Error::other(why)));
                    return;
                }
            }
        }
        match encoder.finish() {
            Ok(tail) => {
                if send_bytes(tail) {
                    turn.completed();
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "finishing the stream failed");
                send(Err(io::Error::other(e.to_string())));
            }
        }
    });
    Body::from_stream(ReceiverStream::new(rx))
}
