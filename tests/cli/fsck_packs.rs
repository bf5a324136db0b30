//! `traces fsck --repair` with damage inside a pack: the pack is verified entry by entry
//! against its index, rewritten without the damaged entries, and what the sources can give
//! back is written again. Checked with real git.

use std::path::{Path, PathBuf};

use crate::support::*;

fn store_with_sources(env: &TestEnv) -> PathBuf {
    let logs = env.inputs().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    for id in ["a", "b", "c"] {
        write_json(&logs.join(format!("{id}.json")), &ml_session(id, 2));
    }
    env.run(&["init"]).success();
    add_source(env, &logs, "auto");
    env.commit(&[&logs]).success();
    logs
}

/// Flip the bits of one byte inside the pack entry of `id` (past its headers), as a damaged
/// disk would; returns the pack.
fn garble_in_pack(env: &TestEnv, id: &str) -> PathBuf {
    let pack_dir = env.store().join("objects/pack");
    for entry in std::fs::read_dir(&pack_dir).unwrap().flatten() {
        let index = entry.path();
        if index.extension().is_none_or(|e| e != "idx") {
            continue;
        }
        let listing = env
            .command("git")
            .arg("--git-dir")
            .arg(env.store())
            .arg("show-index")
            .stdin(std::fs::File::open(&index).unwrap())
            .output()
            .unwrap();
        let listing = String::from_utf8(listing.stdout).unwrap();
        let Some(offset) = listing
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(id))
            .and_then(|l| l.split_whitespace().next())
            .map(|o| o.parse::<usize>().unwrap())
        else {
            continue;
        };
        let pack = index.with_extension("pack");
        let mut bytes = std::fs::read(&pack).unwrap();
        bytes[offset + 8] ^= 0xff;
        let mut permissions = std::fs::metadata(&pack).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        permissions.set_readonly(false);
        std::fs::set_permissions(&pack, permissions).unwrap();
        std::fs::write(&pack, bytes).unwrap();
        return pack;
    }
    panic!("{id} is in no pack");
}

fn git_fsck_fails(store: &Path) -> bool {
    !std::process::Command::new("git")
        .arg("--git-dir")
        .arg(store)
        .args(["fsck", "--strict"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap()
        .status
        .success()
}

#[test]
fn repair_rewrites_a_pack_without_its_damaged_entry_and_rebuilds_it_from_the_sources() {
    let env = TestEnv::new();
    let logs = store_with_sources(&env);
    let blob = env
        .git(&["rev-parse", "claude-code:sessions/2025-06-01/b.jsonl"])
        .trim()
        .to_string();
    let sibling = env
        .git(&["rev-parse", "claude-code:sessions/2025-06-01/a.jsonl"])
        .trim()
        .to_string();
    let pack = garble_in_pack(&env, &blob);
    assert!(git_fsck_fails(&env.store()), "git sees the damage too");

    let found = env.run(&["fsck"]).code(1);
    assert!(
        found.stdout.contains(&format!("corrupt object {blob}")),
        "{}",
        found.stdout
    );
    let json = env.run(&["fsck", "--json"]).code(1).json();
    assert_eq!(
        json["damaged_pack_entries"][0]["id"],
        blob.as_str(),
        "{json}"
    );

    let repaired = env.run(&["fsck", "--repair"]).success();
    assert!(
        repaired
            .stderr
            .contains("rewrote a pack without its 1 damaged entry"),
        "{}",
        repaired.stderr
    );
    assert!(
        repaired
            .stderr
            .contains(&format!("restored {blob} from the sources")),
        "{}",
        repaired.stderr
    );
    assert!(
        repaired.stderr.contains("sound again"),
        "{}",
        repaired.stderr
    );
    env.assert_fsck_clean();
    // The good entries of the damaged pack were kept, the damaged pack set aside.
    assert!(env.git(&["cat-file", "-p", &sibling]).contains("\"a\""));
    assert!(env.git(&["cat-file", "-p", &blob]).contains("\"b\""));
    assert!(!pack.exists());
    let name = pack.file_name().unwrap();
    assert!(env.store().join("traces/lost-found").join(name).exists());
    env.run(&["fsck"]).success();
    // The store works on: a new session lands.
    write_json(&logs.join("d.json"), &ml_session("d", 2));
    env.commit(&[&logs]).success();
    env.assert_fsck_clean();
    assert_eq!(tree_paths(&env.store(), "row").len(), 4);
}

#[test]
fn repair_keeps_every_sound_entry_and_names_what_no_source_gives_back() {
    let env = TestEnv::new();
    let logs = store_with_sources(&env);
    let blob = env
        .git(&["rev-parse", "claude-code:sessions/2025-06-01/b.jsonl"])
        .trim()
        .to_string();
    garble_in_pack(&env, &blob);
    std::fs::remove_file(logs.join("b.json")).unwrap();
    let objects = env.object_count();

    let run = env.run(&["fsck", "--repair"]).code(1);
    assert!(
        run.stderr.contains("could not be recovered"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&blob), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("rewrote a pack without its 1 damaged entry"),
        "{}",
        run.stderr
    );
    // Only the damaged object is gone; git finds it missing, nothing corrupt.
    assert_eq!(env.object_count(), objects - 1);
    let fsck = std::process::Command::new("git")
        .arg("--git-dir")
        .arg(env.store())
        .args(["fsck", "--strict"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    let report =
        String::from_utf8_lossy(&fsck.stdout).to_string() + &String::from_utf8_lossy(&fsck.stderr);
    assert!(report.contains(&format!("missing blob {blob}")), "{report}");
    assert!(!report.contains("corrupt"), "{report}");
}
