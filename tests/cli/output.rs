//! Global output flags (`--quiet`, `-v`, `--color`) and dynamic shell completion.

use crate::support::*;

#[test]
fn quiet_keeps_data_and_errors_and_drops_the_rest() {
    let env = TestEnv::new();
    let a = env.inputs().join("a.json");
    write_json(&a, &ml_session("a", 2));
    let run = env.run(&["commit", "-q", a.to_str().unwrap()]).success();
    assert!(run.stdout.starts_with("1 new, 0 updated"), "{}", run.stdout);
    assert_eq!(run.stderr, "", "no scrub report under --quiet");

    let missing = env.inputs().join("missing.json");
    let run = env
        .run(&["--quiet", "commit", missing.to_str().unwrap()])
        .code(1);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    env.run(&["commit", "-q", "-v", a.to_str().unwrap()])
        .code(2);
}

#[test]
fn verbose_says_what_happened_to_each_session() {
    let env = TestEnv::new();
    let a = env.inputs().join("a.json");
    write_json(&a, &ml_session("a", 2));
    let run = env.run(&["-v", "commit", a.to_str().unwrap()]).success();
    assert!(
        run.stderr.contains(&format!(
            "{}: new sessions/2025-06-01/a.jsonl (ml-intern)",
            a.display()
        )),
        "{}",
        run.stderr
    );
    let run = env.run(&["commit", a.to_str().unwrap()]).success();
    assert!(!run.stderr.contains("sessions/2025-06-01/a.jsonl"));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let env = TestEnv::new();
    commit_one(&env);
    // Tests are not a terminal: auto means none.
    let plain = env.run(&["show", "nope"]).code(1);
    assert!(
        plain.stderr.starts_with("error: no session nope"),
        "{}",
        plain.stderr
    );
    assert!(!plain.stderr.contains('\u{1b}'));
    let painted = env.run(&["--color", "always", "show", "nope"]).code(1);
    assert!(painted.stderr.contains("\u{1b}["), "{}", painted.stderr);
    assert!(painted.stderr.contains("no session nope"));
    let never = env.run(&["show", "nope", "--color", "never"]).code(1);
    assert_eq!(never.stderr, plain.stderr);
    env.run(&["--color", "sometimes", "status"]).code(2);
}

/// What a shell's dynamic completion gets for the last word of `words`.
fn complete(env: &TestEnv, words: &[&str]) -> Vec<String> {
    let out = env
        .traces()
        .env("COMPLETE", "fish")
        .arg("--")
        .args(words)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

#[test]
fn remote_names_and_session_ids_complete_from_the_store() {
    let env = TestEnv::new();
    commit_one(&env);
    let backup = env.dir.path().join("backup.git");
    env.run(&["remote", "add", "backup", backup.to_str().unwrap()])
        .success();
    let remotes = complete(&env, &["traces", "push", ""]);
    for name in ["personal", "org", "backup"] {
        assert!(remotes.contains(&name.to_string()), "{remotes:?}");
    }
    assert_eq!(complete(&env, &["traces", "push", "ba"]), ["backup"]);
    assert_eq!(
        complete(&env, &["traces", "scan", "--remote", "or"]),
        ["org"]
    );
    assert_eq!(complete(&env, &["traces", "show", "a"]), ["a"]);
    assert!(complete(&env, &["traces", "show", "zz"]).is_empty());
}
