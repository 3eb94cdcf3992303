//! `tts-server`: the CLI. Subcommands: `serve`, `say`, `phonemize`, `voices`, `doctor`,
//! `export-web-assets`. The service itself is in the library (`lib.rs`).

use std::io::{BufRead, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Parser, Subcommand};
use tts_text::{Lang, TextData};

use tts_server::assets::AssetArgs;
use tts_server::speech::{self, Request, Speech, DEFAULT_VOICE};
use tts_server::{doctor, encode, export, http};

#[derive(Parser)]
#[command(
    name = "tts-server",
    version,
    about = "Local Kokoro-82M text-to-speech: an HTTP service and a CLI"
)]
struct Cli {
    #[command(flatten)]
    assets: AssetArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the HTTP API (default 127.0.0.1:9527).
    Serve {
        /// Address to bind. Anything but loopback exposes the service to the network.
        #[arg(long, default_value = "127.0.0.1", env = "TTS_HOST_ADDR")]
        host: String,
        /// Port to listen on.
        #[arg(long, default_value_t = 9527, env = "TTS_PORT")]
        port: u16,
        /// Extra browser origin allowed by CORS, e.g. https://app.example (repeatable).
        #[arg(long = "allow-origin")]
        allow_origins: Vec<String>,
        /// Extra host name accepted in the Host header (repeatable).
        #[arg(long = "allow-host")]
        allow_hosts: Vec<String>,
        /// Requests that may wait for or hold the engine at once; more get 503 `busy`.
        #[arg(long, default_value_t = http::DEFAULT_QUEUE_DEPTH, env = "TTS_QUEUE_DEPTH")]
        queue_depth: usize,
        /// Longest a request waits for its turn at the engine, in seconds; then 503 `busy` with
        /// Retry-After.
        #[arg(long, default_value_t = http::DEFAULT_DEADLINE_S, env = "TTS_DEADLINE")]
        deadline: f64,
        /// On SIGTERM or Ctrl-C, how long requests in flight may take to finish, in seconds.
        #[arg(long, default_value_t = DEFAULT_DRAIN_S, env = "TTS_DRAIN")]
        drain: f64,
        /// Require `Authorization: Bearer <token>` on every request but `GET /health`. Needed to
        /// bind an address other than loopback.
        #[arg(long, env = "TTS_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Bind a non-loopback address without a token: anyone who can reach it may use it.
        #[arg(long)]
        unsafe_no_token: bool,
    },
    /// Speak text into a WAV file.
    Say {
        /// The text to speak.
        text: String,
        /// Voice id (see `tts-server voices`).
        #[arg(long, default_value = DEFAULT_VOICE)]
        voice: String,
        /// Speaking rate (0.5–2.0).
        #[arg(long, default_value_t = 1.0)]
        speed: f32,
        /// Front-end language (en-us, en-gb, zh); by default the voice's.
        #[arg(long)]
        lang: Option<Lang>,
        /// Output WAV file.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Print the phonemes of each line read on stdin, one output line per input line.
    Phonemize {
        /// Language: en-us, en-gb or zh.
        #[arg(long, default_value = "en-us")]
        lang: Lang,
        /// Reproduce misaki 0.9.4 exactly (Chinese: Latin runs copied unread; English: no unit,
        /// range or address readings added), for comparison with the reference.
        #[arg(long)]
        strict_misaki: bool,
        /// Print, per line, the chunks the model is given as one JSON array (phonemes, ids with
        /// pads, style row, words with character offsets and token ranges), as the in-browser G2P's
        /// `prepare` returns them.
        #[arg(long)]
        plan: bool,
    },
    /// List the installed voices.
    Voices {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Copy the model, voices and text data an in-browser engine needs into DIR (its modelBaseUrl).
    ExportWebAssets {
        /// Folder to write (created if missing).
        dir: PathBuf,
    },
    /// Check the install (model, runtime, voices, text data) and say what to fix.
    Doctor {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Default for `serve --drain`, in seconds.
const DEFAULT_DRAIN_S: f64 = 10.0;

/// Keeps the process's memory flat across requests. Each synthesis allocates hundreds of MiB in
/// blocks of every size and frees them; glibc by default raises its mmap threshold after such
/// frees (so later big blocks come from heaps that fragment and are never returned) and keeps one
/// heap per thread that ever allocated. Measured over 100 mixed requests: RSS grew 441 → 544 MiB
/// (+23 %) by default, 369 → 369 MiB with these two settings, and the peak fell from 898 to
/// 748 MiB (BENCHMARKS.md, "Memory"). The environment variables win when set.
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            // SAFETY: mallopt only sets allocator parameters; called before any thread exists.
            unsafe { libc::mallopt(libc::M_ARENA_MAX, 2) };
        }
        if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
            // Blocks of 1 MiB and more (tensors, audio) are mapped and given back when freed.
            // SAFETY: as above.
            unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20) };
        }
    }
}

