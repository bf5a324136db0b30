use serde_json::{Value, json};

use super::*;

fn scrubber() -> Scrubber {
    Scrubber::default()
}

fn session(messages: Value) -> Value {
    json!({
        "session_id": "s-1",
        "session_start_time": "2025-06-01T10:00:00+02:00",
        "model_name": "m",
        "messages": messages,
    })
}

fn render_value(value: &Value) -> Result<ScrubbedSession, InputError> {
    read(value.to_string().as_bytes(), &scrubber())
}

fn claude(session: &ScrubbedSession) -> Vec<u8> {
    session.render(Rendering::ClaudeCode).unwrap()
}

fn lines(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn uuid_matches_an_independent_sha1_computation() {
    // Expected values computed with Python's hashlib, formatted 8-4-4-4-12.
    assert_eq!(
        claude_code::line_uuid("3f2a9c1e-8d4b-4c6a-9e1f-2b7d5a0c4e88", "user", 1),
        "8de2d20f-38a0-8e78-63f5-6e7fd35e3d6e"
    );
    assert_eq!(
        claude_code::line_uuid("abc", "assistant", 7),
        "3a31cd21-6446-ab19-59c0-9ac9432801e4"
    );
}

#[test]
fn system_and_empty_assistant_messages_emit_no_line_but_keep_their_index() {
    let value = session(json!([
        {"role": "system", "content": "sys"},
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": null},
        {"role": "assistant", "content": "yo"},
    ]));
    let rendered = render_value(&value).unwrap();
    let out = lines(&claude(&rendered));
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["uuid"], claude_code::line_uuid("s-1", "user", 1));
    assert_eq!(out[0]["parentUuid"], Value::Null);
    assert_eq!(
        out[1]["uuid"],
        claude_code::line_uuid("s-1", "assistant", 3)
    );
    assert_eq!(out[1]["parentUuid"], out[0]["uuid"]);
}

#[test]
fn tool_calls_become_tool_use_blocks_and_bad_arguments_are_kept_raw() {
    let value = session(json!([
        {"role": "assistant", "content": "", "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "run", "arguments": "{\"a\": 1}"}},
            {"id": "c2", "type": "function", "function": {"name": "run", "arguments": "{not json"}},
        ]},
        {"role": "tool", "tool_call_id": "c1", "content": "ok"},
    ]));
    let out = lines(&claude(&render_value(&value).unwrap()));
    let content = &out[0]["message"]["content"];
    assert_eq!(
        content.as_array().unwrap().len(),
        2,
        "no text block for empty text"
    );
    assert_eq!(
        content[0],
        json!({"type": "tool_use", "id": "c1", "name": "run", "input": {"a": 1}})
    );
    assert_eq!(content[1]["input"], json!({"_raw": "{not json"}));
    assert_eq!(out[1]["type"], "user");
    assert_eq!(
        out[1]["message"]["content"][0],
        json!({"type": "tool_result", "tool_use_id": "c1", "content": "ok", "is_error": false})
    );
}

#[test]
fn every_line_carries_what_claude_code_writes_on_every_line() {
    let mut value = session(json!([
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
    ]));
    let out = lines(&claude(&render_value(&value).unwrap()));
    for line in &out {
        assert_eq!(line["isSidechain"], false);
        assert_eq!(line["userType"], "external");
        assert_eq!(
            line["cwd"],
            claude_code::NEUTRAL_CWD,
            "never this machine's directory"
        );
        assert_eq!(
            line["version"],
            format!("traces/{}", env!("CARGO_PKG_VERSION"))
        );
        assert!(line.get("gitBranch").is_none(), "absent when unknown");
    }
    let keys: Vec<&str> = out[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "parentUuid",
            "isSidechain",
            "userType",
            "cwd",
            "sessionId",
            "version",
            "type",
            "message",
            "uuid",
            "timestamp"
        ],
        "Claude Code's own field order"
    );

    value["cwd"] = json!("/home/alice/projects/tiny");
    value["git_branch"] = json!("main");
    let scrubber = Scrubber::new(crate::scrub::Options {
        home_paths: true,
        ..Default::default()
    });
    let rendered = read(value.to_string().as_bytes(), &scrubber).unwrap();
    for line in lines(&claude(&rendered)) {
        assert_eq!(line["cwd"], "~/projects/tiny", "after home-path scrubbing");
        assert_eq!(line["gitBranch"], "main");
    }
}

