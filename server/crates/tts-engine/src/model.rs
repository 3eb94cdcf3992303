//! The ONNX Runtime session that runs Kokoro, and what we learnt about its inputs and outputs.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use ort::environment::Environment;
use ort::session::builder::GraphOptimizationLevel;
use ort::session::{RunOptions, Session};
use ort::value::{Tensor, TensorElementType, ValueType};

use crate::{Cancel, Error, ErrorKind};

/// Where the model and the runtime library are, and how many threads inference may use.
#[derive(Debug, Clone)]
pub struct ModelConfig {
    /// The Kokoro `.onnx` file.
    pub model_path: PathBuf,
    /// The ONNX Runtime shared library (`libonnxruntime.so.*`).
    pub runtime_path: PathBuf,
    /// Intra-op threads for one inference.
    pub threads: usize,
}

/// The names and element types the loaded export uses; exports differ (`tokens` vs `input_ids`,
/// float vs int32 `speed`, with or without `durations`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelIo {
    /// Name of the int64 token input.
    pub tokens: String,
    /// Name of the float style input.
    pub style: String,
    /// Name of the speed input.
    pub speed: String,
    /// Whether speed is an int32 (hexgrad's own export) rather than a float.
    pub speed_is_int: bool,
    /// Name of the audio output.
    pub audio: String,
    /// Name of the per-token durations output, if the export has one.
    pub durations: Option<String>,
}

/// Raw model output for one chunk.
#[derive(Debug, Clone)]
pub struct Inference {
    /// 24 kHz mono samples.
    pub samples: Vec<f32>,
    /// Frames (600 samples each) per input token including the pads, when the export has them.
    pub durations: Option<Vec<f32>>,
}

/// A loaded Kokoro model. Inference is serialised: one ORT session uses all its threads on one
/// request at a time, which gives the lowest latency per request on a small machine.
pub struct Model {
    session: Mutex<Session>,
    io: ModelIo,
}

static RUNTIME: OnceLock<Result<Environment, String>> = OnceLock::new();

/// Loads the ONNX Runtime library once per process (ORT allows a single environment).
fn runtime(path: &Path) -> Result<&'static Environment, Error> {
    let env = RUNTIME.get_or_init(|| {
        let builder =
            ort::init_from(path).map_err(|e| format!("cannot load ONNX Runtime from {}: {e}", path.display()))?;
        builder
            .with_name("tts-engine")
            .build()
            .map_err(|e| format!("cannot start ONNX Runtime: {e}"))
    });
    env.as_ref()
        .map_err(|message| Error::new(ErrorKind::Runtime, message.clone()))
}

/// The ONNX Runtime version of the loaded library, e.g. "1.32.0", read from its versioned file
/// name (`libonnxruntime.so.1.32.0`); the build string when the name carries none. `None` until a
/// model has been loaded.
pub fn runtime_version(runtime_path: &Path) -> Option<String> {
    RUNTIME.get()?.as_ref().ok()?;
    let name = runtime_path.file_name()?.to_str()?;
    let suffix = name
        .rsplit(".so.")
        .next()
        .filter(|v| *v != name && v.split('.').all(|p| p.parse::<u32>().is_ok()));
    Some(suffix.map_or_else(|| ort::info().to_string(), str::to_string))
}

impl Model {
    /// Loads the runtime library and the model, and checks the model looks like Kokoro.
    pub fn load(config: &ModelConfig) -> Result<Self, Error> {
        let env = runtime(&config.runtime_path)?;
        let model_err = |e: ort::Error| Error::new(ErrorKind::Model, format!("{}: {e}", config.model_path.display()));
        if !config.model_path.is_file() {
            return Err(Error::new(
                ErrorKind::Model,
                format!("model file {} not found", config.model_path.display()),
            ));
        }
        let session = Session::builder(env)
            .map_err(model_err)?
            .with_optimization_level(GraphOptimizationLevel::Level3)
            .map_err(|e| model_err(e.into()))?
            .with_intra_threads(config.threads.max(1))
            .map_err(|e| model_err(e.into()))?
            // Spinning threads wait for work by burning their core. When the cores are shared (a
            // browser playing audio, other programs), a descheduled thread holds up every parallel
            // op while the other spins: with one core kept busy, "Hello." took 2.43 s spinning and
            // 1.23 s not; on an idle machine the two are equal (BENCHMARKS.md, "Thread spinning").
            .with_intra_op_spinning(false)
            .map_err(|e| model_err(e.into()))?
            .with_inter_op_spinning(false)
            .map_err(|e| model_err(e.into()))?
            // Every request has a different length, so a memory pattern planned for one shape
            // never fits the next; it only keeps extra buffers alive.
            .with_memory_pattern(false)
            .map_err(|e| model_err(e.into()))?
            .commit_from_file(&config.model_path)
            .map_err(model_err)?;
        let io = inspect(&session)
            .map_err(|m| Error::new(ErrorKind::Model, format!("{}: {m}", config.model_path.display())))?;
        // The run options are made per run (`run_options`); made once here too, so a runtime
        // that rejects them fails the load rather than the first request.
        run_options().map_err(model_err)?;
        Ok(Self {
            session: Mutex::new(session),
            io,
        })
    }

