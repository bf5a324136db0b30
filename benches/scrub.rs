//! Scrub throughput on Claude Code JSONL (issue: scrubbing). Prints a table; not a timed test.
//!
//! Run with `cargo bench --bench scrub` (`-- --mb N` for another transcript size, 10 by
//! default). One thread, so the numbers are per core. `-- --baseline PATH` also runs the
//! scrub bench binary of another build (the previous release) at PATH, alternating with this
//! one for `--rounds N` rounds (5 by default), and prints the spread of both. Measured in the
//! same run:
//! - `traces`: every line through `Scrubber::scrub_jsonl_line` (all rules, known secrets,
//!   entropy, home paths), the code `traces commit` runs on Claude Code transcripts;
//! - the seed baseline: its seven regexes over every string value of each parsed line, then
//!   the line re-serialised (what the seed did).
//!
//! The transcript is generated from the scrub corpus: tool outputs, code, prose, ids, digests,
//! base64 images, and about one line in a hundred holding a secret.

// The bench only needs the corpus' text, not what each case planted.
#[allow(dead_code)]
#[path = "../tests/scrub_corpus/corpus.rs"]
mod corpus;

use std::time::{Duration, Instant};

use corpus::{Rng, clean_line, families, plant};
use regex::Regex;
use serde_json::{Value, json};
use traces::scrub::{Options, Remembered, Report, SEED_PATTERNS, Scrubber};

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn mb_arg() -> usize {
    arg("--mb").and_then(|v| v.parse().ok()).unwrap_or(10)
}

/// The one-minute load average, to print beside wall-clock numbers on a shared machine.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".to_string())
}

/// One run of another build's scrub bench: the MB/s of its `traces` row.
fn baseline_rate(binary: &str, mb: usize) -> f64 {
    let out = std::process::Command::new(binary)
        .args(["--mb", &mb.to_string()])
        .output()
        .unwrap_or_else(|e| panic!("cannot run the baseline bench {binary}: {e}"));
    assert!(out.status.success(), "the baseline bench {binary} failed");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find(|l| l.starts_with("| traces"))
        .and_then(|row| row.split('|').nth(4))
        .and_then(|cell| cell.trim().parse().ok())
        .unwrap_or_else(|| panic!("no `| traces` row with a MB/s column from {binary}:\n{text}"))
}

/// `min / median / max` of some rates.
fn spread(rates: &mut [f64]) -> String {
    rates.sort_by(f64::total_cmp);
    format!(
        "{:.1} / {:.1} / {:.1}",
        rates[0],
        rates[rates.len() / 2],
        rates[rates.len() - 1]
    )
}

