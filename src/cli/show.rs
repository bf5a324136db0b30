//! `traces show SESSION_ID`: print a committed session file.

use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Context, Io};
use crate::formats::{Rendering, transcript};

/// Print one committed session in one rendering
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  traces show 3f2a9c1e-8d4b-4c6a-9e1f-2b7d5a0c4e88\n  traces show 3f2a9c1e-8d4b-4c6a-9e1f-2b7d5a0c4e88 --format row\n  traces show 3f2a9c1e-8d4b-4c6a-9e1f-2b7d5a0c4e88/agent-a1b2c3 --json\n\nA subagent's transcript is named <sessionId>/agent-<agentId>."
)]
pub struct Args {
    /// The session id, or <sessionId>/agent-<agentId> for a subagent's transcript
    #[arg(add = super::dynamic::session())]
    session_id: String,

    /// Rendering to print: claude_code or row
    #[arg(long, default_value = "claude_code", value_parser = super::parse_branch)]
    format: Rendering,

    /// Print where the file is and which sessions its lines belong to, as JSON, instead of
    /// the file
    #[arg(long)]
    json: bool,

    /// List where the committed file was redacted: each rule that fired, with its line and
    /// JSON path (never the text); with --json, as a JSON array
    #[arg(long)]
    scrubbed_report: bool,
}

pub(super) fn run(
    args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let store = ctx.store()?;
    let branch = args.format.branch();
    let Some(entry) = store.find_session(branch, &args.session_id)? else {
        let mut error =
            CommandError::failure(format!("no session {} on branch {branch}", args.session_id));
        let other = Rendering::ALL
            .into_iter()
            .find(|r| *r != args.format)
            .expect("two renderings");
        if store
            .find_session(other.branch(), &args.session_id)?
            .is_some()
        {
            error = error.hint(format!(
                "it exists as --format {} (Claude Code inputs have no org row)",
                other.as_str()
            ));
        } else {
            error = error
                .hint("`traces status` counts the sessions; `traces log` shows what was committed");
        }
        return Err(error);
    };
    let bytes = store.read_blob(entry.blob)?;
    if args.scrubbed_report {
        return scrubbed_report(&bytes, &entry.path(), args.json, io);
    }
    if args.json {
        let (session_id, agent_id) = transcript::split_name(&entry.session_id);
        let session_ids = match args.format {
            Rendering::ClaudeCode => transcript::session_ids_of(&bytes),
            Rendering::Row => vec![session_id.to_string()],
        };
        let other: Vec<&String> = session_ids.iter().filter(|id| *id != session_id).collect();
        let value = json!({
            "name": entry.session_id,
            "session_id": session_id,
            "agent_id": agent_id,
            "date": entry.date,
            "branch": branch,
            "path": entry.path(),
            "blob": entry.blob.to_string(),
            "bytes": bytes.len(),
            "other_session_ids": other,
        });
        writeln!(io.out, "{value}")?;
        return Ok(ExitCode::SUCCESS);
    }
    io.out.write_all(&bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// The redactions in a committed file, read back from its markers.
fn scrubbed_report(
    bytes: &[u8],
    path: &str,
    json: bool,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let found = crate::scrub::markers::redactions(&String::from_utf8_lossy(bytes));
    if json {
        let items: Vec<_> = found
            .iter()
            .map(|r| json!({"rule": r.rule, "line": r.line, "path": r.path}))
            .collect();
        writeln!(io.out, "{}", serde_json::Value::Array(items))?;
        return Ok(ExitCode::SUCCESS);
    }
    for r in &found {
        writeln!(
            io.out,
            "line {}\t{}\t{}",
            r.line,
            super::escape::name(&r.path),
            r.rule
        )?;
    }
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for r in &found {
        *counts.entry(r.rule.as_str()).or_default() += 1;
    }
    let summary = if counts.is_empty() {
        "nothing redacted".to_string()
    } else {
        counts
            .iter()
            .map(|(rule, n)| format!("{rule} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    io.note(format!(
        "{path}: {summary} (home paths rewritten to ~/ are not listed)"
    ))?;
    Ok(ExitCode::SUCCESS)
}
