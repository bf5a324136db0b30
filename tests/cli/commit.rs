//! `traces commit`: semantics, determinism, bad input, validity of the store after each write.

use serde_json::json;

use crate::support::*;

#[test]
fn first_commit_creates_the_store_and_both_branches() {
    let env = TestEnv::new();
    let input = env.inputs().join("session_a.json");
    write_json(&input, &ml_session("sess-a", 3));
    let run = env.commit(&[&input]).success();
    assert!(
        run.stdout
            .starts_with("1 new, 0 updated, 0 unchanged, 0 rejected; committed claude-code "),
        "{}",
        run.stdout
    );
    env.assert_fsck_clean();
    assert_eq!(
        tree_paths(&env.store(), "claude-code"),
        [
            ".gitattributes",
            "README.md",
            "sessions/2025-06-01/sess-a.jsonl"
        ]
    );
    assert_eq!(
        tree_paths(&env.store(), "row"),
        ["sessions/2025-06-01/sess-a.jsonl"]
    );
    // HEAD names the viewer rendering so plain `git log` in the store works.
    assert!(
        env.git(&["log", "--format=%an <%ae> %s"])
            .starts_with("Test Author <test@example.com> Add 1 session")
    );
    let card = env.git(&["show", "claude-code:README.md"]);
    assert!(card.contains("path: \"sessions/**/*.jsonl\""));
}

#[test]
fn heartbeat_rewrite_makes_no_commit_and_no_object() {
    let env = TestEnv::new();
    let input = env.inputs().join("session_a.json");
    let mut session = ml_session("sess-a", 2);
    write_json(&input, &session);
    env.commit(&[&input]).success();
    let tip = env.git(&["rev-parse", "claude-code", "row"]);
    let objects = env.object_count();

    // A heartbeat rewrites the file with a new save time and identical content.
    session["last_save_time"] = json!("2025-06-01T11:01:00+02:00");
    write_json(&input, &session);
    let run = env.commit(&[&input]).success();
    assert!(
        run.stdout
            .starts_with("0 new, 0 updated, 1 unchanged, 0 rejected; nothing to commit"),
        "{}",
        run.stdout
    );
    assert_eq!(env.git(&["rev-parse", "claude-code", "row"]), tip);
    assert_eq!(env.object_count(), objects, "no new object");
}

#[test]
fn a_grown_session_replaces_its_file_and_history_keeps_the_old_one() {
    let env = TestEnv::new();
    let input = env.inputs().join("session_a.json");
    write_json(&input, &ml_session("sess-a", 2));
    env.commit(&[&input]).success();
    let old = env.git(&["show", "claude-code:sessions/2025-06-01/sess-a.jsonl"]);

    write_json(&input, &ml_session("sess-a", 3));
    let run = env.commit(&[&input]).success();
    assert!(
        run.stdout.starts_with("0 new, 1 updated, 0 unchanged"),
        "{}",
        run.stdout
    );
    env.assert_fsck_clean();
    let new = env.git(&["show", "claude-code:sessions/2025-06-01/sess-a.jsonl"]);
    assert_eq!(new.lines().count(), old.lines().count() + 3);
    assert!(
        new.starts_with(&old),
        "the rendering of the first messages is stable"
    );
    assert_eq!(
        env.git(&["show", "claude-code~1:sessions/2025-06-01/sess-a.jsonl"]),
        old
    );
    assert_eq!(env.git(&["rev-list", "--count", "row"]).trim(), "2");
}

#[test]
fn one_run_makes_at_most_one_commit_per_branch() {
    let env = TestEnv::new();
    let dir = env.inputs();
    for i in 0..5 {
        write_json(
            &dir.join(format!("s{i}.json")),
            &ml_session(&format!("sess-{i}"), 1),
        );
    }
    env.commit(&[&dir]).success();
    assert_eq!(env.git(&["rev-list", "--count", "claude-code"]).trim(), "1");
    assert_eq!(env.git(&["rev-list", "--count", "row"]).trim(), "1");
    assert_eq!(tree_paths(&env.store(), "row").len(), 5);
}

