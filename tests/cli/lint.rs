//! `traces lint`, and the lint `traces commit` runs on what it renders and passes through.

use serde_json::{Value, json};

use crate::support::*;

/// A Claude Code transcript (its lines) as Claude Code writes it.
fn transcript() -> Vec<Value> {
    let text = fixture_text("claude_code_real_lines.jsonl");
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn write_lines(path: &std::path::Path, lines: &[Value]) {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(path, text).unwrap();
}

#[test]
fn lint_names_the_file_line_and_check_and_exits_1() {
    let env = TestEnv::new();
    let good = env.inputs().join("good.jsonl");
    write_lines(&good, &transcript());
    let mut lines = transcript();
    lines[3]["parentUuid"] = json!("0a1b2c3d-0000-4000-8000-000000000000");
    lines[5]["message"]["content"][0]["tool_use_id"] = json!("toolu_nowhere");
    lines[6]["message"].as_object_mut().unwrap().remove("usage");
    let bad = env.inputs().join("bad.jsonl");
    write_lines(&bad, &lines);

    env.run(&["lint", good.to_str().unwrap()]).success();
    let run = env.run(&["lint", env.inputs().to_str().unwrap()]).code(1);
    let bad = bad.display();
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            format!(
                "{bad}:4: parentUuid \"0a1b2c3d-0000-4000-8000-000000000000\" names no earlier line [chain]"
            ),
            format!(
                "{bad}:6: $.message.content[0]: tool_result for \"toolu_nowhere\" answers no earlier tool_use [tool-result]"
            ),
            format!("{bad}:7: $.message.usage: missing [field]"),
        ]
    );
    assert!(
        run.stderr
            .contains("linted 2 files: 1 clean, 1 with problems (3 findings)"),
        "{}",
        run.stderr
    );

    let json = env
        .run(&["lint", "--json", bad.to_string().as_str()])
        .code(1)
        .json();
    let file = &json["files"][0];
    assert_eq!(file["clean"], false);
    assert_eq!(file["total"], 3);
    assert_eq!(file["lines"], 7);
    assert_eq!(file["findings"][1]["check"], "tool-result");
    assert_eq!(file["findings"][1]["line"], 6);
}

#[test]
fn lint_checks_what_the_store_would_push() {
    let env = TestEnv::new();
    let a = env.inputs().join("a.json");
    write_json(&a, &ml_session("a", 3));
    let cc = env.inputs().join("cc.jsonl");
    write_lines(&cc, &transcript());
    env.commit(&[&a, &cc]).success();
    let run = env.run(&["lint", "--branch", "claude-code"]).success();
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("linted 2 files: 2 clean"),
        "{}",
        run.stderr
    );
    let run = env.run(&["lint", "--branch", "row"]).code(2);
    assert!(run.stderr.contains("org rows, not Claude Code transcripts"));
    env.run(&["lint"]).code(2);
}

#[test]
fn commit_holds_back_a_session_the_hub_would_not_recognise() {
    let env = TestEnv::new();
    // Only a user message so far: the Hub could not tell the file is Claude Code.
    let mut waiting = ml_session("waiting", 0);
    waiting["messages"] = json!([
        {"role": "system", "content": "You are an agent."},
        {"role": "user", "content": "hello?"},
    ]);
    let waiting_path = env.inputs().join("waiting.json");
    write_json(&waiting_path, &waiting);
    let ok = env.inputs().join("ok.json");
    write_json(&ok, &ml_session("ok", 1));
    // Not an error: it goes in once it qualifies.
    let run = env.commit(&[&waiting_path, &ok]).success();
    assert!(
        run.stderr.contains(&format!(
            "{}: held back until it holds a user and an assistant message",
            waiting_path.display()
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("1 new, 0 updated, 0 unchanged, 0 rejected, 1 held back;"),
        "{}",
        run.stdout
    );
    assert_eq!(
        tree_paths(&env.store(), "row"),
        ["sessions/2025-06-01/ok.jsonl"]
    );
    env.assert_fsck_clean();

    // Once the agent has answered, the session goes in.
    waiting["messages"]
        .as_array_mut()
        .unwrap()
        .push(json!({"role": "assistant", "content": "hi"}));
    write_json(&waiting_path, &waiting);
    env.commit(&[&waiting_path]).success();
}

#[test]
fn a_transcript_passed_through_is_committed_with_lint_warnings() {
    let env = TestEnv::new();
    let mut lines = transcript();
    lines[3]["parentUuid"] = json!("0a1b2c3d-0000-4000-8000-000000000000");
    let path = env.inputs().join("agent.jsonl");
    write_lines(&path, &lines);
    let run = env
        .run(&["commit", "--json", path.to_str().unwrap()])
        .success();
    assert!(
        run.stderr.contains(&format!(
            "warning: {}: line 4: parentUuid \"0a1b2c3d-0000-4000-8000-000000000000\" names no earlier line [chain]",
            path.display()
        )),
        "{}",
        run.stderr
    );
    let warnings = &run.json()["sessions"][0]["lint_warnings"];
    assert_eq!(warnings[0]["check"], "chain");
    assert_eq!(warnings[0]["line"], 4);
    assert_eq!(tree_paths(&env.store(), "claude-code").len(), 3);
}