#[test]
fn assistant_lines_carry_a_complete_message() {
    let value = session(json!([
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "let me look", "usage": {"prompt_tokens": 120, "completion_tokens": 7},
         "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "run", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "boom", "is_error": true},
        {"role": "tool", "tool_call_id": "c1", "content": "boom again", "status": "failed"},
        {"role": "assistant", "content": "done"},
    ]));
    let out = lines(&claude(&render_value(&value).unwrap()));
    let first = &out[1]["message"];
    let uuid = out[1]["uuid"].as_str().unwrap();
    assert_eq!(first["id"], format!("msg_{}", uuid.replace('-', "")));
    assert_eq!(first["type"], "message");
    assert_eq!(first["role"], "assistant");
    assert_eq!(first["model"], "m");
    assert_eq!(first["stop_reason"], "tool_use");
    assert_eq!(first["stop_sequence"], Value::Null);
    assert_eq!(first["usage"]["input_tokens"], 120);
    assert_eq!(first["usage"]["output_tokens"], 7);
    assert_eq!(out[2]["message"]["content"][0]["is_error"], true);
    assert_eq!(out[3]["message"]["content"][0]["is_error"], true);
    let last = &out[4]["message"];
    assert_eq!(last["stop_reason"], "end_turn");
    assert_eq!(last["usage"]["input_tokens"], 0, "zeros when unknown");
    assert_eq!(last["usage"]["output_tokens"], 0);
    assert_ne!(last["id"], first["id"]);
}

#[test]
fn timestamps_fall_back_to_the_session_start() {
    let value = session(json!([
        {"role": "user", "content": "a", "timestamp": "2025-06-01T10:00:09+02:00"},
        {"role": "user", "content": "b"},
    ]));
    let out = lines(&claude(&render_value(&value).unwrap()));
    assert_eq!(out[0]["timestamp"], "2025-06-01T10:00:09+02:00");
    assert_eq!(out[1]["timestamp"], "2025-06-01T10:00:00+02:00");
}

#[test]
fn row_encodes_nested_fields_and_lifts_usage_scalars() {
    let mut value = session(json!([{"role": "user", "content": "x"}]));
    value["usage_metrics"] = json!("{\"input_tokens\": 5, \"nested\": {\"a\": 1}}");
    let rendered = render_value(&value).unwrap();
    assert_eq!(rendered.path(), "sessions/2025-06-01/s-1.jsonl");
    let row = rendered.render(Rendering::Row).unwrap();
    assert_eq!(row.iter().filter(|&&b| b == b'\n').count(), 1, "one line");
    let row: Value = serde_json::from_slice(&row).unwrap();
    assert_eq!(
        row["messages"],
        json!("[{\"role\":\"user\",\"content\":\"x\"}]")
    );
    assert_eq!(row["events"], "[]");
    assert_eq!(row["input_tokens"], 5);
    assert!(row.get("nested").is_none());
}

#[test]
fn claude_code_lines_without_findings_keep_their_bytes() {
    let clean = r#"{"type":"user", "sessionId":"cc-1","timestamp":"2025-05-02T01:02:03.000Z","message":{"role":"user","content":"hi"}}"#;
    let secret = format!("HF_TOKEN={}", "q".repeat(8));
    let dirty = json!({"type": "assistant", "sessionId": "cc-1", "message": {"content": secret}});
    let input = format!("{clean}\n{dirty}\n");
    let rendered = read(input.as_bytes(), &scrubber()).unwrap();
    assert_eq!(rendered.kind, InputKind::ClaudeCode);
    assert_eq!(rendered.renderings(), [Rendering::ClaudeCode]);
    assert!(rendered.render(Rendering::Row).is_none());
    assert_eq!(rendered.date, "2025-05-02");
    let text = String::from_utf8(claude(&rendered)).unwrap();
    let mut out = text.lines();
    assert_eq!(out.next().unwrap(), clean, "byte-identical clean line");
    assert_eq!(
        out.next().unwrap(),
        dirty
            .to_string()
            .replace(&secret, "HF_TOKEN=[REDACTED:secret-assignment]"),
        "only the literal with the finding changes"
    );
    assert_eq!(rendered.scrub_report.total(), 1);
}

