//! Golden files for the renderings. Fixtures hold `@@NAME@@` placeholders that become fake
//! secrets at run time; the golden files show what the store holds.
//!
//! After an intended change of output: `TRACES_UPDATE_GOLDEN=1 cargo test --test cli golden`.

use std::path::{Path, PathBuf};

use crate::support::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// The fixture with its placeholders replaced by fake secrets, and the secrets used.
pub(crate) fn materialise(name: &str, env: &TestEnv) -> (PathBuf, Vec<String>) {
    let mut text = std::fs::read_to_string(fixtures().join("fixtures").join(name)).unwrap();
    let secrets = [
        ("@@HF_TOKEN@@", fake_secret("hf_", 34)),
        ("@@OPENAI@@", fake_secret("sk-proj-", 48)),
        ("@@BEARER@@", fake_secret("", 40)),
        ("@@GITHUB@@", fake_secret("ghp_", 40)),
    ];
    for (placeholder, secret) in &secrets {
        text = text.replace(placeholder, secret);
    }
    assert!(!text.contains("@@"), "unknown placeholder in {name}");
    let path = env.inputs().join(name);
    std::fs::write(&path, text).unwrap();
    (path, secrets.into_iter().map(|(_, s)| s).collect())
}

pub(crate) fn check_golden(name: &str, actual: &str) {
    let path = fixtures().join("golden").join(name);
    if std::env::var_os("TRACES_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with TRACES_UPDATE_GOLDEN=1",
            path.display()
        )
    });
    assert_eq!(actual, expected, "golden file {name} differs");
}

#[test]
fn ml_intern_session_renders_to_the_golden_files() {
    let env = TestEnv::new();
    let (input, secrets) = materialise("ml_intern_full.json", &env);
    let run = env.commit(&[&input]).success();
    let id = "6c1f7a52-3e9b-4d0a-8f21-9b4e2d7c1a05";
    let claude = env.run(&["show", id]).success().stdout;
    let row = env.run(&["show", id, "--format", "row"]).success().stdout;
    for secret in &secrets {
        assert!(!claude.contains(secret) && !row.contains(secret) && !run.stderr.contains(secret));
    }
    check_golden("ml_intern_full.claude_code.jsonl", &claude);
    check_golden("ml_intern_full.row.jsonl", &row);
    // The date is the one written in the start time, not converted to UTC.
    assert_eq!(
        tree_paths(&env.store(), "row"),
        ["sessions/2025-06-01/6c1f7a52-3e9b-4d0a-8f21-9b4e2d7c1a05.jsonl"]
    );
}

#[test]
fn claude_code_transcript_passes_through_scrubbed() {
    let env = TestEnv::new();
    let (input, secrets) = materialise("claude_code_transcript.jsonl", &env);
    env.commit(&[&input]).success();
    let out = env
        .run(&["show", "b7e4c1d2-5a6f-4b3c-9d8e-7f6a5b4c3d2e"])
        .success()
        .stdout;
    assert!(!out.contains(&secrets[0]));
    check_golden("claude_code_transcript.jsonl", &out);
    // The agent's own bytes, except the redacted token and the home directory.
    let original = std::fs::read_to_string(&input).unwrap();
    assert_eq!(original.lines().count(), out.lines().count());
    for (before, after) in original.lines().zip(out.lines()) {
        let expected = before
            .replace(&secrets[0], "[REDACTED:hf-token]")
            .replace("\"/home/dev/", "\"~/");
        assert_eq!(after, expected, "only the findings change");
    }
    assert_eq!(original.lines().next(), out.lines().next(), "a clean line");
}

#[test]
fn a_claude_code_project_tree_commits_to_the_golden_layout() {
    // Every shape Claude Code leaves in a project directory (see the fixture's file names):
    // a main session with progress and attachment links, a subagent in each layout, a sidecar,
    // a warm-up subagent, an empty file, a summary-only file, a resumed session, and a last
    // line still being written.
    let env = TestEnv::new();
    let tree = fixtures().join("fixtures").join("claude_code_tree");
    let run = env.run(&["commit", "-v", tree.to_str().unwrap()]).success();
    let listing = env.git(&["ls-tree", "-r", "--name-only", "claude-code"]);
    let lint = env.run(&["lint", "--branch", "claude-code"]).success();
    let text = format!(
        "$ traces commit -v <tree>\n{}{}\n$ git ls-tree -r --name-only claude-code\n{listing}\n$ traces lint --branch claude-code\n{}",
        run.stderr,
        run.stdout,
        lint.stderr
    )
    .replace(&format!("{}/", tree.display()), "<tree>/");
    // The commit id also covers the dataset card, which is not what this file is about.
    let tip = env.git(&["rev-parse", "--short=10", "claude-code"]);
    let text = text.replace(tip.trim(), "<commit>");
    check_golden("claude_code_tree.txt", &text);
    // Each committed transcript keeps its lines; the unfinished one only its complete ones.
    let growing = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
    let stored = env.run(&["show", growing]).success().stdout;
    let source =
        std::fs::read_to_string(tree.join(format!("-home-dev-app/{growing}.jsonl"))).unwrap();
    let complete = &source[..source.rfind('\n').unwrap() + 1];
    assert_eq!(stored.lines().count(), complete.lines().count());
}
