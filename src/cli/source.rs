//! `traces source add|list|remove`: the directories `sync` and `watch` commit from.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Io, open_or_init_store, open_store};
use crate::ingest::sources::{self, SourceFormat, agent_dirs};

/// Manage the directories `traces sync` and `traces watch` commit from
#[derive(Debug, clap::Subcommand)]
#[command(after_help = "\
Examples:
  traces source add --detect                 every installed agent's session directory
  traces source add ~/.codex/sessions        the format of a known agent directory is inferred
  traces source add ~/exports --format pi
  traces source list --json")]
pub enum Command {
    /// Add a directory; it is walked for sessions (symlinks are not followed)
    Add {
        #[arg(required_unless_present = "detect")]
        dir: Option<PathBuf>,
        /// Which files are sessions: auto (*.json and *.jsonl), ml_intern (*.json), claude_code,
        /// codex, pi, droid (*.jsonl). Default: the agent's, for a directory an agent writes to
        /// (~/.claude/projects, ~/.codex/sessions, ~/.pi/agent/sessions...), else auto
        #[arg(long)]
        format: Option<SourceFormat>,
        /// Add the standard session directory of every agent installed here (Claude Code,
        /// Codex, Pi, Factory Droid, ml-intern) that is not a source yet
        #[arg(long, conflicts_with_all = ["dir", "format"])]
        detect: bool,
    },
    /// Show the source directories and their formats
    List {
        /// Print the sources as a JSON array on stdout
        #[arg(long)]
        json: bool,
    },
    /// Stop committing from a directory (nothing committed from it is removed)
    Remove { dir: PathBuf },
}

pub fn run(command: Command, store_path: &Path, io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    let error = |e: sources::Error| CommandError::from_error(&e);
    match command {
        Command::Add {
            dir: Some(dir),
            format,
            ..
        } => {
            let (store, _) = open_or_init_store(store_path)?;
            let format = format.unwrap_or_else(|| agent_dirs::infer(&dir));
            let source = sources::add(&store, &dir, format).map_err(error)?;
            io.note(format!(
                "added source {} ({})",
                source.dir.display(),
                source.format.as_str()
            ))?;
        }
        Command::Add { dir: None, .. } => {
            let home = io.env.get("HOME").map(PathBuf::from).ok_or_else(|| {
                CommandError::usage("HOME is not set, so the agents' directories are unknown")
            })?;
            let codex_home = io.env.get("CODEX_HOME").map(PathBuf::from);
            let found = agent_dirs::detect(&home, codex_home.as_deref());
            if found.is_empty() {
                io.note("found no agent's session directory (~/.claude/projects, ~/.codex/sessions, ~/.pi/agent/sessions, ~/.factory/sessions, ~/.ml-intern/session_logs)")?;
                return Ok(ExitCode::SUCCESS);
            }
            let (store, _) = open_or_init_store(store_path)?;
            for candidate in found {
                match sources::add(&store, &candidate.dir, candidate.format) {
                    Ok(source) => io.note(format!(
                        "added source {} ({}, {})",
                        source.dir.display(),
                        candidate.agent,
                        source.format.as_str()
                    ))?,
                    Err(sources::Error::Exists(dir)) => {
                        io.note(format!("{} is already a source", dir.display()))?
                    }
                    Err(e) => return Err(error(e)),
                }
            }
        }
        Command::List { json } => {
            let store = open_store(store_path)?;
            let all = sources::list(&store).map_err(error)?;
            if json {
                let items: Vec<_> = all
                    .iter()
                    .map(|s| json!({"dir": s.dir.display().to_string(), "format": s.format.as_str()}))
                    .collect();
                writeln!(io.out, "{}", serde_json::Value::Array(items))?;
            } else if all.is_empty() {
                io.note("no sources; add one with `traces source add DIR`")?;
            } else {
                for s in &all {
                    writeln!(
                        io.out,
                        "{}\t{}",
                        super::escape::name(&s.dir.display().to_string()),
                        s.format.as_str()
                    )?;
                }
            }
        }
        Command::Remove { dir } => {
            let store = open_store(store_path)?;
            let source = sources::remove(&store, &dir).map_err(error)?;
            io.note(format!("removed source {}", source.dir.display()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