    /// The export's input and output names.
    pub fn io(&self) -> &ModelIo {
        &self.io
    }

    /// Runs the model on framed token ids with one style vector; `cancel` stops the run from
    /// another thread ([`ErrorKind::Cancelled`]).
    pub fn infer(&self, ids: &[i64], style: &[f32], speed: f32, cancel: Option<&Cancel>) -> Result<Inference, Error> {
        let fail = |e: ort::Error| Error::new(ErrorKind::Inference, format!("inference failed: {e}"));
        let tokens = Tensor::from_array(([1usize, ids.len()], ids.to_vec())).map_err(fail)?;
        let style = Tensor::from_array(([1usize, style.len()], style.to_vec())).map_err(fail)?;
        let speed = if self.io.speed_is_int {
            Tensor::from_array(([1usize], vec![speed.round() as i32]))
                .map_err(fail)?
                .upcast()
        } else {
            Tensor::from_array(([1usize], vec![speed])).map_err(fail)?.upcast()
        };
        let inputs = ort::inputs![
            self.io.tokens.as_str() => tokens,
            self.io.style.as_str() => style,
            self.io.speed.as_str() => speed,
        ];
        // A poisoned lock only means another inference panicked; the session itself is still sound.
        let mut session = self.session.lock().unwrap_or_else(|poison| poison.into_inner());
        let options = Arc::new(run_options().map_err(fail)?);
        let cancelled = || Error::new(ErrorKind::Cancelled, "the synthesis was cancelled");
        let running = match cancel {
            Some(cancel) => Some(cancel.running(options.clone()).ok_or_else(cancelled)?),
            None => None,
        };
        let outputs = session.run_with_options(inputs, &*options).map_err(|e| {
            if cancel.is_some_and(Cancel::is_cancelled) {
                cancelled()
            } else {
                fail(e)
            }
        })?;
        drop(running);
        let (_, samples) = outputs[self.io.audio.as_str()]
            .try_extract_tensor::<f32>()
            .map_err(fail)?;
        let durations = match &self.io.durations {
            Some(name) => Some(extract_durations(&outputs[name.as_str()]).map_err(fail)?),
            None => None,
        };
        Ok(Inference {
            samples: samples.to_vec(),
            durations,
        })
    }
}

/// Options for one run. After each run the arena gives back the chunks nothing holds any more: a
/// long chunk needs hundreds of MiB that a short one does not, and without this the process keeps
/// its largest run's memory for good (BENCHMARKS.md, "Memory"). Speed is unchanged. One per run,
/// because a run's terminate flag (`Cancel`) belongs to its options.
fn run_options() -> Result<RunOptions, ort::Error> {
    let mut options = RunOptions::new()?;
    options.set("memory.enable_memory_arena_shrinkage", "cpu:0")?;
    Ok(options)
}

fn extract_durations(value: &ort::value::DynValue) -> Result<Vec<f32>, ort::Error> {
    if let Ok((_, d)) = value.try_extract_tensor::<f32>() {
        return Ok(d.to_vec());
    }
    let (_, d) = value.try_extract_tensor::<i64>()?;
    Ok(d.iter().map(|&v| v as f32).collect())
}

fn element_type(dtype: &ValueType) -> Option<TensorElementType> {
    match dtype {
        ValueType::Tensor { ty, .. } => Some(*ty),
        _ => None,
    }
}

/// Finds Kokoro's three inputs and its audio output by name and type.
fn inspect(session: &Session) -> Result<ModelIo, String> {
    let mut tokens = None;
    let mut style = None;
    let mut speed = None;
    for input in session.inputs() {
        let ty = element_type(input.dtype());
        match (input.name(), ty) {
            ("tokens" | "input_ids", Some(TensorElementType::Int64)) => tokens = Some(input.name().to_string()),
            ("style" | "ref_s", Some(TensorElementType::Float32)) => style = Some(input.name().to_string()),
            ("speed", Some(TensorElementType::Float32)) => speed = Some((input.name().to_string(), false)),
            ("speed", Some(TensorElementType::Int32)) => speed = Some((input.name().to_string(), true)),
            (name, ty) => return Err(format!("unexpected model input '{name}' of type {ty:?}")),
        }
    }
    let names: Vec<_> = session.inputs().iter().map(|i| i.name().to_string()).collect();
    let missing = |what: &str| format!("no {what} input among {names:?}: not a Kokoro export");
    let tokens = tokens.ok_or_else(|| missing("int64 tokens/input_ids"))?;
    let style = style.ok_or_else(|| missing("float style"))?;
    let (speed, speed_is_int) = speed.ok_or_else(|| missing("speed"))?;
    let mut audio = None;
    let mut durations = None;
    for output in session.outputs() {
        let name = output.name();
        if name.contains("duration") {
            durations = Some(name.to_string());
        } else if audio.is_none() && element_type(output.dtype()) == Some(TensorElementType::Float32) {
            audio = Some(name.to_string());
        }
    }
    let audio = audio.ok_or("no float audio output: not a Kokoro export")?;
    Ok(ModelIo {
        tokens,
        style,
        speed,
        speed_is_int,
        audio,
        durations,
    })
}
