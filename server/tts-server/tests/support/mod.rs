//! Test support: start the real server binary, talk HTTP/1.1 to it, read WAV files.

#![allow(dead_code)] // each test binary uses a different part

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server binary under test, with the caller's asset environment.
pub fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tts-server"))
}

/// Runs the binary with `input` on stdin and returns its stdout.
pub fn run_with_stdin(args: &[&str], input: &str) -> String {
    let mut child = binary()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start tts-server");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "tts-server {args:?} failed");
    String::from_utf8(output.stdout).unwrap()
}

/// A running `tts-server serve` on a free port, killed on drop.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    /// Starts the server and waits until `/health` says "ok" (the model is loaded).
    pub fn start() -> Server {
        Self::start_with(&[])
    }

    /// [`Server::start`] with extra `serve` arguments.
    pub fn start_with(args: &[&str]) -> Server {
        let server = Self::spawn(args);
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(response) = server.try_request("GET", "/health", &[], b"") {
                let status = response.json()["status"].as_str().unwrap_or("").to_string();
                match status.as_str() {
                    "ok" => return server,
                    "error" => panic!(
                        "server failed to load the model (run `make setup`): {}",
                        response.text()
                    ),
                    _ => {}
                }
            }
            assert!(Instant::now() < deadline, "server not healthy after 120 s");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Starts the server and waits only until it accepts connections.
    pub fn start_without_waiting() -> Server {
        Self::spawn(&[])
    }

    /// [`Server::start_without_waiting`] with extra `serve` arguments.
    pub fn start_without_waiting_with(args: &[&str]) -> Server {
        Self::spawn(args)
    }

    fn spawn(args: &[&str]) -> Server {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = binary()
            .args(["serve", "--port", &port.to_string()])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tts-server");
        let server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "server did not listen within 30 s");
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends a signal (`TERM`, `INT`) to the server process.
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits for the process to exit; `None` if it is still running after `within`.
    pub fn wait_exit(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the server process") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], b"")
    }

    pub fn post_json(&self, path: &str, body: &str) -> Response {
        self.request("POST", path, &[("Content-Type", "application/json")], body.as_bytes())
    }

    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
        self.try_request(method, path, headers, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// One request on a fresh connection (`Connection: close`, so the body ends at EOF).
    pub fn try_request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Response> {
        self.request_within(method, path, headers, body, Duration::from_secs(1200))
    }

    /// [`Server::try_request`] that gives up (an error) when the server is silent for `timeout`.
    pub fn request_within(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        timeout: Duration,
    ) -> std::io::Result<Response> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(timeout))?;
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: 127.0.0.1:{}\r\n", self.port));
        }
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        // The server may answer (413) before reading a large body and close; that is fine.
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        if let Err(e) = stream.read_to_end(&mut raw) {
            if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) {
                return Err(e);
            }
        }
        Response::parse(&raw).ok_or_else(|| std::io::Error::other("malformed HTTP response"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed HTTP response (chunked bodies are de-chunked).
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Option<Response> {
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = std::str::from_utf8(&raw[..split]).ok()?;
        let mut lines = head.split("\r\n");
        let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
        {
            body = dechunk(&body)?;
        }
        Some(Response { status, headers, body })
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn wav(&self) -> Wav {
        Wav::parse(&self.body)
    }
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(
            std::str::from_utf8(&body[..line_end]).ok()?.split(';').next()?.trim(),
            16,
        )
        .ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

/// A decoded PCM16 WAV.
pub struct Wav {
    pub channels: u16,
    pub sample_rate: u32,
    pub bits: u16,
    pub samples: Vec<f32>,
}

impl Wav {
    pub fn parse(bytes: &[u8]) -> Wav {
        let mut reader = hound::WavReader::new(std::io::Cursor::new(bytes)).expect("a valid WAV file");
        let spec = reader.spec();
        let samples = reader
            .samples::<i16>()
            .map(|s| f32::from(s.unwrap()) / 32768.0)
            .collect();
        Wav {
            channels: spec.channels,
            sample_rate: spec.sample_rate,
            bits: spec.bits_per_sample,
            samples,
        }
    }

    pub fn seconds(&self) -> f64 {
        self.samples.len() as f64 / f64::from(self.sample_rate)
    }

    pub fn rms(&self, from: usize, to: usize) -> f64 {
        let part = &self.samples[from..to.min(self.samples.len())];
        if part.is_empty() {
            return 0.0;
        }
        (part.iter().map(|&s| f64::from(s) * f64::from(s)).sum::<f64>() / part.len() as f64).sqrt()
    }
}
