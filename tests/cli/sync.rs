//! `traces source` and `traces sync`: commit from source directories, push what is new, in the
//! foreground or from a detached process.

use std::path::Path;

use crate::hub::TestHub;
use crate::support::*;

const ALICE_TOKEN: &str = "hf_test_alice_token_0123456789abcdef";

fn write_sessions(dir: &Path, ids: &[&str]) {
    std::fs::create_dir_all(dir).unwrap();
    for id in ids {
        write_json(&dir.join(format!("session_{id}.json")), &ml_session(id, 2));
    }
}

#[test]
fn sources_are_added_listed_and_removed() {
    let env = TestEnv::new();
    let logs = env.dir.path().join("session_logs");
    std::fs::create_dir_all(&logs).unwrap();
    env.run(&[
        "source",
        "add",
        logs.to_str().unwrap(),
        "--format",
        "ml_intern",
    ])
    .success();
    let canonical = std::fs::canonicalize(&logs).unwrap();
    let list = env.run(&["source", "list"]).success();
    assert_eq!(list.stdout, format!("{}\tml_intern\n", canonical.display()));
    let json = env.run(&["source", "list", "--json"]).success().json();
    assert_eq!(json[0]["format"], "ml_intern");
    let again = env.run(&["source", "add", logs.to_str().unwrap()]).code(1);
    assert!(
        again.stderr.contains("is already a source"),
        "{}",
        again.stderr
    );
    let missing = env.dir.path().join("nope");
    let run = env
        .run(&["source", "add", missing.to_str().unwrap()])
        .code(1);
    assert!(
        run.stderr.contains("nope: not a directory"),
        "{}",
        run.stderr
    );
    env.run(&["source", "remove", logs.to_str().unwrap()])
        .success();
    assert_eq!(env.run(&["source", "list"]).success().stdout, "");
}

#[test]
fn sync_without_paths_or_sources_says_what_to_do() {
    let env = TestEnv::new();
    let run = env.run(&["sync"]).code(2);
    assert!(
        run.stderr.contains("traces source add DIR"),
        "{}",
        run.stderr
    );
}

#[test]
fn sync_commits_the_sources_and_pushes_to_the_hub() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let env = TestEnv::new();
    env.run(&["init"]).success();
    env.run(&["remote", "remove", "org"]).success();
    // The unreachable hub below fails fast.
    env.run(&["config", "set", "retry_delay_ms", "10"])
        .success();
    let logs = env.dir.path().join("session_logs");
    write_sessions(&logs, &["a", "b"]);
    // A Claude Code source takes only *.jsonl: this file is not one of its sessions.
    let projects = env.dir.path().join("projects");
    write_sessions(&projects, &["not-taken"]);
    add_source(&env, &logs, "auto");
    add_source(&env, &projects, "claude_code");

    let sync = |endpoint: &str| {
        let mut cmd = env.traces();
        cmd.env("HF_ENDPOINT", endpoint)
            .env("HF_TOKEN", ALICE_TOKEN)
            .arg("sync");
        Run::from(cmd.output().unwrap())
    };
    let run = sync(&hub.url).success();
    assert!(
        run.stdout
            .starts_with("2 new, 0 updated, 0 unchanged, 0 rejected; committed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("personal: pushed 2 sessions to datasets/alice/ml-intern-sessions"),
        "{}",
        run.stdout
    );
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    assert_fsck_clean(&repo);
    assert_eq!(
        remote_files(&repo),
        ["sessions/2025-06-01/a.jsonl", "sessions/2025-06-01/b.jsonl"]
    );

    // Nothing new: the remote is not contacted at all (here it could not be).
    let run = sync("http://127.0.0.1:9").success();
    assert!(run.stdout.contains("personal:"), "{}", run.stdout);
    assert!(run.stdout.contains("is up to date"), "{}", run.stdout);

    // A push that failed is retried by the next sync.
    write_sessions(&logs, &["c"]);
    let run = sync("http://127.0.0.1:9").code(1);
    assert!(
        run.stderr.contains("push to personal failed"),
        "{}",
        run.stderr
    );
    let run = sync(&hub.url).success();
    assert!(
        run.stdout.starts_with("0 new, 0 updated, 3 unchanged"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("personal: pushed 1 session"),
        "{}",
        run.stdout
    );
    assert_eq!(remote_files(&repo).len(), 3);
}

#[test]
fn a_background_sync_commits_then_a_detached_process_pushes() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    let logs = env.dir.path().join("session_logs");
    write_sessions(&logs, &["a"]);
    let run = env
        .run(&["sync", "--background", logs.to_str().unwrap()])
        .success();
    assert!(run.stdout.starts_with("1 new"), "{}", run.stdout);
    assert!(
        run.stderr.contains("pushing in the background"),
        "{}",
        run.stderr
    );
    // Committed before the command returned; the push lands on its own.
    assert_eq!(tree_paths(&env.store(), "claude-code").len(), 3);
    wait_for("the background push", || remote_files(&backup).len() == 1);
    let log = env.store().join("traces").join("sync.log");
    wait_for("the log", || {
        std::fs::read_to_string(&log).is_ok_and(|l| l.contains("backup: pushed 1 session"))
    });
    assert_fsck_clean(&backup);
}

