//! `traces push` against local bare repositories and the test hub, checked with real git.

use std::path::Path;

use serde_json::Value;

use crate::hub::{Fault, SEEDED_GITATTRIBUTES, TestHub};
use crate::support::*;

const ALICE_TOKEN: &str = "hf_test_alice_token_0123456789abcdef";
const ORG_TOKEN: &str = "hf_test_org_upload_token_0123456789ab";

fn with_hub(env: &TestEnv, hub: &TestHub, args: &[&str], extra: &[(&str, &str)]) -> Run {
    let mut cmd = env.traces();
    cmd.env("HF_ENDPOINT", &hub.url).args(args);
    for (k, v) in extra {
        cmd.env(k, v);
    }
    Run::from(cmd.output().unwrap())
}

fn commit_sessions(env: &TestEnv, ids: &[&str]) {
    let dir = env.inputs();
    for id in ids {
        write_json(&dir.join(format!("{id}.json")), &ml_session(id, 3));
    }
    env.commit(&[&dir]).success();
}

fn clone_files(repo: &Path, into: &Path) -> Vec<String> {
    let out = std::process::Command::new("git")
        .args(["clone", "-q"])
        .arg(repo)
        .arg(into)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git clone: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_fsck_clean(&into.join(".git"));
    git(&into.join(".git"), &["ls-files"])
        .lines()
        .map(str::to_string)
        .collect()
}

fn set_config(env: &TestEnv, key: &str, value: &str) {
    env.git(&["config", key, value]);
}

