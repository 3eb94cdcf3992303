//! Admission and turns: how many requests may wait for the engine, for how long, and who is next.
//!
//! One synthesis holds the engine at a time (its ONNX session already uses every core, so turns
//! give each request the lowest latency), in arrival order. A request first takes a *place*: there
//! are `--queue-depth` of them, counting the one running. A full queue, or a wait the recent
//! speed of the engine says cannot end before the deadline, is refused at once with 503 `busy`
//! and `Retry-After`. A request that does get a place waits for its *turn* at most until its
//! deadline, then is refused the same way. Both are RAII guards: a client that leaves drops its
//! handler's future, and with it its place, at once.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

// tokio's clock, which tests can pause; the same as std's otherwise.
use tokio::time::Instant;

use axum::http::StatusCode;
use tokio::sync::{OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};
use tts_engine::Cancel;

use super::AppError;

/// How long a request may wait for its turn when `--deadline` is not given, in seconds: below
/// the extension's own request timeout (15 s and up), so a client always hears back first.
pub const DEFAULT_DEADLINE_S: f64 = 10.0;

/// The queue in front of the engine, shared by every synthesis route.
pub struct Queue {
    depth: usize,
    deadline: Duration,
    places: Arc<Semaphore>,
    engine: Arc<tokio::sync::Mutex<()>>,
    waiting: AtomicUsize,
    running: AtomicUsize,
    /// Characters of text held by every place (waiting and running), for the wait estimate.
    queued_chars: AtomicUsize,
    /// Recent engine speed and when the running turn began.
    pace: Mutex<Pace>,
    refused: AtomicU64,
    completed: AtomicU64,
}

#[derive(Default)]
struct Pace {
    /// Seconds of engine time per character of text, a moving average; 0 until measured.
    seconds_per_char: f64,
    running_since: Option<Instant>,
}

/// What `/health` and `/metrics` report.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct QueueStats {
    /// Syntheses holding the engine (0 or 1).
    pub running: usize,
    /// Requests holding a place and waiting for their turn.
    pub waiting: usize,
    /// Places in all (`--queue-depth`).
    pub depth: usize,
    /// Longest wait for a turn, in seconds (`--deadline`).
    pub deadline_s: f64,
    /// Requests refused with 503 `busy` since start.
    pub refused_total: u64,
    /// Syntheses run to their end since start.
    pub completed_total: u64,
}

impl Queue {
    /// A queue with `depth` places whose requests wait at most `deadline` for their turn.
    pub fn new(depth: usize, deadline: Duration) -> Self {
        Self {
            depth,
            deadline,
            places: Arc::new(Semaphore::new(depth)),
            engine: Arc::new(tokio::sync::Mutex::new(())),
            waiting: AtomicUsize::new(0),
            running: AtomicUsize::new(0),
            queued_chars: AtomicUsize::new(0),
            pace: Mutex::new(Pace::default()),
            refused: AtomicU64::new(0),
            completed: AtomicU64::new(0),
        }
    }

    /// How long a request may wait for its turn.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// The counts right now.
    pub fn stats(&self) -> QueueStats {
        QueueStats {
            running: self.running.load(Ordering::Relaxed),
            waiting: self.waiting.load(Ordering::Relaxed),
            depth: self.depth,
            deadline_s: self.deadline.as_secs_f64(),
            refused_total: self.refused.load(Ordering::Relaxed),
            completed_total: self.completed.load(Ordering::Relaxed),
        }
    }

    /// Takes a place for a request of `chars` characters, or refuses at once.
    pub fn enter(self: &Arc<Self>, chars: usize) -> Result<Place, AppError> {
        let arrived = Instant::now();
        let Ok(permit) = self.places.clone().try_acquire_owned() else {
            return Err(self.busy("the queue is full", self.estimated_wait(0)));
        };
        let ahead = self.estimated_wait(0);
        if ahead > self.deadline {
            return Err(self.busy("the requests ahead will not be done before this one's deadline", ahead));
        }
        self.waiting.fetch_add(1, Ordering::Relaxed);
        self.queued_chars.fetch_add(chars, Ordering::Relaxed);
        Ok(Place {
            queue: self.clone(),
            chars,
            arrived,
            waiting: true,
            _permit: permit,
        })
    }

    /// How long the work already queued should take, plus `extra_chars` more, at the recent pace.
    /// Zero until a synthesis has been timed: no guess is better than a wrong one.
    fn estimated_wait(&self, extra_chars: usize) -> Duration {
        let pace = self.pace.lock().unwrap_or_else(|p| p.into_inner());
        let chars = self.queued_chars.load(Ordering::Relaxed) + extra_chars;
        let done = pace.running_since.map_or(0.0, |t| t.elapsed().as_secs_f64());
        Duration::from_secs_f64((pace.seconds_per_char * chars as f64 - done).max(0.0))
    }

    /// 503 `busy` with a `Retry-After` of about when a place should be free (1 to 60 s).
    fn busy(&self, why: &str, wait: Duration) -> AppError {
        self.refused.fetch_add(1, Ordering::Relaxed);
        let retry = wait.saturating_sub(self.deadline).as_secs_f64().ceil().clamp(1.0, 60.0) as u64;
        AppError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            format!("the server is busy ({why}); retry in {retry} s"),
        )
        .retry_after(retry)
    }
}

/// A place in the queue. Dropping it (the client left) gives it back at once.
pub struct Place {
    queue: Arc<Queue>,
    chars: usize,
    arrived: Instant,
    /// Counted in `waiting` (until it becomes a turn).
    waiting: bool,
    _permit: OwnedSemaphorePermit,
}

