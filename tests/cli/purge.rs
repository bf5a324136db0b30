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