#[test]
fn overlapping_syncs_both_arrive() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    let (one, two) = (env.dir.path().join("one"), env.dir.path().join("two"));
    write_sessions(&one, &["a", "b"]);
    write_sessions(&two, &["c", "d"]);
    let children: Vec<_> = [&one, &two]
        .into_iter()
        .map(|dir| env.traces().arg("sync").arg(dir).spawn().unwrap())
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    assert_fsck_clean(&env.store());
    assert_fsck_clean(&backup);
    assert_eq!(remote_files(&backup).len(), 4);
    // Linear history on the remote: no push was lost or overwritten.
    let log = std::process::Command::new("git")
        .arg("--git-dir")
        .arg(&backup)
        .args(["rev-list", "--count", "main"])
        .output()
        .unwrap();
    let count: usize = String::from_utf8(log.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&count), "{count} commits");
}

/// The Claude Code `Stop` hook the README documents, run as Claude Code runs it: through the
/// shell, with the hook's JSON on stdin.
#[test]
fn the_documented_claude_code_hook_shares_the_session() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let snippet = readme
        .split("```json")
        .skip(1)
        .map(|block| block.split("```").next().unwrap())
        .find(|block| block.contains("\"Stop\""))
        .expect("a Stop hook snippet in the README");
    let settings: serde_json::Value = serde_json::from_str(snippet).unwrap();
    let command = settings["hooks"]["Stop"][0]["hooks"][0]["command"]
        .as_str()
        .unwrap()
        .to_string();

    let env = TestEnv::new();
    let backup = with_backup(&env);
    let projects = env.dir.path().join("claude").join("projects");
    let project = projects.join("-home-dev-widget");
    std::fs::create_dir_all(&project).unwrap();
    let transcript = fixture_text("claude_code_real_lines.jsonl");
    let path = project.join("5d1c9e2a-7b3f-4e8d-a6c2-0f9b8e7d6c5a.jsonl");
    std::fs::write(&path, transcript).unwrap();
    add_source(&env, &projects, "claude_code");

    let bin_dir = Path::new(env!("CARGO_BIN_EXE_traces")).parent().unwrap();
    let path_var = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut hook = env
        .command("sh")
        .arg("-c")
        .arg(&command)
        .env("PATH", path_var)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = serde_json::json!({
        "session_id": "5d1c9e2a-7b3f-4e8d-a6c2-0f9b8e7d6c5a",
        "transcript_path": path,
        "hook_event_name": "Stop",
        "stop_hook_active": false,
    });
    std::io::Write::write_all(hook.stdin.as_mut().unwrap(), input.to_string().as_bytes()).unwrap();
    let out = hook.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "--quiet: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    wait_for("the hook's push", || {
        remote_files(&backup) == ["sessions/2025-08-14/5d1c9e2a-7b3f-4e8d-a6c2-0f9b8e7d6c5a.jsonl"]
    });
}

