//! Pushes planned from the remote's tree listing or, small ones, path by path and committed by
//! the Hub: a fresh store pushing onto a dataset other stores filled downloads a few lookups
//! or the folder listings on the changed paths, not the dataset, and keeps nothing foreign; a
//! path changed on both sides reads that one remote file.

use std::path::Path;

use serde_json::Value;

use crate::hub::{Fault, TestHub};
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

/// A test hub with alice's private dataset `ml-intern-sessions`, and its git directory.
fn alice_dataset() -> (TestHub, std::path::PathBuf) {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    hub.create_repo("alice", "ml-intern-sessions", true);
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    (hub, repo)
}

/// `args` run in every store at once, against the hub; their runs once all ended.
fn push_at_once(envs: &[TestEnv], hub: &TestHub, args: &[&str]) -> Vec<Run> {
    let children: Vec<_> = envs
        .iter()
        .map(|env| {
            let mut cmd = env.traces();
            cmd.env("HF_ENDPOINT", &hub.url)
                .env("HF_TOKEN", ALICE_TOKEN)
                .args(args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|child| Run::from(child.wait_with_output().unwrap()))
        .collect()
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
    // One small session: committed by the Hub from the file, planned from a lookup of its
    // path, so no folder is listed and what comes down does not grow with the remote.
    assert_eq!(hub.api_commits(), 1);
    assert!(
        downloaded < 8192,
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
    // What the remote holds, learned from the last commit's trailers, with no listing of it.
    let status = second.run(&["status", "--json"]).success().json();
    assert_eq!(
        status["remotes"][0]["remote_sessions"],
        REMOTE_SESSIONS + 1,
        "{status}"
    );
    let status = second.run(&["status"]).success();
    assert!(
        status
            .stdout
            .contains(&format!("remote holds: {} sessions", REMOTE_SESSIONS + 1)),
        "{}",
        status.stdout
    );

    // A small session changed on both machines: only that one remote file is read, found by a
    // lookup of its path, and the newer version wins.
    commit_value(
        &second,
        "small-conflict",
        &session_on("s0043", "2025-06-01", "13"),
    );
    let before = hub.sent_bytes();
    push_hub(&second, &hub, &["push", "personal"]).success();
    assert_eq!(sessions_read(&hub), vec!["sessions/2025-06-01/s0043.jsonl"]);
    assert_eq!(hub.api_commits(), 2);
    let blob: usize = second
        .git(&[
            "cat-file",
            "-s",
            "claude-code:sessions/2025-06-01/s0043.jsonl",
        ])
        .trim()
        .parse()
        .unwrap();
    let downloaded = hub.sent_bytes() - before;
    eprintln!("downloaded {downloaded} bytes, {blob} of them the remote's version");
    assert!(downloaded < blob as u64 + 8192, "downloaded {downloaded}");
    assert_eq!(
        git(
            &repo,
            &["rev-parse", "main:sessions/2025-06-01/s0043.jsonl"]
        ),
        second.git(&["rev-parse", "claude-code:sessions/2025-06-01/s0043.jsonl"])
    );

    // A session too big to send inline for what listing costs goes in a pack: only that one
    // remote file is read, through a folder listing of several pages, and the newer version
    // wins.
    let big = {
        let text = ml_session("s0042", 200).to_string().replace("T10:", "T13:");
        serde_json::from_str::<Value>(&text).unwrap()
    };
    commit_value(&second, "conflict", &big);
    let before = hub.sent_bytes();
    push_hub(&second, &hub, &["push", "personal"]).success();
    assert_eq!(hub.api_commits(), 2, "a pack this time");
    assert_eq!(
        sessions_read(&hub),
        vec![
            "sessions/2025-06-01/s0043.jsonl",
            "sessions/2025-06-01/s0042.jsonl"
        ]
    );
    // The listings come compressed: an entry is about 105 bytes of JSON, 40 of them a random
    // hex id, so under 50 a entry means the client asked for gzip and decoded it.
    let downloaded = hub.sent_bytes() - before;
    assert!(
        downloaded < REMOTE_SESSIONS as u64 * 50,
        "downloaded {downloaded} bytes for a folder of {REMOTE_SESSIONS}"
    );
    // The day's folder (2,000 entries, over 50 KB compressed) goes as a delta against its
    // version rebuilt from the listing, not in full: the pack is the session and little else.
    let session = second
        .git(&[
            "cat-file",
            "blob",
            "claude-code:sessions/2025-06-01/s0042.jsonl",
        ])
        .into_bytes();
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut encoder, &session).unwrap();
    let session_packed = encoder.finish().unwrap().len() as u64;
    let sent = *hub.receive_pack_bytes().last().unwrap();
    assert!(
        sent < session_packed + 20_000,
        "sent {sent} bytes for a session of {session_packed} compressed"
    );
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

#[test]
fn four_stores_pushing_to_one_dataset_at_once_all_land() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    hub.create_repo("alice", "ml-intern-sessions", true);
    let envs: Vec<TestEnv> = (0..4).map(|_| TestEnv::new()).collect();
    for (i, env) in envs.iter().enumerate() {
        // All in one folder, so every push that lost the race re-plans that folder.
        for n in 0..3 {
            let id = format!("store{i}-s{n}");
            commit_value(env, &id, &ml_session(&id, 3));
        }
        env.run(&["status"]).success();
        env.git(&["config", "traces.retryDelayMs", "20"]);
        env.git(&["config", "traces.pushAttempts", "20"]);
        env.git(&["config", "traces.hfUser", "alice"]);
    }
    for run in push_at_once(&envs, &hub, &["push", "personal"]) {
        run.success();
    }
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    assert_fsck_clean(&repo);
    let files = remote_files(&repo);
    assert_eq!(files.len(), 12, "{files:?}");
    // No store took another's sessions home.
    let other = git(
        &repo,
        &["rev-parse", "main:sessions/2025-06-01/store1-s0.jsonl"],
    );
    assert!(!has_object(&envs[0].store(), &other));
    for env in &envs {
        env.assert_fsck_clean();
    }
}

#[test]
fn four_stores_committing_through_the_hub_at_once_all_land() {
    const REMOTE_SESSIONS: usize = 500;
    let (hub, repo) = alice_dataset();
    // Written by another store: its trailers say how much the remote holds.
    fill_day(
        &repo,
        REMOTE_SESSIONS,
        &format!(
            "Add {REMOTE_SESSIONS} sessions\n\nTraces-Files: {}\nTraces-Sessions: {REMOTE_SESSIONS}\n",
            REMOTE_SESSIONS + 1
        ),
    );
    let envs: Vec<TestEnv> = (0..4).map(|_| TestEnv::new()).collect();
    for (i, env) in envs.iter().enumerate() {
        let id = format!("store{i}");
        commit_value(env, &id, &ml_session(&id, 3));
        env.git(&["config", "traces.retryDelayMs", "20"]);
        env.git(&["config", "traces.pushAttempts", "20"]);
        env.git(&["config", "traces.hfUser", "alice"]);
    }
    for run in push_at_once(&envs, &hub, &["push", "personal", "-v"]) {
        let run = run.success();
        assert!(
            run.stderr
                .contains("committed through the Hub's commit call"),
            "{}",
            run.stderr
        );
    }
    // Each landed once; those that lost the race were refused (412) and planned again.
    assert_eq!(hub.api_commits(), 4);
    assert!(hub.receive_pack_bytes().is_empty(), "no pack was sent");
    assert_fsck_clean(&repo);
    assert_eq!(remote_files(&repo).len(), REMOTE_SESSIONS + 4);
    let message = git(&repo, &["log", "-1", "--format=%B", "main"]);
    assert!(
        message.contains(&format!("Traces-Sessions: {}", REMOTE_SESSIONS + 4)),
        "{message}"
    );
    for env in &envs {
        let status = env.run(&["status", "--json"]).success().json();
        assert_eq!(status["remotes"][0]["unpushed_sessions"], 0, "{status}");
    }
}

#[test]
fn a_commit_through_the_hub_is_retried_after_refusals_and_honours_retry_after() {
    let (hub, repo) = alice_dataset();
    fill_day(
        &repo,
        500,
        "Add 500 sessions\n\nTraces-Files: 501\nTraces-Sessions: 500\n",
    );
    let env = TestEnv::new();
    commit_value(&env, "a", &ml_session("late", 3));
    env.git(&["config", "traces.retryDelayMs", "10"]);
    env.git(&["config", "traces.pushAttempts", "3"]);
    hub.inject(Fault::Status {
        path: "/paths-info/",
        status: 503,
        retry_after: None,
    });
    hub.inject(Fault::Status {
        path: "/commit/main",
        status: 429,
        retry_after: Some(1),
    });
    let started = std::time::Instant::now();
    let run = push_hub(&env, &hub, &["push", "personal", "--json"]).success();
    assert_eq!(run.json()[0]["status"], "pushed", "{}", run.stdout);
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));
    assert_eq!(hub.api_commits(), 1);
    assert_fsck_clean(&repo);
    assert_eq!(remote_files(&repo).len(), 501);
    env.assert_fsck_clean();
}

