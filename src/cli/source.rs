//! `traces source add|list|remove`: the directories `sync` and `watch` commit from.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Io, open_or_init_store, open_store};
use crate::ingest::sources::{self, SourceFormat};

/// Manage the directories `traces sync` and `traces watch` commit from
#[derive(Debug, clap::Subcommand)]
#[command(after_help = "\
Examples:
  traces source add ~/.ml-intern/session_logs --format ml_intern
  traces source add ~/.claude/projects --format claude_code
  traces source list --json")]
pub enum Command {
    /// Add a directory; it is walked for sessions (symlinks are not followed)
    Add {
        dir: PathBuf,
        /// Which files are sessions: auto (*.json and *.jsonl), ml_intern (*.json), claude_code (*.jsonl)
        #[arg(long, default_value = "auto")]
        format: SourceFormat,
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
        Command::Add { dir, format } => {
            let (store, _) = open_or_init_store(store_path)?;
            let source = sources::add(&store, &dir, format).map_err(error)?;
            io.note(format!(
                "added source {} ({})",
                source.dir.display(),
                source.format.as_str()
            ))?;
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
