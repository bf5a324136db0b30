//! `traces watch`: heartbeat rewrites committed once quiet, pushes retried while the hub is
//! down, and a clean stop on SIGTERM.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

use crate::hub::{Fault, TestHub};
use crate::support::*;

const ALICE_TOKEN: &str = "hf_test_alice_token_0123456789abcdef";

fn watch(env: &TestEnv, extra_env: &[(&str, &str)], args: &[&str]) -> Child {
    let mut cmd = env.traces();
    cmd.arg("watch")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    cmd.spawn().unwrap()
}

/// SIGTERM, then the exit status and what it printed.
fn stop(child: Child) -> (bool, String, String) {
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn source(env: &TestEnv) -> std::path::PathBuf {
    let logs = env.dir.path().join("session_logs");
    std::fs::create_dir_all(&logs).unwrap();
    add_source(env, &logs, "auto");
    logs
}

#[test]
fn heartbeat_rewrites_are_committed_once_quiet_and_pushed() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    let logs = source(&env);
    // A settle time far above the 0.2 s between rewrites: on a loaded machine the writer
    // thread can be held up for a second or more, which must not look like a quiet file.
    let child = watch(&env, &[], &["--interval", "0.1", "--settle", "5"]);
    let file = logs.join("session_hb.json");
    // Written, then rewritten three times like a heartbeat, each time with more turns.
    for turns in 1..=4 {
        write_json(&file, &ml_session("hb", turns));
        std::thread::sleep(Duration::from_millis(200));
    }
    wait_for("the push", || remote_files(&backup).len() == 1);
    let (ok, stdout, stderr) = stop(child);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("stopped"), "{stderr}");
    assert_eq!(
        env.git(&["rev-list", "--count", "claude-code"]).trim(),
        "1",
        "one commit, of the final content: {stdout}"
    );
    let stored = env.run(&["show", "hb"]).success().stdout;
    assert_eq!(stored.lines().count(), 12, "four turns of three lines");
    let pushed = std::process::Command::new("git")
        .arg("--git-dir")
        .arg(&backup)
        .args(["show", "main:sessions/2025-06-01/hb.jsonl"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(pushed.stdout).unwrap(), stored);
}

#[test]
fn pushes_are_retried_while_the_hub_is_down() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let env = TestEnv::new();
    env.run(&["init"]).success();
    env.run(&["remote", "remove", "org"]).success();
    env.run(&["config", "set", "push_attempts", "1"]).success();
    let logs = source(&env);
    write_json(&logs.join("session_a.json"), &ml_session("a", 2));
    // The hub answers the first two pushes with 503.
    for _ in 0..2 {
        hub.inject(Fault::Status {
            path: "receive-pack",
            status: 503,
            retry_after: None,
        });
    }
    let child = watch(
        &env,
        &[("HF_ENDPOINT", hub.url.as_str()), ("HF_TOKEN", ALICE_TOKEN)],
        &["--interval", "0.1", "--settle", "0"],
    );
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    wait_for("the push after the hub is back", || {
        repo.exists() && remote_files(&repo).len() == 1
    });
    let (ok, stdout, stderr) = stop(child);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("push to personal failed"), "{stderr}");
    assert!(stderr.contains("will try the push again"), "{stderr}");
    assert!(stdout.contains("personal: pushed 1 session"), "{stdout}");
    assert_fsck_clean(&repo);
}

#[test]
fn sigterm_during_a_commit_loses_nothing() {
    let env = TestEnv::new();
    env.run(&["init"]).success();
    let logs = source(&env);
    for i in 0..150 {
        write_json(
            &logs.join(format!("session_{i}.json")),
            &ml_session(&format!("s{i}"), 20),
        );
    }
    let child = watch(&env, &[], &["--interval", "0.05", "--settle", "0"]);
    // Let it start committing, then ask it to stop.
    wait_for("the commit to start", || {
        env.store().join("objects").exists()
    });
    std::thread::sleep(Duration::from_millis(100));
    let (ok, _, stderr) = stop(child);
    assert!(ok, "{stderr}");
    env.assert_fsck_clean();
    // Whatever the stop interrupted, the next commit completes the set.
    env.commit(&[Path::new(&logs)]).success();
    env.assert_fsck_clean();
    assert_eq!(tree_paths(&env.store(), "row").len(), 150);
}

#[test]
fn file_system_notifications_wake_the_watch_before_the_next_poll() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    let logs = source(&env);
    // Polling alone would not look again for a minute.
    let child = watch(&env, &[], &["--interval", "60", "--settle", "0.5"]);
    std::thread::sleep(Duration::from_millis(300));
    write_json(&logs.join("session_n.json"), &ml_session("n", 2));
    let start = std::time::Instant::now();
    while remote_files(&backup).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "not committed and pushed before the next poll"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let (ok, _, stderr) = stop(child);
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("polling the sources"), "{stderr}");
}

#[test]
fn a_remote_the_hub_asks_to_wait_is_scheduled_for_then_and_the_others_go_on() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let env = TestEnv::new();
    env.run(&["init"]).success();
    env.run(&["remote", "remove", "org"]).success();
    let backup = env.dir.path().join("backup.git");
    env.run(&["remote", "add", "backup", backup.to_str().unwrap()])
        .success();
    env.run(&["config", "set", "retry_after_max_secs", "1"])
        .success();
    hub.inject(Fault::Status {
        path: "info/refs",
        status: 429,
        retry_after: Some(10),
    });
    let logs = source(&env);
    write_json(&logs.join("session_a.json"), &ml_session("a", 2));
    let child = watch(
        &env,
        &[("HF_ENDPOINT", hub.url.as_str()), ("HF_TOKEN", ALICE_TOKEN)],
        &["--interval", "0.1", "--settle", "0"],
    );
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    let waiting = || {
        let status = env.run(&["status", "--json"]).success().json();
        !status["remotes"][0]["not_before"].is_null()
    };
    wait_for("the hub's wait to be recorded", waiting);
    wait_for("the backup push", || {
        backup.exists() && remote_files(&backup).len() == 1
    });
    // Well inside the ten seconds: a watch that backed off as after a failure (0.2s) would
    // have pushed by now.
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        remote_files(&repo).is_empty(),
        "pushed before the hub's time"
    );
    wait_for("the push the hub allowed", || {
        remote_files(&repo).len() == 1
    });
    let (ok, _, stderr) = stop(child);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("personal: waiting 10s as the server asked; next push to it at"),
        "{stderr}"
    );
    assert!(!stderr.contains("will try the push again"), "{stderr}");
    assert_fsck_clean(&repo);
}