#[test]
fn same_input_and_clock_give_identical_files_and_commit_ids() {
    let a = TestEnv::new();
    let b = TestEnv::new();
    for env in [&a, &b] {
        let dir = env.inputs();
        write_json(&dir.join("one.json"), &ml_session("sess-1", 4));
        write_json(&dir.join("two.json"), &ml_session("sess-2", 2));
        env.commit(&[&dir]).success();
    }
    let ids = |env: &TestEnv| env.git(&["rev-parse", "claude-code", "row"]);
    assert_eq!(ids(&a), ids(&b));
}

#[test]
fn claude_code_inputs_go_to_the_claude_code_branch_only() {
    let env = TestEnv::new();
    let input = env.inputs().join("transcript.jsonl");
    let lines = [
        json!({"type": "user", "sessionId": "cc-1", "timestamp": "2025-05-02T01:02:03.000Z", "uuid": "u1", "parentUuid": null, "message": {"role": "user", "content": "hello"}}),
        json!({"type": "assistant", "sessionId": "cc-1", "timestamp": "2025-05-02T01:02:04.000Z", "uuid": "u2", "parentUuid": "u1", "message": {"role": "assistant", "content": [{"type": "text", "text": "hi"}]}}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&input, &text).unwrap();
    env.commit(&[&input]).success();
    assert_eq!(
        env.git(&["show", "claude-code:sessions/2025-05-02/cc-1.jsonl"]),
        text
    );
    assert!(
        env.git(&["branch", "--list", "row"]).is_empty(),
        "no row branch"
    );
}

#[test]
fn secrets_never_reach_the_store_and_the_report_names_rules_only() {
    let env = TestEnv::new();
    let input = env.inputs().join("s.json");
    let hf = fake_secret("hf_", 34);
    let gh = fake_secret("ghp_", 36);
    let mut session = ml_session("sess-secret", 1);
    session["messages"][1]["content"] = json!(format!(
        "use {hf} and Authorization: Bearer {}",
        fake_secret("", 30)
    ));
    session["messages"][2]["tool_calls"][0]["function"]["arguments"] =
        json!(format!("{{\"token\": \"{gh}\"}}"));
    write_json(&input, &session);
    let run = env.commit(&[&input]).success();
    assert!(
        run.stderr
            .contains("scrubbed: bearer-token 1, github-pat 1, hf-token 1"),
        "{}",
        run.stderr
    );
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains(&hf) && !text.contains(&gh));
    }
    // Every object in the store, decompressed, is free of the secrets.
    let all = env.git(&["cat-file", "--batch-all-objects", "--batch"]);
    assert!(
        !all.contains(&hf)
            && !all.contains(&gh)
            && !all.contains("Zq7Xw3Rt9Lm2Np5Ks8Jd4Hf6Gb1Vc0Ya")
    );
    assert!(all.contains("[REDACTED:hf-token]"));
    let message = env.git(&["log", "-1", "--format=%B", "claude-code"]);
    assert!(
        message.contains("Scrubbed: bearer-token=1, github-pat=1, hf-token=1"),
        "{message}"
    );
}

