//! The web page at `/` and the browser client it uses, both compiled into the binary.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::AppError;

const PAGE: &str = include_str!("page/index.html");
const CLIENT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tts-client.js"));

/// `GET /`: the page.
pub async fn page() -> Html<&'static str> {
    Html(PAGE)
}

/// `GET /client/tts-client.js`: the ES module, revalidated by ETag so an upgraded server is picked
/// up at once while unchanged files cost a 304.
pub async fn client(headers: HeaderMap) -> Result<Response, AppError> {
    if CLIENT.is_empty() {
        return Err(AppError::new(
            StatusCode::NOT_FOUND,
            "client_not_built",
            "this binary was built without the browser client; run `make build`",
        ));
    }
    let etag = etag();
    let cache = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (
            header::ETAG,
            HeaderValue::from_str(&etag).expect("hex is a valid header value"),
        ),
    ];
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    Ok((cache, CLIENT).into_response())
}

/// A strong validator from the file's content (FNV-1a; collisions would only cost a stale cache).
fn etag() -> String {
    let hash = CLIENT.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("\"{hash:016x}\"")
}
