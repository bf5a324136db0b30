//! Control over what leaves the machine: `traces forget`, `traces ignore`, and what
//! `traces push --dry-run` says each remote would receive and drop. Checked with real git.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::*;

fn commit_ml(env: &TestEnv, dir: &Path, ids: &[&str]) {
    std::fs::create_dir_all(dir).unwrap();
    for id in ids {
        write_json(&dir.join(format!("{id}.json")), &ml_session(id, 2));
    }
    env.commit(&[dir]).success();
}

fn skipped_reasons(run: &Run) -> Vec<(String, String)> {
    run.json()["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let source = s["source"].as_str().unwrap();
            let name = Path::new(source).file_name().unwrap().to_string_lossy();
            (name.into_owned(), s["reason"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn forget_removes_a_session_from_every_branch_and_the_remote_and_keeps_it_out() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    let inputs = env.inputs();
    commit_ml(&env, &inputs, &["a", "b", "c"]);
    env.run(&["push", "backup"]).success();
    assert!(remote_files(&backup).contains(&"sessions/2025-06-01/b.jsonl".to_string()));

    let run = env.run(&["forget", "b"]).success();
    assert!(
        run.stderr
            .contains("b: forgotten, 2 files removed (claude-code, row)"),
        "{}",
        run.stderr
    );
    for branch in ["claude-code", "row"] {
        let paths = tree_paths(&env.store(), branch);
        assert!(paths.contains(&"sessions/2025-06-01/a.jsonl".to_string()));
        assert!(
            !paths.iter().any(|p| p.contains("/b.")),
            "{branch}: {paths:?}"
        );
    }
    env.assert_fsck_clean();

    // The removal is what the next push carries.
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["remotes"][0]["unpushed_sessions"], 1, "{status}");
    let dry = env.run(&["push", "backup", "--dry-run"]).success();
    assert!(
        dry.stdout.contains("would remove 1 session from"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("  - sessions/2025-06-01/b.jsonl"),
        "{}",
        dry.stdout
    );
    let dry_json = env
        .run(&["push", "backup", "--dry-run", "--json"])
        .success()
        .json();
    assert_eq!(
        dry_json[0]["remove"],
        json!(["sessions/2025-06-01/b.jsonl"])
    );
    assert_eq!(dry_json[0]["send"], json!([]));
    let pushed = env.run(&["push", "backup", "--json"]).success().json();
    assert_eq!(pushed[0]["removed"], 1);
    assert_eq!(
        remote_files(&backup),
        ["sessions/2025-06-01/a.jsonl", "sessions/2025-06-01/c.jsonl"]
    );
    assert_fsck_clean(&backup);
    let tip_files = git(&backup, &["ls-tree", "-r", "--name-only", "main"]);
    assert!(!tip_files.contains("/b."), "{tip_files}");

    // Its source file is still there, and grows: it is never committed again, and nothing
    // of its new content is written.
    write_json(&inputs.join("b.json"), &ml_session("b", 4));
    let objects_before = env.object_count();
    let again = Run::from(
        env.traces()
            .args(["commit", "--json"])
            .arg(&inputs)
            .output()
            .unwrap(),
    )
    .success();
    assert!(
        skipped_reasons(&again)
            .iter()
            .any(|(name, reason)| name == "b.json" && reason.contains("forgotten")),
        "{}",
        again.stdout
    );
    assert_eq!(env.object_count(), objects_before);
    assert!(
        !tree_paths(&env.store(), "claude-code")
            .iter()
            .any(|p| p.contains("/b."))
    );
    assert_eq!(
        env.run(&["push", "backup"]).success().stdout.trim_end(),
        format!("backup: {} is up to date", backup.display())
    );

    let list = env.run(&["forget", "--list", "--json"]).success().json();
    assert_eq!(list, json!(["b"]));
    env.run(&["forget", "--undo", "b"]).success();
    assert_eq!(env.run(&["forget", "--list"]).success().stdout, "");
    env.commit(&[&inputs]).success();
    assert!(
        tree_paths(&env.store(), "claude-code")
            .contains(&"sessions/2025-06-01/b.jsonl".to_string())
    );
}

#[test]
fn an_id_that_could_escape_the_sessions_folder_is_refused() {
    let env = TestEnv::new();
    let run = env.run(&["forget", "../x"]).code(1);
    assert!(run.stderr.contains("unsafe session id"), "{}", run.stderr);
    assert_eq!(env.run(&["forget", "--list"]).success().stdout, "");
}

const MAIN: &str = "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
const OTHER: &str = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

/// A two-message Claude Code transcript of `session` run in `cwd`; `agent` makes it a
/// subagent's.
fn transcript(path: &Path, session: &str, cwd: &str, agent: Option<&str>) {
    let lines: Vec<Value> = ["user", "assistant"]
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let message = match *kind {
                "user" => json!({"role": "user", "content": "look at the tests"}),
                _ => json!({"id": "msg_1", "type": "message", "role": "assistant",
                            "model": "claude-test", "content": [{"type": "text", "text": "done"}],
                            "stop_reason": "end_turn", "stop_sequence": null,
                            "usage": {"input_tokens": 1, "output_tokens": 1}}),
            };
            let mut line = json!({"parentUuid": if i == 0 { Value::Null } else { json!("u0") },
                "isSidechain": agent.is_some(), "userType": "external", "cwd": cwd,
                "sessionId": session, "version": "2.0.0", "type": kind, "message": message,
                "uuid": format!("u{i}"), "timestamp": "2025-06-01T10:00:00Z"});
            if let Some(agent) = agent {
                line["agentId"] = json!(agent);
            }
            line
        })
        .collect();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(path, text).unwrap();
}

#[test]
fn forgetting_a_session_takes_its_subagent_transcripts_with_it() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    let project = env.inputs().join("-w-app");
    transcript(&project.join(format!("{MAIN}.jsonl")), MAIN, "/w/app", None);
    let agent_file = project.join(MAIN).join("subagents/agent-a1.jsonl");
    transcript(&agent_file, MAIN, "/w/app", Some("a1"));
    transcript(
        &project.join(format!("{OTHER}.jsonl")),
        OTHER,
        "/w/app",
        None,
    );
    env.commit(&[&project]).success();
    env.run(&["push", "backup"]).success();
    assert_eq!(remote_files(&backup).len(), 3);

    env.run(&["forget", MAIN]).success();
    assert_eq!(
        tree_paths(&env.store(), "claude-code")
            .into_iter()
            .filter(|p| p.starts_with("sessions/"))
            .collect::<Vec<_>>(),
        [format!("sessions/2025-06-01/{OTHER}.jsonl")]
    );
    env.run(&["push", "backup"]).success();
    assert_eq!(
        remote_files(&backup),
        [format!("sessions/2025-06-01/{OTHER}.jsonl")]
    );
    assert_fsck_clean(&backup);

    let again = Run::from(
        env.traces()
            .args(["commit", "--json"])
            .arg(&project)
            .output()
            .unwrap(),
    )
    .success();
    let forgotten: Vec<_> = skipped_reasons(&again)
        .into_iter()
        .filter(|(_, reason)| reason.contains("forgotten"))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(forgotten.len(), 2, "{}", again.stdout);
    assert!(forgotten.contains(&"agent-a1.jsonl".to_string()));
}

