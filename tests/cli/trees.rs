//! Claude Code project trees as Claude Code writes them: main sessions, subagents in both
//! layouts, sidecars, empty and unfinished files, bookkeeping-only files, resumed sessions.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::support::*;

const MAIN: &str = "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
const OTHER: &str = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

/// One Claude Code line of `session`, chained to `parent`.
fn line(session: &str, kind: &str, uuid: &str, parent: Option<&str>, time: &str) -> Value {
    let message = match kind {
        "user" => json!({"role": "user", "content": "look at the tests"}),
        _ => json!({"id": format!("msg_{uuid}"), "type": "message", "role": "assistant",
                    "model": "claude-test", "content": [{"type": "text", "text": "done"}],
                    "stop_reason": "end_turn", "stop_sequence": null,
                    "usage": {"input_tokens": 1, "output_tokens": 1}}),
    };
    json!({"parentUuid": parent, "isSidechain": false, "userType": "external", "cwd": "/w",
           "sessionId": session, "version": "2.0.0", "type": kind, "message": message,
           "uuid": uuid, "timestamp": time})
}

/// A subagent's lines: its parent's sessionId, `isSidechain`, its own `agentId`.
fn subagent_lines(session: &str, agent: &str, time: &str) -> Vec<Value> {
    let mut lines = vec![
        line(session, "user", &format!("{agent}-u"), None, time),
        line(
            session,
            "assistant",
            &format!("{agent}-a"),
            Some(&format!("{agent}-u")),
            time,
        ),
    ];
    for l in &mut lines {
        l["isSidechain"] = json!(true);
        l["agentId"] = json!(agent);
    }
    lines
}

/// A main session that starts with a progress line its first message points to.
fn main_lines(session: &str, time: &str) -> Vec<Value> {
    vec![
        json!({"type": "progress", "uuid": "p0", "parentUuid": null, "sessionId": session,
               "timestamp": time, "data": {"type": "hook_progress"}}),
        line(session, "user", "m-u", Some("p0"), time),
        line(session, "assistant", "m-a", Some("m-u"), time),
    ]
}

