//! `traces scan`, custom rules (fail closed), known secrets and home paths through the CLI.

use serde_json::json;

use crate::support::*;

fn transcript_line(session: &str, text: &str) -> String {
    json!({"type": "user", "sessionId": session, "timestamp": "2025-06-01T10:00:00Z",
           "cwd": "/home/alice/project", "message": {"role": "user", "content": text}})
    .to_string()
}

/// A transcript `traces commit` takes: the user's line and an answer (the Hub needs both).
fn transcript(session: &str, text: &str) -> String {
    let answer = json!({"type": "assistant", "sessionId": session, "timestamp": "2025-06-01T10:00:01Z",
           "message": {"role": "assistant", "content": [{"type": "text", "text": "ok"}]}});
    format!("{}\n{answer}\n", transcript_line(session, text))
}

#[test]
fn scan_lists_findings_by_file_line_and_path_and_never_the_value() {
    let env = TestEnv::new();
    let secret = fake_secret("ghp_", 36);
    let dirty = env.inputs().join("dirty.jsonl");
    let text = format!(
        "{}\n{}\n",
        transcript_line("s1", "hello"),
        transcript_line("s1", &format!("push with {secret}"))
    );
    std::fs::write(&dirty, text).unwrap();
    let clean = env.inputs().join("clean.jsonl");
    std::fs::write(&clean, "{\"type\":\"user\",\"message\":\"hi\"}\n").unwrap();

    let run = env.run(&["scan", dirty.to_str().unwrap()]).code(1);
    let name = dirty.display().to_string();
    assert!(
        run.stdout
            .contains(&format!("{name}:2: github-pat at $.message.content")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("{name}:1: home-path at $.cwd"))
    );
    assert!(
        run.stderr
            .contains("scanned 1 file: 1 secret (github-pat 1, home-path 2)"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains(&secret) && !run.stderr.contains(&secret));

    let json = env
        .run(&["scan", "--json", dirty.to_str().unwrap()])
        .code(1)
        .json();
    assert_eq!(json["secrets"], 1);
    assert_eq!(json["files"][0]["counts"]["github-pat"], 1);
    assert_eq!(json["files"][0]["findings"][2]["line"], 2);

    let run = env.run(&["scan", clean.to_str().unwrap()]).success();
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("scanned 1 file: nothing found"));
    // Scanning files needs no store and creates none.
    assert!(!env.store().exists());
    env.run(&["scan"]).code(2);
}

#[test]
fn a_broken_custom_rule_stops_every_commit_until_it_is_fixed() {
    let env = TestEnv::new();
    env.run(&["init"]).success();
    let rules = env.store().join("traces/scrub-rules.json");
    let write_rules = |sample: &str| {
        let rule = json!({"rules": [{"id": "acme-key", "regex": "acme_[0-9a-f]{16}",
            "keywords": ["acme_"], "matches": [sample], "non_matches": ["acme_0"]}]});
        std::fs::write(&rules, rule.to_string()).unwrap();
    };
    let key = format!("acme_{}", "0123456789abcdef");
    let input = env.inputs().join("s.jsonl");
    std::fs::write(&input, transcript("s-acme", &format!("key {key}"))).unwrap();

    write_rules("acme_too_short");
    let refused = env.commit(&[&input]).code(1);
    assert!(
        refused.stderr.contains(
            "scrub-rules.json: $.rules[0].matches[0]: the rule finds nothing in this sample"
        ),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("hint: "), "{}", refused.stderr);
    assert_eq!(env.git(&["for-each-ref"]), "", "nothing was committed");
    env.assert_fsck_clean();
    let check = env.run(&["scan", "--check-rules"]).code(1);
    assert!(check.stderr.contains("$.rules[0].matches[0]"));

    write_rules(&key);
    assert!(
        env.run(&["scan", "--check-rules"])
            .success()
            .stdout
            .contains("1 custom rule in")
    );
    env.commit(&[&input]).success();
    let stored = env.run(&["show", "s-acme"]).success().stdout;
    assert!(stored.contains("key [REDACTED:acme-key]"), "{stored}");
    assert!(!stored.contains(&key));
}

#[test]
fn known_secrets_go_by_value_and_home_paths_follow_the_config() {
    let env = TestEnv::new();
    // Neither value has a shape any rule knows: only their being known catches them.
    let token = "plainhubtokenvalue";
    let password = "correcthorsebattery";
    let input = env.inputs().join("s.jsonl");
    std::fs::write(
        &input,
        transcript(
            "s-known",
            &format!("tokens {token} and {password}; read /etc/svc/creds.json"),
        ),
    )
    .unwrap();
    let mut cmd = env.traces();
    cmd.env("HF_TOKEN", token)
        .env("BILLING_DB_PASSWORD", password)
        .env("SERVICE_CREDENTIALS", "/etc/svc/creds.json")
        .arg("commit")
        .arg(&input);
    let run = Run::from(cmd.output().unwrap()).success();
    assert!(run.stderr.contains("known-secret 2"), "{}", run.stderr);
    let stored = env.run(&["show", "s-known"]).success().stdout;
    assert!(
        stored.contains(
            "tokens [REDACTED:known-secret] and [REDACTED:known-secret]; read /etc/svc/creds.json"
        ),
        "{stored}"
    );
    assert!(stored.contains("\"cwd\":\"~/project\""), "{stored}");

    env.run(&["config", "set", "scrub_home_paths", "false"])
        .success();
    let later = env.inputs().join("later.jsonl");
    std::fs::write(&later, transcript("s-home", "hi")).unwrap();
    env.commit(&[&later]).success();
    let stored = env.run(&["show", "s-home"]).success().stdout;
    assert!(
        stored.contains("\"cwd\":\"/home/alice/project\""),
        "{stored}"
    );
}
