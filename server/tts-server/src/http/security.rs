//! Who may talk to the server: Host header checks against DNS rebinding, and CORS for browsers.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::error::AppError;
use axum::response::IntoResponse;

/// Host names and origins the server accepts besides loopback.
#[derive(Debug, Clone, Default)]
pub struct Allowlist {
    /// Extra host names (without port) accepted in the `Host` header.
    pub hosts: Vec<String>,
    /// Extra exact origins (`https://app.example`) allowed by CORS.
    pub origins: Vec<String>,
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
    fn origins() {
        assert!(origin_allowed("http://localhost:3000", &[]));
        assert!(origin_allowed("http://127.0.0.1:8080", &[]));
        assert!(origin_allowed("http://[::1]:5173", &[]));
        assert!(!origin_allowed("https://evil.example", &[]));
        assert!(!origin_allowed("http://localhost.evil.example", &[]));
        assert!(origin_allowed("https://app.example", &["https://app.example".into()]));
    }
}
