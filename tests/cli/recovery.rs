//! Crash recovery and safety: pushes killed at any moment, stale locks, corrupt objects.

use std::time::Duration;

use crate::support::*;

fn commit_batch(env: &TestEnv, round: usize, count: usize) {
    let dir = env.inputs().join(format!("round-{round:02}"));
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..count {
        write_json(
            &dir.join(format!("s{i}.json")),
            &ml_session(&format!("r{round:02}-s{i}"), 10),
        );
    }
    env.commit(&[&dir]).success();
}

#[test]
fn pushes_killed_at_random_moments_are_followed_by_a_push_that_succeeds() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    commit_batch(&env, 0, 5);
    env.run(&["push", "backup"]).success();
    // A fixed sequence of delays spread over a push's life, from exec to the ref update.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 1..=30 {
        commit_batch(&env, round, 2);
        let mut child = env
            .traces()
            .args(["push", "backup"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % 40_000));
        // SIGKILL: no handler runs, whatever the process was doing.
        let _ = child.kill();
        let _ = child.wait();
        assert_fsck_clean(&backup);
        if round % 10 == 0 {
            env.run(&["push", "backup"]).success();
        }
    }
    let last = env.run(&["push", "backup"]).success();
    assert!(!last.stderr.contains("error"), "{}", last.stderr);
    assert_fsck_clean(&backup);
    env.assert_fsck_clean();
    assert_eq!(remote_files(&backup).len(), 5 + 30 * 2);
    assert_eq!(
        git(&backup, &["rev-parse", "main"]),
        env.git(&["rev-parse", "refs/remotes/backup/main"])
    );
}

/// What a traces writer killed inside the ref update leaves in a local remote.
fn leave_debris_of_a_killed_push(backup: &std::path::Path) {
    let tip = git(backup, &["rev-parse", "main"]);
    std::fs::write(backup.join("refs/heads/main.lock"), tip).unwrap();
    std::fs::write(
        backup.join("traces.lock"),
        "pid 999999 traces push\nediting refs/heads/main\n",
    )
    .unwrap();
    std::fs::write(backup.join("objects/.tmpAbC123"), b"half an object").unwrap();
}

#[test]
fn a_ref_lock_left_by_a_killed_push_is_removed_with_a_notice() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    commit_batch(&env, 0, 1);
    env.run(&["push", "backup"]).success();
    leave_debris_of_a_killed_push(&backup);
    // Killed while recording the result: the store's own ref lock for the remote's state.
    let state_lock = env.store().join("refs/remotes/backup/main.lock");
    std::fs::write(&state_lock, b"").unwrap();
    commit_batch(&env, 1, 1);
    let run = env.run(&["push", "backup"]).success();
    assert!(
        run.stderr.contains("refs/remotes/backup/main.lock"),
        "{}",
        run.stderr
    );
    assert!(!state_lock.exists());
    assert!(
        run.stderr.contains("removed") && run.stderr.contains("main.lock"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("temporary object file"),
        "{}",
        run.stderr
    );
    assert!(!backup.join("refs/heads/main.lock").exists());
    assert!(!backup.join("objects/.tmpAbC123").exists());
    assert_fsck_clean(&backup);
    assert_eq!(remote_files(&backup).len(), 2);
}

#[test]
fn a_fresh_ref_lock_of_another_program_is_left_alone() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    commit_batch(&env, 0, 1);
    env.run(&["push", "backup"]).success();
    let tip = git(&backup, &["rev-parse", "main"]);
    std::fs::write(backup.join("refs/heads/main.lock"), &tip).unwrap();
    commit_batch(&env, 1, 1);
    env.run(&["config", "set", "push_attempts", "1"]).success();
    let run = env.run(&["push", "backup"]).code(1);
    assert!(
        run.stderr.contains("could not update refs/heads/main"),
        "{}",
        run.stderr
    );
    assert!(
        backup.join("refs/heads/main.lock").exists(),
        "not ours to remove"
    );
    assert_eq!(git(&backup, &["rev-parse", "main"]), tip);
}

