//! Every built-in rule's samples in the four places a transcript holds text, a session that
//! repeats a secret, secrets and home paths used as object keys, and the real sessions.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};
use traces::formats::{self, Rendering};
use traces::scrub::{Report, Scrubber, expand_sample, rule_samples};

/// Samples drawn per template.
const PER_TEMPLATE: u64 = 6;
pub(crate) const MIN_FAMILY_RECALL: f64 = 0.95;
pub(crate) const MIN_BARE_RECALL: f64 = 0.90;
pub(crate) const MAX_BENIGN_RATE: f64 = 0.01;

/// The places a transcript holds text.
const PLACES: [&str; 4] = ["tool result", "assistant text", "tool input", "bare value"];

fn line_for(place: usize, text: &str) -> String {
    let message = match place {
        0 => {
            json!({"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": text}]})
        }
        1 => json!({"role": "assistant", "content": [{"type": "text", "text": text}]}),
        2 => {
            json!({"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_02", "name": "Bash", "input": {"command": text}}]})
        }
        // A shell line under a neutral name: only the token's own shape can give it away.
        _ => {
            let shell = if text.contains(char::is_whitespace) {
                format!("$ {text}")
            } else {
                format!("$ export DEPLOY_VALUE={text}\n$ ./run.sh")
            };
            json!({"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_03", "content": shell}]})
        }
    };
    json!({"type": "user", "sessionId": "corpus", "timestamp": "2025-05-30T08:15:00.123Z",
           "uuid": "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b", "message": message})
    .to_string()
}

/// Every string a line shows, nested JSON included.
fn visible(line: &str) -> String {
    super::visible_text(line)
}

/// The random parts of a sample (what a leak would expose), found by expanding the template
/// once more with the same seed and keeping what is not literal text.
fn random_parts(template: &str, sample: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut literal = template;
    let mut at = 0;
    while let Some(open) = literal.find('{') {
        let Some(close) = literal[open..].find('}') else {
            break;
        };
        let spec = &literal[open + 1..open + close];
        let Some((_, len)) = spec.split_once(':') else {
            break;
        };
        let Ok(len) = len.parse::<usize>() else { break };
        at += open;
        parts.push(sample[at..at + len].to_string());
        at += len;
        literal = &literal[open + close + 1..];
    }
    parts
}

/// Leaked when any random part of six characters or more is still visible.
fn leaked(output: &str, parts: &[String]) -> bool {
    let shown = visible(output);
    parts
        .iter()
        .filter(|p| p.len() >= 6)
        .any(|p| shown.contains(p.as_str()))
}

pub(crate) struct ShapeResults {
    pub ok: bool,
}

