//! Real `~/.claude/projects` trees recorded by other people (`../shared/fixtures/real-sessions`,
//! see its PROVENANCE.md), read in place, never copied into the project. When the directory is
//! absent the tests say so and pass.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::*;

fn real_projects() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/real-sessions/claude_code/claude-code-log-real_projects");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

/// Every `*.json` / `*.jsonl` file under `dir`, as `traces commit` walks them.
fn inputs(dir: &Path, out: &mut BTreeSet<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        let path = entry.path();
        if kind.is_dir() {
            inputs(&path, out);
        } else if kind.is_file()
            && matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "jsonl")
            )
        {
            out.insert(path);
        }
    }
}

/// The `type` of each line that parses as an object.
fn line_types(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .map(|v| v["type"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn sources(list: &Value) -> BTreeSet<PathBuf> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| PathBuf::from(s["source"].as_str().unwrap()))
        .collect()
}

#[test]
fn real_claude_code_projects_are_committed_whole() {
    let Some(projects) = real_projects() else {
        return;
    };
    let env = TestEnv::new();
    let run = env
        .run(&["commit", "--json", projects.to_str().unwrap()])
        .success();
    let summary = run.json();
    assert_eq!(
        summary["rejected"].as_array().unwrap().len(),
        0,
        "{summary}"
    );

    // Every file is committed, skipped or held back, and each for what it really is.
    let mut all = BTreeSet::new();
    inputs(&projects, &mut all);
    let committed = sources(&summary["sessions"]);
    let skipped = sources(&summary["skipped"]);
    let held_back = sources(&summary["held_back"]);
    let accounted: BTreeSet<PathBuf> = committed
        .iter()
        .chain(&skipped)
        .chain(&held_back)
        .cloned()
        .collect();
    assert_eq!(accounted, all);
    assert_eq!(committed.len() + skipped.len() + held_back.len(), all.len());
    for path in &skipped {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let types = line_types(&text);
        assert!(
            text.trim().is_empty()
                || name.ends_with(".meta.json")
                || !types.iter().any(|t| t == "user" || t == "assistant"),
            "{} is a conversation",
            path.display()
        );
    }
    for path in &held_back {
        let types = line_types(&std::fs::read_to_string(path).unwrap());
        assert!(
            !(types.iter().any(|t| t == "user") && types.iter().any(|t| t == "assistant")),
            "{} has a user and an assistant line",
            path.display()
        );
    }

    // Every committed file holds every line of its source, in order, at the path its name
    // gives (a line may differ only where scrubbing redacted something).
    let mut stored_paths = BTreeSet::new();
    for session in summary["sessions"].as_array().unwrap() {
        let source = std::fs::read_to_string(session["source"].as_str().unwrap()).unwrap();
        let name = session["session_id"].as_str().unwrap();
        let path = traces::formats::session_path(session["date"].as_str().unwrap(), name);
        let stored = env.git(&["show", &format!("claude-code:{path}")]);
        let source_lines: Vec<&str> = source.lines().filter(|l| !l.trim().is_empty()).collect();
        let stored_lines: Vec<&str> = stored.lines().collect();
        assert_eq!(source_lines.len(), stored_lines.len(), "{path}");
        for (i, (a, b)) in source_lines.iter().zip(&stored_lines).enumerate() {
            if a != b {
                // Scrubbed (a redaction, a home path): the same line, keys in their order.
                let (a, b): (Value, Value) = (
                    serde_json::from_str(a).unwrap(),
                    serde_json::from_str(b).unwrap(),
                );
                let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
                assert_eq!(keys(&a), keys(&b), "{path}: line {}", i + 1);
                assert_eq!(
                    (&a["uuid"], &a["type"]),
                    (&b["uuid"], &b["type"]),
                    "{path}: line {}",
                    i + 1
                );
            }
        }
        // A subagent's transcript sits beside its parent, named after its file.
        let file = Path::new(session["source"].as_str().unwrap());
        let stem = file.file_stem().unwrap().to_str().unwrap();
        if stem.starts_with("agent-") {
            assert!(
                path.ends_with(&format!("/subagents/{stem}.jsonl")),
                "{path}"
            );
        } else {
            assert_eq!(name, stem, "{}", file.display());
        }
        assert!(stored_paths.insert(path.clone()), "{path} twice");
    }

    // The Hub's detection and the linter hold for every committed file.
    let lint = env
        .run(&["lint", "--branch", "claude-code", "--json"])
        .success()
        .json();
    let files = lint["files"].as_array().unwrap();
    assert_eq!(files.len(), committed.len());
    assert!(files.iter().all(|f| f["total"] == 0), "{lint}");
    env.assert_fsck_clean();

    // A second run changes nothing.
    let tip = env.git(&["rev-parse", "claude-code"]);
    let again = env.commit(&[&projects]).success();
    assert!(
        again.stdout.contains("nothing to commit"),
        "{}",
        again.stdout
    );
    assert_eq!(env.git(&["rev-parse", "claude-code"]), tip);

    // Subagent files committed alone first change nothing else: the whole tree ends the same.
    let subagents: Vec<&PathBuf> = committed
        .iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("agent-")
        })
        .collect();
    assert!(!subagents.is_empty());
    let first = TestEnv::new();
    for sub in &subagents {
        first.commit(&[sub.as_path()]).success();
    }
    first.commit(&[&projects]).success();
    assert_eq!(
        first.git(&["rev-parse", "claude-code^{tree}"]),
        env.git(&["rev-parse", "claude-code^{tree}"])
    );
}