#[test]
fn a_local_remote_is_created_with_its_parent_directories() {
    let env = TestEnv::new();
    commit_batch(&env, 0, 1);
    let backup = env.dir.path().join("deep/er/backup.git");
    env.run(&["remote", "add", "backup", backup.to_str().unwrap()])
        .success();
    env.run(&["push", "backup"]).success();
    assert_fsck_clean(&backup);
    assert_eq!(
        git(&backup, &["symbolic-ref", "HEAD"]).trim(),
        "refs/heads/main"
    );
    assert_eq!(remote_files(&backup).len(), 1);
}

/// Every file under `dir`, read as bytes: does any hold `needle`?
fn any_file_contains(dir: &std::path::Path, needle: &str) -> Option<std::path::PathBuf> {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(found) = any_file_contains(&path, needle) {
                return Some(found);
            }
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        {
            return Some(path);
        }
    }
    None
}

#[test]
fn a_token_in_a_remote_url_is_refused_and_never_stored_or_printed() {
    let env = TestEnv::new();
    let token = fake_secret("hf_", 34);
    // A new machine: `remote add` creates the store first.
    let url = format!("https://alice:{token}@hub.example/datasets/alice/s.git");
    let run = env.run(&["remote", "add", "team", &url]).code(1);
    assert!(run.stderr.contains("carries credentials"), "{}", run.stderr);
    assert!(
        run.stderr.contains("alice:****@hub.example"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(&token) && !run.stdout.contains(&token));
    assert!(env.store().exists(), "remote add creates the store");
    env.run(&[
        "remote",
        "add",
        "team",
        "https://hub.example/datasets/alice/s.git",
    ])
    .success();
    let run = env.run(&["remote", "set-url", "team", &url]).code(1);
    assert!(!run.stderr.contains(&token), "{}", run.stderr);
    assert_eq!(any_file_contains(&env.store(), &token), None);
}

#[test]
fn a_token_already_in_a_stores_config_is_masked_everywhere() {
    let env = TestEnv::new();
    commit_batch(&env, 0, 1);
    let token = fake_secret("hf_", 34);
    // Port 1 on loopback: nothing listens, so the push fails with a named cause.
    let url = format!("http://alice:{token}@127.0.0.1:1/alice/s.git");
    env.git(&["config", "remote.old.url", &url]);
    env.git(&["config", "remote.old.format", "claude_code"]);
    env.run(&["config", "set", "push_attempts", "1"]).success();
    let mut outputs = Vec::new();
    for args in [
        &["remote", "list"][..],
        &["remote", "list", "--json"],
        &["status"],
        &["status", "--json"],
        &["push", "old", "-v"],
        &["push", "old", "--json"],
        &["status", "--json"],
    ] {
        let run = env.run(args);
        outputs.push((args, run.code, run.stdout, run.stderr));
    }
    for (args, _, stdout, stderr) in &outputs {
        assert!(
            !stdout.contains(&token) && !stderr.contains(&token),
            "{args:?} printed the token:\n{stdout}\n{stderr}"
        );
    }
    let (_, _, list, _) = &outputs[0];
    assert!(
        list.contains("http://alice:****@127.0.0.1:1/alice/s.git"),
        "{list}"
    );
    let (_, code, _, push_err) = &outputs[4];
    assert_eq!(*code, 1, "{push_err}");
    assert!(push_err.contains("connection refused"), "{push_err}");
    assert!(push_err.contains("127.0.0.1:1"), "{push_err}");
    // The config still holds it (it was there before), but nothing traces wrote does.
    let config = std::fs::read_to_string(env.store().join("config")).unwrap();
    let rest = config.replace(&url, "");
    assert!(!rest.contains(&token));
    std::fs::write(env.store().join("config"), rest).unwrap();
    assert_eq!(any_file_contains(&env.store(), &token), None);
}

/// Overwrite the loose object of a session blob with another (valid) object's file, as a
/// damaged disk would; returns the blob's id.
fn garble_session_blob(env: &TestEnv, path_in_branch: &str) -> String {
    let id = env
        .git(&["rev-parse", &format!("claude-code:{path_in_branch}")])
        .trim()
        .to_string();
    let scratch = env.dir.path().join("scratch.git");
    git(
        env.dir.path(),
        &["init", "-q", "--bare", scratch.to_str().unwrap()],
    );
    let other = std::process::Command::new("git")
        .arg("--git-dir")
        .arg(&scratch)
        .args(["hash-object", "-w", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write as _;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"not the session\n")?;
            child.wait_with_output()
        })
        .unwrap();
    let other = String::from_utf8(other.stdout).unwrap().trim().to_string();
    let from = scratch.join("objects").join(&other[..2]).join(&other[2..]);
    let to = env.store().join("objects").join(&id[..2]).join(&id[2..]);
    assert!(to.exists(), "the session blob is a loose object");
    let mut permissions = std::fs::metadata(&to).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&to, permissions).unwrap();
    std::fs::copy(from, &to).unwrap();
    id
}