#[test]
fn ignore_keeps_matching_sources_and_working_directories_out() {
    let env = TestEnv::new();
    let inputs = env.inputs();
    let client = inputs.join("client");
    let mine = inputs.join("mine");
    for dir in [&client, &mine] {
        std::fs::create_dir_all(dir).unwrap();
    }
    write_json(&client.join("c1.json"), &ml_session("c1", 2));
    write_json(&mine.join("m1.json"), &ml_session("m1", 2));
    let mut elsewhere = ml_session("m2", 2);
    elsewhere["cwd"] = json!("/srv/work/secret-app");
    write_json(&mine.join("m2.json"), &elsewhere);

    env.run(&["ignore", "add", client.to_str().unwrap()])
        .success();
    env.run(&["ignore", "add", "/srv/work/secret-*"]).success();
    let list = env.run(&["ignore", "list", "--json"]).success().json();
    assert_eq!(
        list,
        json!([client.to_str().unwrap(), "/srv/work/secret-*"])
    );

    let run = Run::from(
        env.traces()
            .args(["commit", "--json"])
            .arg(&inputs)
            .output()
            .unwrap(),
    )
    .success();
    let ignored: Vec<_> = skipped_reasons(&run)
        .into_iter()
        .filter(|(_, reason)| reason.contains("ignore pattern"))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(ignored.len(), 2, "{}", run.stdout);
    let sessions: Vec<_> = tree_paths(&env.store(), "claude-code")
        .into_iter()
        .filter(|p| p.starts_with("sessions/"))
        .collect();
    assert_eq!(sessions, ["sessions/2025-06-01/m1.jsonl"]);

    env.run(&["ignore", "remove", client.to_str().unwrap()])
        .success();
    env.commit(&[&inputs]).success();
    assert!(
        tree_paths(&env.store(), "claude-code")
            .contains(&"sessions/2025-06-01/c1.jsonl".to_string())
    );
    let missing = env.run(&["ignore", "remove", "/nowhere"]).code(1);
    assert!(
        missing.stderr.contains("not an ignore pattern"),
        "{}",
        missing.stderr
    );
}

