//! Shared by the benchmarks: generated sessions, measuring commands, running traces and git.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// `--sessions N` from the benchmark's arguments, 1,000 by default.
pub(crate) fn sessions_arg() -> usize {
    number_arg("--sessions", 1000)
}

/// The number after `name` in the benchmark's arguments, `default` when absent or not one.
pub(crate) fn number_arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub(crate) struct Measure {
    pub wall: Duration,
    pub peak_rss_kib: i64,
}

/// Run a command to completion and measure its wall time and peak RSS. Peak RSS comes from GNU
/// time (Debian package `time`), which reads it from `wait4` for exactly this child.
pub(crate) fn measure(cmd: &mut Command) -> Measure {
    let rss_file = tempfile::NamedTempFile::new().unwrap();
    let mut timed = Command::new("/usr/bin/time");
    timed
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(rss_file.path())
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .envs(cmd.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))));
    if let Some(dir) = cmd.get_current_dir() {
        timed.current_dir(dir);
    }
    let start = Instant::now();
    let out = timed
        .stdout(Stdio::null())
        .output()
        .expect("run /usr/bin/time (Debian package `time`)");
    let wall = start.elapsed();
    assert!(
        out.status.success(),
        "benchmarked command failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rss = std::fs::read_to_string(rss_file.path()).unwrap();
    Measure {
        wall,
        peak_rss_kib: rss.trim().lines().last().unwrap().parse().unwrap(),
    }
}

/// A small deterministic PRNG so generated sessions are realistic but reproducible.
pub(crate) struct Rng(pub u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn words(&mut self, n: usize) -> String {
        const WORDS: &[&str] = &[
            "loss",
            "epoch",
            "gradient",
            "tokenizer",
            "dataset",
            "batch",
            "the",
            "model",
            "train",
            "eval",
            "accuracy",
            "checkpoint",
            "learning_rate",
            "warmup",
            "GPU",
            "memory",
            "shard",
            "config",
            "import",
            "torch",
            "def",
            "return",
            "self",
            "layer",
            "attention",
            "0.0042",
            "step",
            "=",
            "(",
            ")",
            "{",
            "}",
            "error",
            "warning",
            "file",
            "path",
            "src/train.py",
        ];
        let mut out = String::with_capacity(n * 7);
        for i in 0..n {
            if i > 0 {
                out.push(if self.next().is_multiple_of(11) {
                    '\n'
                } else {
                    ' '
                });
            }
            out.push_str(WORDS[(self.next() % WORDS.len() as u64) as usize]);
        }
        out
    }
}

/// An ml-intern session of roughly `target_bytes`, with tool calls and tool results.
pub(crate) fn session(id: &str, day: u32, target_bytes: usize, rng: &mut Rng) -> Value {
    let mut messages = vec![json!({"role": "system", "content": "You are ml-intern."})];
    let mut size = 0;
    let mut turn = 0;
    while size < target_bytes {
        let user = rng.words(20);
        let assistant = rng.words(60);
        let output = rng.words(400);
        size += user.len() + assistant.len() + output.len() + 400;
        messages.push(json!({"role": "user", "content": user, "timestamp": format!("2025-01-{:02}T10:00:{:02}Z", day % 28 + 1, turn % 60)}));
        messages.push(json!({"role": "assistant", "content": assistant, "tool_calls": [{"id": format!("call_{turn}"), "type": "function", "function": {"name": "bash", "arguments": json!({"command": format!("python train.py --step {turn}")}).to_string()}}]}));
        messages.push(
            json!({"role": "tool", "tool_call_id": format!("call_{turn}"), "content": output}),
        );
        turn += 1;
    }
    json!({
        "session_id": id,
        "user_id": "bench",
        "session_start_time": format!("2025-{:02}-{:02}T09:00:00+00:00", day / 28 % 12 + 1, day % 28 + 1),
        "session_end_time": "2025-01-01T11:00:00+00:00",
        "model_name": "anthropic/claude-sonnet-4",
        "total_cost_usd": 1.5,
        "usage_metrics": {"input_tokens": 100000, "output_tokens": 5000},
        "messages": messages,
        "events": [{"event_type": "llm_call", "data": {"cost_usd": 0.01}}],
        "tools": [{"name": "bash"}],
    })
}

pub(crate) fn write_sessions(
    dir: &Path,
    prefix: &str,
    n: usize,
    bytes: usize,
    rng: &mut Rng,
) -> (u64, u64) {
    std::fs::create_dir_all(dir).unwrap();
    let (mut total, mut largest) = (0u64, 0u64);
    for i in 0..n {
        let value = session(&format!("{prefix}-{i:05}"), i as u32 % 336, bytes, rng);
        let text = serde_json::to_vec(&value).unwrap();
        total += text.len() as u64;
        largest = largest.max(text.len() as u64);
        std::fs::write(dir.join(format!("session_{prefix}_{i:05}.json")), text).unwrap();
    }
    (total, largest)
}

pub(crate) fn traces(store: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_traces"));
    cmd.env("TRACES_HOME", store)
        .env("TRACES_NOW", "2025-06-01T00:00:00Z")
        .env("TRACES_AUTHOR_NAME", "bench")
        .env("TRACES_AUTHOR_EMAIL", "bench@example.com");
    cmd
}

pub(crate) fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.com")
        .env("GIT_COMMITTER_NAME", "bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.com");
    cmd
}