#[test]
fn a_corrupt_object_is_refused_before_it_is_sent() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    commit_batch(&env, 0, 1);
    env.run(&["push", "backup"]).success();
    let before = git(&backup, &["rev-parse", "main"]);
    commit_batch(&env, 1, 1);
    let id = garble_session_blob(&env, "sessions/2025-06-01/r01-s0.jsonl");
    let run = env.run(&["push", "backup"]).code(1);
    assert!(
        run.stderr.contains("push to backup failed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("object {id} is corrupt")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&id[2..]),
        "names the file: {}",
        run.stderr
    );
    // The remote did not move and holds nothing broken; the push is not counted.
    assert_eq!(git(&backup, &["rev-parse", "main"]), before);
    assert_fsck_clean(&backup);
    assert_eq!(
        env.git(&["rev-parse", "refs/remotes/backup/main"]),
        before,
        "state stays honest"
    );
    let status = env.run(&["status", "--json"]).success().json();
    let error = status["remotes"][0]["last_error"].as_str().unwrap();
    assert!(error.contains("corrupt"), "{error}");
}

#[test]
fn a_corrupt_object_never_reaches_the_hub() {
    let hub = crate::hub::TestHub::start();
    let token = fake_secret("hf_", 30);
    hub.add_user("alice", &token);
    let env = TestEnv::new();
    commit_batch(&env, 0, 1);
    let id = garble_session_blob(&env, "sessions/2025-06-01/r00-s0.jsonl");
    let run = Run::from(
        env.traces()
            .env("HF_ENDPOINT", &hub.url)
            .env("HF_TOKEN", &token)
            .args(["push", "personal"])
            .output()
            .unwrap(),
    )
    .code(1);
    assert!(
        run.stderr.contains(&format!("object {id} is corrupt")),
        "{}",
        run.stderr
    );
    assert!(hub.receive_pack_bytes().is_empty(), "no pack was sent");
}

fn with_hub_env(
    env: &TestEnv,
    hub: &crate::hub::TestHub,
    args: &[&str],
    vars: &[(&str, &str)],
) -> Run {
    let mut cmd = env.traces();
    cmd.env("HF_ENDPOINT", &hub.url).args(args);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    Run::from(cmd.output().unwrap())
}

#[test]
fn a_remote_skipped_because_something_failed_is_a_failure() {
    let hub = crate::hub::TestHub::start();
    let token = fake_secret("hf_", 30);
    hub.add_user("alice", &token);
    let env = TestEnv::new();
    commit_batch(&env, 0, 1);
    hub.inject(crate::hub::Fault::Status {
        path: "whoami-v2",
        status: 500,
        retry_after: None,
    });
    let run = with_hub_env(&env, &hub, &["push", "personal"], &[("HF_TOKEN", &token)]).code(1);
    assert!(
        run.stderr
            .contains("could not learn the Hugging Face user name"),
        "{}",
        run.stderr
    );
    let status = env.run(&["status", "--json"]).success().json();
    let personal = &status["remotes"][0];
    assert_eq!(personal["name"], "personal");
    assert!(
        personal["last_error"]
            .as_str()
            .unwrap()
            .contains("user name"),
        "{personal}"
    );
    // Turned off by choice: a skip, exit 0.
    env.run(&["config", "set", "share_traces", "false"])
        .success();
    let run = with_hub_env(&env, &hub, &["push", "personal"], &[("HF_TOKEN", &token)]).success();
    assert!(run.stderr.contains("skipped"), "{}", run.stderr);
}