#[test]
fn ignore_add_offers_to_forget_what_is_already_committed() {
    let env = TestEnv::new();
    let project = env.inputs().join("-w-app");
    transcript(
        &project.join(format!("{MAIN}.jsonl")),
        MAIN,
        "/w/client-x",
        None,
    );
    transcript(
        &project.join(format!("{OTHER}.jsonl")),
        OTHER,
        "/w/mine",
        None,
    );
    env.commit(&[&project]).success();

    // Another user's home is rewritten to `~/` in the store: the source file still tells.
    let third = "2b3c4d5e-6f70-4a8b-9c0d-1e2f3a4b5c6d";
    transcript(
        &project.join(format!("{third}.jsonl")),
        third,
        "/home/other/client-z",
        None,
    );
    env.commit(&[&project]).success();
    let stored = env.git(&[
        "show",
        &format!("claude-code:sessions/2025-06-01/{third}.jsonl"),
    ]);
    assert!(stored.contains("\"cwd\":\"~/client-z\""), "{stored}");
    let offer = env
        .run(&["ignore", "add", "/home/other/client-*"])
        .success();
    assert!(
        offer
            .stderr
            .contains(&format!("1 committed session already match: {third}")),
        "{}",
        offer.stderr
    );
    env.run(&["ignore", "remove", "/home/other/client-*"])
        .success();

    let offer = env.run(&["ignore", "add", "/w/client-*"]).success();
    assert!(
        offer
            .stderr
            .contains(&format!("1 committed session already match: {MAIN}")),
        "{}",
        offer.stderr
    );
    assert_eq!(
        tree_paths(&env.store(), "claude-code").len(),
        5,
        "nothing forgotten yet"
    );

    env.run(&["ignore", "add", "/w/client-*", "--forget"])
        .success();
    let sessions: Vec<_> = tree_paths(&env.store(), "claude-code")
        .into_iter()
        .filter(|p| p.starts_with("sessions/"))
        .collect();
    let mut expected = [
        format!("sessions/2025-06-01/{OTHER}.jsonl"),
        format!("sessions/2025-06-01/{third}.jsonl"),
    ];
    expected.sort();
    assert_eq!(sessions, expected);
    assert_eq!(
        env.run(&["forget", "--list", "--json"]).success().json(),
        json!([MAIN])
    );
}

#[test]
fn a_second_store_that_still_has_a_forgotten_session_does_not_push_it_back() {
    let first = TestEnv::new();
    let backup = with_backup(&first);
    commit_ml(&first, &first.inputs(), &["a", "b"]);
    first.run(&["push", "backup"]).success();

    let second = TestEnv::new();
    second.run(&["init"]).success();
    second
        .run(&["remote", "add", "shared", backup.to_str().unwrap()])
        .success();
    commit_ml(&second, &second.inputs(), &["a", "b"]);
    second.run(&["push", "shared"]).success();

    first.run(&["forget", "b"]).success();
    first.run(&["push", "backup"]).success();
    assert_eq!(remote_files(&backup), ["sessions/2025-06-01/a.jsonl"]);

    commit_ml(&second, &second.inputs(), &["c"]);
    second.run(&["push", "shared"]).success();
    assert_eq!(
        remote_files(&backup),
        ["sessions/2025-06-01/a.jsonl", "sessions/2025-06-01/c.jsonl"]
    );
    assert_fsck_clean(&backup);
}

#[test]
fn show_scrubbed_report_lists_rules_with_line_and_json_path_never_the_value() {
    let env = TestEnv::new();
    let secret = fake_secret("ghp_", 36);
    let mut session = ml_session("s", 2);
    session["messages"][1]["content"] = json!(format!("use {secret} here"));
    let input = env.inputs().join("s.json");
    write_json(&input, &session);
    env.commit(&[&input]).success();

    let report = env.run(&["show", "s", "--scrubbed-report"]).success();
    assert!(!report.stdout.contains(&secret) && !report.stderr.contains(&secret));
    let json = env
        .run(&["show", "s", "--scrubbed-report", "--json"])
        .success()
        .json();
    let found = json.as_array().unwrap();
    assert_eq!(found.len(), 1, "{json}");
    assert_eq!(found[0]["rule"], "github-pat");
    assert_eq!(found[0]["path"], "$.message.content");
    // The line named holds the marker.
    let shown = env.run(&["show", "s"]).success().stdout;
    let line = shown
        .lines()
        .nth(found[0]["line"].as_u64().unwrap() as usize - 1)
        .unwrap();
    assert!(line.contains("[REDACTED:github-pat]"), "{line}");
    assert!(
        report.stdout.contains("$.message.content\tgithub-pat"),
        "{}",
        report.stdout
    );
    assert!(report.stderr.contains("github-pat 1"), "{}", report.stderr);
}