#[test]
fn a_wait_the_hub_asks_for_is_kept_and_later_syncs_leave_that_remote_until_then() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let env = TestEnv::new();
    env.run(&["init"]).success();
    env.run(&["remote", "remove", "org"]).success();
    let backup = env.dir.path().join("backup.git");
    env.run(&["remote", "add", "backup", backup.to_str().unwrap()])
        .success();
    // Longer than a push waits out (60s): the push stops and says when to come back.
    hub.inject(crate::hub::Fault::Status {
        path: "info/refs",
        status: 429,
        retry_after: Some(3600),
    });
    let logs = env.dir.path().join("session_logs");
    let sync = |args: &[&str], now: &str| {
        let mut cmd = env.traces();
        cmd.env("HF_ENDPOINT", &hub.url)
            .env("HF_TOKEN", ALICE_TOKEN)
            .env("TRACES_NOW", now)
            .arg("sync")
            .args(args);
        Run::from(cmd.output().unwrap())
    };
    write_sessions(&logs, &["a"]);
    let run = sync(&[logs.to_str().unwrap()], FIXED_NOW).code(1);
    assert!(
        run.stderr.contains("the server asked to wait 3600s"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("backup: pushed 1 session"),
        "{}",
        run.stdout
    );
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["remotes"][0]["name"], "personal");
    // FIXED_NOW (10:00 UTC) and the hour the hub asked for.
    assert_eq!(status["remotes"][0]["not_before"], "2025-06-02T11:00:00Z");
    assert!(
        env.run(&["status"])
            .success()
            .stdout
            .contains("not before: 2025-06-02T11:00:00+00:00"),
    );

    // The next sync, before then, leaves personal alone (the hub would answer now: it is
    // not asked) and pushes the rest. `sync --push-only` is what `--background` runs.
    write_sessions(&logs, &["b"]);
    let run = sync(&[logs.to_str().unwrap()], "2025-06-02T12:30:00+02:00").success();
    assert!(
        run.stderr
            .contains("personal: skipped until 2025-06-02T11:00:00+00:00"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("backup: pushed 1 session"),
        "{}",
        run.stdout
    );
    let run = sync(&["--push-only", "--json"], "2025-06-02T12:59:00+02:00").success();
    let pushed = &run.json()["push"];
    assert_eq!(pushed.as_array().unwrap().len(), 2, "{pushed}");
    assert!(
        env.git(&["for-each-ref", "refs/traces/pushed/personal"])
            .is_empty()
    );

    // Once the time has come, it is pushed, and the wait is forgotten.
    let run = sync(&["--push-only"], "2025-06-02T13:01:00+02:00").success();
    assert!(
        run.stdout.contains("personal: pushed 2 sessions"),
        "{}",
        run.stdout
    );
    let status = env.run(&["status", "--json"]).success().json();
    assert!(status["remotes"][0]["not_before"].is_null(), "{status}");
}

#[test]
fn a_wait_another_dataset_asked_for_does_not_hold_once_the_remote_points_elsewhere() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let env = TestEnv::new();
    env.run(&["init"]).success();
    env.run(&["remote", "remove", "org"]).success();
    env.run(&["config", "set", "hf_user", "alice"]).success();
    hub.inject(crate::hub::Fault::Status {
        path: "info/refs",
        status: 429,
        retry_after: Some(3600),
    });
    let logs = env.dir.path().join("session_logs");
    let sync = |args: &[&str]| {
        let mut cmd = env.traces();
        cmd.env("HF_ENDPOINT", &hub.url)
            .env("HF_TOKEN", ALICE_TOKEN)
            .arg("sync")
            .args(args);
        Run::from(cmd.output().unwrap())
    };
    write_sessions(&logs, &["a"]);
    sync(&[logs.to_str().unwrap()]).code(1);
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["remotes"][0]["not_before"], "2025-06-02T11:00:00Z");
    let run = sync(&["--push-only"]).success();
    assert!(
        run.stderr.contains("personal: skipped until"),
        "{}",
        run.stderr
    );

    // Another dataset now: the first one's wait is not its own.
    env.run(&["config", "set", "personal_repo_template", "alice/elsewhere"])
        .success();
    assert!(
        !env.run(&["status"]).success().stdout.contains("not before"),
        "status no longer tells that wait"
    );
    let run = sync(&["--push-only"]).success();
    assert!(
        run.stdout.contains("personal: pushed 1 session"),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(
        remote_files(&hub.repo_path("alice", "elsewhere")),
        ["sessions/2025-06-01/a.jsonl"]
    );
}
