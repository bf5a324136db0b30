//! `traces config`, exit codes and output plumbing.

use crate::support::*;

#[test]
fn config_reads_writes_and_rejects_with_the_valid_choices() {
    let env = TestEnv::new();
    env.run(&["init"]).success();
    assert_eq!(
        env.run(&["config", "get", "share_traces"]).success().stdout,
        "true\n"
    );
    assert_eq!(
        env.run(&["config", "get", "personal_repo_template"])
            .success()
            .stdout,
        "{hf_user}/ml-intern-sessions\n"
    );
    env.run(&["config", "set", "share_traces", "false"])
        .success();
    env.run(&[
        "config",
        "set",
        "personal_repo_template",
        "{hf_user}/agent-sessions",
    ])
    .success();
    env.run(&["config", "set", "push_attempts", "3"]).success();
    // Plain git sees the same settings.
    assert_eq!(env.git(&["config", "traces.shareTraces"]).trim(), "false");
    assert_eq!(
        env.git(&["config", "remote.personal.url"]).trim(),
        "hf://datasets/{hf_user}/agent-sessions"
    );
    assert_eq!(env.git(&["config", "traces.pushAttempts"]).trim(), "3");

    let unknown = env.run(&["config", "set", "colour", "blue"]).code(2);
    assert!(
        unknown.stderr.contains("error: unknown setting \"colour\""),
        "{}",
        unknown.stderr
    );
    assert!(
        unknown
            .stderr
            .contains("hint: valid settings: share_traces, personal_repo_template"),
        "{}",
        unknown.stderr
    );
    let bad = env.run(&["config", "set", "push_attempts", "0"]).code(2);
    assert!(
        bad.stderr
            .contains("push_attempts takes a whole number from 1 to 100"),
        "{}",
        bad.stderr
    );
    env.run(&["config", "set", "share_traces", "maybe"]).code(2);
    env.run(&["config", "set", "org_repo", "no-slash"]).code(2);

    env.run(&["config", "unset", "push_attempts"]).success();
    env.run(&["config", "unset", "personal_repo_template"])
        .success();
    let list = env.run(&["config", "list", "--json"]).success().json();
    let value = |key: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == key)
            .unwrap()["value"]
            .clone()
    };
    assert_eq!(value("push_attempts"), "5");
    assert_eq!(value("share_traces"), "false");
    assert_eq!(
        value("personal_repo_template"),
        "{hf_user}/ml-intern-sessions"
    );
    assert!(value("hf_user").is_null());
    env.assert_fsck_clean();
}

#[test]
fn share_traces_false_skips_the_personal_remote() {
    let env = TestEnv::new();
    commit_one(&env);
    env.run(&["config", "set", "share_traces", "false"])
        .success();
    let mut cmd = env.traces();
    cmd.env("HF_TOKEN", "hf_unused_because_personal_is_off")
        .args(["push", "personal"]);
    let run = Run::from(cmd.output().unwrap()).success();
    assert!(
        run.stderr
            .contains("personal: skipped: sharing is turned off"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let env = TestEnv::new();
    let dir = env.inputs();
    for i in 0..3 {
        write_json(
            &dir.join(format!("s{i}.json")),
            &ml_session(&format!("s{i}"), 400),
        );
    }
    env.commit(&[&dir]).success();
    // The reader goes away after the first bytes of a large output.
    let mut child = env
        .traces()
        .args(["show", "s1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
