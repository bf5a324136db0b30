//! `traces forget --purge`: the session leaves the store's history (no object of it left) and,
//! with the next push, each remote's history (no commit of a fresh clone holds it). Checked
//! with real git: fsck, cat-file, clone.

use std::path::Path;
use std::process::Command;

use crate::support::*;

/// A session id no other content contains, so finding it anywhere means it was left behind.
const PURGED: &str = "purge-me-7f3a";

fn commit_ml(env: &TestEnv, dir: &Path, sessions: &[(&str, usize)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (id, turns) in sessions {
        write_json(&dir.join(format!("{id}.json")), &ml_session(id, *turns));
    }
    env.commit(&[dir]).success();
}

/// Every object of a repository, loose or packed, decompressed, as one byte string.
fn all_objects(git_dir: &Path) -> Vec<u8> {
    let out = Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args(["cat-file", "--batch-all-objects", "--batch"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

/// A fresh mirror clone of `repo` (every ref, nothing but what they reach).
fn fresh_clone(env: &TestEnv, repo: &Path) -> std::path::PathBuf {
    let clone = env.dir.path().join(format!(
        "clone-{}.git",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let out = env
        .command("git")
        .args(["clone", "--quiet", "--mirror", "--no-local"])
        .arg(repo)
        .arg(&clone)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    clone
}

#[test]
fn purge_asks_first_and_needs_yes_without_a_terminal() {
    let env = TestEnv::new();
    with_backup(&env);
    commit_ml(&env, &env.inputs(), &[("keep-1", 2), (PURGED, 2)]);
    let objects = env.object_count();

    let refused = env.run(&["forget", "--purge", PURGED]).code(2);
    for line in [
        "--purge rewrites history: 2 commits on 2 refs, without 1 file of 1 session",
        "  refs/heads/claude-code: 1 commit rewritten",
        "  refs/heads/row: 1 commit rewritten",
        &format!("  session {PURGED}"),
        "pass --yes to confirm",
    ] {
        assert!(refused.stderr.contains(line), "{line}: {}", refused.stderr);
    }
    // Nothing changed: not forgotten, nothing rewritten.
    assert_eq!(env.run(&["forget", "--list"]).success().stdout, "");
    assert_eq!(env.object_count(), objects);
    assert!(
        tree_paths(&env.store(), "claude-code")
            .contains(&format!("sessions/2025-06-01/{PURGED}.jsonl"))
    );
}

#[test]
fn purge_leaves_nothing_of_the_session_in_any_object_of_the_store() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    let inputs = env.inputs();
    commit_ml(&env, &inputs, &[("keep-1", 2), (PURGED, 2)]);
    env.run(&["push", "backup"]).success();
    // A second version of it, and another session after it: history holds both versions.
    commit_ml(&env, &inputs, &[(PURGED, 3), ("keep-2", 2)]);
    env.run(&["forget", PURGED]).success();
    assert!(holds(&all_objects(&env.store()), PURGED));
    let log_before = env.git(&["log", "--format=%an %ae %at %s", "claude-code"]);

    let run = env.run(&["forget", "--purge", "--yes", PURGED]).success();
    assert!(
        run.stderr.contains(&format!("{PURGED}: already forgotten")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the next `traces push` removes them from backup and squashes its history"),
        "{}",
        run.stderr
    );
    env.assert_fsck_clean();
    let objects = all_objects(&env.store());
    assert!(
        !holds(&objects, PURGED),
        "an object still holds the session"
    );
    // Commit metadata is kept; only the trees changed.
    assert_eq!(
        env.git(&["log", "--format=%an %ae %at %s", "claude-code"]),
        log_before
    );
    for branch in ["claude-code", "row"] {
        let paths = tree_paths(&env.store(), branch);
        assert!(paths.iter().any(|p| p.contains("keep-1")), "{paths:?}");
        assert!(paths.iter().any(|p| p.contains("keep-2")), "{paths:?}");
    }
    // No reflog keeps the old commits.
    assert_eq!(env.git(&["reflog", "show", "--all"]), "");
    // The source file is still there: it stays out of the store.
    env.commit(&[&inputs]).success();
    assert!(!holds(&all_objects(&env.store()), PURGED));

    // A second purge of the same id has nothing left to rewrite and asks nothing.
    let again = env.run(&["forget", "--purge", PURGED]).success();
    assert!(
        again.stderr.contains("0 commits rewritten"),
        "{}",
        again.stderr
    );
    env.assert_fsck_clean();

    // The remote still has it until the next push; `status` says a purge is pending.
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["remotes"][0]["purge_pending"], true, "{status}");
    assert!(holds(&all_objects(&fresh_clone(&env, &backup)), PURGED));
}

fn commits_on_main(repo: &Path) -> usize {
    git(repo, &["rev-list", "--count", "main"])
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn the_next_push_removes_it_from_a_local_remote_and_force_pushes_squashed_history() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    let inputs = env.inputs();
    commit_ml(&env, &inputs, &[("keep-1", 2), (PURGED, 2)]);
    env.run(&["push", "backup"]).success();
    commit_ml(&env, &inputs, &[(PURGED, 3), ("keep-2", 2)]);
    env.run(&["push", "backup"]).success();
    assert!(commits_on_main(&backup) >= 2);

    env.run(&["forget", "--purge", "--yes", PURGED]).success();
    let dry = env.run(&["push", "backup", "--dry-run"]).success();
    assert!(
        dry.stdout
            .contains(&format!("  - sessions/2025-06-01/{PURGED}.jsonl")),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stderr.contains("the push would then squash"),
        "{}",
        dry.stderr
    );
    let pushed = env.run(&["push", "backup"]).success();
    assert!(
        pushed
            .stderr
            .contains("history is squashed into one commit"),
        "{}",
        pushed.stderr
    );
    assert_eq!(
        remote_files(&backup),
        [
            "sessions/2025-06-01/keep-1.jsonl",
            "sessions/2025-06-01/keep-2.jsonl"
        ]
    );
    assert_eq!(commits_on_main(&backup), 1);
    assert_fsck_clean(&backup);
    let clone = fresh_clone(&env, &backup);
    assert!(
        !holds(&all_objects(&clone), PURGED),
        "a cloned commit holds it"
    );
    // The squashed tip is what the state records; nothing is pending any more.
    assert_eq!(
        env.recorded_remote_tip("backup").trim(),
        git(&backup, &["rev-parse", "main"]).trim()
    );
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["remotes"][0]["purge_pending"], false, "{status}");
    // Later pushes build on the squashed history.
    commit_ml(&env, &inputs, &[("keep-3", 2)]);
    env.run(&["push", "backup"]).success();
    assert_eq!(commits_on_main(&backup), 2);
    assert_eq!(remote_files(&backup).len(), 3);
    assert_fsck_clean(&backup);
}

#[test]
fn the_next_push_to_the_hub_removes_it_then_super_squashes() {
    let hub = crate::hub::TestHub::start();
    let token = "hf_test_alice_token_0123456789abcdef";
    hub.add_user("alice", token);
    let env = TestEnv::new();
    let inputs = env.inputs();
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
    commit_ml(&env, &inputs, &[("keep-1", 2), (PURGED, 2)]);
    push(&env);
    commit_ml(&env, &inputs, &[(PURGED, 3)]);
    push(&env);
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    assert!(
        commits_on_main(&repo) >= 3,
        "the seeded commit and two pushes"
    );

    env.run(&["forget", "--purge", "--yes", PURGED]).success();
    assert_eq!(hub.squashes(), 0, "forget itself never talks to a remote");
    push(&env);
    assert_eq!(hub.squashes(), 1);
    assert_eq!(remote_files(&repo), ["sessions/2025-06-01/keep-1.jsonl"]);
    assert_eq!(commits_on_main(&repo), 1);
    // The squashed commit still tells the next push (from any store) the remote's size.
    let message = git(&repo, &["log", "-1", "--format=%B", "main"]);
    assert!(
        message.contains("\nTraces-Files: ") && message.contains("\nTraces-Sessions: 1\n"),
        "{message}"
    );
    assert_fsck_clean(&repo);
    assert!(!holds(&all_objects(&fresh_clone(&env, &repo)), PURGED));
    assert!(!holds(&all_objects(&env.store()), PURGED));
    let status = env.run(&["status", "--json"]).success().json();
    let personal = status["remotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "personal")
        .unwrap();
    assert_eq!(personal["purge_pending"], false, "{status}");
    // Nothing left to do: the next push squashes nothing, and finds the dataset's forgotten
    // list (read back through the tree listing) already complete.
    let again = push(&env);
    assert!(again.stdout.contains("is up to date"), "{}", again.stdout);
    assert_eq!(hub.squashes(), 1);
    let listed = git(&repo, &["show", "main:.traces/forgotten"]);
    assert_eq!(listed.lines().count(), 1, "{listed}");
}

#[test]
fn a_failed_squash_stays_pending_in_status_and_the_next_push_carries_it_out() {
    let hub = crate::hub::TestHub::start();
    let token = "hf_test_alice_token_0123456789abcdef";
    hub.add_user("alice", token);
    let env = TestEnv::new();
    let push = |env: &TestEnv| {
        Run::from(
            env.traces()
                .args(["push", "personal"])
                .env("HF_ENDPOINT", &hub.url)
                .env("HF_TOKEN", token)
                .output()
                .unwrap(),
        )
    };
    commit_ml(&env, &env.inputs(), &[("keep-1", 2), (PURGED, 2)]);
    push(&env).success();
    env.run(&["forget", "--purge", "--yes", PURGED]).success();

    hub.inject(crate::hub::Fault::Status {
        path: "super-squash",
        status: 403,
        retry_after: None,
    });
    let failed = push(&env);
    assert_ne!(failed.code, 0, "{}", failed.stdout);
    let repo = hub.repo_path("alice", "ml-intern-sessions");
    // The removal landed and is recorded; the squash did not, and says so.
    assert_eq!(remote_files(&repo), ["sessions/2025-06-01/keep-1.jsonl"]);
    assert!(commits_on_main(&repo) > 1);
    assert_eq!(hub.squashes(), 0);
    let status = env.run(&["status"]).success();
    assert!(
        status.stdout.contains("purge pending since"),
        "{}",
        status.stdout
    );
    assert!(
        status
            .stdout
            .contains("squash the dataset's history: HTTP 403"),
        "{}",
        status.stdout
    );

    push(&env).success();
    assert_eq!(hub.squashes(), 1);
    assert_eq!(commits_on_main(&repo), 1);
    assert!(!holds(&all_objects(&fresh_clone(&env, &repo)), PURGED));
    let status = env.run(&["status"]).success();
    assert!(
        !status.stdout.contains("purge pending"),
        "{}",
        status.stdout
    );
    assert!(!status.stdout.contains("last error"), "{}", status.stdout);
}

#[test]
fn a_second_store_that_still_has_the_session_does_not_bring_it_back_after_a_purge() {
    let first = TestEnv::new();
    let backup = with_backup(&first);
    commit_ml(&first, &first.inputs(), &[("keep-1", 2), (PURGED, 2)]);
    first.run(&["push", "backup"]).success();

    let second = TestEnv::new();
    second.run(&["init"]).success();
    second
        .run(&["remote", "add", "shared", backup.to_str().unwrap()])
        .success();
    commit_ml(&second, &second.inputs(), &[("keep-1", 2), (PURGED, 2)]);
    second.run(&["push", "shared"]).success();

    first.run(&["forget", "--purge", "--yes", PURGED]).success();
    first.run(&["push", "backup"]).success();
    assert_eq!(commits_on_main(&backup), 1);
    let listed = git(&backup, &["show", "main:.traces/forgotten"]);
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(!listed.contains(PURGED));

    // The second store still has the session and it grew there: a changed file, which it
    // would send, were the remote's list not naming it.
    commit_ml(&second, &second.inputs(), &[(PURGED, 4), ("keep-4", 2)]);
    second.run(&["push", "shared"]).success();
    assert_eq!(
        remote_files(&backup),
        [
            "sessions/2025-06-01/keep-1.jsonl",
            "sessions/2025-06-01/keep-4.jsonl"
        ]
    );
    assert_fsck_clean(&backup);
    assert!(!holds(&all_objects(&fresh_clone(&first, &backup)), PURGED));
    // The list survives the second store's push, and the first store pushes on top of it.
    assert_eq!(git(&backup, &["show", "main:.traces/forgotten"]), listed);
    commit_ml(&first, &first.inputs(), &[("keep-5", 2)]);
    first.run(&["push", "backup"]).success();
    assert_eq!(remote_files(&backup).len(), 3);
    assert_fsck_clean(&backup);
}

#[test]
fn purges_killed_at_random_moments_leave_a_sound_store_that_the_next_purge_finishes() {
    let env = TestEnv::new();
    with_backup(&env);
    let inputs = env.inputs();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..12 {
        let doomed = format!("doomed-{round:02}");
        commit_ml(
            &env,
            &inputs,
            &[(&format!("kept-{round:02}"), 2), (&doomed, 2)],
        );
        let mut child = env
            .traces()
            .args(["forget", "--purge", "--yes", &doomed])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(std::time::Duration::from_micros(seed % 60_000));
        // SIGKILL: no handler runs, whatever the purge was doing.
        let _ = child.kill();
        let _ = child.wait();
        env.assert_fsck_clean();
        // Old history or new: every kept session is on the branch either way.
        let paths = tree_paths(&env.store(), "claude-code");
        for kept in 0..=round {
            let kept = format!("sessions/2025-06-01/kept-{kept:02}.jsonl");
            assert!(paths.contains(&kept), "round {round}: {paths:?}");
        }
        // The next purge removes the ref locks a killed one left, and finishes the work.
        env.run(&["forget", "--purge", "--yes", &doomed]).success();
        env.assert_fsck_clean();
        assert!(!holds(&all_objects(&env.store()), &doomed), "round {round}");
        let locks: Vec<_> = std::fs::read_dir(env.store().join("refs/heads"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".lock"))
            .collect();
        assert!(locks.is_empty(), "round {round}: {locks:?}");
    }
}

#[test]
fn a_plain_smart_http_remote_gets_the_squashed_history_force_pushed_with_lease() {
    let hub = crate::hub::TestHub::start();
    let token = "hf_test_alice_token_0123456789abcdef";
    hub.add_user("alice", token);
    hub.create_repo("alice", "plain", true);
    let env = TestEnv::new();
    env.run(&["init"]).success();
    let url = format!("{}/datasets/alice/plain", hub.url);
    env.run(&["remote", "add", "plain", &url]).success();
    let push = |env: &TestEnv| {
        Run::from(
            env.traces()
                .args(["push", "plain", "--token-env", "MY_TOKEN"])
                .env("MY_TOKEN", token)
                .output()
                .unwrap(),
        )
        .success()
    };
    let inputs = env.inputs();
    commit_ml(&env, &inputs, &[("keep-1", 2), (PURGED, 2)]);
    push(&env);
    commit_ml(&env, &inputs, &[(PURGED, 3)]);
    push(&env);
    let repo = hub.repo_path("alice", "plain");

    env.run(&["forget", "--purge", "--yes", PURGED]).success();
    let pushed = push(&env);
    assert!(
        pushed
            .stderr
            .contains("history is squashed into one commit"),
        "{}",
        pushed.stderr
    );
    assert_eq!(hub.squashes(), 0, "no Hub call: a force push");
    // Planning fetched the remote's old history into the store: it is purged there too.
    assert!(!holds(&all_objects(&env.store()), PURGED));
    env.assert_fsck_clean();
    assert_eq!(commits_on_main(&repo), 1);
    assert_eq!(remote_files(&repo), ["sessions/2025-06-01/keep-1.jsonl"]);
    assert_fsck_clean(&repo);
    assert!(!holds(&all_objects(&fresh_clone(&env, &repo)), PURGED));
    assert_eq!(
        env.recorded_remote_tip("plain").trim(),
        git(&repo, &["rev-parse", "main"]).trim()
    );
    commit_ml(&env, &inputs, &[("keep-2", 2)]);
    push(&env);
    assert_eq!(commits_on_main(&repo), 2);
    assert_fsck_clean(&repo);
}

/// Hold a push lock of the store the way a running `traces watch` holds it.
fn hold_push_lock(env: &TestEnv, remote: &str) -> std::fs::File {
    let path = env.store().join(format!("traces/push-{remote}.lock"));
    std::fs::write(&path, "pid 4242 traces watch\n").unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.lock().unwrap();
    file
}

#[test]
fn a_purge_waits_for_a_push_under_way_and_says_who_holds_it() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    let inputs = env.inputs();
    commit_ml(&env, &inputs, &[("keep-1", 2)]);
    env.run(&["push", "backup"]).success();
    // Committed, not pushed yet: what a push under way would be sending.
    commit_ml(&env, &inputs, &[(PURGED, 2)]);
    env.run(&["config", "set", "lock_wait_secs", "2"]).success();

    let held = hold_push_lock(&env, "backup");
    let run = env.run(&["forget", "--purge", "--yes", PURGED]).code(1);
    assert!(
        run.stderr
            .lines()
            .any(|line| line.starts_with("waiting for")
                && line.contains("push-backup.lock")
                && line.contains("held by pid 4242 traces watch")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("gave up after 2s"), "{}", run.stderr);
    // Nothing was done while the push held its lock: not forgotten, nothing rewritten.
    assert_eq!(env.run(&["forget", "--list"]).success().stdout, "");
    assert!(holds(&all_objects(&env.store()), PURGED));
    env.assert_fsck_clean();

    // Once the push is done, the waiting purge goes on.
    env.run(&["config", "set", "lock_wait_secs", "60"])
        .success();
    let child = env
        .traces()
        .args(["forget", "--purge", "--yes", PURGED])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(
        env.run(&["forget", "--list"]).success().stdout,
        "",
        "the purge waits before it forgets anything"
    );
    drop(held);
    let run = Run::from(child.wait_with_output().unwrap()).success();
    assert!(run.stderr.contains("waiting for"), "{}", run.stderr);
    env.assert_fsck_clean();
    assert!(!holds(&all_objects(&env.store()), PURGED));
    // The remote never got it; its next push only adds the forgotten list.
    env.run(&["push", "backup"]).success();
    env.assert_fsck_clean();
    assert_eq!(remote_files(&backup), ["sessions/2025-06-01/keep-1.jsonl"]);
    assert_fsck_clean(&backup);
}

#[test]
fn a_purge_after_a_layout_switch_removes_the_copy_the_old_layout_placed() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    let inputs = env.inputs();
    commit_ml(&env, &inputs, &[("keep-1", 2), (PURGED, 2)]);
    env.run(&["push", "backup"]).success();
    // Daily then; hourly from now on (what `config set personal_layout hourly` does for the
    // personal remote).
    env.git(&["config", "remote.backup.layout", "hourly"]);
    commit_ml(&env, &inputs, &[("keep-2", 2)]);
    env.run(&["push", "backup"]).success();
    assert_eq!(
        remote_files(&backup),
        [
            "sessions/2025-06-01/08/keep-2.jsonl",
            "sessions/2025-06-01/keep-1.jsonl",
            &format!("sessions/2025-06-01/{PURGED}.jsonl"),
        ]
    );

    env.run(&["forget", "--purge", "--yes", PURGED]).success();
    env.run(&["push", "backup"]).success();
    assert_eq!(
        remote_files(&backup),
        [
            "sessions/2025-06-01/08/keep-2.jsonl",
            "sessions/2025-06-01/keep-1.jsonl"
        ]
    );
    assert_eq!(commits_on_main(&backup), 1);
    assert!(!holds(&all_objects(&fresh_clone(&env, &backup)), PURGED));
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["remotes"][0]["purge_pending"], false, "{status}");
}

#[test]
fn a_forget_after_a_layout_switch_removes_the_copy_the_old_layout_placed() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    let inputs = env.inputs();
    env.git(&["config", "remote.backup.layout", "hourly"]);
    commit_ml(&env, &inputs, &[("keep-1", 2), ("gone-1", 2)]);
    env.run(&["push", "backup"]).success();
    env.git(&["config", "remote.backup.layout", "daily"]);
    env.run(&["forget", "gone-1"]).success();
    let dry = env.run(&["push", "backup", "--dry-run"]).success();
    assert!(
        dry.stdout
            .contains("  - sessions/2025-06-01/08/gone-1.jsonl"),
        "{}",
        dry.stdout
    );
    env.run(&["push", "backup"]).success();
    assert_eq!(
        remote_files(&backup),
        ["sessions/2025-06-01/08/keep-1.jsonl"]
    );
    assert_fsck_clean(&backup);
}

#[test]
fn a_pending_purge_never_squashes_a_dataset_the_remote_was_pointed_at_since() {
    let env = TestEnv::new();
    let old = with_backup(&env);
    let inputs = env.inputs();
    commit_ml(&env, &inputs, &[("keep-1", 2), (PURGED, 2)]);
    env.run(&["push", "backup"]).success();
    // Another dataset with a history of its own, written by another store.
    let other = TestEnv::new();
    let new = other.dir.path().join("other.git");
    other.run(&["init"]).success();
    other
        .run(&["remote", "add", "shared", new.to_str().unwrap()])
        .success();
    commit_ml(&other, &other.inputs(), &[("theirs-1", 2)]);
    other.run(&["push", "shared"]).success();
    commit_ml(&other, &other.inputs(), &[("theirs-2", 2)]);
    other.run(&["push", "shared"]).success();
    let their_commits = commits_on_main(&new);
    assert!(their_commits >= 2);

    env.run(&["forget", "--purge", "--yes", PURGED]).success();
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(
        status["remotes"][0]["purge_target"],
        old.display().to_string(),
        "{status}"
    );
    env.run(&["remote", "set-url", "backup", new.to_str().unwrap()])
        .success();
    let pushed = env.run(&["push", "backup"]).success();
    assert!(
        pushed.stderr.contains(&format!(
            "the purge pending since {FIXED_NOW} is for {}",
            old.display()
        )) && pushed.stderr.contains("nothing is squashed here"),
        "{}",
        pushed.stderr
    );
    assert!(!pushed.stderr.contains("squashed into one commit"));
    // Its history is whole: our push went on top of it.
    assert_eq!(commits_on_main(&new), their_commits + 1);
    assert_fsck_clean(&new);
    let status = env.run(&["status"]).success();
    assert!(
        status.stdout.contains(&format!(
            "purge pending since {FIXED_NOW} on {}: the remote leads elsewhere now",
            old.display()
        )),
        "{}",
        status.stdout
    );

    // Pointed back, the old dataset gets its purge.
    env.run(&["remote", "set-url", "backup", old.to_str().unwrap()])
        .success();
    let pushed = env.run(&["push", "backup"]).success();
    assert!(
        pushed.stderr.contains("squashed into one commit"),
        "{}",
        pushed.stderr
    );
    assert_eq!(commits_on_main(&old), 1);
    assert!(!holds(&all_objects(&fresh_clone(&env, &old)), PURGED));
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["remotes"][0]["purge_pending"], false, "{status}");
}

/// After a purge, a push to a remote that refuses history rewrites: the files leave its tip,
/// the squash fails once, not retried, with what to do; the purge stays pending.
fn assert_refused_rewrite_is_told(env: &TestEnv, repo: &Path, push: &dyn Fn() -> Run) {
    let before = commits_on_main(repo);
    env.run(&["forget", "--purge", "--yes", PURGED]).success();
    let run = push().code(1);
    assert!(
        run.stderr.contains("the remote refuses history rewrites"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "hint: the purged files are gone from the remote's tip but remain in its history"
        ) && run.stderr.contains("receive.denyNonFastForwards"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("retrying"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("the remote moved since our last push"),
        "{}",
        run.stderr
    );
    assert_eq!(remote_files(repo), ["sessions/2025-06-01/keep-1.jsonl"]);
    assert_eq!(commits_on_main(repo), before + 1, "the removal, no rewrite");
    assert_fsck_clean(repo);
    let status = env.run(&["status", "--json"]).success().json();
    let remote = &status["remotes"][0];
    assert_eq!(remote["purge_pending"], true, "{status}");
    assert!(
        remote["last_error"]
            .as_str()
            .unwrap()
            .ends_with("(after 1 attempt)"),
        "{status}"
    );
}

#[test]
fn a_local_remote_that_denies_non_fast_forwards_fails_the_squash_with_a_hint() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    env.run(&["config", "set", "push_attempts", "3"]).success();
    commit_ml(&env, &env.inputs(), &[("keep-1", 2), (PURGED, 2)]);
    env.run(&["push", "backup"]).success();
    git(&backup, &["config", "receive.denyNonFastForwards", "true"]);
    assert_refused_rewrite_is_told(&env, &backup, &|| env.run(&["push", "backup"]));
}

#[test]
fn a_smart_http_remote_that_denies_non_fast_forwards_fails_the_squash_with_a_hint() {
    let hub = crate::hub::TestHub::start();
    let token = "hf_test_alice_token_0123456789abcdef";
    hub.add_user("alice", token);
    hub.create_repo("alice", "plain", true);
    let env = TestEnv::new();
    env.run(&["init"]).success();
    env.run(&["remote", "remove", "personal"]).success();
    env.run(&["remote", "remove", "org"]).success();
    env.run(&["config", "set", "push_attempts", "3"]).success();
    let url = format!("{}/datasets/alice/plain", hub.url);
    env.run(&["remote", "add", "plain", &url]).success();
    let push = || {
        Run::from(
            env.traces()
                .args(["push", "plain", "--token-env", "MY_TOKEN"])
                .env("MY_TOKEN", token)
                .output()
                .unwrap(),
        )
    };
    commit_ml(&env, &env.inputs(), &[("keep-1", 2), (PURGED, 2)]);
    push().success();
    let repo = hub.repo_path("alice", "plain");
    git(&repo, &["config", "receive.denyNonFastForwards", "true"]);
    assert_refused_rewrite_is_told(&env, &repo, &push);
}