impl Place {
    /// Waits for the engine until the request's deadline; past it, 503 `busy`.
    pub async fn turn(mut self) -> Result<Turn, AppError> {
        let left = self.queue.deadline.saturating_sub(self.arrived.elapsed());
        let engine = self.queue.engine.clone();
        match tokio::time::timeout(left, engine.lock_owned()).await {
            Ok(guard) => {
                self.waiting = false;
                self.queue.waiting.fetch_sub(1, Ordering::Relaxed);
                self.queue.running.fetch_add(1, Ordering::Relaxed);
                let started = Instant::now();
                self.queue.pace.lock().unwrap_or_else(|p| p.into_inner()).running_since = Some(started);
                Ok(Turn {
                    place: Some(self),
                    started,
                    completed: false,
                    _engine: guard,
                })
            }
            Err(_) => {
                let wait = self.queue.estimated_wait(0);
                let deadline = self.queue.deadline.as_secs_f64();
                Err(self.queue.busy(
                    &format!("no turn within the {deadline} s deadline"),
                    wait + self.queue.deadline,
                ))
            }
        }
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        if self.waiting {
            self.queue.waiting.fetch_sub(1, Ordering::Relaxed);
        }
        self.queue.queued_chars.fetch_sub(self.chars, Ordering::Relaxed);
    }
}

/// The engine, held until dropped. Syntheses run on a blocking thread that owns the turn, so the
/// engine is given back when the work in progress has really stopped.
pub struct Turn {
    place: Option<Place>,
    started: Instant,
    completed: bool,
    _engine: OwnedMutexGuard<()>,
}

impl Turn {
    /// Marks the synthesis as run to its end, so its time teaches the wait estimate.
    pub fn completed(&mut self) {
        self.completed = true;
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let Some(place) = self.place.take() else { return };
        let queue = place.queue.clone();
        {
            let mut pace = queue.pace.lock().unwrap_or_else(|p| p.into_inner());
            pace.running_since = None;
            if self.completed && place.chars > 0 {
                let sample = self.started.elapsed().as_secs_f64() / place.chars as f64;
                pace.seconds_per_char = if pace.seconds_per_char == 0.0 {
                    sample
                } else {
                    0.7 * pace.seconds_per_char + 0.3 * sample
                };
            }
        }
        if self.completed {
            queue.completed.fetch_add(1, Ordering::Relaxed);
        }
        queue.running.fetch_sub(1, Ordering::Relaxed);
        // The place goes back before the engine (field order), so counts never exceed the depth.
        drop(place);
    }
}

/// Set while the client is still there; its handler's future cancels it when dropped, which stops
/// the synthesis at once, the model run in progress included ([`tts_engine::Cancel`]). Whole
/// responses stop this way, as streams do when their channel closes.
#[derive(Clone)]
pub struct Presence(Cancel);

/// Cancels the [`Presence`] when the handler's future is dropped before [`Leave::disarm`].
pub struct Leave(Option<Presence>);

impl Presence {
    /// A presence and the guard that ends it.
    pub fn new() -> (Presence, Leave) {
        let presence = Presence(Cancel::new());
        (presence.clone(), Leave(Some(presence)))
    }

    /// What stops the synthesis when the client leaves.
    pub fn cancel(&self) -> Cancel {
        self.0.clone()
    }
}

impl Leave {
    /// The answer is on its way; the client did not leave.
    pub fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for Leave {
    fn drop(&mut self) {
        if let Some(presence) = self.0.take() {
            presence.0.cancel();
            tracing::info!("client went away; its synthesis is stopped");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn places_turns_and_deadlines() {
        let queue = Arc::new(Queue::new(2, Duration::from_secs(10)));
        let first = queue.enter(10).unwrap().turn().await.unwrap();
        let second = queue.enter(10).unwrap();
        assert_eq!((queue.stats().running, queue.stats().waiting), (1, 1));
        let full = queue.enter(10).err().expect("two places only");
        assert_eq!((full.code(), full.retry_after_s()), ("busy", Some(1)));

        // The second waits its deadline out while the first holds the engine.
        let refused = second.turn().await.err().expect("deadline passed");
        assert_eq!(refused.code(), "busy");
        assert!(refused.retry_after_s().is_some());
        assert_eq!(queue.stats().waiting, 0, "a refused request gives its place back");

        // A client that leaves while waiting frees its place at once.
        let leaving = queue.enter(10).unwrap();
        assert_eq!(queue.stats().waiting, 1);
        drop(leaving);
        assert_eq!(queue.stats().waiting, 0);

        let mut first = first;
        tokio::time::advance(Duration::from_secs(20)).await;
        first.completed();
        drop(first);
        let stats = queue.stats();
        assert_eq!((stats.running, stats.completed_total, stats.refused_total), (0, 1, 2));
        // 30 s (10 waited by the second, 20 more) for 10 characters: with 10 more characters
        // queued, the next request would wait about 30 s, past its 10 s deadline: refused at once,
        // told to come back when about 20 s of that have passed.
        let _ahead = queue.enter(10).unwrap();
        let hopeless = queue.enter(10).err().expect("estimated wait past the deadline");
        assert_eq!(hopeless.retry_after_s(), Some(20));
    }

    #[test]
    fn presence_ends_when_the_handler_is_dropped() {
        let (presence, leave) = Presence::new();
        drop(leave);
        assert!(presence.cancel().is_cancelled());
        let (presence, leave) = Presence::new();
        leave.disarm();
        assert!(!presence.cancel().is_cancelled());
    }
}
