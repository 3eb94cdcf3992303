//! Route handlers.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::{AppError, AppState, Load};
use crate::speech::{Request, VoiceInfo, DEFAULT_VOICE};
use crate::wav;

/// `GET /health`: whether the model is loaded, plus what a client needs to know about us.
pub async fn health(State(state): State<AppState>) -> Response {
    let uptime = state.started.elapsed().as_secs_f64();
    let version = env!("CARGO_PKG_VERSION");
    let body = match &*state.load.read().unwrap_or_else(|p| p.into_inner()) {
        Load::Ready(speech) => json!({
            "status": "ok",
            "version": version,
            "voices": speech.engine().voices().len(),
            "sample_rate": tts_engine::SAMPLE_RATE,
            "uptime_s": uptime,
        }),
        Load::Loading => json!({ "status": "loading", "version": version, "voices": 0, "uptime_s": uptime }),
        Load::Failed(why) => json!({ "status": "error", "version": version, "voices": 0, "error": why }),
    };
    Json(body).into_response()
}

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
}

/// `POST /synthesize`: text → WAV (PCM16, 24 kHz, mono).
pub async fn synthesize(State(state): State<AppState>, body: Result<Json<SynthesizeBody>, JsonRejection>) -> Result<Response, AppError> {
    let Json(body) = body?;
    let speech = state.speech()?;
    let lang = match body.lang.as_deref() {
        Some(code) => Some(code.parse().map_err(|m: String| AppError::new(StatusCode::BAD_REQUEST, "unsupported_language", m))?),
        None => None,
    };
    let request = Request {
        text: body.text,
        voice: body.voice.unwrap_or_else(|| DEFAULT_VOICE.to_string()),
        speed: body.speed.unwrap_or(1.0),
        lang,
    };
    // Refuse bad input before queueing, so a full queue never hides a 4xx.
    speech.validate(&request)?;
    let _permit = state.queue.clone().try_acquire_owned().map_err(|_| {
        AppError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "too many requests are waiting; retry shortly")
    })?;
    let audio = tokio::task::spawn_blocking(move || speech.speak(&request))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "synthesis task ended abnormally");
            AppError::new(StatusCode::SERVICE_UNAVAILABLE, "synthesis_failed", "synthesis failed; see the server log")
        })??;
    let wav = wav::encode_pcm16(&audio.samples, tts_engine::SAMPLE_RATE);
    Ok(([(header::CONTENT_TYPE, "audio/wav")], wav).into_response())
}

/// `GET /voices`: every voice with its language and gender.
pub async fn voices(State(state): State<AppState>) -> Result<Response, AppError> {
    let speech = state.speech()?;
    let voices: Vec<VoiceInfo> = speech.engine().voices().names().map(VoiceInfo::from_id).collect();
    Ok(Json(json!({ "voices": voices })).into_response())
}

/// Unknown paths.
pub async fn not_found() -> AppError {
    AppError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint; see GET /health, POST /synthesize, GET /voices")
}

/// Known paths with the wrong method.
pub async fn method_not_allowed() -> AppError {
    AppError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "this endpoint does not take that method")
}
