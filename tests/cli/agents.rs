//! Codex, Pi, OpenClaw and Factory Droid sessions: detected by content, passed through
//! scrubbed, linted by their own rules, and counted per agent.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::golden::{check_golden, materialise};
use crate::support::*;

/// (fixture, session id, date, harness)
const FIXTURES: [(&str, &str, &str, &str); 4] = [
    (
        "codex_rollout.jsonl",
        "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        "2025-09-14",
        "codex",
    ),
    (
        "pi_session.jsonl",
        "7f3e2d1c-0b9a-4876-a543-210fedcba987",
        "2025-11-02",
        "pi",
    ),
    (
        "droid_session.jsonl",
        "4c5d6e7f-8091-4a2b-b3c4-d5e6f7a8b9c0",
        "2026-03-10",
        "droid",
    ),
    (
        "openclaw_session.jsonl",
        "2b3c4d5e-6f70-4819-9a2b-3c4d5e6f7081",
        "2026-02-20",
        "openclaw",
    ),
];

#[test]
fn each_agent_passes_through_scrubbed_to_the_golden_files() {
    for (fixture, id, date, harness) in FIXTURES {
        let env = TestEnv::new();
        let (input, secrets) = materialise(fixture, &env);
        let run = env.commit(&[&input]).success();
        assert!(run.stdout.contains("1 new"), "{fixture}: {}", run.stdout);
        let out = env.run(&["show", id]).success().stdout;
        for secret in &secrets {
            assert!(
                !out.contains(secret) && !run.stderr.contains(secret),
                "{fixture}"
            );
        }
        check_golden(fixture, &out);
        // Every line kept, in order; lines without a finding byte for byte.
        let original = std::fs::read_to_string(&input).unwrap();
        assert_eq!(original.lines().count(), out.lines().count(), "{fixture}");
        for (before, after) in original.lines().zip(out.lines()) {
            if !secrets.iter().any(|s| before.contains(s)) && !before.contains("/home/tester/") {
                assert_eq!(before, after, "{fixture}: a clean line changed");
            }
        }
        // One file per session, on the branch the personal remote pushes; no org row.
        assert_eq!(
            tree_paths(&env.store(), "claude-code"),
            [
                ".gitattributes".to_string(),
                "README.md".to_string(),
                format!("sessions/{date}/{id}.jsonl")
            ]
        );
        let refs = env.git(&["for-each-ref", "--format=%(refname)", "refs/heads"]);
        assert_eq!(
            refs.trim(),
            "refs/heads/claude-code",
            "{fixture}: no org row"
        );
        let json = env
            .run(&["commit", "--json", input.to_str().unwrap()])
            .success()
            .json();
        assert_eq!(json["sessions"][0]["format"], harness, "{fixture}");
        env.assert_fsck_clean();
    }
}

