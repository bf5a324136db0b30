//! `--quiet` keeps stderr to errors and warnings, waits included.

use crate::support::*;

#[test]
fn a_lock_wait_is_not_told_under_quiet_and_its_bound_still_is() {
    let env = TestEnv::new();
    let dir = env.inputs().join("one");
    std::fs::create_dir_all(&dir).unwrap();
    write_json(&dir.join("a.json"), &ml_session("a", 2));
    env.commit(&[&dir]).success();
    env.run(&["config", "set", "lock_wait_secs", "2"]).success();
    // Held the way another traces process holds it.
    let lock = env.store().join("traces/write.lock");
    std::fs::write(&lock, "pid 4242 traces commit\n").unwrap();
    let held = std::fs::File::options().write(true).open(&lock).unwrap();
    held.lock().unwrap();
    write_json(&dir.join("b.json"), &ml_session("b", 2));
    let run = env
        .run(&["--quiet", "commit", dir.to_str().unwrap()])
        .code(1);
    // Only the error and its hint: no line telling of the wait.
    assert!(
        run.stderr
            .lines()
            .all(|line| line.starts_with("error:") || line.starts_with("hint:")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("gave up after 2s"), "{}", run.stderr);
    // Without --quiet the same wait is told, with its holder.
    let run = env.run(&["commit", dir.to_str().unwrap()]).code(1);
    assert!(
        run.stderr
            .lines()
            .any(|line| line.starts_with("waiting for") && line.contains("held by pid 4242")),
        "{}",
        run.stderr
    );
    drop(held);
}