fn main() -> ExitCode {
    tune_malloc();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TTS_LOG").unwrap_or_else(|_| "info,ort=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    // A panic is a bug: one log line saying where, not the default text that ends in a hint about
    // backtraces. Requests contain theirs (see http); elsewhere the error path reports it.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(%message, %at, "panic");
    }));
    let result = match cli.command {
        Command::Serve {
            host,
            port,
            allow_origins,
            allow_hosts,
            queue_depth,
            deadline,
            drain,
            token,
            unsafe_no_token,
        } => serve(
            &cli.assets,
            ServeOptions {
                host,
                port,
                allow: http::Allowlist {
                    hosts: allow_hosts,
                    origins: allow_origins,
                    token: token.filter(|t| !t.trim().is_empty()),
                },
                queue_depth,
                deadline,
                drain,
                unsafe_no_token,
            },
        ),
        Command::Say {
            text,
            voice,
            speed,
            lang,
            output,
        } => say(
            &cli.assets,
            Request {
                text,
                voice,
                speed,
                lang,
                strict_misaki: false,
                continues: false,
            },
            &output,
        ),
        Command::Phonemize {
            lang,
            strict_misaki,
            plan,
        } => phonemize(&cli.assets, lang, strict_misaki, plan),
        Command::Voices { json } => voices(&cli.assets, json),
        Command::ExportWebAssets { dir } => export::run(&cli.assets.resolve(), &dir),
        Command::Doctor { json } => return doctor::run(&cli.assets.resolve(), json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// How `serve` was asked to run.
struct ServeOptions {
    host: String,
    port: u16,
    allow: http::Allowlist,
    queue_depth: usize,
    deadline: f64,
    drain: f64,
    unsafe_no_token: bool,
}

fn serve(args: &AssetArgs, options: ServeOptions) -> Result<(), String> {
    let ServeOptions {
        host,
        port,
        mut allow,
        queue_depth,
        deadline,
        drain,
        unsafe_no_token,
    } = options;
    for (flag, value) in [("--deadline", deadline), ("--drain", drain)] {
        if !(value.is_finite() && value > 0.0) {
            return Err(format!("{flag} {value}: give a number of seconds above 0"));
        }
    }
    let addr: SocketAddr = format!("{host}:{port}")
        .parse()
        .or_else(|_| format!("[{host}]:{port}").parse())
        .map_err(|_| format!("invalid address {host}:{port}"))?;
    if !addr.ip().is_loopback() {
        if allow.token.is_none() && !unsafe_no_token {
            return Err(format!(
                "{addr} is not a loopback address: anyone on the network could use this server. \
                 Give it a token (--token or TTS_TOKEN; clients send `Authorization: Bearer <token>`), \
                 or pass --unsafe-no-token to serve without one"
            ));
        }
        if allow.token.is_none() {
            tracing::warn!(%addr, "binding a non-loopback address without a token: anyone on the network can use this service");
        }
        allow.hosts.push(host.to_string());
    }
    let paths = args.resolve();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let state = http::AppState::with_deadline(queue_depth, Duration::from_secs_f64(deadline))
            .with_token_required(allow.token.is_some());
        let (failed_tx, failed_rx) = tokio::sync::oneshot::channel::<String>();
        let loader = state.clone();
        tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            // A panic inside ONNX Runtime's loading (a corrupt file) is a load failure like any other.
            let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Speech::load(&paths)))
                .unwrap_or_else(|_| Err("loading panicked".into()));
            match loaded {
                Ok(speech) => {
                    tracing::info!(
                        seconds = started.elapsed().as_secs_f64(),
                        voices = speech.engine().voices().len(),
                        "model loaded"
                    );
                    loader.set(http::Load::Ready(Arc::new(speech)));
                }
                Err(why) => {
                    tracing::error!(%why, "model failed to load");
                    loader.set(http::Load::Failed(why.clone()));
                    let _ = failed_tx.send(format!(
                        "the model failed to load: {why}\n{}",
                        doctor::explain(&paths).trim_end()
                    ));
                }
            }
        });
        tracing::info!(%addr, "listening");
        let stopping = Arc::new(tokio::sync::Notify::new());
        let signalled = stopping.clone();
        let server = axum::serve(listener, http::app(state.clone(), allow)).with_graceful_shutdown(async move {
            shutdown_signal().await;
            signalled.notify_one();
        });
        let drain = Duration::from_secs_f64(drain);
        tokio::select! {
            result = std::future::IntoFuture::into_future(server) => {
                tracing::info!("all requests finished; stopped");
                result.map_err(|e| format!("server error: {e}"))
            }
            _ = async { stopping.notified().await; tokio::time::sleep(drain).await } => {
                let queue = state.queue_stats();
                tracing::warn!(
                    seconds = drain.as_secs_f64(), running = queue.running, waiting = queue.waiting,
                    "requests still in flight after the drain deadline; stopping anyway"
                );
                Ok(())
            }
            Ok(why) = failed_rx => Err(why),
        }
    });
    // Syntheses on blocking threads would keep the process alive until they end; they are
    // abandoned instead, as the drain deadline promises.
    runtime.shutdown_timeout(Duration::from_millis(200));
    result
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before the process exits.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: no new connections; finishing the requests in flight");
}