#[test]
fn a_push_that_would_overfill_a_hub_folder_is_refused_naming_it() {
    let (hub, repo) = alice_dataset();
    // Another writer filled the day's folder to the Hub's limit of 10,000 entries.
    fill_day(&repo, 10_000, "fill");
    let commit = git(&repo, &["rev-parse", "main"]);
    let commit = commit.trim();

    let env = TestEnv::new();
    commit_value(&env, "a", &ml_session("one-too-many", 3));
    let run = push_hub(&env, &hub, &["push", "personal"]).code(1);
    assert!(run.stderr.contains("sessions/2025-06-01"), "{}", run.stderr);
    assert!(run.stderr.contains("10000"), "{}", run.stderr);
    assert_eq!(
        git(&repo, &["rev-parse", "main"]).trim(),
        commit,
        "the remote did not move"
    );
}

#[test]
fn a_small_push_onto_a_remote_over_the_folder_limit_lists_only_the_folder_it_joins() {
    let (hub, repo) = alice_dataset();
    // Another store's push: 12,000 files, one folder already at the Hub's limit, the new
    // session's day folder with room.
    fill_days(
        &repo,
        &[("2025-05-31", 10_000), ("2025-06-01", 2_000)],
        "Add 12000 sessions\n\nTraces-Files: 12001\nTraces-Sessions: 12000\n",
    );
    let env = TestEnv::new();
    commit_value(&env, "a", &ml_session("late", 3));
    let run = push_hub(&env, &hub, &["push", "personal", "-v"]).success();
    assert!(
        run.stderr.contains(
            "committed through the Hub's commit call, listed only to check the folder limit: /, sessions/2025-06-01"
        ),
        "{}",
        run.stderr
    );
    // The root too, which the dataset card joins.
    assert_eq!(hub.listed(), ["", "sessions/2025-06-01"]);
    let added = git(&repo, &["diff-tree", "--name-only", "-r", "main^", "main"]);
    let added = added.trim();
    assert_eq!(
        added,
        ".gitattributes\nREADME.md\nsessions/2025-06-01/late.jsonl"
    );
    assert!(hub.receive_pack_bytes().is_empty(), "no pack was sent");
    assert_eq!(hub.api_commits(), 1);
    assert_fsck_clean(&repo);
    assert_eq!(remote_files(&repo).len(), 12_001);
    let message = git(&repo, &["log", "-1", "--format=%B", "main"]);
    assert!(message.contains("Traces-Files: 12003"), "{message}");
}