pub(crate) fn run(scrubber: &Scrubber) -> ShapeResults {
    let mut ok = true;
    // family -> per place (planted, caught)
    let mut table: BTreeMap<&str, [(usize, usize); 4]> = BTreeMap::new();
    let (mut benign, mut benign_flagged) = (0usize, 0usize);
    let mut misses = Vec::new();
    let mut flagged = Vec::new();
    for rule in rule_samples() {
        for (t, template) in rule.matches.iter().enumerate() {
            for n in 0..PER_TEMPLATE {
                let seed = 1000 + n * 97 + t as u64;
                let sample = expand_sample(template, seed);
                let parts = random_parts(template, &sample);
                for (place, name) in PLACES.iter().enumerate() {
                    let line = line_for(place, &sample);
                    let out = scrubber.scrub_json(&line, &mut Report::default()).unwrap();
                    let entry = &mut table.entry(rule.id).or_default()[place];
                    entry.0 += 1;
                    if leaked(&out, &parts) {
                        if misses.len() < 12 {
                            misses.push(format!("{} ({name}): {sample}", rule.id));
                        }
                    } else {
                        entry.1 += 1;
                    }
                }
            }
        }
        for (t, template) in rule.non_matches.iter().enumerate() {
            let sample = expand_sample(template, 77 + t as u64);
            for (place, name) in PLACES.iter().enumerate() {
                let line = line_for(place, &sample);
                let mut report = Report::default();
                benign += 1;
                if scrubber.scrub_json(&line, &mut report).unwrap() != line {
                    benign_flagged += 1;
                    if flagged.len() < 12 {
                        flagged.push(format!(
                            "{:?} ({name}): {sample}",
                            report.iter().collect::<Vec<_>>(),
                        ));
                    }
                }
            }
        }
    }

    println!();
    println!(
        "rule shapes: {} rules, {PER_TEMPLATE} samples per template, in four places",
        table.len()
    );
    println!(
        "{:<28} {:>9} {:>9} {:>9} {:>9}",
        "rule", PLACES[0], PLACES[1], PLACES[2], PLACES[3]
    );
    let mut totals = [(0usize, 0usize); 4];
    let mut weak = Vec::new();
    for (id, places) in &table {
        let cells: Vec<String> = places.iter().map(|(n, c)| format!("{c}/{n}")).collect();
        println!(
            "{id:<28} {:>9} {:>9} {:>9} {:>9}",
            cells[0], cells[1], cells[2], cells[3]
        );
        let (n, c) = places.iter().fold((0, 0), |(n, c), p| (n + p.0, c + p.1));
        if (c as f64) < MIN_FAMILY_RECALL * n as f64 {
            weak.push(id.to_string());
        }
        for (total, place) in totals.iter_mut().zip(places) {
            total.0 += place.0;
            total.1 += place.1;
        }
    }
    let rate = |(n, c): (usize, usize)| c as f64 / n.max(1) as f64;
    let all = totals.iter().fold((0, 0), |(n, c), p| (n + p.0, c + p.1));
    println!(
        "recall: {:.2}% overall, by place: {}",
        rate(all) * 100.0,
        PLACES
            .iter()
            .zip(totals)
            .map(|(p, t)| format!("{p} {:.2}%", rate(t) * 100.0))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let benign_rate = benign_flagged as f64 / benign.max(1) as f64;
    println!(
        "benign near-misses altered: {:.2}% ({benign_flagged}/{benign})",
        benign_rate * 100.0
    );
    for miss in &misses {
        println!("missed: {miss}");
    }
    for line in &flagged {
        println!("altered near-miss: {line}");
    }
    if !weak.is_empty() {
        println!(
            "FAILED: recall under {:.0}% for {}",
            MIN_FAMILY_RECALL * 100.0,
            weak.join(", ")
        );
        ok = false;
    }
    if rate(totals[3]) < MIN_BARE_RECALL {
        println!(
            "FAILED: bare-value recall under {:.0}%",
            MIN_BARE_RECALL * 100.0
        );
        ok = false;
    }
    if benign_rate > MAX_BENIGN_RATE {
        println!(
            "FAILED: more than {:.0}% of near-misses altered",
            MAX_BENIGN_RATE * 100.0
        );
        ok = false;
    }

    ok &= propagation(scrubber);
    ok &= keys(scrubber);
    ok &= real_sessions(scrubber);
    ShapeResults { ok }
}

/// A password only its assignment gives away, repeated before and after it in one session.
fn propagation(scrubber: &Scrubber) -> bool {
    let (mut sessions, mut clean) = (0, 0);
    for n in 0..50u64 {
        let secret = expand_sample("{lower:4}{digits:3}{b62:5}", 5000 + n);
        let lines = [
            line_for(0, &format!("connecting with {secret} ...")),
            line_for(2, &format!("export DB_PASSWORD={secret}")),
            line_for(1, &format!("The password `{secret}` worked.")),
        ];
        let session = formats::read(lines.join("\n").as_bytes(), scrubber).unwrap();
        let text = String::from_utf8(session.render(Rendering::ClaudeCode).unwrap()).unwrap();
        sessions += 1;
        clean += usize::from(!text.contains(&secret));
    }
    println!("propagation: {clean}/{sessions} sessions keep no copy of a secret found once");
    if clean < sessions {
        println!("FAILED: a copy of a found secret survived");
    }
    clean == sessions
}

/// Home paths and tokens used as object keys (with the home-path rewrite on, as by default).
fn keys(_: &Scrubber) -> bool {
    let scrubber = &Scrubber::default();
    let mut caught = 0;
    let total = 40;
    for n in 0..total as u64 {
        let token = expand_sample("ghp_{b62:36}", 9000 + n);
        let user = expand_sample("{lower:6}", 9100 + n);
        let line = json!({"type": "file-history-snapshot", "messageId": "m",
            "snapshot": {"trackedFileBackups": {format!("/Users/{user}/src/a.rs"): {"backupFileName": "x@v1"}}},
            "index": {token.clone(): 1}})
        .to_string();
        let out = scrubber.scrub_json(&line, &mut Report::default()).unwrap();
        caught += usize::from(!out.contains(&token) && !out.contains(&format!("/{user}/")));
    }
    println!("keys: {caught}/{total} lines with a home path and a token as keys come out clean");
    caught == total
}

/// The real sessions (when present): no redaction inside a path, a file name or a model id.
fn real_sessions(scrubber: &Scrubber) -> bool {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real-sessions");
    if !root.is_dir() {
        println!("real sessions: skipped ({} is absent)", root.display());
        return true;
    }
    let mut files = Vec::new();
    collect(&root, &mut files);
    let (mut lines, mut secrets, mut inside_paths) = (0usize, 0u64, Vec::new());
    for file in &files {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        for (n, line) in text.lines().enumerate() {
            if serde_json::from_str::<Value>(line).is_err() {
                continue;
            }
            lines += 1;
            let mut report = Report::default();
            let out = scrubber.scrub_json(line, &mut report).unwrap();
            secrets += report.secrets();
            let mut at = 0;
            while let Some(i) = out[at..].find("[REDACTED:") {
                let start = at + i;
                let end = start + out[start..].find(']').unwrap() + 1;
                let before = out[..start].chars().last();
                let after = out[end..].chars().next();
                if matches!(before, Some('/' | '.' | '\\'))
                    || matches!(after, Some('/' | '.' | '\\'))
                {
                    inside_paths.push(format!("{}:{}", file.display(), n + 1));
                }
                at = end;
            }
        }
    }
    println!(
        "real sessions: {} files, {lines} lines, {secrets} secret redactions, {} inside paths or ids",
        files.len(),
        inside_paths.len()
    );
    for place in inside_paths.iter().take(5) {
        println!("redaction inside a path: {place}");
    }
    inside_paths.is_empty()
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "jsonl" || e == "json")
        {
            out.push(path);
        }
    }
}
