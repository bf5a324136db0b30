//! `traces ignore add|list|remove PATTERN`: keep sessions out of the store by where they come
//! from (their source file) or where they ran (their `cwd`).

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Context, Io};
use crate::formats::Rendering;
use crate::ingest::exclusions::{self, IgnoreList, IgnoreMatcher};
use crate::ingest::forget;

/// Keep sessions out of the store by source path or working directory
#[derive(Debug, clap::Subcommand)]
#[command(after_help = "\
A pattern matches a path and everything under it; `*` stays within one path component, `**`
crosses them; a leading `~/` is the home directory. It is checked against each session's
source file and the working directory (`cwd`) the session records.

Examples:
  traces ignore add ~/work/client-a          sessions run in that project are never committed
  traces ignore add '**/secret-*' --forget   also forget the committed sessions that match
  traces ignore list --json")]
pub enum Command {
    /// Add a pattern; committed sessions that already match are listed (forgotten with --forget)
    Add {
        pattern: String,
        /// Forget the committed sessions that match, as `traces forget` does
        #[arg(long)]
        forget: bool,
    },
    /// Show the patterns
    List {
        /// Print the patterns as a JSON array on stdout
        #[arg(long)]
        json: bool,
    },
    /// Remove a pattern (sessions it kept out come in with the next commit)
    Remove { pattern: String },
}

pub(super) fn run(
    command: Command,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let error = |e: exclusions::Error| CommandError::from_error(&e);
    match command {
        Command::Add { pattern, forget } => {
            let pattern = normalise(&pattern, io.env.get("HOME").map(PathBuf::from))?;
            exclusions::check_pattern(&pattern).map_err(error)?;
            let (store, _) = ctx.store_or_init()?;
            let mut list = IgnoreList::load(store).map_err(error)?;
            if list.patterns.contains(&pattern) {
                io.note(format!("already ignored: {pattern}"))?;
            } else {
                list.patterns.push(pattern.clone());
                list.save(store).map_err(error)?;
                io.note(format!("ignoring {pattern}"))?;
            }
            let matcher = IgnoreMatcher::new(&IgnoreList {
                patterns: vec![pattern],
            })
            .map_err(error)?;
            let home = io.env.get("HOME").map(PathBuf::from);
            let matching = exclusions::committed_matching(
                store,
                Rendering::ClaudeCode.branch(),
                &matcher,
                home.as_deref(),
            )?;
            if matching.is_empty() {
                return Ok(ExitCode::SUCCESS);
            }
            if forget {
                let signature = ctx.signature()?;
                forget::forget(store, &matching, &signature).map_err(|e| match e {
                    forget::Error::Store(e) => CommandError::from(e),
                    other => CommandError::from_error(&other),
                })?;
                io.note(format!(
                    "forgot {} committed session{} that match; the next `traces push` removes them from each remote",
                    matching.len(),
                    if matching.len() == 1 { "" } else { "s" }
                ))?;
            } else {
                io.note(format!(
                    "{} committed session{} already match: {}",
                    matching.len(),
                    if matching.len() == 1 { "" } else { "s" },
                    matching.join(" ")
                ))?;
                io.note("hint: forget them with `traces forget ID...`, or add the pattern again with --forget")?;
            }
        }
        Command::List { json } => {
            let store = ctx.read_store()?;
            let list = IgnoreList::load(store).map_err(error)?;
            if json {
                writeln!(io.out, "{}", json!(list.patterns))?;
            } else {
                for pattern in &list.patterns {
                    writeln!(io.out, "{}", super::escape::name(pattern))?;
                }
            }
        }
        Command::Remove { pattern } => {
            let store = ctx.store()?;
            let mut list = IgnoreList::load(store).map_err(error)?;
            let home = io.env.get("HOME").map(PathBuf::from);
            let normalised = normalise(&pattern, home)?;
            let before = list.patterns.len();
            list.patterns.retain(|p| *p != pattern && *p != normalised);
            if list.patterns.len() == before {
                return Err(
                    CommandError::failure(format!("not an ignore pattern: {pattern}"))
                        .hint("`traces ignore list` shows the patterns"),
                );
            }
            list.save(store).map_err(error)?;
            io.note(format!("no longer ignoring {normalised}"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `~/x` is the home directory's `x`; a relative path (`client`, `./client`) is taken from the
/// current directory; a glob starting with `*` stays as it is, matching anywhere.
fn normalise(pattern: &str, home: Option<PathBuf>) -> Result<String, CommandError> {
    if let Some(rest) = pattern.strip_prefix("~/") {
        let home = home.ok_or_else(|| {
            CommandError::usage("HOME is not set, so `~/` cannot be expanded")
                .hint("give the pattern as an absolute path")
        })?;
        return Ok(format!("{}/{rest}", home.display()));
    }
    if pattern.starts_with('/') || pattern.starts_with('*') {
        return Ok(pattern.to_string());
    }
    let absolute = std::path::absolute(pattern)
        .map_err(|e| CommandError::usage(format!("cannot make {pattern} an absolute path: {e}")))?;
    Ok(absolute.display().to_string())
}