#[test]
fn push_to_a_local_bare_repository() {
    let env = TestEnv::new();
    commit_sessions(&env, &["a", "b"]);
    let backup = env.dir.path().join("backup.git");
    env.run(&["remote", "add", "backup", backup.to_str().unwrap()])
        .success();
    let run = env.run(&["push", "backup"]).success();
    assert!(
        run.stdout.starts_with("backup: pushed 2 sessions to"),
        "{}",
        run.stdout
    );
    assert_fsck_clean(&backup);
    let clone = env.dir.path().join("clone");
    let files = clone_files(&backup, &clone);
    assert_eq!(
        files,
        [
            ".gitattributes",
            "README.md",
            "sessions/2025-06-01/a.jsonl",
            "sessions/2025-06-01/b.jsonl"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(clone.join("sessions/2025-06-01/a.jsonl")).unwrap(),
        env.git(&["show", "claude-code:sessions/2025-06-01/a.jsonl"])
    );
    // Nothing new: nothing sent, no new remote commit.
    let again = env.run(&["push", "backup"]).success();
    assert!(again.stdout.contains("is up to date"), "{}", again.stdout);
    assert_eq!(git(&backup, &["rev-list", "--count", "main"]).trim(), "1");

    commit_sessions(&env, &["c"]);
    let status = env.run(&["status", "--json"]).success().json();
    let backup_state = status["remotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "backup")
        .unwrap()
        .clone();
    assert_eq!(backup_state["unpushed_sessions"], 1);
    let third = env.run(&["push", "backup", "--json"]).success().json();
    assert_eq!(third[0]["status"], "pushed");
    assert_eq!(third[0]["sessions"], 1);
    // commit, root tree, sessions/, sessions/2025-06-01/, the new session
    assert_eq!(third[0]["objects"], 5);
    assert_eq!(
        git(&backup, &["rev-parse", "main"]),
        env.recorded_remote_tip("backup")
    );
}

#[test]
fn remote_commands_edit_the_store_config() {
    let env = TestEnv::new();
    env.run(&["init"]).success();
    let list = env.run(&["remote", "list", "--json"]).success().json();
    assert_eq!(list[0]["name"], "personal");
    assert_eq!(list[0]["url"], "hf://datasets/{hf_user}/ml-intern-sessions");
    assert_eq!(list[1]["name"], "org");
    assert_eq!(list[1]["format"], "row");
    env.run(&[
        "remote",
        "add",
        "team",
        "hf://datasets/team/s",
        "--format",
        "row",
    ])
    .success();
    env.run(&["remote", "set-url", "team", "hf://datasets/team/other"])
        .success();
    // Plain git reads what traces wrote.
    assert_eq!(
        env.git(&["config", "remote.team.url"]).trim(),
        "hf://datasets/team/other"
    );
    assert_eq!(env.git(&["config", "remote.team.format"]).trim(), "row");
    env.run(&["remote", "add", "team", "/x"]).code(1);
    env.run(&["remote", "add", "bad/name", "/x"]).code(1);
    env.run(&["remote", "add", "ssh", "ssh://host/x"]).code(1);
    env.run(&["remote", "remove", "team"]).success();
    let run = env.run(&["remote", "remove", "team"]).code(1);
    assert!(
        run.stderr.contains("hint: `traces remote list`"),
        "{}",
        run.stderr
    );
    env.assert_fsck_clean();
}

#[test]
fn first_push_to_the_hub_creates_a_private_repo_and_builds_on_its_first_commit() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let env = TestEnv::new();
    commit_sessions(&env, &["a", "b"]);
    let run = with_hub(
        &env,
        &hub,
        &["push", "personal", "-v"],
        &[("HF_TOKEN", ALICE_TOKEN)],
    )
    .success();
    assert!(
        run.stdout
            .starts_with("personal: pushed 2 sessions to datasets/alice/ml-intern-sessions"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("personal: token from $HF_TOKEN"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains(ALICE_TOKEN) && !run.stderr.contains(ALICE_TOKEN));
    assert_eq!(hub.is_private("alice", "ml-intern-sessions"), Some(true));
    assert_eq!(env.git(&["config", "traces.hfUser"]).trim(), "alice");

    let repo = hub.repo_path("alice", "ml-intern-sessions");
    assert_fsck_clean(&repo);
    assert_eq!(
        git(&repo, &["rev-list", "--count", "main"]).trim(),
        "2",
        "on top of the Hub's commit"
    );
    let clone = env.dir.path().join("clone");
    let files = clone_files(&repo, &clone);
    assert_eq!(
        files,
        [
            ".gitattributes",
            "README.md",
            "sessions/2025-06-01/a.jsonl",
            "sessions/2025-06-01/b.jsonl"
        ]
    );
    let attributes = std::fs::read_to_string(clone.join(".gitattributes")).unwrap();
    assert!(
        attributes.starts_with(SEEDED_GITATTRIBUTES),
        "the Hub's lines are kept: {attributes}"
    );
    assert!(attributes.contains("sessions/**/*.jsonl -text"));
    // No token ever lands in the store.
    let all = env.git(&["cat-file", "--batch-all-objects", "--batch"]);
    assert!(!all.contains(ALICE_TOKEN));
    assert!(
        !std::fs::read_to_string(env.store().join("config"))
            .unwrap()
            .contains(ALICE_TOKEN)
    );
}

#[test]
fn incremental_push_sends_only_new_objects() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let env = TestEnv::new();
    let ids: Vec<String> = (0..20).map(|i| format!("s{i:02}")).collect();
    commit_sessions(&env, &ids.iter().map(String::as_str).collect::<Vec<_>>());
    with_hub(
        &env,
        &hub,
        &["push", "personal"],
        &[("HF_TOKEN", ALICE_TOKEN)],
    )
    .success();
    commit_sessions(&env, &["new-one"]);
    let run = with_hub(
        &env,
        &hub,
        &["push", "personal", "--json"],
        &[("HF_TOKEN", ALICE_TOKEN)],
    )
    .success();
    let result: Value = run.json();
    assert_eq!(result[0]["objects"], 5, "{result}");
    let bytes = hub.receive_pack_bytes();
    assert_eq!(bytes.len(), 2);
    let blob = env.git(&[
        "cat-file",
        "-s",
        "claude-code:sessions/2025-06-01/new-one.jsonl",
    ]);
    let blob: u64 = blob.trim().parse().unwrap();
    // One session (compressed) plus three small trees and a commit, far below the first push.
    assert!(
        bytes[1] < blob + 4096,
        "second push sent {} bytes for a {blob} byte session",
        bytes[1]
    );
    assert!(bytes[1] * 5 < bytes[0], "{bytes:?}");
    assert_eq!(result[0]["bytes"], bytes[1]);
}

#[test]
fn personal_and_org_in_one_run_with_one_failing() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    hub.create_repo("smolagents", "ml-intern-sessions", false);
    let env = TestEnv::new();
    commit_sessions(&env, &["a"]);
    // The org token is not valid on this hub: org fails, personal is unaffected.
    let run = with_hub(
        &env,
        &hub,
        &["push"],
        &[
            ("HF_TOKEN", ALICE_TOKEN),
            (
                "HF_SESSION_UPLOAD_TOKEN",
                "hf_wrong_token_for_the_org_remote",
            ),
        ],
    )
    .code(1);
    assert!(
        run.stdout.contains("personal: pushed 1 session"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("error: push to org failed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: log in with `traces login`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hf_wrong_token"));
    let status = env.run(&["status", "--json"]).success().json();
    let remote = |name: &str| {
        status["remotes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(remote("personal")["unpushed_sessions"], 0);
    assert!(remote("personal")["last_error"].is_null());
    assert_eq!(remote("org")["unpushed_sessions"], 1);
    assert!(
        remote("org")["last_error"]
            .as_str()
            .unwrap()
            .contains("401")
    );
    assert!(
        env.git(&["for-each-ref", "refs/remotes/org"]).is_empty(),
        "org state untouched"
    );

    // With a working token the org gets the row rendering.
    with_hub(
        &env,
        &hub,
        &["push", "org"],
        &[("HF_SESSION_UPLOAD_TOKEN", ALICE_TOKEN)],
    )
    .success();
    let row = git(
        &hub.repo_path("smolagents", "ml-intern-sessions"),
        &["show", "main:sessions/2025-06-01/a.jsonl"],
    );
    assert_eq!(row, env.git(&["show", "row:sessions/2025-06-01/a.jsonl"]));
    assert_eq!(
        hub.is_private("smolagents", "ml-intern-sessions"),
        Some(false),
        "an existing repo keeps its visibility"
    );
}

#[test]
fn personal_without_a_token_is_skipped_and_org_still_pushes() {
    let hub = TestHub::start();
    hub.add_user("bot", ORG_TOKEN);
    hub.create_repo("smolagents", "ml-intern-sessions", true);
    let env = TestEnv::new();
    commit_sessions(&env, &["a"]);
    let run = with_hub(
        &env,
        &hub,
        &["push"],
        &[("HF_SESSION_UPLOAD_TOKEN", ORG_TOKEN)],
    )
    .success();
    assert!(
        run.stderr
            .contains("personal: skipped: no Hugging Face token"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("org: pushed 1 session"),
        "{}",
        run.stdout
    );
}

#[test]
fn transient_failures_are_retried_and_an_interrupted_push_can_be_resumed() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let env = TestEnv::new();
    commit_sessions(&env, &["a"]);
    env.run(&["status"]).success();
    set_config(&env, "traces.retryDelayMs", "10");
    set_config(&env, "traces.pushAttempts", "1");
    // A server that stops answering mid-push is noticed by the request timeout.
    set_config(&env, "traces.timeoutSecs", "2");
    hub.inject(Fault::Drop {
        path: "git-receive-pack",
    });
    let failed = with_hub(
        &env,
        &hub,
        &["push", "personal"],
        &[("HF_TOKEN", ALICE_TOKEN)],
    )
    .code(1);
    assert!(
        failed.stderr.contains("error: push to personal failed"),
        "{}",
        failed.stderr
    );
    assert!(
        env.git(&["for-each-ref", "refs/remotes/personal"])
            .is_empty(),
        "not counted as pushed"
    );
    env.assert_fsck_clean();

    // 503, 429 with Retry-After, then a dropped connection: all retried within five attempts.
    set_config(&env, "traces.pushAttempts", "5");
    hub.inject(Fault::Status {
        path: "info/refs",
        status: 503,
        retry_after: None,
    });
    hub.inject(Fault::Status {
        path: "git-receive-pack",
        status: 429,
        retry_after: Some(1),
    });
    hub.inject(Fault::Drop {
        path: "git-receive-pack",
    });
    let run = with_hub(
        &env,
        &hub,
        &["push", "personal", "--json"],
        &[("HF_TOKEN", ALICE_TOKEN)],
    )
    .success();
    assert_eq!(run.json()[0]["status"], "pushed");
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    assert_eq!(
        git(&repo, &["ls-tree", "-r", "--name-only", "main"])
            .lines()
            .count(),
        3
    );
    assert_fsck_clean(&repo);
    let status = env.run(&["status", "--json"]).success().json();
    assert!(status["remotes"][0]["last_error"].is_null());
}

#[test]
fn two_stores_pushing_to_one_remote_at_once_both_land() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    hub.create_repo("alice", "ml-intern-sessions", true);
    let envs = [TestEnv::new(), TestEnv::new()];
    for (i, env) in envs.iter().enumerate() {
        let ids: Vec<String> = (0..5).map(|n| format!("store{i}-s{n}")).collect();
        commit_sessions(env, &ids.iter().map(String::as_str).collect::<Vec<_>>());
        env.run(&["status"]).success();
        set_config(env, "traces.retryDelayMs", "20");
        set_config(env, "traces.hfUser", "alice");
    }
    let children: Vec<_> = envs
        .iter()
        .map(|env| {
            let mut cmd = env.traces();
            cmd.env("HF_ENDPOINT", &hub.url)
                .env("HF_TOKEN", ALICE_TOKEN)
                .args(["push", "personal"]);
            cmd.stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        Run::from(child.wait_with_output().unwrap()).success();
    }
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    let files = git(&repo, &["ls-tree", "-r", "--name-only", "main"]);
    assert_eq!(
        files.lines().filter(|l| l.starts_with("sessions/")).count(),
        10,
        "{files}"
    );
    assert_fsck_clean(&repo);
}

#[test]
fn a_bad_token_fails_at_once_with_a_hint_and_no_secret() {
    let hub = TestHub::start();
    hub.create_repo("alice", "ml-intern-sessions", true);
    let env = TestEnv::new();
    commit_sessions(&env, &["a"]);
    env.run(&["status"]).success();
    set_config(&env, "traces.hfUser", "alice");
    let bad = "hf_this_token_is_not_known_to_the_hub";
    let run = with_hub(
        &env,
        &hub,
        &["push", "personal", "--json"],
        &[("HF_TOKEN", bad)],
    )
    .code(1);
    assert_eq!(
        run.json()[0]["attempts"],
        1,
        "authentication failures are not retried"
    );
    assert!(
        run.stderr.contains("hint: log in with `traces login`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(bad) && !run.stdout.contains(bad));
}

#[test]
fn a_session_over_10_mib_goes_through_lfs() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let env = TestEnv::new();
    let input = env.inputs().join("big.json");
    let mut big = ml_session("big", 1);
    big["messages"][1]["content"] = serde_json::json!("x".repeat(6 << 20));
    big["messages"][3]["content"] = serde_json::json!("y".repeat(6 << 20));
    write_json(&input, &big);
    env.commit(&[&input]).success();
    write_json(&env.inputs().join("small.json"), &ml_session("small", 1));
    env.commit(&[&env.inputs()]).success();
    with_hub(
        &env,
        &hub,
        &["push", "personal"],
        &[("HF_TOKEN", ALICE_TOKEN)],
    )
    .success();

    let repo = hub.repo_path("alice", "ml-intern-sessions");
    assert_fsck_clean(&repo);
    let pointer = git(&repo, &["show", "main:sessions/2025-06-01/big.jsonl"]);
    assert!(
        pointer.starts_with("version https://git-lfs.github.com/spec/v1\noid sha256:"),
        "{pointer}"
    );
    let oid = pointer
        .lines()
        .nth(1)
        .unwrap()
        .trim_start_matches("oid sha256:");
    let ours = env.git(&["show", "claude-code:sessions/2025-06-01/big.jsonl"]);
    assert!(ours.len() > 12 << 20);
    assert_eq!(hub.lfs_object(oid).expect("uploaded"), ours.as_bytes());
    assert!(pointer.contains(&format!("size {}", ours.len())));
    let attributes = git(&repo, &["show", "main:.gitattributes"]);
    assert!(
        attributes.contains("sessions/2025-06-01/big.jsonl filter=lfs diff=lfs merge=lfs -text"),
        "{attributes}"
    );
    assert!(attributes.starts_with(SEEDED_GITATTRIBUTES));
    // The small session stays a plain file.
    assert_eq!(
        git(&repo, &["show", "main:sessions/2025-06-01/small.jsonl"]),
        env.git(&["show", "claude-code:sessions/2025-06-01/small.jsonl"])
    );
}

#[test]
fn a_rejected_push_shows_the_server_lines() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let env = TestEnv::new();
    // A plain git remote has no LFS: the test hub's 10 MiB rule applies and its lines show.
    let url = format!("{}/datasets/alice/plain", hub.url);
    hub.create_repo("alice", "plain", true);
    env.run(&["init"]).success();
    env.run(&["remote", "add", "plain", &url]).success();
    let input = env.inputs().join("big.json");
    let mut big = ml_session("big", 1);
    // Two lines of 6 MiB: under the input line limit, over the Hub's 10 MiB file limit.
    big["messages"][1]["content"] = serde_json::json!("x".repeat(6 << 20));
    big["messages"][3]["content"] = serde_json::json!("y".repeat(6 << 20));
    write_json(&input, &big);
    env.commit(&[&input]).success();
    let run = with_hub(
        &env,
        &hub,
        &["push", "plain", "--token-env", "MY_TOKEN"],
        &[("MY_TOKEN", ALICE_TOKEN)],
    )
    .code(1);
    assert!(
        run.stderr.contains("pre-receive hook declined"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "caused by: remote: Your push was rejected because it contains files larger than 10 MiB"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn an_updated_session_is_sent_as_a_delta_against_the_remote_version() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let env = TestEnv::new();
    let input = env.inputs().join("a.json");
    write_json(&input, &ml_session("a", 200));
    env.commit(&[&input]).success();
    with_hub(
        &env,
        &hub,
        &["push", "personal"],
        &[("HF_TOKEN", ALICE_TOKEN)],
    )
    .success();
    write_json(&input, &ml_session("a", 201));
    env.commit(&[&input]).success();
    let run = with_hub(
        &env,
        &hub,
        &["push", "personal", "--json"],
        &[("HF_TOKEN", ALICE_TOKEN)],
    )
    .success();
    assert_eq!(run.json()[0]["sessions"], 1);
    let size: u64 = env
        .git(&["cat-file", "-s", "claude-code:sessions/2025-06-01/a.jsonl"])
        .trim()
        .parse()
        .unwrap();
    let bytes = hub.receive_pack_bytes();
    assert!(
        bytes[1] < 2048,
        "{} bytes sent for one grown {size} byte session",
        bytes[1]
    );
    // The receiving git resolved the deltas into exactly our file.
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    assert_fsck_clean(&repo);
    assert_eq!(
        git(&repo, &["show", "main:sessions/2025-06-01/a.jsonl"]),
        env.git(&["show", "claude-code:sessions/2025-06-01/a.jsonl"])
    );
}

#[test]
fn personal_with_a_known_user_but_no_token_is_skipped_not_failed() {
    let hub = TestHub::start();
    let env = TestEnv::new();
    commit_one(&env);
    set_config(&env, "traces.hfUser", "alice");
    let run = with_hub(&env, &hub, &["push", "personal"], &[]).success();
    assert!(
        run.stderr
            .contains("personal: skipped: no Hugging Face token"),
        "{}",
        run.stderr
    );
    assert!(
        hub.is_private("alice", "ml-intern-sessions").is_none(),
        "nothing was created"
    );
}

#[test]
fn push_on_a_terminal_shows_progress_and_finishes() {
    let env = TestEnv::new();
    commit_one(&env);
    let backup = env.dir.path().join("backup.git");
    env.run(&["remote", "add", "backup", backup.to_str().unwrap()])
        .success();
    // `script` gives the push a pseudo-terminal, so the spinner runs (it once deadlocked
    // against a stderr lock held for the whole run).
    let command_line = format!("'{}' push backup", env!("CARGO_BIN_EXE_traces"));
    let mut child = env
        .command("script")
        .env("TERM", "xterm")
        .args(["-qec", &command_line, "/dev/null"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs");
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "push on a terminal hangs"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let run = Run::from(child.wait_with_output().unwrap()).success();
    assert!(
        run.stdout.contains("backup: reading the remote branch"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("backup: pushed 1 session"),
        "{}",
        run.stdout
    );
}

#[test]
fn dry_run_reports_without_sending_or_moving_state() {
    let env = TestEnv::new();
    commit_sessions(&env, &["a", "b"]);
    let backup = env.dir.path().join("backup.git");
    env.run(&["remote", "add", "backup", backup.to_str().unwrap()])
        .success();
    env.run(&["push", "backup"]).success();
    commit_sessions(&env, &["c"]);
    let before = git(&backup, &["rev-parse", "main"]);
    let run = env
        .run(&["push", "backup", "--dry-run", "--json"])
        .success()
        .json();
    assert_eq!(run[0]["status"], "would-push");
    assert_eq!(run[0]["sessions"], 1);
    assert_eq!(git(&backup, &["rev-parse", "main"]), before, "nothing sent");
    let status = env.run(&["status", "--json"]).success().json();
    let backup_state = status["remotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "backup")
        .unwrap()
        .clone();
    assert_eq!(backup_state["unpushed_sessions"], 1, "state unchanged");
    env.run(&["push", "backup"]).success();
    assert_eq!(
        git(&backup, &["ls-tree", "-r", "--name-only", "main"])
            .lines()
            .count(),
        5
    );
}

#[test]
fn a_remote_pointed_at_a_new_repository_gets_every_session_not_only_the_new_ones() {
    let env = TestEnv::new();
    let old = with_backup(&env);
    commit_sessions(&env, &["a", "b"]);
    env.run(&["push", "backup"]).success();
    assert_eq!(remote_files(&old).len(), 2);

    let new = env.dir.path().join("moved.git");
    env.run(&["remote", "set-url", "backup", new.to_str().unwrap()])
        .success();
    commit_sessions(&env, &["c"]);
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["remotes"][0]["unpushed_sessions"], 3, "{status}");
    let run = env.run(&["push", "backup"]).success();
    // The push state is about the old repository: the new one is planned from nothing.
    assert_eq!(
        remote_files(&new),
        [
            "sessions/2025-06-01/a.jsonl",
            "sessions/2025-06-01/b.jsonl",
            "sessions/2025-06-01/c.jsonl"
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("sending every session"),
        "{}",
        run.stderr
    );
    assert_fsck_clean(&new);
    // And it is now in sync: the next push has nothing to send.
    let again = env.run(&["push", "backup"]).success();
    assert!(again.stdout.contains("up to date"), "{}", again.stdout);
}