#[test]
fn an_unset_token_variable_is_a_usage_error() {
    let env = TestEnv::new();
    commit_batch(&env, 0, 1);
    let run = env
        .run(&["push", "org", "--token-env", "NOT_SET_ANYWHERE"])
        .code(2);
    assert!(
        run.stderr
            .contains("--token-env NOT_SET_ANYWHERE: the variable is not set"),
        "{}",
        run.stderr
    );
}

#[test]
fn scanning_a_remote_never_pushed_says_so() {
    let env = TestEnv::new();
    let backup = with_backup(&env);
    commit_batch(&env, 0, 1);
    let run = env.run(&["scan", "--remote", "backup"]).code(1);
    assert!(run.stderr.contains("never pushed"), "{}", run.stderr);
    assert!(!run.stdout.contains("nothing found"), "{}", run.stdout);
    env.run(&["push", "backup"]).success();
    env.run(&["scan", "--remote", "backup"]).success();
    assert_fsck_clean(&backup);
}

#[test]
fn a_file_name_with_terminal_escapes_is_printed_escaped() {
    let env = TestEnv::new();
    let dir = env.inputs();
    // Not a session, and holding a secret: every command has something to say about it.
    let line = format!("{{\"note\": \"{}\"}}\n", fake_secret("ghp_", 36));
    for ext in ["json", "jsonl"] {
        let evil = dir.join(format!("evil\u{1b}[31m\u{1b}]0;title\u{7}.{ext}"));
        std::fs::write(&evil, &line).unwrap();
    }
    for args in [&["commit"][..], &["lint"], &["scan"]] {
        let run = Run::from(env.traces().args(args).arg(&dir).output().unwrap());
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(
            !all.contains('\u{1b}') && !all.contains('\u{7}'),
            "{args:?}: {all:?}"
        );
        assert!(
            all.contains("evil\\033[31m\\033]0;title\\007.json"),
            "{args:?}: {all}"
        );
    }
}

#[test]
fn files_starting_with_a_byte_order_mark_are_read_and_a_pass_through_keeps_it() {
    let env = TestEnv::new();
    let dir = env.inputs();
    let bom = "\u{feff}";
    let ml = serde_json::to_string_pretty(&ml_session("bom-ml", 3)).unwrap();
    std::fs::write(dir.join("ml.json"), format!("{bom}{ml}")).unwrap();
    let transcript = fixture_text("claude_code_real_lines.jsonl");
    std::fs::write(dir.join("cc.jsonl"), format!("{bom}{transcript}")).unwrap();
    let run = env.commit(&[&dir]).success();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let files = tree_paths(&env.store(), "claude-code");
    let sessions: Vec<_> = files
        .iter()
        .filter(|p| p.starts_with("sessions/"))
        .collect();
    assert_eq!(sessions.len(), 2, "{files:?}");
    let ml_path = sessions.iter().find(|p| p.contains("bom-ml")).unwrap();
    let cc_path = sessions.iter().find(|p| !p.contains("bom-ml")).unwrap();
    // The rendering made from the ml-intern session has none; the pass-through keeps its own.
    let rendered = env.git(&["show", &format!("claude-code:{ml_path}")]);
    assert!(!rendered.starts_with(bom));
    let kept = env.git(&["show", &format!("claude-code:{cc_path}")]);
    assert!(kept.starts_with(bom), "{:?}", &kept[..20]);
    let first = kept[bom.len()..].lines().next().unwrap();
    serde_json::from_str::<serde_json::Value>(first).expect("the first line after it is JSON");
    assert_eq!(kept.lines().count(), transcript.lines().count());
    env.run(&["lint", dir.join("cc.jsonl").to_str().unwrap()])
        .success();
    env.assert_fsck_clean();
}

