//! Who may talk to the server: Host header checks against DNS rebinding, and CORS for browsers.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::error::AppError;
use axum::response::IntoResponse;

/// Who may talk to the server: host names and origins besides loopback, and the token, if any.
#[derive(Debug, Clone, Default)]
pub struct Allowlist {
    /// Extra host names (without port) accepted in the `Host` header.
    pub hosts: Vec<String>,
    /// Extra exact origins (`https://app.example`) allowed by CORS.
    pub origins: Vec<String>,
    /// When set, every request but `GET /health` must carry `Authorization: Bearer <token>`.
    pub token: Option<String>,
}

const LOOPBACK_HOSTS: [&str; 4] = ["127.0.0.1", "localhost", "[::1]", "::1"];

/// Rejects requests whose `Host` is not loopback or allow-listed. A web page on a hostile domain
/// that re-points its DNS at 127.0.0.1 still sends its own name as Host, so it is refused here.
pub async fn check_host(State(allow): State<std::sync::Arc<Allowlist>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if host_allowed(host, &allow.hosts) {
        next.run(request).await
    } else {
        AppError::new(
            StatusCode::FORBIDDEN,
            "forbidden_host",
            format!("Host '{host}' is not allowed; use 127.0.0.1 or localhost"),
        )
        .into_response()
    }
}

/// Refuses requests without the token, when there is one. `/health` stays open so clients can
/// find the server (and learn from `token_required` that they need one); CORS preflights never
/// reach this layer. OpenAI's clients send their API key this way, so the token is their key.
pub async fn check_token(State(allow): State<std::sync::Arc<Allowlist>>, request: Request, next: Next) -> Response {
    let Some(token) = allow.token.as_deref() else {
        return next.run(request).await;
    };
    if request.uri().path() == "/health" {
        return next.run(request).await;
    }
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or("");
    if same(given.trim().as_bytes(), token.as_bytes()) {
        return next.run(request).await;
    }
    let mut response = AppError::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "this server needs its token: send `Authorization: Bearer <token>`",
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// Compares in time that depends on the lengths only, so the token cannot be guessed byte by byte
/// from response times.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn host_allowed(host: &str, extra: &[String]) -> bool {
    let name = strip_port(host);
    !name.is_empty() && (LOOPBACK_HOSTS.contains(&name) || extra.iter().any(|h| h.eq_ignore_ascii_case(name)))
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        // [::1]:9527 → [::1]
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Whether a browser origin may call us: loopback pages on any port, plus the allow-list.
fn origin_allowed(origin: &str, extra: &[String]) -> bool {
    if extra.iter().any(|o| o == origin) {
        return true;
    }
    origin
        .strip_prefix("http://")
        .is_some_and(|rest| LOOPBACK_HOSTS[..3].contains(&strip_port(rest)))
}

/// CORS for the allow-list, including Chrome's Private Network Access preflight header.
pub fn cors(allow: &Allowlist) -> CorsLayer {
    let extra = allow.origins.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            origin.to_str().is_ok_and(|o| origin_allowed(o, &extra))
        }))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        // A page reads a 503 busy's `Retry-After` to wait it out (tts-client); a cross-origin
        // response shows a script only the headers listed here.
        .expose_headers([header::RETRY_AFTER])
        .allow_private_network(true)
        .max_age(std::time::Duration::from_secs(600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for ok in ["127.0.0.1:9527", "localhost", "localhost:80", "[::1]:9527"] {
            assert!(host_allowed(ok, &[]), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:9527",
            "127.0.0.1.evil.example",
            "",
            "localhost.:9527",
        ] {
            assert!(!host_allowed(bad, &[]), "{bad}");
        }
        assert!(host_allowed("tts.lan:9527", &["tts.lan".into()]));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"s3cret", b"s3cret"));
        assert!(!same(b"s3cre", b"s3cret") && !same(b"s3creT", b"s3cret") && !same(b"", b"s3cret"));
    }

    #[test]
    fn origins() {
        assert!(origin_allowed("http://localhost:3000", &[]));
        assert!(origin_allowed("http://127.0.0.1:8080", &[]));
        assert!(origin_allowed("http://[::1]:5173", &[]));
        assert!(!origin_allowed("https://evil.example", &[]));
        assert!(!origin_allowed("http://localhost.evil.example", &[]));
        assert!(origin_allowed("https://app.example", &["https://app.example".into()]));
    }
}