#[test]
fn a_file_of_no_known_format_is_refused_with_the_formats_traces_knows() {
    let env = TestEnv::new();
    let input = env.inputs().join("chat.jsonl");
    std::fs::write(
        &input,
        "{\"created_at\":\"2025-09-10T12:00:00Z\",\"role\":\"user\",\"message\":\"hi\"}\n",
    )
    .unwrap();
    let run = env.commit(&[&input]).code(1);
    assert!(run.stderr.contains("chat.jsonl"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("not a session of a format traces knows (ml-intern, Claude Code, Codex, Pi, OpenClaw, Factory Droid)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("no line carries"), "{}", run.stderr);
}

#[test]
fn a_session_the_hub_would_not_recognise_waits_until_it_would() {
    let env = TestEnv::new();
    let (input, _) = materialise("codex_rollout.jsonl", &env);
    let full = std::fs::read_to_string(&input).unwrap();
    // Just started: only the session_meta line.
    std::fs::write(&input, format!("{}\n", full.lines().next().unwrap())).unwrap();
    let run = env.commit(&[&input]).code(1);
    assert!(
        run.stderr
            .contains("the Hub would not recognise this Codex session, so it is not committed"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[format]"), "{}", run.stderr);
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["branches"][0]["sessions"], 0);
    std::fs::write(&input, full).unwrap();
    env.commit(&[&input]).success();
    assert_eq!(tree_paths(&env.store(), "claude-code").len(), 3);
}

#[test]
fn lint_checks_each_format_by_its_own_rules() {
    let env = TestEnv::new();
    let mut inputs = Vec::new();
    for (fixture, ..) in FIXTURES {
        inputs.push(materialise(fixture, &env).0);
    }
    let mut cmd = env.traces();
    cmd.arg("lint").args(&inputs);
    let run = Run::from(cmd.output().unwrap()).success();
    assert!(run.stderr.contains("4 clean"), "{}", run.stderr);

    // A Pi entry without its timestamp, a Codex line without its payload.
    let broken = env.inputs().join("broken_pi.jsonl");
    let text =
        fixture_text("pi_session.jsonl").replace(",\"timestamp\":\"2025-11-02T19:04:05.710Z\"", "");
    std::fs::write(&broken, text).unwrap();
    let run = env.run(&["lint", broken.to_str().unwrap()]).code(1);
    assert_eq!(
        run.stdout.trim(),
        format!("{}:3: $.timestamp: missing [field]", broken.display())
    );
}

#[test]
fn status_and_log_count_sessions_per_agent() {
    let env = TestEnv::new();
    let claude = env.inputs().join("claude.jsonl");
    std::fs::write(&claude, fixture_text("claude_code_transcript.jsonl")).unwrap();
    let codex = materialise("codex_rollout.jsonl", &env).0;
    env.commit(&[&claude]).success();
    env.commit(&[&codex, &materialise("pi_session.jsonl", &env).0])
        .success();
    let status = env.run(&["status", "--json"]).success().json();
    let branch = &status["branches"][0];
    assert_eq!(branch["branch"], "claude-code");
    assert_eq!(
        branch["agents"],
        serde_json::json!({"claude_code": 1, "codex": 1, "pi": 1})
    );
    let text = env.run(&["status"]).success().stdout;
    assert!(text.contains("claude_code 1, codex 1, pi 1"), "{text}");
    let log = env.run(&["log", "--json"]).success().json();
    assert_eq!(log[0]["agents"], branch["agents"]);
    assert_eq!(log[1]["agents"], serde_json::json!({"claude_code": 1}));
}

fn real_sessions() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real-sessions");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn jsonl_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            jsonl_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "jsonl") {
            out.push(path);
        }
    }
}

/// The first line's object, as the agent reads it back to tell its own files.
fn first_line(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(text.lines().next().unwrap()).unwrap()
}

#[test]
fn real_codex_and_pi_sessions_are_committed_line_for_line() {
    let Some(real) = real_sessions() else { return };
    let env = TestEnv::new();
    let mut files = Vec::new();
    jsonl_files(&real.join("codex"), &mut files);
    jsonl_files(&real.join("pi"), &mut files);
    assert!(!files.is_empty());
    let run = env
        .traces()
        .arg("commit")
        .arg("--json")
        .args(&files)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&run.stdout).unwrap();
    let committed: Vec<&Value> = json["sessions"].as_array().unwrap().iter().collect();
    let rejected = json["rejected"].as_array().unwrap();
    for file in &files {
        let first = first_line(file);
        // A file is a session when its first line is the header its agent writes.
        let header = first["type"] == "session_meta" || first["type"] == "session";
        let source = file.display().to_string();
        let error = rejected.iter().find(|r| r["source"] == source.as_str());
        if !header {
            // Never committed: refused with a message of its own format, or, holding no
            // conversation at all (usage records only), skipped quietly.
            let skipped = json["skipped"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["source"] == source.as_str());
            assert!(
                !committed.iter().any(|s| s["source"] == source.as_str()),
                "{source} has no session header yet was committed"
            );
            match error {
                Some(error) => assert!(
                    !error["error"].as_str().unwrap().contains("no line carries"),
                    "{error}"
                ),
                None => assert!(skipped, "{source} is neither refused nor skipped"),
            }
            continue;
        }
        assert!(error.is_none(), "{source}: {error:?}");
        let session = committed
            .iter()
            .find(|s| s["source"] == source.as_str())
            .unwrap_or_else(|| panic!("{source} was not committed"));
        let id = session["session_id"].as_str().unwrap();
        let expected_id = first["payload"]["id"]
            .as_str()
            .or(first["id"].as_str())
            .unwrap();
        assert_eq!(id, expected_id, "{source}: the id is the one in the header");
        let stored = env.run(&["show", id]).success().stdout;
        let original = std::fs::read_to_string(file).unwrap();
        let original: Vec<&str> = original.lines().filter(|l| !l.trim().is_empty()).collect();
        let stored: Vec<&str> = stored.lines().collect();
        assert_eq!(original.len(), stored.len(), "{source}");
        for (before, after) in original.iter().zip(&stored) {
            // Same line (its `type` and keys in order); byte for byte when nothing was found.
            let (b, a): (Value, Value) = (
                serde_json::from_str(before).unwrap(),
                serde_json::from_str(after).unwrap(),
            );
            assert_eq!(b["type"], a["type"], "{source}: lines out of order");
            let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(&b), keys(&a), "{source}");
            if !after.contains("[REDACTED:") && !after.contains("~/") {
                assert_eq!(before, after, "{source}: a clean line changed");
            }
        }
    }
    assert!(committed.len() >= 9, "{json}");
    // The Hub's detection holds for every stored file, whichever of them comes first.
    // (Claude Code fixtures may have findings of their own: only `format` matters here.)
    let lint = env
        .run(&["lint", "--branch", "claude-code", "--json"])
        .json();
    for file in lint["files"].as_array().unwrap() {
        let findings = file["findings"].as_array().unwrap();
        assert!(
            findings.iter().all(|f| f["check"] != "format"),
            "{}: {findings:?}",
            file["path"]
        );
    }
    env.assert_fsck_clean();
}

