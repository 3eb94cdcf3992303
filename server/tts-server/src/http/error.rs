//! The one error type every route returns, rendered as `{"error":{"code","message"}}`.

use axum::extract::rejection::JsonRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::encode;
use crate::speech::SpeechError;

/// An HTTP error with a stable machine-readable code and a message for people.
///
/// The body is `{"error": {"code", "message", "type", "param"}}`: our own shape, which is also
/// OpenAI's, so the OpenAI client libraries raise their usual exceptions with our message.
#[derive(Debug)]
pub struct AppError {
    status: StatusCode,
    code: &'static str,
    message: String,
    param: Option<&'static str>,
    /// Seconds for a `Retry-After` header (503 `busy`, `loading`).
    retry_after: Option<u64>,
}

impl AppError {
    /// An error with an explicit status and code.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            param: None,
            retry_after: None,
        }
    }

    /// OpenAI's endpoint calls the text `input`; point `param` there.
    pub fn param_for_openai(mut self) -> Self {
        if self.param == Some("text") {
            self.param = Some("input");
        }
        self
    }

    /// The machine-readable code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Asks the client to come back after `seconds`, in a `Retry-After` header.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// The `Retry-After` this error sends, if any.
    pub fn retry_after_s(&self) -> Option<u64> {
        self.retry_after
    }

    /// Names the request field at fault.
    pub fn param(mut self, param: &'static str) -> Self {
        self.param = Some(param);
        self
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let kind = if self.status.is_server_error() {
            "server_error"
        } else {
            "invalid_request_error"
        };
        let body =
            json!({ "error": { "code": self.code, "message": self.message, "type": kind, "param": self.param } });
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        let (status, code) = match &rejection {
            JsonRejection::MissingJsonContentType(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            JsonRejection::JsonSyntaxError(_) => (StatusCode::BAD_REQUEST, "invalid_json"),
            JsonRejection::JsonDataError(_) => (StatusCode::BAD_REQUEST, "invalid_request"),
            _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large")
            }
            _ => (StatusCode::BAD_REQUEST, "invalid_request"),
        };
        AppError::new(status, code, rejection.body_text())
    }
}

impl From<SpeechError> for AppError {
    fn from(err: SpeechError) -> Self {
        let (status, code, param) = match &err {
            SpeechError::EmptyText => (StatusCode::BAD_REQUEST, "empty_text", "text"),
            SpeechError::NothingToSpeak => (StatusCode::BAD_REQUEST, "nothing_to_speak", "text"),
            SpeechError::TextTooLong(_) => (StatusCode::PAYLOAD_TOO_LARGE, "text_too_long", "text"),
            SpeechError::BadSpeed(..) => (StatusCode::BAD_REQUEST, "invalid_speed", "speed"),
            SpeechError::BadVoice(_) => (StatusCode::BAD_REQUEST, "invalid_voice", "voice"),
            SpeechError::UnknownVoice { .. } => (StatusCode::BAD_REQUEST, "unknown_voice", "voice"),
            SpeechError::NoLanguage(_) => (StatusCode::BAD_REQUEST, "unsupported_language", "lang"),
            SpeechError::NoDurations => (StatusCode::BAD_REQUEST, "timestamps_unavailable", "timestamps"),
            SpeechError::Cancelled => {
                // Nobody reads this answer; it only has to be well formed.
                return AppError::new(StatusCode::SERVICE_UNAVAILABLE, "cancelled", err.to_string());
            }
            SpeechError::Engine(_) | SpeechError::Text(_) => {
                // Our fault, not the caller's: log the detail, answer without internals.
                tracing::error!(error = %err, "synthesis failed");
                return AppError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "synthesis_failed",
                    "synthesis failed; see the server log",
                );
            }
        };
        AppError::new(status, code, err.to_string()).param(param)
    }
}

impl From<encode::Error> for AppError {
    fn from(e: encode::Error) -> Self {
        match e.kind() {
            encode::ErrorKind::UnknownFormat => {
                AppError::new(StatusCode::BAD_REQUEST, "invalid_response_format", e.to_string())
            }
            encode::ErrorKind::Unsupported => {
                AppError::new(StatusCode::BAD_REQUEST, "unsupported_response_format", e.to_string())
            }
            _ => {
                tracing::error!(error = %e, "encoding failed");
                return AppError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "encoding_failed",
                    "encoding failed; see the server log",
                );
            }
        }
        .param("response_format")
    }
}