#[test]
fn a_full_folder_on_a_remote_with_counts_is_refused_before_the_hub_says_no() {
    let (hub, repo) = alice_dataset();
    fill_day(
        &repo,
        10_000,
        "Add 10000 sessions\n\nTraces-Files: 10001\nTraces-Sessions: 10000\n",
    );
    let tip = git(&repo, &["rev-parse", "main"]);
    let env = TestEnv::new();
    commit_value(&env, "a", &ml_session("one-too-many", 3));
    let run = push_hub(&env, &hub, &["push", "personal"]).code(1);
    assert!(
        run.stderr
            .contains("10001 entries in the folder `sessions/2025-06-01`"),
        "{}",
        run.stderr
    );
    assert_eq!(hub.api_commits(), 0);
    assert!(hub.receive_pack_bytes().is_empty());
    assert_eq!(
        git(&repo, &["rev-parse", "main"]),
        tip,
        "the remote did not move"
    );
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["remotes"][0]["unpushed_sessions"], 1, "{status}");
}

/// Another writer's commit on the hub repository `repo`: `count` sessions in the folder
/// `sessions/2025-06-01`, with `message`.
fn fill_day(repo: &Path, count: usize, message: &str) {
    fill_days(repo, &[("2025-06-01", count)], message);
}

/// Another writer's commit on the hub repository `repo`: in each of the folders
/// `sessions/<day>`, that many sessions, with `message`.
fn fill_days(repo: &Path, days: &[(&str, usize)], message: &str) {
    let blob = git_with_input(repo, &["hash-object", "-w", "--stdin"], b"{}\n");
    let mut sessions_listing = String::new();
    for (day, count) in days {
        let listing: String = (0..*count)
            .map(|i| format!("100644 blob {blob}\tother-{i:05}.jsonl\n"))
            .collect();
        let tree = git_with_input(repo, &["mktree"], listing.as_bytes());
        sessions_listing.push_str(&format!("040000 tree {tree}\t{day}\n"));
    }
    let sessions = git_with_input(repo, &["mktree"], sessions_listing.as_bytes());
    let attributes = git(repo, &["rev-parse", "main:.gitattributes"]);
    let attributes = attributes.trim();
    let root = git_with_input(
        repo,
        &["mktree"],
        format!("100644 blob {attributes}\t.gitattributes\n040000 tree {sessions}\tsessions\n")
            .as_bytes(),
    );
    let parent = git(repo, &["rev-parse", "main"]);
    let commit = git_with_input(
        repo,
        &["commit-tree", &root, "-p", parent.trim(), "-m", message],
        b"",
    );
    git(repo, &["update-ref", "refs/heads/main", &commit]);
}

