//! The module layering, held by reading the sources (docs/architecture.md):
//! - `formats` and `scrub` are pure: no disk, no network, no store;
//! - only `transport` talks HTTP (reqwest, hf-hub);
//! - a command in `src/cli/` never imports another command: what commands share lives in the
//!   shared cli modules (reports, completion values, output helpers).
//!
//! Test code (`tests.rs` files and everything after `#[cfg(test)]`) is not held to this.

use std::path::{Path, PathBuf};

/// The cli modules commands may share; every other file in `src/cli/` is a command.
const SHARED_CLI: &[&str] = &[
    "mod", "report", "dynamic", "error", "escape", "progress", "ui", "generate",
];

fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "tests.rs")
            {
                let text = std::fs::read_to_string(&path).unwrap();
                // Only the code above the first test module.
                let code = match text.find("#[cfg(test)]") {
                    Some(cut) => text[..cut].to_string(),
                    None => text,
                };
                out.push((path, code));
            }
        }
    }
    assert!(!out.is_empty(), "no sources under {dir}");
    out
}

/// Lines of `code` that use any of `needles` (comments ignored).
fn uses<'a>(code: &'a str, needles: &[&str]) -> Vec<&'a str> {
    code.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .filter(|line| needles.iter().any(|n| line.contains(n)))
        .collect()
}

#[test]
fn formats_and_scrub_touch_no_disk_network_or_store() {
    let forbidden = [
        "std::fs",
        "fs::read",
        "File::open",
        "std::net",
        "reqwest",
        "hf_hub::",
        "crate::store",
        "crate::transport",
        "crate::ingest",
        "crate::env",
        "crate::auth",
    ];
    for dir in ["src/formats", "src/scrub"] {
        for (path, code) in sources(dir) {
            let found = uses(&code, &forbidden);
            assert!(
                found.is_empty(),
                "{} must stay pure: {found:?}",
                path.display()
            );
        }
    }
}

#[test]
fn only_transport_talks_http() {
    for (path, code) in sources("src") {
        if path.components().any(|c| c.as_os_str() == "transport") {
            continue;
        }
        let found = uses(
            &code,
            &["reqwest::", "hf_hub::", "use reqwest", "use hf_hub"],
        );
        assert!(
            found.is_empty(),
            "{} talks HTTP outside transport: {found:?}",
            path.display()
        );
    }
}

#[test]
fn commands_never_import_each_other() {
    let cli = sources("src/cli");
    let commands: Vec<String> = cli
        .iter()
        .filter_map(|(path, _)| path.file_stem()?.to_str().map(str::to_string))
        .filter(|name| !SHARED_CLI.contains(&name.as_str()))
        .collect();
    assert!(commands.iter().any(|c| c == "commit"), "{commands:?}");
    for (path, code) in &cli {
        let this = path.file_stem().unwrap().to_str().unwrap();
        if this == "mod" {
            continue; // the dispatch names every command
        }
        for command in commands.iter().filter(|c| *c != this) {
            let imports = [
                format!("super::{command}::"),
                format!("use super::{command};"),
            ];
            let needles: Vec<&str> = imports.iter().map(String::as_str).collect();
            let found = uses(code, &needles);
            assert!(
                found.is_empty(),
                "{} imports the command `{command}`: {found:?}",
                path.display()
            );
        }
    }
}
