//! The store's objects in packs: one pack per commit, readable by plain git, and `traces gc`.

use std::path::Path;

use crate::support::*;

/// The `pack-*.pack` files and loose object files of a store.
fn object_files(store: &Path) -> (usize, usize) {
    let objects = store.join("objects");
    let packs = std::fs::read_dir(objects.join("pack"))
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".pack"))
                .count()
        })
        .unwrap_or(0);
    let loose = std::fs::read_dir(&objects)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().len() == 2)
        .map(|e| std::fs::read_dir(e.path()).unwrap().count())
        .sum();
    (packs, loose)
}

fn commit_sessions(env: &TestEnv, names: &[&str]) {
    let dir = env.inputs().join(names.join("-"));
    std::fs::create_dir_all(&dir).unwrap();
    for name in names {
        write_json(&dir.join(format!("{name}.json")), &ml_session(name, 3));
    }
    env.commit(&[&dir]).success();
}

#[test]
fn a_commit_writes_its_objects_as_one_pack_that_plain_git_reads() {
    let env = TestEnv::new();
    commit_sessions(&env, &["a", "b", "c"]);
    assert_eq!(
        object_files(&env.store()),
        (1, 0),
        "one pack, no loose objects"
    );
    env.assert_fsck_clean();
    let shown = env.git(&["show", "claude-code:sessions/2025-06-01/b.jsonl"]);
    assert!(shown.contains("\"sessionId\""), "{shown}");
    // Plain git clones it, and the clone has every session.
    let clone = env.dir.path().join("clone");
    let out = std::process::Command::new("git")
        .args(["clone", "-q", "--branch", "row"])
        .arg(env.store())
        .arg(&clone)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in ["a", "b", "c"] {
        assert!(
            clone
                .join(format!("sessions/2025-06-01/{name}.jsonl"))
                .exists()
        );
    }

    let before = env.object_count();
    let again = env.commit(&[&env.inputs().join("a-b-c")]).success();
    assert!(
        again.stdout.starts_with("0 new, 0 updated, 3 unchanged"),
        "{}",
        again.stdout
    );
    assert_eq!(
        env.object_count(),
        before,
        "an unchanged re-commit writes nothing"
    );
    assert_eq!(object_files(&env.store()), (1, 0), "and no pack");
}

#[test]
fn gc_gathers_the_packs_of_several_commits_into_one() {
    let env = TestEnv::new();
    for name in ["a", "b", "c"] {
        commit_sessions(&env, &[name]);
    }
    assert_eq!(object_files(&env.store()), (3, 0));
    let objects = env.object_count();
    let tips = env.git(&["rev-parse", "claude-code", "row"]);

    let run = env.run(&["gc", "--json"]).success();
    let summary = run.json();
    assert_eq!(summary["packs_removed"], 3, "{summary}");
    assert_eq!(summary["packs_after"], 1, "{summary}");
    assert_eq!(summary["objects"], objects, "{summary}");
    assert_eq!(object_files(&env.store()), (1, 0));
    assert_eq!(env.object_count(), objects);
    assert_eq!(env.git(&["rev-parse", "claude-code", "row"]), tips);
    env.assert_fsck_clean();
    for name in ["a", "b", "c"] {
        env.git(&[
            "cat-file",
            "-e",
            &format!("row:sessions/2025-06-01/{name}.jsonl"),
        ]);
    }

    let idle = env.run(&["gc"]).success();
    assert!(
        idle.stdout.starts_with("nothing to repack (1 pack(s)"),
        "{}",
        idle.stdout
    );
}

#[test]
fn gc_packs_loose_objects_left_by_older_stores() {
    let env = TestEnv::new();
    commit_sessions(&env, &["a", "b"]);
    env.unpack_objects();
    let (_, loose) = object_files(&env.store());
    assert!(loose > 0);
    let run = env.run(&["gc"]).success();
    assert!(
        run.stdout.contains(&format!("and {loose} loose object(s)")),
        "{}",
        run.stdout
    );
    assert_eq!(object_files(&env.store()), (1, 0));
    env.assert_fsck_clean();
    // Commits after a gc find the packed objects and write nothing for unchanged sessions.
    let before = env.object_count();
    std::fs::remove_dir_all(env.store().join("traces/input-cache")).ok();
    env.commit(&[&env.inputs().join("a-b")]).success();
    assert_eq!(env.object_count(), before);
}

#[test]
fn the_commit_that_leaves_fifty_small_packs_gathers_them() {
    let env = TestEnv::new();
    let input = env.inputs().join("a.json");
    for turns in 1..=50 {
        write_json(&input, &ml_session("a", turns));
        env.commit(&[&input]).success();
        let (packs, _) = object_files(&env.store());
        assert_eq!(
            packs,
            if turns < 50 { turns } else { 1 },
            "after commit {turns}"
        );
    }
    env.assert_fsck_clean();
    assert_eq!(env.git(&["rev-list", "--count", "row"]).trim(), "50");
}