#[test]
fn a_dataset_mixing_claude_code_codex_and_pi_still_reads_as_agent_traces() {
    let Some(real) = real_sessions() else { return };
    let env = TestEnv::new();
    let claude = real.join("claude_code/claude-code-transcripts/sample_session.jsonl");
    let codex = real.join("codex/claude-code-transcripts/sample_codex_session.jsonl");
    let pi = real.join("pi/pi-mono/large-session.jsonl");
    env.commit(&[&claude, &codex, &pi]).success();
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(
        status["branches"][0]["agents"],
        serde_json::json!({"claude_code": 1, "codex": 1, "pi": 1})
    );
    // The Hub picks the format from the first file of the data_files glob; each file of the
    // mix passes its own format check, so the dataset is agent traces whichever sorts first.
    // (Claude Code fixtures may have findings of their own: only `format` matters here.)
    let lint = env
        .run(&["lint", "--branch", "claude-code", "--json"])
        .json();
    let files = lint["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    for file in files {
        let findings = file["findings"].as_array().unwrap();
        assert!(findings.iter().all(|f| f["check"] != "format"), "{file}");
    }
    let card = env.git(&["show", "claude-code:README.md"]);
    assert!(card.contains("path: \"sessions/**/*.jsonl\""), "{card}");
}

#[test]
fn source_add_infers_known_directories_and_detect_finds_every_agent() {
    let env = TestEnv::new();
    let home = env.home();
    for dir in [
        ".claude/projects/-app",
        ".codex/sessions/2025/09/14",
        ".pi/agent/sessions",
    ] {
        std::fs::create_dir_all(home.join(dir)).unwrap();
    }
    // A known directory, named without --format: the agent's format.
    let codex = home.join(".codex/sessions");
    env.run(&["source", "add", codex.to_str().unwrap()])
        .success();
    let run = env.run(&["source", "add", "--detect"]).success();
    assert!(run.stderr.contains("is already a source"), "{}", run.stderr);
    let list = env.run(&["source", "list", "--json"]).success().json();
    let found: Vec<(String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["dir"].as_str().unwrap().to_string(),
                s["format"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let canonical = |p: &str| {
        std::fs::canonicalize(home.join(p))
            .unwrap()
            .display()
            .to_string()
    };
    assert_eq!(
        found,
        [
            (canonical(".codex/sessions"), "codex".to_string()),
            (canonical(".claude/projects"), "claude_code".to_string()),
            (canonical(".pi/agent/sessions"), "pi".to_string()),
        ]
    );

    // Then one sync shares every agent's sessions.
    let rollout =
        home.join(".codex/sessions/2025/09/14/rollout-2025-09-14T08-30-00-0199a1b2.jsonl");
    std::fs::write(
        &rollout,
        fixture_text("codex_rollout.jsonl").replace("@@", ""),
    )
    .unwrap();
    let pi = home.join(".pi/agent/sessions/2025-11-02T19-04-05-678Z_7f3e2d1c.jsonl");
    std::fs::write(&pi, fixture_text("pi_session.jsonl").replace("@@", "")).unwrap();
    env.run(&["sync"]).success();
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(
        status["branches"][0]["agents"],
        serde_json::json!({"codex": 1, "pi": 1})
    );
}

#[test]
fn the_dataset_card_names_the_agents_it_holds() {
    let env = TestEnv::new();
    let claude = env.inputs().join("claude.jsonl");
    std::fs::write(&claude, fixture_text("claude_code_transcript.jsonl")).unwrap();
    env.commit(&[&claude]).success();
    let card = env.git(&["show", "claude-code:README.md"]);
    assert!(card.contains("\nAgents: Claude Code.\n"), "{card}");
    // A later run with other agents keeps the ones already there.
    env.commit(&[
        &materialise("pi_session.jsonl", &env).0,
        &materialise("codex_rollout.jsonl", &env).0,
    ])
    .success();
    let card = env.git(&["show", "claude-code:README.md"]);
    assert!(
        card.contains("\nAgents: Claude Code, Codex, Pi.\n"),
        "{card}"
    );
    assert!(
        card.contains("  - claude-code\n  - codex\n  - pi\n"),
        "{card}"
    );
}
