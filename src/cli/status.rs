//! `traces status`: the store, its branches and their last commits.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Io, format_time, open_store, short_id};
use crate::formats::Rendering;

/// Show the store path, sessions per branch and each branch's last commit
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  traces status\n  traces status --json")]
pub struct Args {
    /// Print the status as JSON on stdout
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, store_path: &Path, io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    let store = open_store(store_path)?;
    let mut branches = Vec::new();
    for rendering in Rendering::ALL {
        let branch = rendering.branch();
        let sessions = store.sessions(branch)?.len();
        let last = store.log(branch, 1)?.into_iter().next();
        branches.push((branch, sessions, last));
    }
    if args.json {
        let items: Vec<_> = branches
            .iter()
            .map(|(branch, sessions, last)| {
                json!({
                    "branch": branch,
                    "sessions": sessions,
                    "last_commit": last.as_ref().map(|c| json!({
                        "id": c.id.to_string(),
                        "time": format_time(c.seconds, c.offset),
                        "message": c.message,
                    })),
                })
            })
            .collect();
        let value = json!({"store": store.path().display().to_string(), "branches": items});
        writeln!(io.out, "{value}")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(io.out, "store: {}", store.path().display())?;
    for (branch, sessions, last) in &branches {
        let last = match last {
            Some(c) => format!(
                "last commit {} {} {}",
                short_id(&c.id),
                format_time(c.seconds, c.offset),
                c.message.lines().next().unwrap_or("")
            ),
            None => "no commits yet".to_string(),
        };
        writeln!(io.out, "{branch:<12} {sessions:>6} sessions  {last}")?;
    }
    Ok(ExitCode::SUCCESS)
}
