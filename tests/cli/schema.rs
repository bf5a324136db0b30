//! Rendered Claude Code lines against a JSON Schema of the full line, written from the lines
//! Claude Code itself writes (`tests/fixtures/claude_code_real_lines.jsonl` holds real-shaped
//! samples, which the schema must accept too).

use std::path::Path;

use serde_json::{Value, json};

use crate::support::*;

fn tests_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests"))
}

fn validator() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(tests_dir().join("schema/claude_code_line.schema.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).expect("a valid schema")
}

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every schema violation of every line, located.
fn violations(validator: &jsonschema::Validator, name: &str, lines: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        for error in validator.iter_errors(line) {
            out.push(format!(
                "{name}:{}: {} at {}",
                i + 1,
                error,
                error.instance_path()
            ));
        }
    }
    out
}

#[test]
fn the_schema_accepts_the_lines_claude_code_writes() {
    let validator = validator();
    let text = fixture_text("claude_code_real_lines.jsonl");
    let real = lines(&text);
    assert!(real.len() >= 5);
    assert_eq!(violations(&validator, "real", &real), Vec::<String>::new());
}

#[test]
fn the_schema_rejects_the_seed_s_minimal_line() {
    let validator = validator();
    let minimal = json!({
        "type": "assistant",
        "message": {"role": "assistant", "model": "m", "content": [{"type": "text", "text": "hi"}]},
        "uuid": "443a4584-03a8-5a1d-5b2a-d326726fdb46",
        "parentUuid": null,
        "sessionId": "s",
        "timestamp": "2025-06-01T10:00:00Z",
    });
    let errors: Vec<String> = validator
        .iter_errors(&minimal)
        .map(|e| e.to_string())
        .collect();
    for field in [
        "isSidechain",
        "userType",
        "cwd",
        "version",
        "id",
        "stop_reason",
        "usage",
    ] {
        assert!(
            errors.iter().any(|e| e.contains(&format!("\"{field}\""))),
            "{field} not required: {errors:?}"
        );
    }
}

#[test]
fn every_rendered_line_matches_the_full_claude_code_line_schema() {
    let validator = validator();
    let env = TestEnv::new();
    let mut inputs = Vec::new();
    // The golden fixture (every message shape the spec names) and generated sessions.
    let fixture = fixture_text("ml_intern_full.json")
        .replace("@@HF_TOKEN@@", &fake_secret("hf_", 34))
        .replace("@@OPENAI@@", &fake_secret("sk-proj-", 48))
        .replace("@@BEARER@@", &fake_secret("", 40))
        .replace("@@GITHUB@@", &fake_secret("ghp_", 40));
    let full = env.inputs().join("full.json");
    std::fs::write(&full, fixture).unwrap();
    inputs.push(full);
    for (id, turns) in [("one", 1), ("many", 25)] {
        let path = env.inputs().join(format!("{id}.json"));
        write_json(&path, &ml_session(id, turns));
        inputs.push(path);
    }
    let paths: Vec<&Path> = inputs.iter().map(|p| p.as_path()).collect();
    env.commit(&paths).success();

    let mut checked = 0;
    let mut problems = Vec::new();
    for path in tree_paths(&env.store(), "claude-code") {
        if !path.starts_with("sessions/") {
            continue;
        }
        let rendered = lines(&env.git(&["show", &format!("claude-code:{path}")]));
        checked += rendered.len();
        problems.extend(violations(&validator, &path, &rendered));
    }
    assert!(checked > 50, "only {checked} lines checked");
    assert_eq!(problems, Vec::<String>::new());
}
