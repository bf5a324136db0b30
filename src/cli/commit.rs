//! `traces commit PATH...`: scrub, render and commit sessions into the store.

use std::path::PathBuf;
use std::process::ExitCode;

use super::report::{commit_and_report, summary_json};
use super::{CommandError, Context, Io};
use crate::ingest;

/// Scrub, render and commit session files (or directories of them) into the store
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  traces commit ~/.ml-intern/session_logs
  traces commit session_4f1c.json ~/.claude/projects/my-app --json

Directories are walked for *.json and *.jsonl (symlinks are not followed). The format is
detected from content. Empty files, subagent sidecars (*.meta.json), files with no conversation
yet and a last line still being written are skipped quietly (-v lists them). Bad files are
reported and skipped; the rest is still committed and the exit code is 1.")]
pub struct Args {
    /// Session files or directories
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Print the summary as JSON on stdout
    #[arg(long)]
    json: bool,
}

pub(super) fn run(
    args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    ctx.store_or_init()?;
    let summary = commit_and_report(ctx, ingest::collect_inputs(&args.paths), args.json, io)?;
    if args.json {
        writeln!(io.out, "{}", summary_json(&summary))?;
    }
    Ok(if summary.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