#[test]
fn bad_files_are_named_skipped_and_the_rest_is_committed() {
    let env = TestEnv::new();
    let dir = env.inputs();
    write_json(&dir.join("good.json"), &ml_session("good", 1));
    let mut no_id = ml_session("x", 1);
    no_id.as_object_mut().unwrap().remove("session_id");
    write_json(&dir.join("no_id.json"), &no_id);
    write_json(&dir.join("escape.json"), &ml_session("../../outside", 1));
    write_json(&dir.join("long_id.json"), &ml_session(&"x".repeat(201), 1));
    write_json(&dir.join("control.json"), &ml_session("a\u{1b}b", 1));
    std::fs::write(
        dir.join("malformed.json"),
        "{\n  \"session_id\": \"m\",\n  \"messages\": [,]\n}\n",
    )
    .unwrap();
    // Cut short in the middle, not at the end where Claude Code is still writing.
    std::fs::write(
        dir.join("truncated.jsonl"),
        "{\"type\":\"user\",\"sessionId\":\"t\"}\n{\"type\":\"assis\n{}\n",
    )
    .unwrap();
    std::fs::write(dir.join("binary.json"), b"{\"a\": \"\x00\x01\x02\"}").unwrap();
    std::fs::write(dir.join("latin1.json"), b"{\"session_id\": \"caf\xe9\"}").unwrap();
    std::fs::write(dir.join("empty.json"), "").unwrap();
    std::fs::write(dir.join("notes.txt"), "not a session, not walked").unwrap();

    let run = env.commit(&[&dir]).code(1);
    assert!(
        run.stdout
            .starts_with("1 new, 0 updated, 0 unchanged, 8 rejected, 1 skipped;"),
        "{}",
        run.stdout
    );
    let expect = [
        ("binary.json", "binary data (a NUL byte) at line 1"),
        ("control.json", "unsafe session id"),
        ("escape.json", "it contains a path separator"),
        ("latin1.json", "invalid UTF-8 at line 1, column 20"),
        ("long_id.json", "it is longer than 200 bytes"),
        (
            "malformed.json",
            "malformed JSON at line 3, column 16: expected value",
        ),
        ("no_id.json", "$.session_id: missing"),
        (
            "truncated.jsonl",
            "malformed JSON at line 2, column 14: EOF while parsing a string",
        ),
    ];
    for (file, message) in expect {
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no error for {file}:\n{}", run.stderr));
        assert!(
            line.starts_with("error: ") && line.contains(message),
            "{file}: {line}"
        );
    }
    // An empty file is not a session yet, and not an error.
    assert!(!run.stderr.contains("empty.json"), "{}", run.stderr);
    assert_eq!(
        tree_paths(&env.store(), "row"),
        ["sessions/2025-06-01/good.jsonl"]
    );
    env.assert_fsck_clean();
    // Nothing was written anywhere but inside the store.
    assert!(!env.dir.path().join("outside.jsonl").exists());
}

#[test]
fn a_fifty_megabyte_line_is_refused_by_name() {
    let env = TestEnv::new();
    let dir = env.inputs();
    let mut big = ml_session("big", 1);
    big["messages"][1]["content"] = json!("a".repeat(50 * 1024 * 1024));
    std::fs::write(dir.join("big.json"), serde_json::to_vec(&big).unwrap()).unwrap();
    write_json(&dir.join("ok.json"), &ml_session("ok", 1));
    let run = env.commit(&[&dir]).code(1);
    assert!(
        run.stderr.contains("big.json: line 1 is 52429"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("over the limit of 33554432 bytes"));
    assert_eq!(
        tree_paths(&env.store(), "row"),
        ["sessions/2025-06-01/ok.jsonl"]
    );
}

#[test]
fn directories_are_walked_without_following_symlinks() {
    let env = TestEnv::new();
    let dir = env.inputs();
    std::fs::create_dir_all(dir.join("nested/deeper")).unwrap();
    write_json(
        &dir.join("nested/deeper/inner.json"),
        &ml_session("inner", 1),
    );
    let outside = env.dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    write_json(&outside.join("elsewhere.json"), &ml_session("elsewhere", 1));
    std::os::unix::fs::symlink(&outside, dir.join("link")).unwrap();
    std::os::unix::fs::symlink(outside.join("elsewhere.json"), dir.join("file-link.json")).unwrap();
    env.commit(&[&dir]).success();
    assert_eq!(
        tree_paths(&env.store(), "row"),
        ["sessions/2025-06-01/inner.jsonl"]
    );
}

#[test]
fn a_missing_path_is_an_error_but_the_others_are_committed() {
    let env = TestEnv::new();
    let input = env.inputs().join("a.json");
    write_json(&input, &ml_session("a", 1));
    let missing = env.dir.path().join("nope.json");
    let run = env.commit(&[&missing, &input]).code(1);
    assert!(
        run.stderr.contains("nope.json: no such file or directory"),
        "{}",
        run.stderr
    );
    assert_eq!(tree_paths(&env.store(), "row").len(), 1);
}

#[test]
fn a_session_killed_writer_leaves_a_valid_store() {
    use std::time::Duration;
    let env = TestEnv::new();
    let dir = env.inputs();
    for i in 0..40 {
        write_json(
            &dir.join(format!("s{i:02}.json")),
            &ml_session(&format!("sess-{i:02}"), 20),
        );
    }
    env.run(&["init"]).success();
    for round in 0..25u64 {
        let mut child = env.traces().arg("commit").arg(&dir).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(3 * round));
        // SIGKILL: no handler runs, whatever the process was doing.
        let _ = child.kill();
        let _ = child.wait();
        env.assert_fsck_clean();
    }
    env.commit(&[&dir]).success();
    env.assert_fsck_clean();
    assert_eq!(tree_paths(&env.store(), "row").len(), 40);
}

