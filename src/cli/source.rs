//! `traces source add|list|remove`: the directories `sync` and `watch` commit from.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Context, Io};
use crate::ingest::sources::{self, SourceFormat, agent_dirs, routes};

fn route_error(e: routes::Error) -> CommandError {
    match e {
        routes::Error::Store(e) => e.into(),
        routes::Error::Remote(e) => e.into(),
        other => CommandError::from_error(&other),
    }
}

/// `every remote`, `only work, backup`, with `, private`.
fn describe_route(route: &routes::Route) -> String {
    let to = match &route.remotes {
        None => "every remote".to_string(),
        Some(names) => format!("only {}", names.join(", ")),
    };
    if route.private {
        format!("{to}, private")
    } else {
        to
    }
}

/// Manage the directories `traces sync` and `traces watch` commit from
#[derive(Debug, clap::Subcommand)]
#[command(after_help = "\
Examples:
  traces source add --detect                 every installed agent's session directory
  traces source add ~/.codex/sessions        the format of a known agent directory is inferred
  traces source add ~/exports --format pi
  traces source add ~/work-sessions --remote work --private
  traces source set ~/work-sessions --all-remotes
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
        /// Send this source's sessions only to these remotes (repeat it; default: every remote)
        #[arg(long = "remote", value_name = "NAME", conflicts_with = "detect")]
        remotes: Vec<String>,
        /// Mark the source private: its sessions never go to a remote marked public
        #[arg(long, conflicts_with = "detect")]
        private: bool,
    },
    /// Change where a source's sessions go (new pushes only: nothing already pushed moves)
    Set {
        dir: PathBuf,
        /// Send its sessions only to these remotes (repeat it)
        #[arg(long = "remote", value_name = "NAME", conflicts_with = "all_remotes")]
        remotes: Vec<String>,
        /// Send its sessions to every remote again
        #[arg(long)]
        all_remotes: bool,
        /// Mark it private (never sent to a public remote), or not: true or false
        #[arg(long, value_name = "BOOL")]
        private: Option<bool>,
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

pub(super) fn run(
    command: Command,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let error = |e: sources::Error| CommandError::from_error(&e);
    match command {
        Command::Add {
            dir: Some(dir),
            format,
            remotes,
            private,
            ..
        } => {
            let (store, _) = ctx.store_or_init()?;
            let format = format.unwrap_or_else(|| agent_dirs::infer(&dir));
            // Checked before the source is added, so a refused route adds nothing.
            for name in &remotes {
                crate::remote::find(store, name)?;
                if private && routes::is_public(store, name)? {
                    return Err(route_error(routes::Error::PrivateToPublic {
                        source_dir: dir.clone(),
                        remote: name.clone(),
                    }));
                }
            }
            let source = sources::add(store, &dir, format).map_err(error)?;
            if !remotes.is_empty() || private {
                routes::set(store, &source.dir, Some(remotes), Some(private))
                    .map_err(route_error)?;
            }
            io.note(format!(
                "added source {} ({})",
                source.dir.display(),
                source.format.as_str()
            ))?;
        }
        Command::Set {
            dir,
            remotes,
            all_remotes,
            private,
        } => {
            let store = ctx.store()?;
            let remotes = (all_remotes || !remotes.is_empty()).then_some(remotes);
            let route = routes::set(store, &dir, remotes, private).map_err(route_error)?;
            io.note(format!(
                "source {}: {}",
                dir.display(),
                describe_route(&route)
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
            let (store, _) = ctx.store_or_init()?;
            for candidate in found {
                match sources::add(store, &candidate.dir, candidate.format) {
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
            let store = ctx.store()?;
            let all = sources::list(store).map_err(error)?;
            let routes = routes::all(store)?;
            let route = |dir: &Path| {
                routes
                    .iter()
                    .find(|(d, _)| d == dir)
                    .map(|(_, r)| r.clone())
                    .unwrap_or_default()
            };
            if json {
                let items: Vec<_> = all
                    .iter()
                    .map(|s| {
                        let r = route(&s.dir);
                        json!({"dir": s.dir.display().to_string(), "format": s.format.as_str(),
                               "remotes": r.remotes, "private": r.private})
                    })
                    .collect();
                writeln!(io.out, "{}", serde_json::Value::Array(items))?;
            } else if all.is_empty() {
                io.note("no sources; add one with `traces source add DIR`")?;
            } else {
                for s in &all {
                    // A third column only for a source routed somewhere or private.
                    let r = route(&s.dir);
                    let routed = match r == routes::Route::default() {
                        true => String::new(),
                        false => format!("\t{}", describe_route(&r)),
                    };
                    writeln!(
                        io.out,
                        "{}\t{}{routed}",
                        super::escape::name(&s.dir.display().to_string()),
                        s.format.as_str(),
                    )?;
                }
            }
        }
        Command::Remove { dir } => {
            let store = ctx.store()?;
            let source = sources::remove(store, &dir).map_err(error)?;
            io.note(format!("removed source {}", source.dir.display()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
