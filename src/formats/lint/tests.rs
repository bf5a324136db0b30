use serde_json::{Value, json};

use super::*;

fn line(kind: &str, uuid: &str, parent: Option<&str>, message: Value) -> Value {
    json!({
        "parentUuid": parent,
        "isSidechain": false,
        "userType": "external",
        "cwd": "/",
        "sessionId": "s-1",
        "version": "traces/test",
        "type": kind,
        "message": message,
        "uuid": uuid,
        "timestamp": "2025-06-01T10:00:00Z",
    })
}

fn assistant(blocks: Value) -> Value {
    json!({
        "id": "msg_1", "type": "message", "role": "assistant", "model": "m",
        "content": blocks, "stop_reason": "end_turn", "stop_sequence": null,
        "usage": {"input_tokens": 0, "output_tokens": 0},
    })
}

/// A clean transcript: user, assistant with a tool call, the tool result, a final answer.
fn transcript() -> Vec<Value> {
    vec![
        line("user", "u1", None, json!({"role": "user", "content": "hi"})),
        line(
            "assistant",
            "a1",
            Some("u1"),
            assistant(json!([{"type": "tool_use", "id": "t1", "name": "bash", "input": {}}])),
        ),
        line(
            "user",
            "u2",
            Some("a1"),
            json!({"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "ok", "is_error": false}]}),
        ),
        line(
            "assistant",
            "a2",
            Some("u2"),
            assistant(json!([{"type": "text", "text": "done"}])),
        ),
    ]
}

fn text(lines: &[Value]) -> Vec<u8> {
    lines
        .iter()
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .into_bytes()
}

fn checks(lint: &Lint) -> Vec<(usize, Check)> {
    lint.findings.iter().map(|f| (f.line, f.check)).collect()
}

#[test]
fn a_clean_transcript_has_no_findings() {
    let lint = lint(&text(&transcript()));
    assert!(lint.is_clean(), "{:?}", lint.findings);
    assert_eq!(lint.lines, 4);
}

#[test]
fn a_broken_chain_is_found() {
    let mut lines = transcript();
    lines[2]["parentUuid"] = json!("nowhere");
    lines[3]["parentUuid"] = Value::Null;
    lines[1]["uuid"] = json!("u1");
    let lint = lint(&text(&lines));
    assert_eq!(
        checks(&lint),
        [(2, Check::Chain), (3, Check::Chain), (4, Check::Chain)],
        "{:?}",
        lint.findings
    );
    assert!(lint.findings[0].message.contains("used by an earlier line"));
    assert!(
        lint.findings[1]
            .message
            .contains("\"nowhere\" names no earlier line")
    );
    assert!(
        lint.findings[2]
            .message
            .contains("null after the first line")
    );
}

#[test]
fn an_orphan_tool_result_is_found() {
    let mut lines = transcript();
    lines[2]["message"]["content"][0]["tool_use_id"] = json!("t9");
    let lint = lint(&text(&lines));
    assert_eq!(checks(&lint), [(3, Check::ToolResult)]);
    // A result that comes before its call is an orphan too.
    let mut lines = transcript();
    lines.swap(1, 2);
    lines[1]["parentUuid"] = json!("u1");
    lines[2]["parentUuid"] = json!("u2");
    lines[3]["parentUuid"] = json!("a1");
    assert_eq!(
        checks(&super::lint(&text(&lines))),
        [(2, Check::ToolResult)]
    );
}

#[test]
fn missing_and_mistyped_fields_are_named_by_path() {
    let mut lines = transcript();
    lines[0].as_object_mut().unwrap().remove("cwd");
    lines[1]["message"]["usage"]["output_tokens"] = json!("7");
    lines[1]["message"].as_object_mut().unwrap().remove("id");
    lines[3]["timestamp"] = json!("yesterday");
    let lint = lint(&text(&lines));
    let messages: Vec<(usize, &str)> = lint
        .findings
        .iter()
        .map(|f| (f.line, f.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (1, "$.cwd: missing"),
            (2, "$.message.id: missing"),
            (
                2,
                "$.message.usage.output_tokens: expected a non-negative integer"
            ),
            (4, "$.timestamp: not an ISO-8601 date-time with an offset"),
        ]
    );
    assert!(lint.findings.iter().all(|f| f.check == Check::Field));
}

#[test]
fn lines_that_are_not_objects_are_found_and_a_resumed_session_is_not() {
    let mut lines = transcript();
    // A resumed session keeps writing to the file it continues, under its own id.
    lines[3]["sessionId"] = json!("s-2");
    let mut bytes = text(&lines);
    bytes.extend_from_slice(b"[1, 2]\n{\"type\": \"user\", \n");
    let lint = lint(&bytes);
    assert_eq!(checks(&lint), [(5, Check::Json), (6, Check::Json)]);
}

#[test]
fn the_hub_needs_a_user_and_an_assistant_line() {
    let lines = transcript();
    let only_user = lint(&text(&lines[..1]));
    assert_eq!(checks(&only_user), [(0, Check::Format)]);
    assert!(
        only_user.findings[0]
            .message
            .starts_with("no assistant line")
    );
    assert_eq!(checks(&lint(b"")), [(0, Check::Format)]);
    // Bookkeeping lines Claude Code writes are not findings.
    let mut with_summary = vec![json!({"type": "summary", "summary": "s", "leafUuid": "a2"})];
    with_summary.extend(transcript());
    assert!(lint(&text(&with_summary)).is_clean());
}

#[test]
fn the_writer_finds_what_the_whole_text_check_finds() {
    let mut lines = transcript();
    lines[2]["parentUuid"] = json!("nowhere");
    let bytes = text(&lines);
    for chunk in [1, 7, 64, bytes.len()] {
        let mut writer = LintWriter::default();
        for piece in bytes.chunks(chunk) {
            writer.write_all(piece).unwrap();
        }
        assert_eq!(writer.finish(), lint(&bytes), "chunks of {chunk}");
    }
    // A last line without a newline is still checked.
    let mut writer = LintWriter::default();
    writer.write_all(&bytes[..bytes.len() - 1]).unwrap();
    assert_eq!(writer.finish(), lint(&bytes));
}

#[test]
fn findings_never_quote_content() {
    let secret = "hunter2-is-not-a-secret-but-content";
    let mut lines = transcript();
    lines[0]["message"]["role"] = json!(secret);
    lines[1]["message"]["content"] = json!(secret);
    let lint = lint(&text(&lines));
    assert_eq!(lint.total, 3, "role, content, and the orphaned tool result");
    assert!(lint.findings.iter().all(|f| !f.message.contains(secret)));
}

#[test]
fn chains_run_through_every_line_with_a_uuid() {
    let mut lines = vec![
        json!({"type": "progress", "uuid": "p1", "parentUuid": null, "sessionId": "s-1"}),
        json!({"type": "attachment", "uuid": "at1", "parentUuid": "p1", "sessionId": "s-1"}),
    ];
    lines.extend(transcript());
    lines[2]["parentUuid"] = json!("at1");
    assert!(lint(&text(&lines)).is_clean(), "{:?}", lint(&text(&lines)));
    // A parent no line carries is still a finding.
    lines[2]["parentUuid"] = json!("nowhere");
    assert_eq!(checks(&lint(&text(&lines))), [(3, Check::Chain)]);
}

#[test]
fn a_sidechain_root_may_point_into_its_parent_but_only_the_root() {
    let mut lines = transcript();
    for line in &mut lines {
        line["isSidechain"] = json!(true);
    }
    // The parent session's line that started the subagent is in another file.
    lines[0]["parentUuid"] = json!("in-the-parent-file");
    assert!(lint(&text(&lines)).is_clean());
    lines[0]["parentUuid"] = json!(null);
    assert!(lint(&text(&lines)).is_clean());
    lines[2]["parentUuid"] = json!("nowhere");
    assert_eq!(checks(&lint(&text(&lines))), [(3, Check::Chain)]);
    // A main session's first line may not point elsewhere.
    let mut main = transcript();
    main[0]["parentUuid"] = json!("in-another-file");
    assert_eq!(checks(&lint(&text(&main))), [(1, Check::Chain)]);
}
