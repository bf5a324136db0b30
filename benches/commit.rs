//! `traces commit` benchmark (issue: the local store). Prints a table; not a timed test.
//!
//! Run with `cargo bench --bench commit` (`-- --sessions N` for a smaller run). Measures, in
//! one run:
//! (a) `traces commit` of N realistic ~200 KB ml-intern sessions into an empty store;
//! (b) the baseline: `git add -A && git commit` of the same rendered files in a plain repository;
//! (c) `traces commit` of one new session into stores holding 1,000 and 10,000 sessions;
//! (d) re-commit of all N unchanged sessions (and the number of new objects it wrote);
//! (e) peak memory on one 20 MB session.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Measure {
    wall: Duration,
    peak_rss_kib: i64,
}

/// Run a command to completion and measure its wall time and peak RSS. Peak RSS comes from GNU
/// time (Debian package `time`), which reads it from `wait4` for exactly this child.
fn measure(cmd: &mut Command) -> Measure {
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
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn words(&mut self, n: usize) -> String {
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
fn session(id: &str, day: u32, target_bytes: usize, rng: &mut Rng) -> Value {
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

fn write_sessions(dir: &Path, prefix: &str, n: usize, bytes: usize, rng: &mut Rng) -> (u64, u64) {
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

fn traces(store: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_traces"));
    cmd.env("TRACES_HOME", store)
        .env("TRACES_NOW", "2025-06-01T00:00:00Z")
        .env("TRACES_AUTHOR_NAME", "bench")
        .env("TRACES_AUTHOR_EMAIL", "bench@example.com");
    cmd
}

fn git(dir: &Path) -> Command {
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

fn objects(store: &Path) -> usize {
    let out = git(store)
        .args(["--git-dir", ".", "count-objects", "-v"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(": "))
        .filter(|(k, _)| *k == "count" || *k == "in-pack")
        .map(|(_, v)| v.trim().parse::<usize>().unwrap())
        .sum()
}

fn row(name: &str, m: &Measure, input_bytes: u64, baseline: Option<&Measure>, note: &str) {
    let mbps = input_bytes as f64 / 1e6 / m.wall.as_secs_f64();
    let ratio = baseline.map_or("-".to_string(), |b| {
        format!("{:.2}x", m.wall.as_secs_f64() / b.wall.as_secs_f64())
    });
    println!(
        "| {name} | {:.3} s | {mbps:.1} | {:.1} MiB | {ratio} | {note} |",
        m.wall.as_secs_f64(),
        m.peak_rss_kib as f64 / 1024.0
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n = args
        .iter()
        .position(|a| a == "--sessions")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000usize);
    let work = tempfile::tempdir().unwrap();
    let root = work.path();
    let mut rng = Rng(0x5eed_1234_abcd_0001);

    eprintln!("generating {n} sessions of ~200 KB ...");
    let big = root.join("big");
    let (input_bytes, largest) = write_sessions(&big, "big", n, 200_000, &mut rng);

    // (a) traces commit into an empty store.
    let store_a = root.join("store-a");
    let a = measure(traces(&store_a).arg("commit").arg(&big));

    // (b) git add -A && git commit of the same rendered files in a plain repository.
    let plain = root.join("plain");
    for branch in ["claude-code", "row"] {
        let dest = plain.join(branch);
        std::fs::create_dir_all(&dest).unwrap();
        let status = git(&store_a)
            .args(["--git-dir", ".", "--work-tree"])
            .arg(&dest)
            .args(["checkout", branch, "--", "."])
            .status()
            .unwrap();
        assert!(status.success());
    }
    assert!(git(&plain).args(["init", "-q"]).status().unwrap().success());
    let b = measure(
        git(&plain)
            .args(["-c", "core.fsync=none"])
            .arg("add")
            .arg("-A"),
    );
    let b_commit = measure(git(&plain).args(["commit", "-q", "-m", "baseline"]));
    let b = Measure {
        wall: b.wall + b_commit.wall,
        peak_rss_kib: b.peak_rss_kib.max(b_commit.peak_rss_kib),
    };

    // (d) re-commit of all unchanged sessions.
    let before = objects(&store_a);
    let d = measure(traces(&store_a).arg("commit").arg(&big));
    let new_objects = objects(&store_a) - before;

    // (c) one new session into stores of growing size.
    let mut c_rows = Vec::new();
    for held in [1_000usize, 10_000] {
        let filler = root.join(format!("filler-{held}"));
        write_sessions(&filler, &format!("fill{held}"), held, 2_000, &mut rng);
        let store = root.join(format!("store-{held}"));
        let fill = measure(traces(&store).arg("commit").arg(&filler));
        eprintln!(
            "filled a store with {held} sessions in {:.1} s",
            fill.wall.as_secs_f64()
        );
        let one = root.join(format!("one-{held}"));
        let (one_bytes, _) = write_sessions(&one, &format!("one{held}"), 1, 200_000, &mut rng);
        let c = measure(traces(&store).arg("commit").arg(&one));
        c_rows.push((held, c, one_bytes));
    }

    // (e) memory on one large session, where the process baseline no longer dominates.
    let large = root.join("large");
    let (large_bytes, _) = write_sessions(&large, "large", 1, 20_000_000, &mut rng);
    let e = measure(traces(&root.join("store-large")).arg("commit").arg(&large));

    println!();
    println!(
        "{n} sessions, {:.1} MB of input, largest {:.0} KB",
        input_bytes as f64 / 1e6,
        largest as f64 / 1e3
    );
    println!();
    println!("| case | wall | input MB/s | peak RSS | vs git (b) | notes |");
    println!("|---|---|---|---|---|---|");
    row(
        "(a) traces commit, empty store",
        &a,
        input_bytes,
        Some(&b),
        "both renderings",
    );
    row(
        "(b) git add -A && git commit",
        &b,
        input_bytes,
        None,
        "same rendered files, baseline",
    );
    for (held, c, bytes) in &c_rows {
        row(
            &format!("(c) 1 new session, store of {held}"),
            c,
            *bytes,
            None,
            "",
        );
    }
    row(
        "(d) re-commit, all unchanged",
        &d,
        input_bytes,
        Some(&b),
        &format!("{new_objects} new objects"),
    );
    // What the process costs before it holds any session: a read command on an empty store.
    let idle_store = root.join("idle");
    measure(traces(&idle_store).arg("init"));
    let idle = measure(traces(&idle_store).arg("status"));
    let above_idle = (a.peak_rss_kib - idle.peak_rss_kib).max(0) as f64 * 1024.0;
    println!();
    println!(
        "peak RSS of (a): {:.1} MiB = {:.1} MiB process baseline (`traces status`) + {:.1} MiB for sessions, \
         {:.1}x the largest session ({} render workers)",
        a.peak_rss_kib as f64 / 1024.0,
        idle.peak_rss_kib as f64 / 1024.0,
        above_idle / 1024.0 / 1024.0,
        above_idle / largest as f64,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "peak RSS of one {:.1} MB session (e): {:.1} MiB, {:.1}x the session ({:.1}x above the process baseline)",
        large_bytes as f64 / 1e6,
        e.peak_rss_kib as f64 / 1024.0,
        e.peak_rss_kib as f64 * 1024.0 / large_bytes as f64,
        (e.peak_rss_kib - idle.peak_rss_kib) as f64 * 1024.0 / large_bytes as f64,
    );
}
