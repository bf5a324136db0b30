//! Commit throughput per session format (issue: other agents). Prints a table; not a timed test.
//!
//! Run with `cargo bench --bench formats` (`-- --sessions N`, 100 by default). For each format,
//! N generated sessions of about 200 KB are committed into an empty store in one `traces
//! commit`; the table gives wall time, MB/s of input and peak RSS, and checks that every
//! session was committed. Shapes follow what each agent writes (see docs/formats.md).

mod common;

use std::path::Path;

use serde_json::{Value, json};

use common::{Rng, measure, traces, write_sessions};

const SESSION_BYTES: usize = 200_000;

fn uuid(rng: &mut Rng) -> String {
    let (a, b) = (rng.next(), rng.next());
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

fn write_lines(path: &Path, lines: &[Value]) -> u64 {
    let mut text = String::new();
    for line in lines {
        text.push_str(&line.to_string());
        text.push('\n');
    }
    std::fs::write(path, &text).unwrap();
    text.len() as u64
}

/// A Claude Code transcript: user and assistant lines chained by `parentUuid`, with tool calls.
fn claude_code(dir: &Path, i: usize, rng: &mut Rng) -> u64 {
    let session = uuid(rng);
    let mut lines = Vec::new();
    let (mut parent, mut size, mut turn) = (Value::Null, 0, 0);
    while size < SESSION_BYTES {
        let time = format!(
            "2025-03-{:02}T10:{:02}:{:02}Z",
            i % 28 + 1,
            turn / 60 % 60,
            turn % 60
        );
        let (ask, answer, output) = (rng.words(20), rng.words(60), rng.words(400));
        let mut ids = [uuid(rng), uuid(rng), uuid(rng)].into_iter();
        let mut push = |kind: &str, message: Value, parent: &mut Value| {
            let id = ids.next().expect("three lines a turn");
            let line = json!({"parentUuid": parent, "isSidechain": false, "userType": "external",
                "cwd": "/home/dev/app", "sessionId": session, "version": "2.0.14", "type": kind,
                "message": message, "uuid": id, "timestamp": time});
            size += line.to_string().len();
            lines.push(line);
            *parent = json!(id);
        };
        push("user", json!({"role": "user", "content": ask}), &mut parent);
        let call = format!("toolu_{turn:04}");
        push(
            "assistant",
            json!({"id": format!("msg_{turn:04}"), "type": "message",
            "role": "assistant", "model": "claude-sonnet-4-5", "stop_reason": "tool_use",
            "stop_sequence": null, "usage": {"input_tokens": 10, "output_tokens": 20},
            "content": [{"type": "text", "text": answer},
                        {"type": "tool_use", "id": call, "name": "Bash",
                         "input": {"command": format!("pytest -k step{turn}")}}]}),
            &mut parent,
        );
        push(
            "user",
            json!({"role": "user", "content": [{"type": "tool_result",
            "tool_use_id": call, "content": output, "is_error": false}]}),
            &mut parent,
        );
        turn += 1;
    }
    write_lines(&dir.join(format!("{session}.jsonl")), &lines)
}

/// A Codex rollout: `session_meta`, then `response_item`s (messages, calls, outputs).
fn codex(dir: &Path, i: usize, rng: &mut Rng) -> u64 {
    let id = uuid(rng);
    let day = i % 28 + 1;
    let mut lines = vec![
        json!({"timestamp": format!("2025-04-{day:02}T08:00:00.000Z"),
        "type": "session_meta", "payload": {"id": id, "timestamp": format!("2025-04-{day:02}T08:00:00.000Z"),
        "cwd": "/home/dev/app", "originator": "codex_cli_rs", "cli_version": "0.42.0"}}),
    ];
    let (mut size, mut turn) = (0, 0);
    while size < SESSION_BYTES {
        let time = format!(
            "2025-04-{day:02}T08:{:02}:{:02}.000Z",
            turn / 60 % 60,
            turn % 60
        );
        let call = format!("call_{turn:04}");
        let payloads = [
            json!({"type": "message", "role": "user", "content": [{"type": "input_text", "text": rng.words(20)}]}),
            json!({"type": "function_call", "name": "shell", "call_id": call,
                   "arguments": json!({"command": ["bash", "-lc", format!("pytest -k step{turn}")]}).to_string()}),
            json!({"type": "function_call_output", "call_id": call, "output": rng.words(400)}),
            json!({"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": rng.words(60)}]}),
        ];
        for payload in payloads {
            let line = json!({"timestamp": time, "type": "response_item", "payload": payload});
            size += line.to_string().len();
            lines.push(line);
        }
        turn += 1;
    }
    write_lines(
        &dir.join(format!("rollout-2025-04-{day:02}T08-00-00-{id}.jsonl")),
        &lines,
    )
}