#[test]
fn bad_inputs_get_located_errors() {
    let cases: Vec<(Vec<u8>, InputError)> = vec![
        (b"".to_vec(), InputError::Empty),
        (b" \n\t".to_vec(), InputError::Empty),
        (b"{\"a\":\n\"b\0\"}".to_vec(), InputError::Binary { line: 2 }),
        (b"{\"a\":\n\"\xff\"}".to_vec(), InputError::InvalidUtf8 { line: 2, column: 2 }),
        (
            b"{\"session_id\": \"x\",\n  \"messages\": [,]}".to_vec(),
            InputError::MalformedJson {
                line: 2,
                column: 16,
                reason: "expected value".into(),
            },
        ),
        (
            b"{\"type\":\"user\",\"sessionId\":\"a\"}\n{\"type\":\"assist\n{}\n".to_vec(),
            InputError::MalformedJson {
                line: 2,
                column: 15,
                reason: "EOF while parsing a string".into(),
            },
        ),
        (
            b"{\"type\":\"user\",\"sessionId\":\"a\"}\n[1]\n".to_vec(),
            InputError::LineNotObject { line: 2 },
        ),
        (
            br#"{"messages": [], "session_start_time": "2025-01-01T00:00:00"}"#.to_vec(),
            InputError::field("$.session_id", "missing"),
        ),
        (
            br#"{"session_id": 7, "messages": []}"#.to_vec(),
            InputError::field("$.session_id", "expected a string, found a number"),
        ),
        (
            br#"{"session_id": "a", "session_start_time": "2025-01-01", "messages": [{"role": "tool", "content": "x"}]}"#.to_vec(),
            InputError::field("$.messages[0].tool_call_id", "missing"),
        ),
        (b"[1, 2]".to_vec(), InputError::Unrecognised("the top-level JSON value is not an object")),
    ];
    for (input, expected) in cases {
        assert_eq!(
            read(&input, &scrubber()).unwrap_err(),
            expected,
            "input {:?}",
            String::from_utf8_lossy(&input)
        );
    }
}

#[test]
fn unsafe_session_ids_are_refused() {
    for (id, reason) in [
        ("../../etc/passwd", "it contains a path separator"),
        (
            "..",
            "it starts with '.' (a hidden or parent directory name)",
        ),
        ("a\u{7}b", "it contains control characters"),
        ("", "it is empty"),
    ] {
        let value =
            json!({"session_id": id, "session_start_time": "2025-01-01T00:00:00", "messages": []});
        match render_value(&value).unwrap_err() {
            InputError::UnsafeSessionId { reason: got, .. } => assert_eq!(got, reason, "id {id:?}"),
            other => panic!("id {id:?}: unexpected {other:?}"),
        }
    }
    let long = "x".repeat(201);
    assert!(check_session_id(&long).is_err());
    assert!(check_session_id(&"x".repeat(200)).is_ok());
}

