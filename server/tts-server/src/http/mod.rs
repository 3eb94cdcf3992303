//! The HTTP service: routes, shared state and the layers every request passes through.
//!
//! The only module that knows HTTP and JSON. The model loads in the background after the socket is
//! bound, so `/health` answers at once ("loading", then "ok").

mod assets;
mod error;
mod json;
mod openai;
mod queue;
mod routes;
mod security;
mod synthesize;

use std::sync::{Arc, RwLock};
use std::time::Instant;

use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

pub use error::AppError;
pub use queue::{Queue, QueueStats, DEFAULT_DEADLINE_S};
pub use security::Allowlist;

use crate::speech::Speech;

/// Largest request body accepted, in bytes: room for the longest text in 4-byte UTF-8 plus JSON.
pub const MAX_BODY_BYTES: usize = 128 * 1024;
/// Requests that may wait for or hold the engine at once; more are refused with 503 `busy`.
pub const DEFAULT_QUEUE_DEPTH: usize = 16;

/// Where model loading stands.
pub enum Load {
    /// Still loading.
    Loading,
    /// Ready to speak.
    Ready(Arc<Speech>),
    /// Loading failed; the message says why.
    Failed(String),
}

/// State shared by all handlers.
#[derive(Clone)]
pub struct AppState {
    load: Arc<RwLock<Load>>,
    /// Every synthesis takes a place and then a turn here, *before* a blocking thread is spawned:
    /// a client that leaves while waiting (the extension skipping ahead cancels the sentences it
    /// had asked for) drops its future and is never synthesized.
    queue: Arc<Queue>,
    started: Instant,
    token_required: bool,
}

impl AppState {
    /// A state whose engine is still loading, with room for `queue_depth` requests, each waiting
    /// at most [`DEFAULT_DEADLINE_S`] for its turn.
    pub fn new(queue_depth: usize) -> Self {
        Self::with_deadline(queue_depth, std::time::Duration::from_secs_f64(DEFAULT_DEADLINE_S))
    }

    /// [`AppState::new`] with another deadline.
    pub fn with_deadline(queue_depth: usize, deadline: std::time::Duration) -> Self {
        Self {
            load: Arc::new(RwLock::new(Load::Loading)),
            queue: Arc::new(Queue::new(queue_depth, deadline)),
            started: Instant::now(),
            token_required: false,
        }
    }

    /// Says on `/health` that requests need the token.
    pub fn with_token_required(mut self, required: bool) -> Self {
        self.token_required = required;
        self
    }

    /// The queue's counts, for `/health`, `/metrics` and the shutdown log.
    pub fn queue_stats(&self) -> QueueStats {
        self.queue.stats()
    }

    /// Records the outcome of loading.
    pub fn set(&self, load: Load) {
        *self.load.write().unwrap_or_else(|p| p.into_inner()) = load;
    }

    fn speech(&self) -> Result<Arc<Speech>, AppError> {
        match &*self.load.read().unwrap_or_else(|p| p.into_inner()) {
            Load::Ready(speech) => Ok(speech.clone()),
            Load::Loading => Err(AppError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "loading",
                "the model is still loading; retry shortly",
            )
            .retry_after(1)),
            Load::Failed(why) => Err(AppError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "not_ready",
                format!("the model failed to load: {why}"),
            )),
        }
    }
}

/// Validates and reads a request on a blocking thread: the G2P of a long text takes milliseconds,
/// too long for an async worker, and a panic in it is contained like one in synthesis.
async fn prepare(
    speech: Arc<Speech>,
    request: crate::speech::Request,
    speeds: std::ops::RangeInclusive<f32>,
) -> Result<crate::speech::Prepared, AppError> {
    tokio::task::spawn_blocking(move || speech.prepare(request, speeds))
        .await
        .map_err(task_failed)?
        .map_err(AppError::from)
}

/// A synthesis task that panicked or was cancelled: our failure, logged, answered generically.
fn task_failed(e: tokio::task::JoinError) -> AppError {
    tracing::error!(error = %e, "synthesis task ended abnormally");
    internal_error()
}

/// 500 for a bug of ours (a panic): the detail goes to the log, never to the client.
fn internal_error() -> AppError {
    AppError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        "the server failed on this request; see its log",
    )
}

