//! Scrubbing recall and false positives on a generated corpus, beside the seed's seven rules.
//!
//! A test without the libtest harness so that its numbers print on every `cargo test`: at least
//! 500 secrets from at least 25 families, and at least 2,000 secret-free lines, each wrapped in
//! a Claude Code JSONL line the way a transcript holds it. It fails when recall drops under 99%
//! or false positives exceed 0.5% of the clean lines.
//!
//! Then (`shapes.rs`) every built-in rule's samples in the four places a transcript holds text
//! (tool result, assistant text, tool input, a shell line under a neutral name): recall at least
//! 95% per rule and 90% for bare values, at most 1% of near-miss samples altered; a session
//! repeating a secret keeps no copy; keys are scrubbed; the real sessions, when present, get no
//! redaction inside a path or an id.

mod corpus;
mod shapes;

use std::collections::BTreeMap;
use std::process::ExitCode;

use corpus::{Rng, clean_line, families, plant};
use regex::Regex;
use serde_json::json;
use traces::scrub::{Options, Report, SEED_PATTERNS, Scrubber};

const PER_FAMILY: usize = 15;
const CLEAN_LINES: usize = 2_400;
const MIN_RECALL: f64 = 0.99;
const MAX_FALSE_POSITIVE_RATE: f64 = 0.005;

/// A transcript line holding `text` in one of the places agents put text.
fn transcript_line(rng: &mut Rng, text: &str) -> String {
    let message = match rng.below(4) {
        0 => json!({"role": "user", "content": text}),
        1 => json!({"role": "assistant", "content": [{"type": "text", "text": text}]}),
        2 => {
            json!({"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": text}]})
        }
        _ => {
            json!({"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_02", "name": "Bash", "input": {"command": text}}]})
        }
    };
    json!({
        "parentUuid": null, "isSidechain": false, "type": "user", "message": message,
        "uuid": "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b", "timestamp": "2025-05-30T08:15:00.123Z",
    })
    .to_string()
}

/// The seed's scrubber: its seven regexes over every string value of the parsed line.
struct Seed(Vec<Regex>);

impl Seed {
    fn new() -> Seed {
        Seed(
            SEED_PATTERNS
                .iter()
                .map(|(_, p)| Regex::new(p).unwrap())
                .collect(),
        )
    }

    fn scrub_line(&self, line: &str) -> String {
        let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
        self.walk(&mut value);
        value.to_string()
    }

    fn walk(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(s) => {
                for regex in &self.0 {
                    *s = regex.replace_all(s, "[REDACTED]").into_owned();
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| self.walk(v)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| self.walk(v)),
            _ => {}
        }
    }
}

/// Every string a JSON line shows, JSON nested in strings included, decoded: what a reader of
/// the pushed file would see.
pub(crate) fn visible_text(line: &str) -> String {
    fn collect(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::String(s) => {
                out.push_str(s);
                out.push('\n');
                if let Ok(nested) = serde_json::from_str::<serde_json::Value>(s)
                    && (nested.is_object() || nested.is_array())
                {
                    collect(&nested, out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    collect(
        &serde_json::from_str(line).expect("scrubbed lines stay JSON"),
        &mut out,
    );
    out
}

/// The secret leaked when it, or any 16-character window of it at a quarter, half or three
/// quarters of its length, is still visible.
fn leaked(output: &str, secret: &str) -> bool {
    let visible = visible_text(output);
    if visible.contains(secret) {
        return true;
    }
    if secret.len() < 32 {
        return false;
    }
    [1, 2, 3].iter().any(|quarter| {
        let at = secret.len() * quarter / 4 - 8;
        let window = &secret[at..at + 16];
        visible.contains(window)
    })
}

fn main() -> ExitCode {
    let scrubber = Scrubber::new(Options::default());
    let seed = Seed::new();
    let mut rng = Rng::new(0x7ace5);

    let mut per_family: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let (mut planted, mut caught, mut seed_caught) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for (family, draw) in families() {
        for _ in 0..PER_FAMILY {
            let secret = draw(&mut rng);
            let case = plant(&mut rng, family, secret);
            let line = transcript_line(&mut rng, &case.text);
            let mut report = Report::default();
            let ours = scrubber.scrub_json(&line, &mut report).unwrap();
            let entry = per_family.entry(case.family).or_default();
            entry.0 += 1;
            planted += 1;
            if !leaked(&ours, &case.secret) {
                caught += 1;
                entry.1 += 1;
            } else if misses.len() < 10 {
                misses.push(format!(
                    "{}: {}",
                    case.family,
                    case.text.replace('\n', "\\n")
                ));
            }
            if !leaked(&seed.scrub_line(&line), &case.secret) {
                seed_caught += 1;
                entry.2 += 1;
            }
        }
    }

    let (mut false_positives, mut seed_false_positives) = (0usize, 0usize);
    let mut flagged = Vec::new();
    for index in 0..CLEAN_LINES {
        let text = clean_line(&mut rng, index);
        let line = transcript_line(&mut rng, &text);
        let mut report = Report::default();
        if scrubber.scrub_json(&line, &mut report).unwrap() != line {
            false_positives += 1;
            if flagged.len() < 10 {
                flagged.push(format!(
                    "{:?}: {}",
                    report.iter().collect::<Vec<_>>(),
                    text.chars().take(160).collect::<String>()
                ));
            }
        }
        let seed_line = seed.scrub_line(&line);
        let reserialised = serde_json::from_str::<serde_json::Value>(&line)
            .unwrap()
            .to_string();
        if seed_line != reserialised {
            seed_false_positives += 1;
        }
    }

    let recall = caught as f64 / planted as f64;
    let fp_rate = false_positives as f64 / CLEAN_LINES as f64;
    println!(
        "scrub corpus: {planted} secrets from {} families, {CLEAN_LINES} clean lines",
        per_family.len()
    );
    println!(
        "{:<24} {:>7} {:>7} {:>7}",
        "family", "planted", "traces", "seed"
    );
    for (family, (n, ours, seeds)) in &per_family {
        println!("{family:<24} {n:>7} {ours:>7} {seeds:>7}");
    }
    println!(
        "recall: traces {:.2}% ({caught}/{planted}), seed {:.2}% ({seed_caught}/{planted})",
        recall * 100.0,
        seed_caught as f64 / planted as f64 * 100.0
    );
    println!(
        "false positives: traces {:.2}% ({false_positives}/{CLEAN_LINES}), seed {:.2}% ({seed_false_positives}/{CLEAN_LINES})",
        fp_rate * 100.0,
        seed_false_positives as f64 / CLEAN_LINES as f64 * 100.0
    );
    for miss in &misses {
        println!("missed: {miss}");
    }
    for line in &flagged {
        println!("flagged clean line: {line}");
    }
    let enough = planted >= 500 && per_family.len() >= 25 && CLEAN_LINES >= 2_000;
    let shapes = shapes::run(&scrubber);
    if enough && recall >= MIN_RECALL && fp_rate <= MAX_FALSE_POSITIVE_RATE && shapes.ok {
        println!(
            "ok: recall >= {:.0}%, false positives <= {:.1}%",
            MIN_RECALL * 100.0,
            MAX_FALSE_POSITIVE_RATE * 100.0
        );
        ExitCode::SUCCESS
    } else {
        println!(
            "FAILED: recall must be >= {:.0}% and false positives <= {:.1}%",
            MIN_RECALL * 100.0,
            MAX_FALSE_POSITIVE_RATE * 100.0
        );
        ExitCode::FAILURE
    }
}
