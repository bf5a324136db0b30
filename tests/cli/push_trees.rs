//! Pushes planned from the remote's tree listing: a fresh store pushing onto a dataset other
//! stores filled downloads folder listings on the changed paths, not the dataset, and keeps
//! nothing foreign; a path changed on both sides reads that one remote file.

use std::path::Path;

use serde_json::Value;

use crate::hub::TestHub;
use crate::support::*;

const ALICE_TOKEN: &str = "hf_test_alice_token_0123456789abcdef";

fn push_hub(env: &TestEnv, hub: &TestHub, args: &[&str]) -> Run {
    let mut cmd = env.traces();
    cmd.env("HF_ENDPOINT", &hub.url)
        .env("HF_TOKEN", ALICE_TOKEN)
        .args(args);
    Run::from(cmd.output().unwrap())
}

/// An ml-intern session on another day than [`ml_session`]'s (so it lands in another folder),
/// or later the same day when `day` is that day.
fn session_on(id: &str, day: &str, hour: &str) -> Value {
    let text = ml_session(id, 3)
        .to_string()
        .replace("2025-06-01", day)
        .replace("T10:", &format!("T{hour}:"));
    serde_json::from_str(&text).unwrap()
}

fn commit_many(env: &TestEnv, count: usize) {
    let dir = env.inputs().join("many");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..count {
        write_json(
            &dir.join(format!("s{i:04}.json")),
            &ml_session(&format!("s{i:04}"), 3),
        );
    }
    env.commit(&[&dir]).success();
}

fn commit_value(env: &TestEnv, name: &str, value: &Value) {
    let file = env.inputs().join(format!("{name}.json"));
    write_json(&file, value);
    env.commit(&[&file]).success();
}

fn directory_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let meta = entry.metadata().unwrap();
        total += if meta.is_dir() {
            directory_bytes(&entry.path())
        } else {
            meta.len()
        };
    }
    total
}

fn has_object(git_dir: &Path, id: &str) -> bool {
    std::process::Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args(["cat-file", "-e", id])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap()
        .success()
}

/// Session files the hub served raw (its `.gitattributes`, merged line by line, is read too).
fn sessions_read(hub: &TestHub) -> Vec<String> {
    hub.raw_reads()
        .into_iter()
        .filter(|path| path != ".gitattributes")
        .collect()
}