fn git_with_input(git_dir: &Path, args: &[&str], input: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "other")
        .env("GIT_AUTHOR_EMAIL", "other@example.com")
        .env("GIT_COMMITTER_NAME", "other")
        .env("GIT_COMMITTER_EMAIL", "other@example.com")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A command that takes no input may exit before reading it.
    let _ = child.stdin.take().unwrap().write_all(input);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn a_plain_git_remote_without_filter_is_fetched_whole_and_verbose_says_so() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    hub.create_repo("alice", "plain", true);
    let url = format!("{}/datasets/alice/plain", hub.url);
    let env = TestEnv::new();
    env.run(&["init"]).success();
    env.run(&["remote", "add", "plain", &url]).success();
    commit_many(&env, 2);
    let mut cmd = env.traces();
    cmd.env("MY_TOKEN", ALICE_TOKEN)
        .args(["push", "plain", "-v", "--token-env", "MY_TOKEN"]);
    let run = Run::from(cmd.output().unwrap()).success();
    assert!(
        run.stderr.contains(
            "the remote does not offer `filter` (git's uploadpack.allowFilter): fetching it whole"
        ),
        "{}",
        run.stderr
    );
    let repo = hub.repo_path("alice", "plain");
    assert_fsck_clean(&repo);
    assert_eq!(remote_files(&repo).len(), 2);
    // Without -v it is not worth a word.
    commit_value(&env, "more", &session_on("more", "2025-07-15", "09"));
    let mut cmd = env.traces();
    cmd.env("MY_TOKEN", ALICE_TOKEN)
        .args(["push", "plain", "--token-env", "MY_TOKEN"]);
    let run = Run::from(cmd.output().unwrap()).success();
    assert!(!run.stderr.contains("fetching it whole"), "{}", run.stderr);
    assert_eq!(remote_files(&repo).len(), 3);
    env.assert_fsck_clean();
}

