//! The one error type every route returns, rendered as `{"error":{"code","message"}}`.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::speech::SpeechError;

/// An HTTP error with a stable machine-readable code and a message for people.
#[derive(Debug)]
pub struct AppError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl AppError {
    /// An error with an explicit status and code.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into() }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = Json(json!({ "error": { "code": self.code, "message": self.message } }));
        (self.status, body).into_response()
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        let (status, code) = match &rejection {
            JsonRejection::MissingJsonContentType(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            JsonRejection::JsonSyntaxError(_) => (StatusCode::BAD_REQUEST, "invalid_json"),
            JsonRejection::JsonDataError(_) => (StatusCode::BAD_REQUEST, "invalid_request"),
            _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            _ => (StatusCode::BAD_REQUEST, "invalid_request"),
        };
        AppError::new(status, code, rejection.body_text())
    }
}

impl From<SpeechError> for AppError {
    fn from(err: SpeechError) -> Self {
        let (status, code) = match &err {
            SpeechError::EmptyText => (StatusCode::BAD_REQUEST, "empty_text"),
            SpeechError::TextTooLong(_) => (StatusCode::PAYLOAD_TOO_LARGE, "text_too_long"),
            SpeechError::BadSpeed(_) => (StatusCode::BAD_REQUEST, "invalid_speed"),
            SpeechError::UnknownVoice { .. } => (StatusCode::BAD_REQUEST, "unknown_voice"),
            SpeechError::NoLanguage(_) => (StatusCode::BAD_REQUEST, "unsupported_language"),
            SpeechError::Engine(e) => {
                // Our fault, not the caller's: log the detail, answer without internals.
                tracing::error!(error = %e, "synthesis failed");
                return AppError::new(StatusCode::SERVICE_UNAVAILABLE, "synthesis_failed", "synthesis failed; see the server log");
            }
        };
        AppError::new(status, code, err.to_string())
    }
}