/// The session files of a fresh `git clone` (checked with fsck).
fn clone(repo: &Path, into: &Path) -> Vec<String> {
    let out = std::process::Command::new("git")
        .args(["clone", "-q"])
        .arg(repo)
        .arg(into)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_fsck_clean(&into.join(".git"));
    git(&into.join(".git"), &["ls-files", "sessions"])
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_fresh_store_pushing_onto_a_big_dataset_downloads_listings_not_the_dataset() {
    const REMOTE_SESSIONS: usize = 2000;
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let first = TestEnv::new();
    commit_many(&first, REMOTE_SESSIONS);
    push_hub(&first, &hub, &["push", "personal"]).success();
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    let remote_bytes = directory_bytes(&repo.join("objects"));
    let foreign = git(
        &repo,
        &["rev-parse", "main:sessions/2025-06-01/s0042.jsonl"],
    );

    // Another machine, one new session on a day the dataset does not hold yet.
    let second = TestEnv::new();
    commit_value(&second, "new", &session_on("fresh", "2025-07-15", "09"));
    let before = hub.sent_bytes();
    push_hub(&second, &hub, &["push", "personal"]).success();
    let downloaded = hub.sent_bytes() - before;
    eprintln!("downloaded {downloaded} bytes of a {remote_bytes}-byte remote");
    assert!(
        downloaded * 100 < remote_bytes,
        "downloaded {downloaded} bytes of a {remote_bytes}-byte remote"
    );
    assert!(sessions_read(&hub).is_empty(), "{:?}", hub.raw_reads());
    assert!(
        !has_object(&second.store(), &foreign),
        "nothing foreign is kept"
    );
    second.assert_fsck_clean();
    let files = clone(&repo, &second.dir.path().join("clone-1"));
    assert_eq!(files.len(), REMOTE_SESSIONS + 1, "the union");
    assert!(files.contains(&"sessions/2025-07-15/fresh.jsonl".to_string()));

    // The same session changed on both machines: only that one remote file is read, through
    // a folder listing of several pages, and the newer version wins.
    commit_value(
        &second,
        "conflict",
        &session_on("s0042", "2025-06-01", "13"),
    );
    push_hub(&second, &hub, &["push", "personal"]).success();
    assert_eq!(sessions_read(&hub), vec!["sessions/2025-06-01/s0042.jsonl"]);
    let ours = second.git(&["rev-parse", "claude-code:sessions/2025-06-01/s0042.jsonl"]);
    assert_eq!(
        git(
            &repo,
            &["rev-parse", "main:sessions/2025-06-01/s0042.jsonl"]
        ),
        ours
    );
    let files = clone(&repo, &second.dir.path().join("clone-2"));
    assert_eq!(files.len(), REMOTE_SESSIONS + 1);
    assert!(!has_object(&second.store(), &foreign));
}

#[test]
fn an_older_session_loses_a_conflict_and_the_remote_keeps_its_version() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let first = TestEnv::new();
    commit_value(&first, "a", &session_on("shared", "2025-06-01", "15"));
    push_hub(&first, &hub, &["push", "personal"]).success();
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    let theirs = git(
        &repo,
        &["rev-parse", "main:sessions/2025-06-01/shared.jsonl"],
    );
    let second = TestEnv::new();
    commit_value(&second, "a", &session_on("shared", "2025-06-01", "08"));
    let run = push_hub(&second, &hub, &["push", "personal", "--json"]).success();
    assert_eq!(
        sessions_read(&hub),
        vec!["sessions/2025-06-01/shared.jsonl"]
    );
    assert_eq!(run.json()[0]["status"], "up-to-date", "{}", run.stdout);
    assert_eq!(
        git(
            &repo,
            &["rev-parse", "main:sessions/2025-06-01/shared.jsonl"]
        ),
        theirs
    );
}

#[test]
fn a_dry_run_writes_no_object_into_the_store() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let env = TestEnv::new();
    commit_many(&env, 3);
    let before = env.object_count();
    let run = push_hub(&env, &hub, &["push", "personal", "--dry-run", "--json"]).success();
    assert_eq!(run.json()[0]["sessions"], 3, "{}", run.stdout);
    assert_eq!(env.object_count(), before);
    // A real push keeps the store as it was too: what it builds is sent, not stored.
    push_hub(&env, &hub, &["push", "personal"]).success();
    assert_eq!(env.object_count(), before);
    env.assert_fsck_clean();
}

#[test]
fn a_fresh_store_pushing_to_a_shared_local_remote_copies_nothing_back() {
    let first = TestEnv::new();
    let backup = with_backup(&first);
    commit_many(&first, 40);
    first.run(&["push", "backup"]).success();
    let foreign = git(
        &backup,
        &["rev-parse", "main:sessions/2025-06-01/s0007.jsonl"],
    );

    let second = TestEnv::new();
    second.run(&["init"]).success();
    for name in ["personal", "org"] {
        second.run(&["remote", "remove", name]).success();
    }
    second
        .run(&["remote", "add", "backup", backup.to_str().unwrap()])
        .success();
    commit_value(&second, "new", &session_on("fresh", "2025-07-15", "09"));
    let before = second.object_count();
    second.run(&["push", "backup"]).success();
    assert_eq!(second.object_count(), before);
    assert!(!has_object(&second.store(), &foreign));
    second.assert_fsck_clean();
    assert_fsck_clean(&backup);
    assert_eq!(remote_files(&backup).len(), 40 + 1);
}
