//! A secret found in one commit is redacted in later ones, and the store keeps only digests.

use serde_json::json;

use crate::support::{TestEnv, ml_session, write_json};

#[test]
fn a_secret_found_in_one_commit_is_redacted_in_a_later_session() {
    let env = TestEnv::new();
    // A password with no vendor shape: only its assignment gives it away.
    let secret = ["Pw4", "kR8", "zN2", "qT6"].concat();
    let first = env.inputs().join("first.json");
    let mut session = ml_session("first", 1);
    session["messages"][1]["content"] = json!(format!("export DB_PASSWORD={secret}"));
    write_json(&first, &session);
    env.commit(&[&first]).success();

    let memory = std::fs::read_to_string(env.store().join("traces/remembered-secrets")).unwrap();
    assert!(!memory.contains(&secret), "only salted digests are kept");
    assert_eq!(
        memory.lines().count(),
        3,
        "a header, the salt, one digest: {memory}"
    );

    let later = env.inputs().join("later.json");
    let mut session = ml_session("later", 1);
    session["messages"][1]["content"] = json!(format!("now try {secret} again"));
    write_json(&later, &session);
    let run = env.commit(&[&later]).success();
    assert!(run.stderr.contains("known-secret 1"), "{}", run.stderr);
    let all = env.git(&["cat-file", "--batch-all-objects", "--batch"]);
    assert!(!all.contains(&secret));
    assert!(all.contains("now try [REDACTED:known-secret] again"));

    let scan = env.run(&["scan", later.to_str().unwrap()]).code(1);
    assert!(scan.stdout.contains("known-secret"), "{}", scan.stdout);
}

#[test]
fn a_damaged_memory_stops_the_commit_and_names_the_file() {
    let env = TestEnv::new();
    crate::support::commit_one(&env);
    let file = env.store().join("traces/remembered-secrets");
    std::fs::write(&file, "garbage\n").unwrap();
    let input = env.inputs().join("b.json");
    write_json(&input, &ml_session("b", 1));
    let run = env.commit(&[&input]).code(1);
    assert!(run.stderr.contains("remembered-secrets"), "{}", run.stderr);
    assert!(run.stderr.contains("line 1"), "{}", run.stderr);
}