fn say(args: &AssetArgs, request: Request, output: &PathBuf) -> Result<(), String> {
    let speech = Arc::new(Speech::load(&args.resolve())?);
    let prepared = speech
        .prepare(request, speech::SPEED_RANGE)
        .map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let (samples, _) = speech
        .synthesize(prepared, false)
        .collect_all()
        .map_err(|e| e.to_string())?;
    let elapsed = started.elapsed().as_secs_f64();
    let wav = encode::Format::Wav
        .encode_all(&samples, tts_engine::SAMPLE_RATE)
        .map_err(|e| e.to_string())?;
    std::fs::write(output, wav).map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    let seconds = samples.len() as f64 / f64::from(tts_engine::SAMPLE_RATE);
    eprintln!(
        "wrote {} ({seconds:.2} s of audio in {elapsed:.2} s, real-time factor {:.3})",
        output.display(),
        elapsed / seconds.max(1e-9)
    );
    Ok(())
}

fn phonemize(args: &AssetArgs, lang: Lang, strict_misaki: bool, plan: bool) -> Result<(), String> {
    let paths = args.resolve();
    let text = TextData::load(&paths.text).map_err(|e| format!("{e} (run `make setup`)"))?;
    let options = tts_text::zh::Options { strict_misaki };
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| format!("cannot read stdin: {e}"))?;
        let printed = if plan {
            // Not short-first: `say` and `/synthesize` plan whole chunks too.
            let chunks = tts_plan::prepare(&text, &line, lang, options, false, false).map_err(|e| e.to_string())?;
            serde_json::to_string(&chunks).map_err(|e| e.to_string())?
        } else {
            text.phonemize_with(&line, lang, options)
                .map_err(|e| e.to_string())?
                .phonemes()
        };
        writeln!(out, "{printed}").map_err(|e| format!("cannot write stdout: {e}"))?;
    }
    out.flush().map_err(|e| format!("cannot write stdout: {e}"))
}

fn voices(args: &AssetArgs, json: bool) -> Result<(), String> {
    let paths = args.resolve();
    let voices = tts_engine::Voices::load_dir(&paths.voices).map_err(|e| format!("{e} (run `make setup`)"))?;
    let infos: Vec<_> = voices.names().map(speech::VoiceInfo::from_id).collect();
    if json {
        println!("{}", serde_json::json!({ "voices": infos }));
    } else {
        for v in infos {
            println!("{:<14} {:<8} {}", v.id, v.language, v.gender);
        }
    }
    Ok(())
}
