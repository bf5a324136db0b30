//! `traces lint`: check session files the way strict consumers read them: Claude Code
//! transcripts line by line, other agents' sessions by their own format's rules.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use super::report::findings_json;
use super::{CommandError, Context, Io};
use crate::formats::lint::{self, Lint};
use crate::formats::{self, Rendering};
use crate::ingest;

/// Check session files (Claude Code, Codex, Pi...) the way strict consumers read them
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  traces lint ~/.claude/projects/my-app/3f2a9c1e.jsonl
  traces lint --branch claude-code          every session the store would push
  traces lint transcripts/ --json

Checks: every line a JSON object with the fields Claude Code writes and their types (json,
field); the parentUuid chain unbroken through every line that carries a uuid, a sidechain's
root excepted (chain); every tool_result answering an earlier tool_use (tool-result); a user
and an assistant line in the first 10 MB, which is how the Hub recognises the format (format).
A Codex, Pi, OpenClaw or Droid session (told by its first line) is checked for its format's
required fields (field) and for the Hub's agent-trace detection over its first 10 MB (format).
Findings go to stdout as
`FILE:LINE: MESSAGE [CHECK]`. Exit code: 0 when every file is clean, 1 when one is not (or
cannot be read), 2 on usage errors.")]
pub struct Args {
    /// Transcript files, or directories walked for *.jsonl
    #[arg(
        value_name = "PATH",
        conflicts_with = "branch",
        required_unless_present = "branch"
    )]
    paths: Vec<PathBuf>,

    /// Check every session file on this branch of the store instead
    #[arg(long, value_name = "BRANCH", value_parser = super::parse_branch)]
    branch: Option<Rendering>,

    /// Print the findings as JSON on stdout
    #[arg(long)]
    json: bool,
}

struct Linted {
    name: String,
    result: Result<Lint, String>,
}

pub(super) fn run(
    args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let linted = match args.branch {
        Some(Rendering::Row) => {
            return Err(CommandError::usage(
                "the row branch holds org rows, not Claude Code transcripts",
            )
            .hint("lint the viewer rendering: traces lint --branch claude-code"));
        }
        Some(rendering @ Rendering::ClaudeCode) => lint_branch(ctx, rendering.branch())?,
        None => lint_paths(&args.paths),
    };

    if args.json {
        writeln!(io.out, "{}", report_json(&linted))?;
    } else {
        for file in &linted {
            match &file.result {
                Ok(lint) => {
                    for finding in &lint.findings {
                        writeln!(io.out, "{}", located(&file.name, finding))?;
                    }
                    if lint.total > lint.findings.len() {
                        let more = lint.total - lint.findings.len();
                        io.note(format!("{}: {more} more findings not shown", file.name))?;
                    }
                }
                Err(reason) => {
                    io.error(&CommandError::failure(format!("{}: {reason}", file.name)))?
                }
            }
        }
    }
    let failed = linted
        .iter()
        .filter(|f| !f.result.as_ref().is_ok_and(Lint::is_clean))
        .count();
    let findings: usize = linted
        .iter()
        .filter_map(|f| f.result.as_ref().ok())
        .map(|l| l.total)
        .sum();
    let s = |n: usize| if n == 1 { "" } else { "s" };
    io.note(format!(
        "linted {} file{}: {} clean, {failed} with problems ({findings} finding{})",
        linted.len(),
        s(linted.len()),
        linted.len() - failed,
        s(findings)
    ))?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn lint_branch(ctx: &Context<'_>, branch: &str) -> Result<Vec<Linted>, CommandError> {
    let store = ctx.store()?;
    let mut linted = Vec::new();
    for entry in store.sessions(branch)? {
        let bytes = store.read_blob(entry.blob)?;
        linted.push(Linted {
            name: format!("{branch}:{}", entry.path()),
            result: Ok(formats::lint_any(&bytes)),
        });
    }
    Ok(linted)
}

/// Files named are linted whatever their name; directories give their `*.jsonl` files.
fn lint_paths(paths: &[PathBuf]) -> Vec<Linted> {
    let mut linted = Vec::new();
    for path in paths {
        let (files, rejected) = ingest::collect_inputs(std::slice::from_ref(path));
        for rejected in rejected {
            linted.push(Linted {
                name: rejected.path.display().to_string(),
                result: Err(CommandError::from_error(&rejected.error).message),
            });
        }
        let walked = path.is_dir();
        for file in files {
            if walked && file.extension().is_none_or(|e| e != "jsonl") {
                continue;
            }
            let result = std::fs::read(&file)
                .map(|bytes| formats::lint_any(&bytes))
                .map_err(|e| format!("could not read the file: {e}"));
            linted.push(Linted {
                name: file.display().to_string(),
                result,
            });
        }
    }
    linted
}

fn located(name: &str, finding: &lint::Finding) -> String {
    let name = super::escape::name(name);
    match finding.line {
        0 => format!("{name}: {} [{}]", finding.message, finding.check.id()),
        n => format!("{name}:{n}: {} [{}]", finding.message, finding.check.id()),
    }
}

fn report_json(linted: &[Linted]) -> serde_json::Value {
    let files: Vec<_> = linted
        .iter()
        .map(|file| match &file.result {
            Ok(lint) => json!({
                "path": file.name,
                "lines": lint.lines,
                "clean": lint.is_clean(),
                "total": lint.total,
                "findings": findings_json(lint),
            }),
            Err(reason) => json!({"path": file.name, "clean": false, "error": reason}),
        })
        .collect();
    json!({"files": files})
}
