//! `traces log`: the history of a rendering branch.

use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Context, Io, format_time, short_id};
use crate::formats::Rendering;
use crate::ingest::census;

/// Show the commits of a branch, newest first
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  traces log\n  traces log --branch row -n 3 --json")]
pub struct Args {
    /// Branch to show: claude-code or row
    #[arg(long, default_value = "claude-code", value_parser = super::parse_branch)]
    branch: Rendering,

    /// Show at most N commits
    #[arg(short = 'n', long = "max-count", value_name = "N", default_value_t = usize::MAX, hide_default_value = true)]
    max_count: usize,

    /// Print commits as a JSON array on stdout
    #[arg(long)]
    json: bool,
}

pub(super) fn run(
    args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let store = ctx.read_store()?;
    let commits = store.log(args.branch.branch(), args.max_count)?;
    if args.json {
        let mut memo = Default::default();
        let mut items = Vec::with_capacity(commits.len());
        for c in &commits {
            let mut item = json!({
                "id": c.id.to_string(),
                "author": {"name": c.author_name, "email": c.author_email},
                "time": format_time(c.seconds, c.offset),
                "message": c.message,
            });
            // Sessions per agent in the commit's tree; the row branch holds ml-intern only.
            if args.branch == Rendering::ClaudeCode {
                item["agents"] = json!(census::sessions_per_agent(store, c.id, &mut memo)?);
            }
            items.push(item);
        }
        writeln!(io.out, "{}", serde_json::Value::Array(items))?;
        return Ok(ExitCode::SUCCESS);
    }
    if commits.is_empty() {
        io.note(format!(
            "branch {} has no commits yet",
            args.branch.branch()
        ))?;
    }
    for c in &commits {
        let title = c.message.lines().next().unwrap_or("");
        writeln!(
            io.out,
            "{}  {}  {}",
            short_id(&c.id),
            format_time(c.seconds, c.offset),
            title
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