/// A panic in a handler or middleware, caught by `CatchPanicLayer`: logged, answered 500 JSON,
/// and the server goes on serving (each request runs in its own task).
fn panicked(payload: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into());
    tracing::error!(%message, "request handler panicked");
    axum::response::IntoResponse::into_response(internal_error())
}

/// The whole service as a router, for `serve` and for tests that call it without a socket.
pub fn app(state: AppState, allow: Allowlist) -> Router {
    with_layers(routes(state), allow)
}

fn routes(state: AppState) -> Router {
    Router::new()
        .route("/", get(assets::page))
        .route("/client/tts-client.js", get(assets::client))
        .route("/health", get(routes::health))
        .route("/metrics", get(routes::metrics))
        .route("/synthesize", post(synthesize::synthesize))
        .route("/voices", get(routes::voices))
        .route("/v1/audio/speech", post(openai::speech))
        .route("/v1/audio/voices", get(routes::voices))
        .route("/v1/models", get(routes::models))
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .with_state(state)
}

/// The layers every request passes through, outermost last: tracing, panics, the Host check,
/// CORS (so preflights need no token), the token, the body limit.
fn with_layers(router: Router, allow: Allowlist) -> Router {
    let allow = Arc::new(allow);
    router
        // The limit applies where a body is read (our JSON extractor), so an oversized body is
        // answered in our error shape; tower-http's layer would answer 413 without a body.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            allow.clone(),
            security::check_token,
        ))
        .layer(security::cors(&allow))
        .layer(axum::middleware::from_fn_with_state(allow, security::check_host))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(TraceLayer::new_for_http())
}

#[cfg(test)]
mod tests {
    //! Plumbing through the router without a socket or a model; speech itself is tested end to end
    //! in `tests/server.rs` with the real model.
    use axum::body::{to_bytes, Body};
    use axum::http::Request;
    use tower::ServiceExt;

    use super::*;

    async fn call(
        state: AppState,
        method: &str,
        path: &str,
        host: &str,
        body: &str,
    ) -> (StatusCode, serde_json::Value) {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header("host", host)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let response = app(state, Allowlist::default()).oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn reports_loading_until_the_model_is_ready() {
        let state = AppState::new(1);
        let (status, body) = call(state.clone(), "GET", "/health", "127.0.0.1:9527", "").await;
        assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("loading")));
        let (status, body) = call(state.clone(), "POST", "/synthesize", "localhost", r#"{"text":"hi"}"#).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, Some("loading"))
        );
        state.set(Load::Failed("model file missing".into()));
        let (_, body) = call(state, "GET", "/health", "localhost", "").await;
        assert_eq!(body["status"], "error");
        assert_eq!(body["error"], "model file missing");
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500_json_and_the_service_goes_on() {
        let router = routes(AppState::new(1)).route(
            "/boom",
            get(|| async {
                if true {
                    panic!("a bug");
                }
                "unreachable"
            }),
        );
        let service = with_layers(router, Allowlist::default());
        let request = |path: &str| {
            Request::builder()
                .uri(path)
                .header("host", "127.0.0.1")
                .body(Body::empty())
                .unwrap()
        };
        let response = service.clone().oneshot(request("/boom")).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body: serde_json::Value =
            serde_json::from_slice(&to_bytes(response.into_body(), usize::MAX).await.unwrap()).unwrap();
        assert_eq!(body["error"]["code"], "internal_error");
        assert!(!body.to_string().contains("a bug"), "no internals to the client");
        let response = service.oneshot(request("/health")).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "still serving");
    }

    #[tokio::test]
    async fn a_panic_on_a_blocking_thread_is_a_500() {
        let join = tokio::task::spawn_blocking::<_, ()>(|| panic!("in synthesis"))
            .await
            .unwrap_err();
        let response = axum::response::IntoResponse::into_response(task_failed(join));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[tokio::test]
    async fn refuses_foreign_hosts_and_unknown_paths_with_json() {
        let (status, body) = call(AppState::new(1), "GET", "/health", "attacker.example", "").await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("forbidden_host"))
        );
        let (status, body) = call(AppState::new(1), "GET", "/nowhere", "[::1]:9527", "").await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found"))
        );
        let (status, body) = call(AppState::new(1), "POST", "/synthesize", "localhost", "{").await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_json"))
        );
    }
}