fn write(path: &Path, lines: &[Value]) -> PathBuf {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

fn store_text(env: &TestEnv, path: &str) -> String {
    env.git(&["show", &format!("claude-code:{path}")])
}

#[test]
fn subagents_in_both_layouts_sit_beside_their_parent_and_never_replace_it() {
    let env = TestEnv::new();
    let project = env.inputs().join("-w");
    let main = write(
        &project.join(format!("{MAIN}.jsonl")),
        &main_lines(MAIN, "2025-06-01T23:59:00Z"),
    );
    // The new layout names the parent by directory; the subagent started after midnight.
    let nested = write(
        &project.join(format!("{MAIN}/subagents/agent-a1b2c3.jsonl")),
        &subagent_lines(MAIN, "a1b2c3", "2025-06-02T00:01:00Z"),
    );
    std::fs::write(
        project.join(format!("{MAIN}/subagents/agent-a1b2c3.meta.json")),
        r#"{"agentType":"general-purpose","description":"look"}"#,
    )
    .unwrap();
    // The older flat layout: the parent comes from the lines.
    write(
        &project.join("agent-99aa.jsonl"),
        &subagent_lines(MAIN, "99aa", "2025-06-02T00:02:00Z"),
    );

    let run = env
        .run(&["commit", "-v", project.to_str().unwrap()])
        .success();
    assert!(
        run.stdout
            .starts_with("3 new, 0 updated, 0 unchanged, 0 rejected, 1 skipped;"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("agent-a1b2c3.meta.json: skipped: a subagent's metadata sidecar"),
        "{}",
        run.stderr
    );
    let paths = tree_paths(&env.store(), "claude-code");
    let sessions: Vec<&String> = paths
        .iter()
        .filter(|p| p.starts_with("sessions/"))
        .collect();
    assert_eq!(
        sessions,
        [
            &format!("sessions/2025-06-01/{MAIN}.jsonl"),
            &format!("sessions/2025-06-01/{MAIN}/subagents/agent-99aa.jsonl"),
            &format!("sessions/2025-06-01/{MAIN}/subagents/agent-a1b2c3.jsonl"),
        ]
    );
    // Every file keeps its own bytes.
    assert_eq!(
        store_text(&env, &format!("sessions/2025-06-01/{MAIN}.jsonl")),
        std::fs::read_to_string(&main).unwrap()
    );
    assert_eq!(
        store_text(
            &env,
            &format!("sessions/2025-06-01/{MAIN}/subagents/agent-a1b2c3.jsonl")
        ),
        std::fs::read_to_string(&nested).unwrap()
    );
    env.assert_fsck_clean();

    // Named as `<sessionId>/agent-<agentId>` by show and status.
    let shown = env
        .run(&["show", &format!("{MAIN}/agent-a1b2c3")])
        .success()
        .stdout;
    assert_eq!(shown, std::fs::read_to_string(&nested).unwrap());
    let about = env
        .run(&["show", &format!("{MAIN}/agent-a1b2c3"), "--json"])
        .success()
        .json();
    assert_eq!(
        (&about["session_id"], &about["agent_id"]),
        (&json!(MAIN), &json!("a1b2c3"))
    );
    assert_eq!(about["other_session_ids"], json!([]));
    let completed = env
        .traces()
        .env("COMPLETE", "fish")
        .args(["--", "traces", "show", &format!("{MAIN}/")])
        .output()
        .unwrap();
    let completed: Vec<String> = String::from_utf8(completed.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(
        completed,
        [format!("{MAIN}/agent-99aa"), format!("{MAIN}/agent-a1b2c3")]
    );
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["branches"][0]["sessions"], 1, "{status}");
    assert_eq!(status["branches"][0]["subagent_transcripts"], 2, "{status}");
    assert_eq!(
        status["branches"][0]["agents"],
        json!({"claude_code": 1}),
        "{status}"
    );
    let status = env.run(&["status"]).success().stdout;
    assert!(
        status.contains("1 sessions (and 2 subagent transcripts)"),
        "{status}"
    );

    // A second run changes nothing; a subagent committed alone touches nothing else.
    let again = env.commit(&[&project]).success();
    assert!(
        again.stdout.contains("nothing to commit"),
        "{}",
        again.stdout
    );
    let mut grown = subagent_lines(MAIN, "a1b2c3", "2025-06-02T00:01:00Z");
    grown.push(line(
        MAIN,
        "user",
        "a1b2c3-u2",
        Some("a1b2c3-a"),
        "2025-06-02T00:03:00Z",
    ));
    grown.last_mut().unwrap()["isSidechain"] = json!(true);
    write(&nested, &grown);
    let before = store_text(&env, &format!("sessions/2025-06-01/{MAIN}.jsonl"));
    let alone = env.commit(&[&nested]).success();
    assert!(
        alone.stdout.starts_with("0 new, 1 updated"),
        "{}",
        alone.stdout
    );
    let changed = env.git(&["diff", "--name-only", "claude-code~1", "claude-code"]);
    assert_eq!(
        changed.trim(),
        format!("sessions/2025-06-01/{MAIN}/subagents/agent-a1b2c3.jsonl")
    );
    assert_eq!(
        store_text(&env, &format!("sessions/2025-06-01/{MAIN}.jsonl")),
        before
    );
}

#[test]
fn a_subagent_committed_first_keeps_its_folder_and_its_parent_joins_it() {
    let env = TestEnv::new();
    let project = env.inputs().join("-w");
    let sub = write(
        &project.join(format!("{MAIN}/subagents/agent-77.jsonl")),
        &subagent_lines(MAIN, "77", "2025-06-02T00:01:00Z"),
    );
    env.commit(&[&sub]).success();
    let main = write(
        &project.join(format!("{MAIN}.jsonl")),
        &main_lines(MAIN, "2025-06-01T23:59:00Z"),
    );
    env.commit(&[&main]).success();
    let paths = tree_paths(&env.store(), "claude-code");
    assert!(
        paths.contains(&format!("sessions/2025-06-02/{MAIN}.jsonl"))
            && paths.contains(&format!(
                "sessions/2025-06-02/{MAIN}/subagents/agent-77.jsonl"
            )),
        "{paths:?}"
    );
}

#[test]
fn two_files_claiming_one_transcript_are_the_only_duplicate() {
    let env = TestEnv::new();
    let a = write(
        &env.inputs().join(format!("a/{MAIN}.jsonl")),
        &main_lines(MAIN, "2025-06-01T10:00:00Z"),
    );
    let b = write(
        &env.inputs().join(format!("b/{MAIN}.jsonl")),
        &main_lines(MAIN, "2025-06-01T10:00:00Z"),
    );
    let run = env.commit(&[&a, &b]).code(1);
    let error = run
        .stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap();
    assert!(
        error.contains(&b.display().to_string()) && error.contains(&a.display().to_string()),
        "{error}"
    );
}

#[test]
fn what_is_not_a_conversation_is_skipped_quietly_and_exit_is_0() {
    let env = TestEnv::new();
    let project = env.inputs().join("-w");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(project.join(format!("{OTHER}.jsonl")), "").unwrap();
    write(
        &project.join("0b0b0b0b-0000-4000-8000-000000000000.jsonl"),
        &[
            json!({"type": "summary", "summary": "Fix the build", "leafUuid": "x"}),
            json!({"type": "file-history-snapshot", "messageId": "m", "snapshot": {}}),
        ],
    );
    // Being written: the first line is not finished yet.
    std::fs::write(
        project.join("0c0c0c0c-0000-4000-8000-000000000000.jsonl"),
        r#"{"parentUuid":null,"type":"user","mess"#,
    )
    .unwrap();
    // Only a user line so far (a `/model` command): held back until the agent answers.
    let waiting = write(
        &project.join("0d0d0d0d-0000-4000-8000-000000000000.jsonl"),
        &[line(
            "0d0d0d0d-0000-4000-8000-000000000000",
            "user",
            "w-u",
            None,
            "2025-06-01T10:00:00Z",
        )],
    );
    // A complete conversation whose last line is still being written.
    let mut text: String = main_lines(MAIN, "2025-06-01T10:00:00Z")
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    let complete = text.clone();
    text.push_str(r#"{"parentUuid":"m-a","type":"user","message":{"role":"us"#);
    let growing = project.join(format!("{MAIN}.jsonl"));
    std::fs::write(&growing, &text).unwrap();

    let run = env
        .run(&["commit", "-v", project.to_str().unwrap()])
        .success();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("1 new, 0 updated, 0 unchanged, 0 rejected, 3 skipped, 1 held back;"),
        "{}",
        run.stdout
    );
    for reason in [
        "skipped: the file is empty",
        "skipped: no user or assistant message yet",
        "skipped: its only line is still being written",
        "line 4 is still being written; it goes in with the next run",
    ] {
        assert!(run.stderr.contains(reason), "{reason}: {}", run.stderr);
    }
    assert!(
        run.stderr.contains(&format!(
            "{}: held back until it holds a user and an assistant message",
            waiting.display()
        )),
        "{}",
        run.stderr
    );
    // The complete lines went in.
    assert_eq!(
        store_text(&env, &format!("sessions/2025-06-01/{MAIN}.jsonl")),
        complete
    );
    // Without -v, skipped files say nothing.
    let quiet = env.commit(&[&project]).success();
    assert!(!quiet.stderr.contains("skipped"), "{}", quiet.stderr);
}

#[test]
fn a_resumed_session_is_committed_whole_under_its_file() {
    let env = TestEnv::new();
    let mut lines = main_lines(MAIN, "2025-06-01T10:00:00Z");
    // Resuming continues in the file with a new sessionId on the new lines.
    lines.push(line(
        OTHER,
        "user",
        "r-u",
        Some("m-a"),
        "2025-06-03T10:00:00Z",
    ));
    lines.push(line(
        OTHER,
        "assistant",
        "r-a",
        Some("r-u"),
        "2025-06-03T10:00:01Z",
    ));
    let file = write(&env.inputs().join(format!("{MAIN}.jsonl")), &lines);
    let run = env
        .run(&["commit", "--json", file.to_str().unwrap()])
        .success();
    let summary = run.json();
    assert_eq!(summary["sessions"][0]["session_id"], MAIN);
    assert_eq!(summary["sessions"][0]["other_session_ids"], json!([OTHER]));
    assert_eq!(
        store_text(&env, &format!("sessions/2025-06-01/{MAIN}.jsonl")),
        std::fs::read_to_string(&file).unwrap()
    );
    let shown = env.run(&["show", MAIN, "--json"]).success().json();
    assert_eq!(shown["other_session_ids"], json!([OTHER]), "{shown}");
    assert_eq!(shown["path"], format!("sessions/2025-06-01/{MAIN}.jsonl"));
    // Clean for the linter: a file may hold several sessions.
    let lint = env.run(&["lint", "--branch", "claude-code"]).success();
    assert!(lint.stderr.contains("1 clean"), "{}", lint.stderr);
}

#[test]
fn a_main_session_replaced_by_a_subagent_in_an_old_store_is_put_back() {
    // What an earlier version committed: the subagent's lines at the main session's path.
    let env = TestEnv::new();
    let project = env.inputs().join("-w");
    let legacy = write(
        &env.inputs().join("old/agent-55.jsonl"),
        &subagent_lines(MAIN, "55", "2025-06-01T10:00:00Z"),
    );
    let legacy_as_main = env.inputs().join(format!("old-copy/{MAIN}.jsonl"));
    std::fs::create_dir_all(legacy_as_main.parent().unwrap()).unwrap();
    std::fs::copy(&legacy, &legacy_as_main).unwrap();
    env.commit(&[&legacy_as_main]).success();
    let main = write(
        &project.join(format!("{MAIN}.jsonl")),
        &main_lines(MAIN, "2025-06-01T10:00:00Z"),
    );
    let run = env.commit(&[&main]).success();
    assert!(run.stdout.starts_with("0 new, 1 updated"), "{}", run.stdout);
    assert_eq!(
        store_text(&env, &format!("sessions/2025-06-01/{MAIN}.jsonl")),
        std::fs::read_to_string(&main).unwrap()
    );
}

#[test]
fn subagent_transcripts_are_pushed_where_claude_code_keeps_them() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    let project = env.inputs().join("-w");
    write(
        &project.join(format!("{MAIN}.jsonl")),
        &main_lines(MAIN, "2025-06-01T10:00:00Z"),
    );
    let sub = write(
        &project.join(format!("{MAIN}/subagents/agent-a1.jsonl")),
        &subagent_lines(MAIN, "a1", "2025-06-01T10:00:05Z"),
    );
    env.commit(&[&project]).success();
    env.run(&["push", "backup"]).success();
    assert_eq!(
        remote_files(&backup),
        [
            format!("sessions/2025-06-01/{MAIN}.jsonl"),
            format!("sessions/2025-06-01/{MAIN}/subagents/agent-a1.jsonl"),
        ]
    );
    assert_fsck_clean(&backup);
    let clone = env.dir.path().join("clone");
    let cloned = std::process::Command::new("git")
        .args(["clone", "-q"])
        .arg(&backup)
        .arg(&clone)
        .output()
        .unwrap();
    assert!(cloned.status.success());
    assert_eq!(
        std::fs::read(clone.join(format!(
            "sessions/2025-06-01/{MAIN}/subagents/agent-a1.jsonl"
        )))
        .unwrap(),
        std::fs::read(&sub).unwrap()
    );
}
