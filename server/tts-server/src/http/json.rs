//! The JSON body extractor every POST route uses: a JSON *object*, or a 4xx in our error shape.
//!
//! axum's `Json` would accept `["Hello"]` for a struct, since serde reads structs from arrays
//! positionally; a body that is not an object is refused here before serde sees it.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde::de::DeserializeOwned;

use super::AppError;

/// A request body that must be a JSON object sent as `application/json` (or `*/*+json`).
pub struct JsonObject<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonObject<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        if !is_json(request.headers()) {
            return Err(AppError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with `Content-Type: application/json`",
            ));
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", rejection.body_text())
            } else {
                AppError::new(StatusCode::BAD_REQUEST, "invalid_request", rejection.body_text())
            }
        })?;
        parse(&bytes).map(JsonObject)
    }
}

/// The body as `T`: syntax errors are `invalid_json`, valid JSON of the wrong shape (an array, a
/// string, a missing or unknown field) `invalid_request`.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|&b| b != b'{') && serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the body must be a JSON object, e.g. {\"text\": \"Hello\"}",
        ));
    }
    let Json(value) = Json::<T>::from_bytes(bytes)?;
    Ok(value)
}

/// axum's rule: `application/json`, or any `application/…+json`, parameters allowed.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        text: String,
    }

    fn code(body: &str) -> &'static str {
        match parse::<Body>(body.as_bytes()) {
            Ok(_) => "ok",
            Err(e) => e.code(),
        }
    }

    #[test]
    fn only_objects_are_bodies() {
        assert_eq!(code(r#"{"text":"hi"}"#), "ok");
        assert_eq!(
            code(r#" ["hi"]"#),
            "invalid_request",
            "serde would read an array positionally"
        );
        assert_eq!(code(r#""hi""#), "invalid_request");
        assert_eq!(code("null"), "invalid_request");
        assert_eq!(code("["), "invalid_json");
        assert_eq!(code(""), "invalid_json");
        assert_eq!(
            code(r#"{"text":"\ud800"}"#),
            "invalid_json",
            "a lone surrogate is no text"
        );
        assert_eq!(code(r#"{"text":1}"#), "invalid_request");
    }
}