#[test]
fn a_retry_after_above_the_cap_stops_the_push_with_when_to_run_again() {
    let hub = crate::hub::TestHub::start();
    let token = fake_secret("hf_", 30);
    hub.add_user("alice", &token);
    let env = TestEnv::new();
    commit_batch(&env, 0, 1);
    hub.inject(crate::hub::Fault::Status {
        path: "info/refs",
        status: 429,
        retry_after: Some(3600),
    });
    let started = std::time::Instant::now();
    let run = with_hub_env(&env, &hub, &["push", "personal"], &[("HF_TOKEN", &token)]).code(1);
    // Not a timing claim: an hour-long sleep would hang the test, anything else passes.
    assert!(started.elapsed() < Duration::from_secs(120));
    assert!(
        run.stderr.contains("the server asked to wait 3600s")
            && run.stderr.contains("run again after"),
        "{}",
        run.stderr
    );
    let status = env.run(&["status", "--json"]).success().json();
    assert!(
        status["remotes"][0]["last_error"]
            .as_str()
            .unwrap()
            .contains("asked to wait"),
        "{status}"
    );
    assert!(
        env.git(&["for-each-ref", "refs/remotes/personal"])
            .is_empty()
    );
    // Once the server lets it, the next push goes through.
    with_hub_env(&env, &hub, &["push", "personal"], &[("HF_TOKEN", &token)]).success();
}

/// Hold a lock file of the store the way another traces process would.
fn hold_lock(path: &std::path::Path, holder: &str) -> std::fs::File {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, format!("{holder}\n")).unwrap();
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.lock().unwrap();
    file
}