/// Push to a plain git remote (the hub's git server by URL: no tree API) as `MY_TOKEN`.
fn push_plain(env: &TestEnv, args: &[&str]) -> Run {
    let mut cmd = env.traces();
    cmd.env("MY_TOKEN", ALICE_TOKEN)
        .args(["push", "plain", "--token-env", "MY_TOKEN"])
        .args(args);
    Run::from(cmd.output().unwrap())
}

#[test]
fn a_fresh_store_pushing_onto_a_big_plain_git_remote_fetches_trees_on_the_path_only() {
    const REMOTE_SESSIONS: usize = 2000;
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let first = TestEnv::new();
    commit_many(&first, REMOTE_SESSIONS);
    push_hub(&first, &hub, &["push", "personal"]).success();
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    // What `git http-backend` needs to serve partial fetches.
    git(&repo, &["config", "uploadpack.allowFilter", "true"]);
    let remote_bytes = directory_bytes(&repo.join("objects"));
    let foreign = git(
        &repo,
        &["rev-parse", "main:sessions/2025-06-01/s0042.jsonl"],
    );
    let url = format!("{}/datasets/alice/ml-intern-sessions", hub.url);

    let second = TestEnv::new();
    second.run(&["init"]).success();
    second.run(&["remote", "add", "plain", &url]).success();
    commit_value(&second, "new", &session_on("fresh", "2025-07-15", "09"));
    let before = hub.sent_bytes();
    let run = push_plain(&second, &["-v"]).success();
    let downloaded = hub.sent_bytes() - before;
    eprintln!("downloaded {downloaded} bytes of a {remote_bytes}-byte remote");
    assert!(
        run.stderr
            .contains("protocol v2 `fetch` and `filter tree:0`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("fetching it whole"), "{}", run.stderr);
    // The root and `sessions/` trees, the commit and the ref advertisements: no day folder of
    // 2,000 entries, no file.
    assert!(
        downloaded < 4_000,
        "downloaded {downloaded} bytes of a {remote_bytes}-byte remote"
    );
    assert!(
        !has_object(&second.store(), &foreign),
        "nothing foreign is kept"
    );
    second.assert_fsck_clean();
    assert_fsck_clean(&repo);
    let files = clone(&repo, &second.dir.path().join("clone-1"));
    assert_eq!(files.len(), REMOTE_SESSIONS + 1, "the union");

    // Into the big folder: its one tree is read (about 50 bytes an entry), still no file.
    commit_value(
        &second,
        "same-day",
        &session_on("later", "2025-06-01", "11"),
    );
    let before = hub.sent_bytes();
    push_plain(&second, &[]).success();
    let downloaded = hub.sent_bytes() - before;
    assert!(
        downloaded * 20 < remote_bytes,
        "downloaded {downloaded} bytes of a {remote_bytes}-byte remote"
    );
    // A conflict fetches the one remote file it is about.
    commit_value(
        &second,
        "conflict",
        &session_on("s0042", "2025-06-01", "13"),
    );
    push_plain(&second, &[]).success();
    let ours = second.git(&["rev-parse", "claude-code:sessions/2025-06-01/s0042.jsonl"]);
    assert_eq!(
        git(
            &repo,
            &["rev-parse", "main:sessions/2025-06-01/s0042.jsonl"]
        ),
        ours,
        "the newer session won"
    );
    assert!(!has_object(&second.store(), &foreign));
    second.assert_fsck_clean();
    let files = clone(&repo, &second.dir.path().join("clone-2"));
    assert_eq!(files.len(), REMOTE_SESSIONS + 2);
}

#[test]
fn a_push_that_would_cross_the_hubs_file_advice_is_refused_saying_what_to_do() {
    let (hub, repo) = alice_dataset();
    // Another traces writer's last commit says the dataset is at the Hub's advised size.
    let parent = git(&repo, &["rev-parse", "main"]);
    let tree = git(&repo, &["rev-parse", "main^{tree}"]);
    let commit = git_with_input(
        &repo,
        &[
            "commit-tree",
            tree.trim(),
            "-p",
            parent.trim(),
            "-m",
            "Add 2 sessions\n\nTraces-Files: 100000\nTraces-Sessions: 99990",
        ],
        b"",
    );
    git(&repo, &["update-ref", "refs/heads/main", &commit]);
    let env = TestEnv::new();
    commit_value(&env, "a", &ml_session("over-the-advice", 3));
    let run = push_hub(&env, &hub, &["push", "personal"]).code(1);
    // The session and the dataset card are new files.
    assert!(run.stderr.contains("100002 files"), "{}", run.stderr);
    assert!(
        run.stderr.contains("100000 files per repository"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("traces remote add"), "{}", run.stderr);
    assert_eq!(
        git(&repo, &["rev-parse", "main"]).trim(),
        commit,
        "nothing sent"
    );
}

#[test]
fn an_hourly_layout_puts_each_session_under_its_hour_on_the_remote() {
    let hub = TestHub::start();
    hub.add_user("alice", ALICE_TOKEN);
    let env = TestEnv::new();
    env.run(&["init"]).success();
    env.run(&["config", "set", "personal_layout", "hourly"])
        .success();
    let run = env
        .run(&["config", "set", "personal_layout", "weekly"])
        .code(2);
    assert!(run.stderr.contains("daily or hourly"), "{}", run.stderr);
    commit_value(&env, "morning", &session_on("morning", "2025-06-01", "09"));
    commit_value(
        &env,
        "afternoon",
        &session_on("afternoon", "2025-06-01", "14"),
    );
    let run = push_hub(&env, &hub, &["push", "personal", "--dry-run", "--json"]).success();
    // Each under the UTC hour of its first timestamp (09:00 and 14:00 at +02:00).
    assert_eq!(
        run.json()[0]["send"],
        serde_json::json!([
            "sessions/2025-06-01/07/morning.jsonl",
            "sessions/2025-06-01/12/afternoon.jsonl"
        ]),
        "{}",
        run.stdout
    );
    push_hub(&env, &hub, &["push", "personal"]).success();
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    assert_fsck_clean(&repo);
    let mut files = remote_files(&repo);
    files.retain(|f| f.starts_with("sessions/"));
    assert_eq!(
        files,
        vec![
            "sessions/2025-06-01/07/morning.jsonl",
            "sessions/2025-06-01/12/afternoon.jsonl"
        ]
    );
    // The store keeps its own layout; an update lands on the same hourly path.
    assert!(
        !env.git(&["ls-tree", "-r", "--name-only", "claude-code"])
            .contains("/07/")
    );
    let longer: Value =
        serde_json::from_str(&ml_session("morning", 5).to_string().replace("T10:", "T09:"))
            .unwrap();
    commit_value(&env, "morning", &longer);
    let run = push_hub(&env, &hub, &["push", "personal", "--json"]).success();
    assert_eq!(run.json()[0]["sessions"], 1, "{}", run.stdout);
    let mut files = remote_files(&repo);
    files.retain(|f| f.starts_with("sessions/"));
    assert_eq!(files.len(), 2, "{files:?}");
}