#[test]
fn a_line_over_the_limit_is_refused_before_parsing() {
    let mut input = b"{\"session_id\": \"".to_vec();
    input.extend(std::iter::repeat_n(b'a', MAX_LINE_BYTES));
    input.extend(b"\"}");
    match read(&input, &scrubber()).unwrap_err() {
        InputError::LineTooLong { line: 1, len, .. } => assert_eq!(len, input.len()),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn dates_come_from_the_timestamp_as_written() {
    assert_eq!(
        date_of("2025-06-01T23:30:00-05:00").as_deref(),
        Some("2025-06-01")
    );
    assert_eq!(
        date_of("2025-06-01 10:00:00").as_deref(),
        Some("2025-06-01")
    );
    assert_eq!(date_of("2025-13-01T00:00:00"), None);
    assert_eq!(date_of("yesterday"), None);
}

fn renderings_of(session: &ScrubbedSession) -> Vec<Vec<u8>> {
    session
        .renderings()
        .iter()
        .map(|&r| session.render(r).unwrap())
        .collect()
}

#[test]
fn a_session_read_from_a_stream_renders_as_one_read_whole() {
    let secret = format!("hf_{}", "Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z");
    let mut value = session(json!([
        {"role": "user", "content": format!("token {secret}")},
        {"role": "assistant", "content": "ok", "tool_calls": [{"id": "c1", "function": {"name": "bash", "arguments": "{\"cmd\": \"ls\"}"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "a\nb"},
    ]));
    value["usage_metrics"] = json!({"input_tokens": 5});
    let text = serde_json::to_string_pretty(&value).unwrap();

    let whole = read(text.as_bytes(), &scrubber()).unwrap();
    let streamed = read_streamed(std::io::Cursor::new(&text), text.len(), &scrubber())
        .expect("an ml-intern session is read from the stream")
        .unwrap();
    assert_eq!(streamed.session_id, whole.session_id);
    assert_eq!(
        streamed.scrub_report.secrets(),
        whole.scrub_report.secrets()
    );
    assert_eq!(streamed.scrub_report.secrets(), 1);
    assert_eq!(renderings_of(&streamed), renderings_of(&whole));
    assert!(
        !String::from_utf8(renderings_of(&streamed).concat())
            .unwrap()
            .contains(&secret)
    );
}

#[test]
fn write_rendering_writes_what_render_returns() {
    let value = session(json!([{"role": "user", "content": "hi"}]));
    let whole = render_value(&value).unwrap();
    for &rendering in whole.renderings() {
        let mut written = Vec::new();
        whole.write_rendering(rendering, &mut written).unwrap();
        assert_eq!(written, whole.render(rendering).unwrap());
    }
}

#[test]
fn anything_but_an_ml_intern_session_is_left_to_the_whole_read() {
    let jsonl =
        "{\"type\":\"user\",\"sessionId\":\"a\"}\n{\"type\":\"user\",\"sessionId\":\"a\"}\n";
    let overlong = format!(
        "{{\"session_id\":\"s\",\"pad\":\"{}\"}}",
        "x".repeat(MAX_LINE_BYTES)
    );
    for input in [
        jsonl,
        "{\"session_id\": ",
        "[1, 2]",
        "{\"type\":\"user\",\"sessionId\":\"a\"}",
        &overlong,
    ] {
        let streamed = read_streamed(std::io::Cursor::new(input), input.len(), &scrubber());
        assert!(streamed.is_none(), "{}", &input[..input.len().min(40)]);
    }
    // The whole read then says what the input is.
    assert!(matches!(
        read(overlong.as_bytes(), &scrubber()),
        Err(InputError::LineTooLong { line: 1, .. })
    ));
}

#[test]
fn a_missing_session_id_is_reported_from_a_stream_too() {
    let text = json!({"messages": []}).to_string();
    let streamed = read_streamed(std::io::Cursor::new(&text), text.len(), &scrubber()).unwrap();
    assert_eq!(
        streamed.unwrap_err().to_string(),
        read(text.as_bytes(), &scrubber()).unwrap_err().to_string()
    );
}

/// Claude Code lines of `session`: a user line and an answer, as a subagent's when `agent`.
fn transcript_of(session: &str, agent: Option<&str>) -> Vec<u8> {
    let mut out = String::new();
    for (kind, uuid, parent) in [("user", "u1", None), ("assistant", "a1", Some("u1"))] {
        let mut line = json!({"type": kind, "sessionId": session, "uuid": uuid,
            "parentUuid": parent, "isSidechain": agent.is_some(),
            "timestamp": "2025-06-01T10:00:00Z", "message": {"role": kind, "content": "x"}});
        if let Some(agent) = agent {
            line["agentId"] = json!(agent);
        }
        out.push_str(&format!("{line}\n"));
    }
    out.into_bytes()
}

fn named(path: &str, bytes: &[u8]) -> Result<ScrubbedSession, InputError> {
    read_file(
        bytes,
        &FileHint::of_path(std::path::Path::new(path)),
        &scrubber(),
    )
}

const PARENT: &str = "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c";

#[test]
fn a_transcript_is_named_after_its_file() {
    let parent_lines = transcript_of(PARENT, Some("a7"));
    let cases = [
        // Claude Code's own names.
        (
            format!("p/{PARENT}.jsonl"),
            transcript_of(PARENT, None),
            PARENT.to_string(),
        ),
        (
            format!("p/{PARENT}/subagents/agent-a7.jsonl"),
            parent_lines.clone(),
            format!("{PARENT}/agent-a7"),
        ),
        // Workflow agents deeper under subagents/ belong to the same session.
        (
            format!("p/{PARENT}/subagents/workflows/wf1/agent-w1.jsonl"),
            transcript_of(PARENT, Some("w1")),
            format!("{PARENT}/agent-w1"),
        ),
        // The older flat layout: the parent is the sessionId on the lines.
        (
            "p/agent-a7.jsonl".to_string(),
            parent_lines.clone(),
            format!("{PARENT}/agent-a7"),
        ),
        // A session resumed in a file of its own name, and a file with another name.
        (
            format!("p/{PARENT}.jsonl"),
            transcript_of("other", None),
            PARENT.to_string(),
        ),
        (
            "p/chat.jsonl".to_string(),
            transcript_of("s-9", None),
            "s-9".to_string(),
        ),
        (
            "p/s-9.jsonl".to_string(),
            transcript_of("s-9", None),
            "s-9".to_string(),
        ),
        // A renamed subagent transcript is still a subagent's.
        (
            "p/sidechain.jsonl".to_string(),
            parent_lines,
            format!("{PARENT}/agent-a7"),
        ),
    ];
    for (path, bytes, name) in cases {
        let read = named(&path, &bytes).unwrap();
        assert_eq!(read.session_id, name, "{path}");
    }
    let sub = named(
        &format!("p/{PARENT}/subagents/agent-a7.jsonl"),
        &transcript_of(PARENT, Some("a7")),
    )
    .unwrap();
    assert_eq!(
        sub.path(),
        format!("sessions/2025-06-01/{PARENT}/subagents/agent-a7.jsonl")
    );
    assert!(sub.other_session_ids.is_empty());
}

#[test]
fn unsafe_names_are_refused_and_other_sessions_are_listed() {
    assert!(matches!(
        named("p/..agent.jsonl", &transcript_of(".hidden", None)),
        Err(InputError::UnsafeSessionId { .. })
    ));
    // A subagents/ directory under no session: the lines name the parent.
    for dir in [".x", "home"] {
        let path = format!("{dir}/subagents/agent-1.jsonl");
        let read = named(&path, &transcript_of(PARENT, Some("1"))).unwrap();
        assert_eq!(read.session_id, format!("{PARENT}/agent-1"), "{path}");
    }
    let mut resumed = transcript_of(PARENT, None);
    resumed.extend(transcript_of("resumed-2", None));
    let read = named(&format!("p/{PARENT}.jsonl"), &resumed).unwrap();
    assert_eq!(read.session_id, PARENT);
    assert_eq!(read.other_session_ids, ["resumed-2"]);
}

#[test]
fn a_last_line_being_written_is_left_for_later() {
    let mut bytes = transcript_of(PARENT, None);
    let complete = bytes.clone();
    bytes.extend_from_slice(br#"{"type":"user","message":{"con"#);
    let read = named(&format!("p/{PARENT}.jsonl"), &bytes).unwrap();
    assert_eq!(read.unfinished_line, Some(3));
    assert_eq!(claude(&read), complete);
    // Only a line being written, or no conversation at all: nothing to commit yet.
    assert_eq!(
        named("p/x.jsonl", br#"{"type":"user","mess"#).unwrap_err(),
        InputError::Unfinished
    );
    let bookkeeping = b"{\"type\":\"summary\",\"summary\":\"s\",\"leafUuid\":\"u\"}\n{\"type\":\"file-history-snapshot\",\"messageId\":\"m\"}\n";
    assert_eq!(
        named("p/x.jsonl", bookkeeping).unwrap_err(),
        InputError::NoConversation
    );
}
