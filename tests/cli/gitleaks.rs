//! Rule files in gitleaks' TOML format scrub commits, and one that does not compile stops them.

use serde_json::json;

use crate::support::{TestEnv, ml_session, write_json};

const RULES: &str = r#"
[[rules]]
id = "acme-key"
regex = '''acme_[a-z0-9]{24}'''
keywords = ["acme_"]
"#;

#[test]
fn a_gitleaks_rule_scrubs_commits_and_a_broken_one_stops_them() {
    let env = TestEnv::new();
    crate::support::commit_one(&env);
    std::fs::write(env.store().join("traces/gitleaks.toml"), RULES).unwrap();
    let key = format!("acme_{}", "k3".repeat(12));
    let input = env.inputs().join("b.json");
    let mut session = ml_session("b", 1);
    session["messages"][1]["content"] = json!(format!("use {key} now"));
    write_json(&input, &session);
    let run = env.commit(&[&input]).success();
    assert!(run.stderr.contains("gitleaks-acme-key 1"), "{}", run.stderr);
    let all = env.git(&["cat-file", "--batch-all-objects", "--batch"]);
    assert!(!all.contains(&key));

    let check = env.run(&["scan", "--check-rules"]).success();
    assert!(
        check.stdout.contains("1 gitleaks rule in"),
        "{}",
        check.stdout
    );

    std::fs::write(
        env.store().join("traces/gitleaks.toml"),
        "[[rules]]\nid = \"x\"\nregex = '''(unclosed'''\n",
    )
    .unwrap();
    let input = env.inputs().join("c.json");
    write_json(&input, &ml_session("c", 1));
    let run = env.commit(&[&input]).code(1);
    assert!(
        run.stderr.contains("gitleaks.toml: rules[0].regex"),
        "{}",
        run.stderr
    );
    assert!(
        env.git(&["log", "--format=%s", "claude-code"])
            .lines()
            .count()
            == 2,
        "nothing more was committed"
    );
}