/// A Pi session: the `session` header, then `message` entries chained by `parentId`.
fn pi(dir: &Path, i: usize, rng: &mut Rng) -> u64 {
    let id = uuid(rng);
    let day = i % 28 + 1;
    let mut lines = vec![json!({"type": "session", "version": 3, "id": id,
        "timestamp": format!("2025-05-{day:02}T19:00:00.000Z"), "cwd": "/home/dev/site"})];
    let (mut parent, mut size, mut turn) = (Value::Null, 0, 0);
    while size < SESSION_BYTES {
        let time = format!(
            "2025-05-{day:02}T19:{:02}:{:02}.000Z",
            turn / 60 % 60,
            turn % 60
        );
        let call = format!("toolu_{turn:04}");
        let messages = [
            json!({"role": "user", "content": [{"type": "text", "text": rng.words(20)}]}),
            json!({"role": "assistant", "content": [{"type": "text", "text": rng.words(60)},
                   {"type": "toolCall", "id": call, "name": "bash", "arguments": {"command": "make test"}}]}),
            json!({"role": "toolResult", "toolCallId": call, "toolName": "bash",
                   "content": [{"type": "text", "text": rng.words(400)}], "isError": false}),
        ];
        for message in messages {
            let entry = format!("{:08x}", rng.next() >> 32);
            let line = json!({"type": "message", "id": entry, "parentId": parent,
                "timestamp": time, "message": message});
            size += line.to_string().len();
            lines.push(line);
            parent = json!(entry);
        }
        turn += 1;
    }
    write_lines(&dir.join(format!("{id}.jsonl")), &lines)
}

fn main() {
    let n = match common::sessions_arg() {
        1000 if !std::env::args().any(|a| a == "--sessions") => 100,
        n => n,
    };
    let work = tempfile::tempdir().unwrap();
    println!(
        "traces commit of {n} sessions of about {} KB per format into an empty store\n",
        SESSION_BYTES / 1000
    );
    println!("| format | input | wall | MB/s | peak RSS | committed |");
    println!("|---|---|---|---|---|---|");
    type Generate = fn(&Path, usize, &mut Rng) -> u64;
    let formats: [(&str, Option<Generate>); 4] = [
        ("ml-intern", None),
        ("claude-code", Some(claude_code)),
        ("codex", Some(codex)),
        ("pi", Some(pi)),
    ];
    for (name, generate) in formats {
        let mut rng = Rng(0x5eed_0000 + name.len() as u64);
        let dir = work.path().join(name);
        let bytes = match generate {
            None => write_sessions(&dir, "bench", n, SESSION_BYTES, &mut rng).0,
            Some(generate) => {
                std::fs::create_dir_all(&dir).unwrap();
                (0..n).map(|i| generate(&dir, i, &mut rng)).sum()
            }
        };
        let store = work.path().join(format!("store-{name}"));
        let m = measure(traces(&store).arg("-q").arg("commit").arg(&dir));
        // Honest numbers only: every generated session must have been committed.
        let status = traces(&store).args(["status", "--json"]).output().unwrap();
        let status: Value = serde_json::from_slice(&status.stdout).unwrap();
        let committed = status["branches"][0]["sessions"].as_u64().unwrap_or(0);
        assert_eq!(committed, n as u64, "{name}: {status}");
        println!(
            "| {name} | {:.1} MB | {:.3} s | {:.1} | {:.1} MiB | {committed}/{n} |",
            bytes as f64 / 1e6,
            m.wall.as_secs_f64(),
            bytes as f64 / 1e6 / m.wall.as_secs_f64(),
            m.peak_rss_kib as f64 / 1024.0
        );
    }
}
