use serde_json::{Value, json};

use super::*;
use crate::formats::{self, InputKind, Rendering};
use crate::scrub::Scrubber;

fn jsonl(lines: &[Value]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

fn codex_lines() -> Vec<Value> {
    vec![
        json!({"timestamp": "2025-09-14T08:30:00.120Z", "type": "session_meta",
               "payload": {"id": "0199a1b2-c3d4", "timestamp": "2025-09-14T08:30:00.100Z", "cwd": "/w"}}),
        json!({"timestamp": "2025-09-14T08:30:01.000Z", "type": "response_item",
               "payload": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}}),
        json!({"timestamp": "2025-09-14T08:30:02.000Z", "type": "event_msg",
               "payload": {"type": "agent_message", "message": "hello"}}),
    ]
}

fn pi_lines() -> Vec<Value> {
    vec![
        json!({"type": "session", "version": 3, "id": "7f3e2d1c", "timestamp": "2025-11-02T19:04:05.678Z", "cwd": "/w"}),
        json!({"type": "message", "id": "a", "parentId": null, "timestamp": "2025-11-02T19:04:10.000Z",
               "message": {"role": "user", "content": [{"type": "text", "text": "hi"}], "timestamp": 1}}),
        json!({"type": "message", "id": "b", "parentId": "a", "timestamp": "2025-11-02T19:04:12.000Z",
               "message": {"role": "assistant", "content": [{"type": "text", "text": "hello"}],
                           "model": "m", "provider": "p", "stopReason": "stop", "timestamp": 2}}),
    ]
}

/// Pi's first file version: no `version` in the header, no `id` on entries.
fn pi_v1_lines() -> Vec<Value> {
    let mut lines = pi_lines();
    for line in &mut lines {
        let line = line.as_object_mut().unwrap();
        line.remove("version");
        line.remove("parentId");
        if line["type"] != "session" {
            line.remove("id");
        }
    }
    lines
}

fn read(text: &str) -> Result<formats::ScrubbedSession, InputError> {
    formats::read(text.as_bytes(), &Scrubber::default())
}

#[test]
fn each_agent_is_recognised_by_its_first_line() {
    let cases = [
        (
            codex_lines(),
            InputKind::Agent(Agent::Codex),
            "0199a1b2-c3d4",
            "2025-09-14",
        ),
        (
            pi_lines(),
            InputKind::Agent(Agent::Pi),
            "7f3e2d1c",
            "2025-11-02",
        ),
    ];
    for (lines, kind, id, date) in cases {
        let session = read(&jsonl(&lines)).unwrap();
        assert_eq!(
            (
                session.kind,
                session.session_id.as_str(),
                session.date.as_str()
            ),
            (kind, id, date)
        );
        assert_eq!(session.path(), format!("sessions/{date}/{id}.jsonl"));
        assert_eq!(session.renderings(), &[Rendering::ClaudeCode]);
    }
    let mut openclaw = pi_lines();
    openclaw[0]["cwd"] = json!("/home/u/.openclaw/workspace");
    assert_eq!(
        read(&jsonl(&openclaw)).unwrap().kind,
        InputKind::Agent(Agent::OpenClaw)
    );

    // Droid's header has no time: the date is the first line that has one.
    let droid = [
        json!({"type": "session_start", "id": "d-1", "version": 2, "cwd": "/w"}),
        json!({"type": "message", "id": "m1", "timestamp": "2026-03-10T14:00:05.000Z",
               "message": {"role": "user", "content": "hi"}}),
    ];
    let session = read(&jsonl(&droid)).unwrap();
    assert_eq!(
        (session.kind, session.path().as_str()),
        (
            InputKind::Agent(Agent::Droid),
            "sessions/2026-03-10/d-1.jsonl"
        )
    );
}

#[test]
fn a_file_of_no_known_format_lists_the_formats_and_is_never_called_claude_code() {
    let text =
        jsonl(&[json!({"created_at": "2025-09-10T12:00:00Z", "role": "user", "message": "x"})]);
    let error = read(&text).unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, InputError::UnknownFormat(_)), "{message}");
    for name in [
        "ml-intern",
        "Claude Code",
        "Codex",
        "Pi",
        "OpenClaw",
        "Droid",
    ] {
        assert!(message.contains(name), "{message}");
    }
    assert!(!message.contains("sessionId:"), "{message}");
}

#[test]
fn a_rollout_without_its_session_meta_names_where_the_id_belongs() {
    let lines = &codex_lines()[1..];
    let error = read(&jsonl(lines)).unwrap_err();
    assert_eq!(
        error,
        InputError::field("$[0].payload.id", "a Codex session names its id here")
    );
}

#[test]
fn a_rollout_piece_with_no_header_and_no_message_is_no_conversation() {
    let usage_only = [
        json!({"timestamp": "2026-05-13T09:00:00.000Z", "type": "turn_context",
               "payload": {"model": "gpt-5-codex"}}),
        json!({"timestamp": "2026-05-13T09:01:00.000Z", "type": "event_msg",
               "payload": {"type": "token_count", "info": {"total_tokens": 1200}}}),
    ];
    assert_eq!(
        read(&jsonl(&usage_only)).unwrap_err(),
        InputError::NoConversation
    );
}

#[test]
fn an_unsafe_id_is_refused_before_it_becomes_a_path() {
    let mut lines = pi_lines();
    lines[0]["id"] = json!("../../etc/passwd");
    assert!(matches!(
        read(&jsonl(&lines)).unwrap_err(),
        InputError::UnsafeSessionId { .. }
    ));
}

