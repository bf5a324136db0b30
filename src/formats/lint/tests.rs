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

/// The findings' lines and messages.
fn messages(lint: &Lint) -> Vec<(usize, &str)> {
    lint.findings
        .iter()
        .map(|f| (f.line, f.message.as_str()))
        .collect()
}

/// A line's JSON with `key` (a top-level field) written as `raw`, which may be invalid.
fn with_raw(line: &Value, key: &str, raw: &str) -> String {
    let mut map = line.as_object().unwrap().clone();
    map.insert(key.to_string(), json!("@@"));
    Value::Object(map).to_string().replace("\"@@\"", raw)
}

#[test]
fn checked_strings_are_read_with_their_escapes_decoded() {
    let lines = transcript();
    let mut input = String::new();
    // The type, the uuid a later line names, the role, the timestamp and a key, all escaped.
    let first = with_raw(&lines[0], "type", r#""us\u0065r""#)
        .replace(r#""uuid":"u1""#, r#""uuid":"\u00751""#)
        .replace(r#""role":"user""#, r#""role":"\u0075ser""#)
        .replace(r#""cwd""#, r#""\u0063wd""#)
        .replace(
            r#""timestamp":"2025-06-01T10:00:00Z""#,
            r#""timestamp":"2025-06-01T10:00:00\u005a""#,
        );
    input.push_str(&first);
    input.push('\n');
    // A tool call's id with an escape, answered by a plain one.
    let second = lines[1]
        .to_string()
        .replace(r#""id":"t1""#, r#""id":"\u00741""#);
    input.push_str(&second);
    input.push('\n');
    let third = lines[2]
        .to_string()
        .replace(r#""tool_use_id":"t1""#, r#""tool_use_id":"t\u0031""#);
    input.push_str(&third);
    input.push('\n');
    input.push_str(&format!("{}\n", lines[3]));
    let lint = lint(input.as_bytes());
    assert!(lint.is_clean(), "{:?}", lint.findings);
    assert_eq!(lint.messages, 4);

    // An escape that changes the value is read as the value it stands for.
    let mut lines = transcript();
    lines[0]["message"]["role"] = json!("user\n");
    lines[1]["uuid"] = json!("a\"1");
    lines[2]["parentUuid"] = json!("a\"1");
    let lint = super::lint(&text(&lines));
    assert_eq!(messages(&lint), [(1, "$.message.role: expected \"user\"")]);
}

#[test]
fn missing_null_and_wrongly_typed_fields_are_told_apart() {
    let lines = transcript();
    let cases: &[(usize, &str, &str, &[&str])] = &[
        // parentUuid: missing is a field finding only, null breaks the chain, another type is
        // both (it is read as no parent).
        (3, "parentUuid", "", &["$.parentUuid: missing"]),
        (
            3,
            "parentUuid",
            "null",
            &["parentUuid is null after the first line: the chain is broken"],
        ),
        (
            3,
            "parentUuid",
            "7",
            &[
                "$.parentUuid: expected a string or null",
                "parentUuid is null after the first line: the chain is broken",
            ],
        ),
        (0, "type", "", &["$.type: missing"]),
        (0, "type", "null", &["$.type: expected a string"]),
        (
            0,
            "isSidechain",
            "null",
            &["$.isSidechain: expected a boolean"],
        ),
        (
            0,
            "isSidechain",
            "\"false\"",
            &["$.isSidechain: expected a boolean"],
        ),
        (0, "gitBranch", "null", &["$.gitBranch: expected a string"]),
        (0, "gitBranch", "\"main\"", &[]),
        (0, "message", "null", &["$.message: expected an object"]),
        (0, "message", "", &["$.message: missing"]),
        (0, "uuid", "[]", &["$.uuid: expected a string"]),
        (0, "timestamp", "{}", &["$.timestamp: expected a string"]),
    ];
    for &(at, key, raw, expected) in cases {
        let mut text = String::new();
        for (i, line) in lines.iter().enumerate() {
            let line = match (i == at, raw) {
                (false, _) => line.to_string(),
                (true, "") => {
                    let mut line = line.clone();
                    line.as_object_mut().unwrap().remove(key);
                    line.to_string()
                }
                (true, raw) => with_raw(line, key, raw),
            };
            text.push_str(&line);
            text.push('\n');
        }
        let lint = lint(text.as_bytes());
        let found: Vec<&str> = lint
            .findings
            .iter()
            .filter(|f| f.line == at + 1)
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(found, expected, "{key} as {raw:?}");
    }
}

#[test]
fn block_and_usage_fields_are_typed_the_same_way() {
    let mut lines = transcript();
    let result = &mut lines[2]["message"]["content"][0];
    result["is_error"] = Value::Null;
    result["content"] = Value::Null;
    lines[1]["message"]["usage"] = json!({"input_tokens": -1, "output_tokens": 1.0});
    lines[1]["message"]["stop_reason"] = json!(3);
    lines[3]["message"]["content"] = json!([
        "text",
        {"text": "no type"},
        {"type": 1},
        {"type": "text", "text": null},
        {"type": "thinking"},
        {"type": "tool_use", "id": "t2", "name": "bash", "input": []},
        {"type": "something else", "anything": 1},
    ]);
    let lint = lint(&text(&lines));
    assert_eq!(
        messages(&lint),
        [
            (2, "$.message.stop_reason: expected a string or null"),
            (
                2,
                "$.message.usage.input_tokens: expected a non-negative integer"
            ),
            (
                2,
                "$.message.usage.output_tokens: expected a non-negative integer"
            ),
            (
                3,
                "$.message.content[0].content: expected a string or an array"
            ),
            (3, "$.message.content[0].is_error: expected a boolean"),
            (4, "$.message.content[0]: expected an object"),
            (4, "$.message.content[1].type: missing"),
            (4, "$.message.content[2].type: expected a string"),
            (4, "$.message.content[3].text: expected a string"),
            (4, "$.message.content[4].thinking: missing"),
            (4, "$.message.content[5].input: expected an object"),
        ]
    );
    // The message's content: a user's may be a string, an assistant's must be an array.
    let mut lines = transcript();
    lines[1]["message"]["content"] = json!("text");
    lines[2]["message"]["content"] = json!(null);
    let lint = super::lint(&text(&lines));
    assert_eq!(
        messages(&lint),
        [
            (2, "$.message.content: expected an array"),
            (3, "$.message.content: expected a string or an array"),
        ]
    );
}

#[test]
fn a_key_given_twice_keeps_its_last_value() {
    let lines = transcript();
    let mut text = String::new();
    // The first line says it is a summary, then a user line; the last wins.
    text.push_str(&with_raw(&lines[0], "type", r#""summary","type":"user""#));
    text.push('\n');
    // A wrong type first, then a right one.
    text.push_str(&with_raw(&lines[1], "parentUuid", r#"7,"parentUuid":"u1""#));
    text.push('\n');
    // A right one first, then a wrong one.
    text.push_str(&with_raw(&lines[2], "cwd", r#""/","cwd":false"#));
    text.push('\n');
    text.push_str(&format!("{}\n", lines[3]));
    let lint = lint(text.as_bytes());
    assert_eq!(messages(&lint), [(3, "$.cwd: expected a string")]);
}

/// The finding serde_json's own parser gives for `line`, read as a `Value`.
fn value_verdict(line: &[u8]) -> Option<String> {
    match serde_json::from_slice::<Value>(line) {
        Ok(Value::Object(_)) => None,
        Ok(_) => Some("not a JSON object".to_string()),
        Err(e) => Some(format!(
            "not JSON at column {}: {}",
            e.column(),
            crate::formats::detect::reason_of(&e)
        )),
    }
}

#[test]
fn a_line_is_malformed_exactly_when_serde_json_says_so_and_where() {
    let good = transcript()[1].to_string();
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let mut cases: Vec<Vec<u8>> = [
        // Unchecked places: a tool's input, a model name, an unknown key.
        good.replace(r#""input":{}"#, r#""input":{"n":1e400}"#),
        good.replace(r#""input":{}"#, r#""input":{"s":"\ud800"}"#),
        good.replace(r#""input":{}"#, r#""input":{"s":"\ud800\u0041"}"#),
        good.replace(r#""input":{}"#, r#""input":{"s":"\ud83d\ude00"}"#),
        good.replace(r#""input":{}"#, r#""input":{"s":"\q"}"#),
        good.replace(r#""input":{}"#, &format!(r#""input":{{"d":{deep}}}"#)),
        good.replace(r#""input":{}"#, r#""input":{"a":[1,2,]}"#),
        good.replace(r#""input":{}"#, r#""input":{"a":01}"#),
        good.replace(r#""input":{}"#, r#""input":{"a":tru}"#),
        good.replace(r#""model":"m""#, "\"model\":\"m\u{1}\""),
        good.replace(r#""model":"m""#, r#""model":"m", "x": -}"#),
        good.replace(r#""model":"m""#, r#""model":"m",,"#),
        good.replace(r#""model":"m""#, r#""model":"m",7:1"#),
        // Checked places.
        good.replace(r#""uuid":"a1""#, r#""uuid":"a1"#),
        good.replace(r#""uuid":"a1""#, r#""uuid":"a\x""#),
        format!("{good} x"),
        format!("{good}}}"),
        good[..good.len() - 1].to_string(),
        "[1, 2]".to_string(),
        "[1, 2".to_string(),
        "\"text\"".to_string(),
        "null".to_string(),
        "-0".to_string(),
        "{}".to_string(),
    ]
    .into_iter()
    .map(String::into_bytes)
    .collect();
    // Invalid UTF-8 in an unchecked and in a checked string.
    for (find, replace) in [
        (&b"\"m\""[..], &b"\"m\xff\""[..]),
        (b"\"a1\"", b"\"a\xc3\""),
    ] {
        let at = good
            .as_bytes()
            .windows(find.len())
            .position(|w| w == find)
            .unwrap();
        let mut bad = good.as_bytes()[..at].to_vec();
        bad.extend_from_slice(replace);
        bad.extend_from_slice(&good.as_bytes()[at + find.len()..]);
        cases.push(bad);
    }
    for case in cases {
        let expected = value_verdict(&case);
        let mut linter = Linter::default();
        linter.line(&case);
        let found = linter
            .lint
            .findings
            .iter()
            .find(|f| f.check == Check::Json)
            .map(|f| f.message.clone());
        assert_eq!(found, expected, "{}", String::from_utf8_lossy(&case));
    }
}
