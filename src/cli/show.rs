//! `traces show SESSION_ID`: print a committed session file.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Io, open_store};
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
}

pub fn run(args: Args, store_path: &Path, io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    let store = open_store(store_path)?;
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