#[test]
fn lines_without_findings_keep_their_bytes_and_secrets_are_redacted() {
    let secret = format!("hf_{}", "Ab3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3k");
    let mut lines = codex_lines();
    lines[1]["payload"]["content"][0]["text"] = json!(format!("my token is {secret}"));
    // Unusual spacing and key order: a clean line must come out exactly as it went in.
    let mut text = jsonl(&lines);
    text.push_str("{ \"type\":\"event_msg\" ,\"timestamp\":\"2025-09-14T08:30:03.000Z\", \"payload\":{\"type\":\"token_count\"}}\n");
    let session = read(&text).unwrap();
    let out = String::from_utf8(session.render(Rendering::ClaudeCode).unwrap()).unwrap();
    assert!(!out.contains(&secret));
    let (before, after): (Vec<_>, Vec<_>) = (text.lines().collect(), out.lines().collect());
    assert_eq!(before.len(), after.len());
    for (index, (a, b)) in before.iter().zip(&after).enumerate() {
        if index == 1 {
            assert_ne!(a, b);
            let keys = |l: &str| -> Vec<String> {
                serde_json::from_str::<serde_json::Map<String, Value>>(l)
                    .unwrap()
                    .keys()
                    .cloned()
                    .collect()
            };
            assert_eq!(keys(a), keys(b), "keys keep their order");
            assert!(b.contains("[REDACTED:"));
        } else {
            assert_eq!(a, b, "line {} changed", index + 1);
        }
    }
    assert!(session.scrub_report.total() > 0);
}

#[test]
fn clean_files_of_each_format_lint_clean() {
    assert_eq!(
        lint(Agent::Codex, jsonl(&codex_lines()).as_bytes()).findings,
        []
    );
    assert_eq!(lint(Agent::Pi, jsonl(&pi_lines()).as_bytes()).findings, []);
}

#[test]
fn missing_fields_are_found_by_json_path() {
    let mut lines = pi_lines();
    lines[2].as_object_mut().unwrap().remove("timestamp");
    lines[1]["message"].as_object_mut().unwrap().remove("role");
    let found = lint(Agent::Pi, jsonl(&lines).as_bytes());
    let messages: Vec<_> = found
        .findings
        .iter()
        .map(|f| (f.line, f.check, f.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (2, Check::Field, "$.message.role: missing"),
            (3, Check::Field, "$.timestamp: missing"),
        ]
    );

    let mut lines = codex_lines();
    lines[0]["payload"].as_object_mut().unwrap().remove("id");
    lines[2]["payload"] = json!("text");
    let found = lint(Agent::Codex, jsonl(&lines).as_bytes());
    let messages: Vec<_> = found
        .findings
        .iter()
        .map(|f| (f.line, f.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (1, "$.payload.id: missing"),
            (3, "$.payload: expected an object")
        ]
    );
}

#[test]
fn a_file_the_hub_would_not_recognise_fails_the_format_check() {
    // A rollout that holds only its session_meta: one payload shape, a struct to the Hub.
    let found = lint(Agent::Codex, jsonl(&codex_lines()[..1]).as_bytes());
    assert_eq!(found.findings.len(), 1, "{found:?}");
    assert_eq!(
        (found.findings[0].line, found.findings[0].check),
        (0, Check::Format)
    );
    // A version 1 Pi session with user messages only: every `message` has the same fields.
    let mut lines = pi_v1_lines();
    lines.truncate(2);
    let found = lint(Agent::Pi, jsonl(&lines).as_bytes());
    assert_eq!(
        found.findings.iter().map(|f| f.check).collect::<Vec<_>>(),
        [Check::Format]
    );
    // A version 3 header (`id`, `cwd`, integer `version`) matches the Hub's Droid marker, so
    // the same session is recognised.
    assert_eq!(
        lint(Agent::Pi, jsonl(&pi_lines()[..2]).as_bytes()).findings,
        []
    );
    // `type` must be a string on every line.
    let mut lines = pi_lines();
    lines[1]["type"] = json!(7);
    let found = lint(Agent::Pi, jsonl(&lines).as_bytes());
    assert!(
        found
            .findings
            .iter()
            .any(|f| f.check == Check::Format && f.message.contains("`type`"))
    );
}

#[test]
fn only_the_first_ten_megabytes_decide_the_format() {
    // The assistant reply lies past the window: the Hub infers features before it.
    let mut lines = pi_v1_lines();
    let padding = "x".repeat(1 << 20);
    let user = lines[1].clone();
    lines.truncate(2);
    for _ in 0..11 {
        let mut line = user.clone();
        line["message"]["content"][0]["text"] = json!(padding);
        lines.push(line);
    }
    lines.push(pi_v1_lines()[2].clone());
    let found = lint(Agent::Pi, jsonl(&lines).as_bytes());
    assert!(
        found.findings.iter().any(|f| f.check == Check::Format),
        "{found:?}"
    );
}

#[test]
fn the_harness_is_told_from_the_first_line() {
    assert_eq!(
        formats::harness_of(jsonl(&codex_lines()).as_bytes()),
        "codex"
    );
    assert_eq!(formats::harness_of(jsonl(&pi_lines()).as_bytes()), "pi");
    let claude =
        json!({"type": "user", "sessionId": "s", "message": {"role": "user", "content": "hi"}});
    assert_eq!(
        formats::harness_of(jsonl(&[claude]).as_bytes()),
        "claude_code"
    );
}