/// A Claude Code transcript of about `bytes` bytes.
fn transcript(bytes: usize) -> String {
    let mut rng = Rng::new(42);
    let families = families();
    let mut out = String::with_capacity(bytes + 4096);
    let mut index = 0;
    let mut parent: Option<String> = None;
    while out.len() < bytes {
        let text = if index % 100 == 99 {
            let (family, draw) = rng.pick(&families);
            let secret = draw(&mut rng);
            plant(&mut rng, family, secret).text
        } else {
            // Tool outputs run long: several clean snippets in one result.
            (0..1 + rng.below(6))
                .map(|i| clean_line(&mut rng, index + i))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let uuid = format!("{:08x}-0000-4000-8000-{:012x}", index, rng.next() >> 16);
        let message = if index % 2 == 0 {
            json!({"role": "user", "content": [{"type": "tool_result", "tool_use_id": format!("toolu_{index:04}"), "content": text}]})
        } else {
            json!({"id": format!("msg_{index:04}"), "type": "message", "role": "assistant", "model": "claude-sonnet-4-20250514",
                   "content": [{"type": "text", "text": text}], "usage": {"input_tokens": 1200, "output_tokens": 45}})
        };
        let line = json!({
            "parentUuid": parent, "isSidechain": false, "userType": "external",
            "cwd": "/home/dev/project", "sessionId": "b7e4c1d2-5a6f-4b3c-9d8e-7f6a5b4c3d2e",
            "version": "1.0.51", "gitBranch": "main",
            "type": if index % 2 == 0 { "user" } else { "assistant" },
            "message": message, "uuid": uuid, "timestamp": "2025-05-30T08:15:00.123Z",
        });
        out.push_str(&line.to_string());
        out.push('\n');
        parent = Some(uuid);
        index += 1;
    }
    out
}

struct SeedScrubber(Vec<Regex>);

impl SeedScrubber {
    fn walk(&self, value: &mut Value) {
        match value {
            Value::String(s) => {
                for regex in &self.0 {
                    if let std::borrow::Cow::Owned(new) = regex.replace_all(s, "[REDACTED]") {
                        *s = new;
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.walk(v)),
            Value::Object(map) => map.values_mut().for_each(|v| self.walk(v)),
            _ => {}
        }
    }
}

/// The best of a few runs of `f` over the text, and what it reported.
fn best_of(runs: usize, mut f: impl FnMut() -> u64) -> (Duration, u64) {
    let mut best = Duration::MAX;
    let mut result = 0;
    for _ in 0..runs {
        let start = Instant::now();
        result = f();
        best = best.min(start.elapsed());
    }
    (best, result)
}

fn main() {
    let text = transcript(mb_arg() * 1_000_000);
    let lines: Vec<&str> = text.lines().collect();
    let megabytes = text.len() as f64 / 1e6;

    // A store that remembers a few secrets from earlier commits (salted digests).
    let mut remembered = Remembered::new([1; 16]);
    let mut learned = Report::default();
    Scrubber::default().scrub_text(
        "DB_PASSWORD=Pw4kR8zN2qT6 API_TOKEN=Zq7Xw3Rt9Lm2Np5Ks8 SECRET=a1b2c3d4e5f6g7h8",
        &mut learned,
    );
    remembered.learn(learned.found_secrets());
    let scrubber = Scrubber::new(Options {
        home_paths: true,
        known_secrets: vec!["a-known-secret-value-1234".into(), "another known".into()],
        remembered,
        custom_rules: Vec::new(),
    });
    let scrub_all = || {
        let mut report = Report::default();
        let mut changed = 0;
        for (number, line) in lines.iter().enumerate() {
            let out = scrubber
                .scrub_jsonl_line(line, number + 1, &mut report)
                .unwrap();
            changed += u64::from(matches!(out, std::borrow::Cow::Owned(_)));
        }
        std::hint::black_box(changed);
        report.total()
    };
    let (ours, findings) = best_of(3, scrub_all);

    let seed = SeedScrubber(
        SEED_PATTERNS
            .iter()
            .map(|(_, p)| Regex::new(p).unwrap())
            .collect(),
    );
    let (baseline, _) = best_of(3, || {
        let mut bytes = 0u64;
        for line in &lines {
            let mut value: Value = serde_json::from_str(line).unwrap();
            seed.walk(&mut value);
            bytes += serde_json::to_string(&value).unwrap().len() as u64;
        }
        std::hint::black_box(bytes)
    });

    let rate = |d: Duration| megabytes / d.as_secs_f64();
    println!(
        "scrub throughput, one core, {megabytes:.1} MB Claude Code JSONL ({} lines, {findings} findings by traces)",
        lines.len()
    );
    println!("| scrubber | rules | time | MB/s | vs seed |");
    println!("|---|---|---|---|---|");
    println!(
        "| seed baseline (parse, 7 regexes per string, re-serialise) | 7 | {:.3} s | {:.1} | 1.00x |",
        baseline.as_secs_f64(),
        rate(baseline)
    );
    println!(
        "| traces (lexer, keyword prefilter, all detectors) | {} + known, entropy, home | {:.3} s | {:.1} | {:.2}x |",
        scrubber.rules().len(),
        ours.as_secs_f64(),
        rate(ours),
        rate(ours) / rate(baseline)
    );

    if let Some(binary) = arg("--baseline") {
        let rounds: usize = arg("--rounds").and_then(|v| v.parse().ok()).unwrap_or(5);
        let load_before = load_average();
        let (mut this, mut previous) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            this.push(rate(best_of(3, scrub_all).0));
            previous.push(baseline_rate(&binary, mb_arg()));
        }
        println!();
        println!(
            "this build beside {binary}, {rounds} alternating rounds (best of 3 each), load average {load_before} before, {} after",
            load_average()
        );
        println!("| build | MB/s min / median / max |");
        println!("|---|---|");
        println!("| this build | {} |", spread(&mut this));
        println!("| baseline | {} |", spread(&mut previous));
    }
}