#[test]
fn a_held_lock_is_reported_with_its_holder_and_waited_for_up_to_a_bound() {
    let env = TestEnv::new();
    commit_batch(&env, 0, 1);
    env.run(&["config", "set", "lock_wait_secs", "2"]).success();
    let lock = env.store().join("traces/write.lock");
    let held = hold_lock(&lock, "pid 4242 traces commit");
    let dir = env.inputs().join("more");
    std::fs::create_dir_all(&dir).unwrap();
    write_json(&dir.join("m.json"), &ml_session("more", 2));
    let run = env.commit(&[&dir]).code(1);
    assert!(
        run.stderr.contains("waiting for") && run.stderr.contains("held by pid 4242 traces commit"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("gave up after 2s"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    // Released while a commit waits: it goes on and lands. (Setting the bound takes the
    // same lock, so let go of it meanwhile.)
    drop(held);
    env.run(&["config", "set", "lock_wait_secs", "60"])
        .success();
    let held = hold_lock(&lock, "pid 4242 traces commit");
    let mut child = env
        .traces()
        .arg("commit")
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Let go only once the commit said it waits (however slow the machine is to get there).
    let stderr = child.stderr.take().unwrap();
    let (said, heard) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        for line in std::io::BufRead::lines(std::io::BufReader::new(stderr)) {
            let line = line.unwrap();
            if line.contains("held by pid 4242") {
                let _ = said.send(());
            }
            text.push_str(&line);
            text.push('\n');
        }
        text
    });
    let waited = heard.recv_timeout(Duration::from_secs(50));
    drop(held);
    let status = child.wait().unwrap();
    let stderr = reader.join().unwrap();
    assert!(waited.is_ok(), "the commit never said it waits: {stderr}");
    assert!(status.success(), "{stderr}");
    assert_eq!(tree_paths(&env.store(), "row").len(), 2);

    // A push lock held the same way.
    let backup = with_backup_only(&env);
    env.run(&["config", "set", "lock_wait_secs", "1"]).success();
    let _push = hold_lock(
        &env.store().join("traces/push-backup.lock"),
        "pid 77 traces sync",
    );
    let run = env.run(&["push", "backup"]).code(1);
    assert!(
        run.stderr.contains("held by pid 77 traces sync"),
        "{}",
        run.stderr
    );
    assert!(!backup.exists(), "nothing sent");
}

/// An existing store whose only remote is a local bare repository.
fn with_backup_only(env: &TestEnv) -> std::path::PathBuf {
    let backup = env.dir.path().join("backup.git");
    for name in ["personal", "org"] {
        env.run(&["remote", "remove", name]).success();
    }
    env.run(&["remote", "add", "backup", backup.to_str().unwrap()])
        .success();
    backup
}

#[test]
fn a_thousand_files_that_are_not_sessions_give_a_bounded_stderr() {
    let env = TestEnv::new();
    let dir = env.inputs();
    for i in 0..1000 {
        std::fs::write(
            dir.join(format!("config-{i:04}.json")),
            br#"{"setting": true}"#,
        )
        .unwrap();
    }
    for i in 0..3 {
        std::fs::write(dir.join(format!("broken-{i}.json")), b"{oops").unwrap();
    }
    write_json(&dir.join("good.json"), &ml_session("good", 2));
    let run = env.commit(&[&dir]).code(1);
    let lines = run.stderr.lines().count();
    assert!(lines < 20, "{lines} lines:\n{}", run.stderr);
    assert!(
        run.stderr.contains("1000 files refused: not a session"),
        "{}",
        run.stderr
    );
    // A kind with few files is still listed file by file.
    assert_eq!(run.stderr.matches("broken-").count(), 3, "{}", run.stderr);
    assert!(run.stdout.contains("1 new"), "{}", run.stdout);

    let all = Run::from(
        env.traces()
            .args(["commit", "-v"])
            .arg(&dir)
            .output()
            .unwrap(),
    );
    assert!(all.stderr.matches("config-").count() >= 1000);
    let json = Run::from(
        env.traces()
            .args(["commit", "--json"])
            .arg(&dir)
            .output()
            .unwrap(),
    );
    assert_eq!(json.json()["rejected"].as_array().unwrap().len(), 1003);
}

#[test]
fn a_file_over_the_size_limit_is_refused_and_the_rest_committed() {
    let env = TestEnv::new();
    let dir = env.inputs();
    write_json(&dir.join("good.json"), &ml_session("good", 2));
    // Over a 1 MiB limit, and never read: its content does not matter.
    let big = dir.join("huge.jsonl");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(3 << 20).unwrap();
    env.run(&["init"]).success();
    env.run(&["config", "set", "max_input_mib", "1"]).success();
    let run = env.commit(&[&dir]).code(1);
    assert!(
        run.stderr.contains(
            "huge.jsonl: the file is 3145728 bytes, over the input limit of 1048576 bytes"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(tree_paths(&env.store(), "row").len(), 1);
    env.assert_fsck_clean();
}

#[test]
fn two_sessions_whose_ids_look_like_tokens_stay_two_files() {
    let env = TestEnv::new();
    let dir = env.inputs();
    let first = fake_secret("ghp_", 36);
    // The same alphabet, shifted: as token-shaped as the first.
    let second = format!("ghp_{}", &fake_secret("", 40)[3..39]);
    for (name, id) in [("one.json", &first), ("two.json", &second)] {
        write_json(&dir.join(name), &ml_session(id, 2));
    }
    env.commit(&[&dir]).success();
    for branch in ["claude-code", "row"] {
        let sessions: Vec<_> = tree_paths(&env.store(), branch)
            .into_iter()
            .filter(|p| p.starts_with("sessions/"))
            .collect();
        assert_eq!(sessions.len(), 2, "{branch}: {sessions:?}");
        assert!(
            sessions.iter().all(|p| p.contains("/redacted-")),
            "{sessions:?}"
        );
    }
    let listing = env.git(&["ls-tree", "-r", "claude-code"]);
    assert!(!listing.contains(&first) && !listing.contains(&second));
    // Stable: committing again changes nothing.
    let again = env.commit(&[&dir]).success();
    assert!(
        again.stdout.contains("nothing to commit"),
        "{}",
        again.stdout
    );
}

#[test]
fn temporary_object_files_left_by_a_killed_commit_are_removed_by_the_next() {
    let env = TestEnv::new();
    commit_batch(&env, 0, 1);
    let objects = env.store().join("objects");
    let old = objects.join(".tmpKilled1");
    let young = objects.join(".tmpLive2");
    std::fs::write(&old, b"half an object").unwrap();
    std::fs::write(&young, b"being written").unwrap();
    let file = std::fs::File::options().write(true).open(&old).unwrap();
    file.set_modified(std::time::SystemTime::now() - Duration::from_secs(2 * 3600))
        .unwrap();
    commit_batch(&env, 1, 1);
    assert!(!old.exists(), "a killed writer's file is removed");
    assert!(young.exists(), "a live writer's may be in use");
    env.assert_fsck_clean();
}

/// Overwrite a loose object's file with another object's file, as a damaged disk would.
fn garble_object(env: &TestEnv, id: &str) {
    let donor = env
        .git(&["rev-parse", "claude-code:README.md"])
        .trim()
        .to_string();
    let from = env
        .store()
        .join("objects")
        .join(&donor[..2])
        .join(&donor[2..]);
    let to = env.store().join("objects").join(&id[..2]).join(&id[2..]);
    assert!(to.exists(), "{id} is a loose object");
    let mut permissions = std::fs::metadata(&to).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&to, permissions).unwrap();
    std::fs::copy(from, &to).unwrap();
}

#[test]
fn fsck_finds_a_damaged_tree_and_repair_rebuilds_it_from_the_sources() {
    let env = TestEnv::new();
    let logs = env.inputs().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    for id in ["a", "b", "c"] {
        write_json(&logs.join(format!("{id}.json")), &ml_session(id, 2));
    }
    env.run(&["init"]).success();
    add_source(&env, &logs, "auto");
    env.commit(&[&logs]).success();
    let clean = env.run(&["fsck"]).success();
    assert!(
        clean.stderr.contains("the store is sound"),
        "{}",
        clean.stderr
    );

    let tree = env
        .git(&["rev-parse", "claude-code:sessions/2025-06-01"])
        .trim()
        .to_string();
    garble_object(&env, &tree);
    let found = env.run(&["fsck"]).code(1);
    assert!(
        found.stdout.contains(&format!(
            "corrupt object {tree} (reached from refs/heads/claude-code"
        )),
        "{}",
        found.stdout
    );
    assert!(
        found.stderr.contains("traces fsck --repair"),
        "{}",
        found.stderr
    );
    let json = env.run(&["fsck", "--json"]).code(1).json();
    assert_eq!(json["damaged"][0]["id"], tree.as_str());
    assert_eq!(json["ok"], false);

    let repaired = env.run(&["fsck", "--repair"]).success();
    assert!(
        repaired
            .stderr
            .contains(&format!("restored {tree} from the sources")),
        "{}",
        repaired.stderr
    );
    assert!(
        repaired.stderr.contains("sound again"),
        "{}",
        repaired.stderr
    );
    env.assert_fsck_clean();
    assert!(env.store().join("traces/lost-found").join(&tree).exists());
    // The store works again: a new session lands, and a push goes through.
    write_json(&logs.join("d.json"), &ml_session("d", 2));
    env.commit(&[&logs]).success();
    env.assert_fsck_clean();
    assert_eq!(tree_paths(&env.store(), "row").len(), 4);
}

#[test]
fn fsck_repair_says_what_the_sources_cannot_rebuild() {
    let env = TestEnv::new();
    commit_batch(&env, 0, 1);
    let blob = env
        .git(&["rev-parse", "claude-code:sessions/2025-06-01/r00-s0.jsonl"])
        .trim()
        .to_string();
    garble_object(&env, &blob);
    // No source holds the session: it cannot come back, and fsck says so.
    std::fs::remove_dir_all(env.inputs().join("round-00")).unwrap();
    let run = env.run(&["fsck", "--repair"]).code(1);
    assert!(
        run.stderr.contains("could not be recovered"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&blob), "{}", run.stderr);
}

#[test]
fn a_request_that_times_out_says_so_with_the_host() {
    let hub = crate::hub::TestHub::start();
    let token = fake_secret("hf_", 30);
    hub.add_user("alice", &token);
    let env = TestEnv::new();
    commit_batch(&env, 0, 1);
    env.git(&["config", "traces.pushAttempts", "1"]);
    env.git(&["config", "traces.timeoutSecs", "1"]);
    hub.inject(crate::hub::Fault::Drop {
        path: "git-receive-pack",
    });
    let run = with_hub_env(&env, &hub, &["push", "personal"], &[("HF_TOKEN", &token)]).code(1);
    let host = hub.url.trim_start_matches("http://").trim_end_matches('/');
    assert!(run.stderr.contains("timed out"), "{}", run.stderr);
    assert!(run.stderr.contains(host), "{host}: {}", run.stderr);
    assert!(!run.stderr.contains(&token));
}