/// Sets a file's modification time an hour back, so the input cache trusts its stamp.
fn age(path: &std::path::Path) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    file.set_modified(old).unwrap();
}

#[test]
fn a_rewrite_with_the_same_size_and_mtime_is_still_read_again() {
    let env = TestEnv::new();
    let input = env.inputs().join("a.json");
    write_json(&input, &ml_session("a", 2));
    age(&input);
    let mtime = std::fs::metadata(&input).unwrap().modified().unwrap();
    env.commit(&[&input]).success();
    env.commit(&[&input]).success(); // answered from the input cache

    // Same length, same mtime, different content: only the change time tells.
    let text = std::fs::read_to_string(&input)
        .unwrap()
        .replace("loss=0.000", "loss=0.999");
    std::fs::write(&input, text).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&input)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let run = env.commit(&[&input]).success();
    assert!(run.stdout.starts_with("0 new, 1 updated"), "{}", run.stdout);
    assert!(
        env.git(&["show", "row:sessions/2025-06-01/a.jsonl"])
            .contains("loss=0.999")
    );
}

#[test]
fn a_cached_rendering_whose_blob_vanished_is_rendered_again() {
    let env = TestEnv::new();
    let input = env.inputs().join("a.json");
    write_json(&input, &ml_session("a", 2));
    age(&input);
    env.commit(&[&input]).success();
    let blob = env.git(&["rev-parse", "claude-code:sessions/2025-06-01/a.jsonl"]);
    let blob = blob.trim();
    env.unpack_objects();
    std::fs::remove_file(
        env.store()
            .join("objects")
            .join(&blob[..2])
            .join(&blob[2..]),
    )
    .unwrap();

    let run = env.commit(&[&input]).success();
    assert!(
        run.stdout.starts_with("0 new, 0 updated, 1 unchanged"),
        "{}",
        run.stdout
    );
    env.assert_fsck_clean();
}

#[test]
fn the_scrub_report_of_a_cached_session_is_kept() {
    let env = TestEnv::new();
    let input = env.inputs().join("a.json");
    let mut session = ml_session("a", 1);
    session["messages"][1]["content"] = json!(format!("key {}", fake_secret("hf_", 34)));
    write_json(&input, &session);
    age(&input);
    let first = env.commit(&[&input]).success();
    let second = env.commit(&[&input]).success();
    assert!(first.stderr.contains("scrubbed: hf-token 1"));
    assert_eq!(first.stderr, second.stderr);
}

#[test]
fn a_large_session_is_stored_as_a_small_one_would_be() {
    // Above the size where inputs are parsed from the file and renderings streamed into the store.
    let env = TestEnv::new();
    let input = env.inputs().join("big.json");
    let secret = fake_secret("hf_", 34);
    let mut session = ml_session("big", 8_000);
    session["messages"][1]["content"] = json!(format!("use {secret} please"));
    write_json(&input, &session);
    let bytes = std::fs::read(&input).unwrap();
    assert!(bytes.len() > traces::formats::STREAM_ABOVE_BYTES);

    env.commit(&[&input]).success();
    env.assert_fsck_clean();
    let expected = traces::formats::read(&bytes, &traces::scrub::Scrubber::default()).unwrap();
    let path = "sessions/2025-06-01/big.jsonl";
    for (branch, rendering) in [
        ("claude-code", traces::formats::Rendering::ClaudeCode),
        ("row", traces::formats::Rendering::Row),
    ] {
        let stored = env.git(&["show", &format!("{branch}:{path}")]);
        assert!(!stored.contains(&secret));
        assert!(
            stored.as_bytes() == expected.render(rendering).unwrap(),
            "{branch} differs"
        );
    }

    // The large Claude Code rendering read back as an input keeps every byte.
    let other = TestEnv::new();
    let transcript = other.inputs().join("big.jsonl");
    std::fs::write(
        &transcript,
        env.git(&["show", &format!("claude-code:{path}")]),
    )
    .unwrap();
    other.commit(&[&transcript]).success();
    other.assert_fsck_clean();
    assert_eq!(
        other.git(&["rev-parse", &format!("claude-code:{path}")]),
        env.git(&["rev-parse", &format!("claude-code:{path}")])
    );
}