#[test]
fn routing_keeps_a_source_off_other_remotes_and_private_ones_off_public_remotes() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    let public = env.dir.path().join("public.git");
    env.run(&["remote", "add", "public", public.to_str().unwrap()])
        .success();
    let work = env.inputs().join("work");
    let home = env.inputs().join("home");
    for (dir, id) in [(&work, "w1"), (&home, "h1")] {
        std::fs::create_dir_all(dir).unwrap();
        write_json(&dir.join(format!("{id}.json")), &ml_session(id, 2));
    }
    let work_arg = work.to_str().unwrap();
    env.run(&["source", "add", work_arg, "--remote", "backup", "--private"])
        .success();
    env.run(&["source", "add", home.to_str().unwrap()])
        .success();
    env.run(&["remote", "set-public", "public"]).success();
    let refused = env
        .run(&["source", "set", work_arg, "--remote", "public"])
        .code(1);
    assert!(
        refused
            .stderr
            .contains("is private and remote public is public"),
        "{}",
        refused.stderr
    );
    let text = env.run(&["source", "list"]).success().stdout;
    assert!(
        text.contains("\tml_intern\tonly backup, private\n")
            || text.contains("\tauto\tonly backup, private\n"),
        "{text}"
    );
    let listed = env.run(&["source", "list", "--json"]).success().json();
    assert_eq!(listed[0]["remotes"], json!(["backup"]));
    assert_eq!(listed[0]["private"], true);

    env.commit(&[&work, &home]).success();
    let dry = env
        .run(&["push", "public", "--dry-run", "--json"])
        .success()
        .json();
    assert_eq!(dry[0]["send"], json!(["sessions/2025-06-01/h1.jsonl"]));
    env.run(&["push", "backup"]).success();
    env.run(&["push", "public"]).success();
    assert_eq!(
        remote_files(&backup),
        [
            "sessions/2025-06-01/h1.jsonl",
            "sessions/2025-06-01/w1.jsonl"
        ]
    );
    assert_eq!(remote_files(&public), ["sessions/2025-06-01/h1.jsonl"]);
    assert_fsck_clean(&public);

    // Every remote again, but still private: the public remote still gets none of it.
    env.run(&["source", "set", work_arg, "--all-remotes"])
        .success();
    write_json(&work.join("w2.json"), &ml_session("w2", 2));
    write_json(&home.join("h2.json"), &ml_session("h2", 2));
    env.commit(&[&work, &home]).success();
    env.run(&["push", "public"]).success();
    assert_eq!(
        remote_files(&public),
        [
            "sessions/2025-06-01/h1.jsonl",
            "sessions/2025-06-01/h2.jsonl"
        ]
    );
    // Not private any more: what it commits from now on goes everywhere.
    env.run(&["source", "set", work_arg, "--private", "false"])
        .success();
    write_json(&work.join("w3.json"), &ml_session("w3", 2));
    env.commit(&[&work]).success();
    env.run(&["push", "public"]).success();
    assert!(remote_files(&public).contains(&"sessions/2025-06-01/w3.jsonl".to_string()));
}

#[test]
fn forget_then_push_to_the_hub_leaves_the_session_in_no_file_of_the_tip() {
    let hub = crate::hub::TestHub::start();
    let token = "hf_test_alice_token_0123456789abcdef";
    hub.add_user("alice", token);
    let env = TestEnv::new();
    commit_ml(&env, &env.inputs(), &["a", "b"]);
    let push = |env: &TestEnv| {
        Run::from(
            env.traces()
                .args(["push", "personal"])
                .env("HF_ENDPOINT", &hub.url)
                .env("HF_TOKEN", token)
                .output()
                .unwrap(),
        )
        .success()
    };
    push(&env);
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    assert_eq!(remote_files(&repo).len(), 2);

    env.run(&["forget", "a"]).success();
    let run = push(&env);
    assert!(
        run.stdout.contains("removed 1 session from"),
        "{}",
        run.stdout
    );
    assert_eq!(remote_files(&repo), ["sessions/2025-06-01/b.jsonl"]);
    assert_fsck_clean(&repo);
}
