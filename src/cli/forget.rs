//! `traces forget ID...`: take sessions back. They leave every branch of the store in a new
//! commit and every remote with its next push, and are never committed again.

use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Context, Io, short_id};
use crate::ingest::exclusions::Forgotten;
use crate::ingest::forget;

/// Take sessions back: remove them from the store's branches, and from each remote on its next
/// push; their source files are never committed again
#[derive(Debug, clap::Args)]
#[command(after_help = "\
A session's subagent transcripts go with it; `SESSION_ID/agent-ID` forgets one subagent
transcript. History keeps the earlier commits.

Examples:
  traces forget 0b6f...-4c2e             forget a session; `traces push` removes it from remotes
  traces forget --list                   the forgotten ids
  traces forget --undo 0b6f...-4c2e      let it back in with the next commit")]
pub struct Args {
    /// Session ids (as `traces status` and `traces show` name them)
    #[arg(required_unless_present = "list", value_name = "SESSION_ID")]
    pub ids: Vec<String>,
    /// List the forgotten ids instead
    #[arg(long, conflicts_with_all = ["ids", "undo"])]
    pub list: bool,
    /// Let the given ids back in: their sessions return with the next commit of their files
    #[arg(long)]
    pub undo: bool,
    /// With --list: print a JSON array on stdout
    #[arg(long, requires = "list")]
    pub json: bool,
}

pub fn run(args: Args, ctx: &mut Context<'_>, io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    let error = |e: forget::Error| match e {
        forget::Error::Store(e) => CommandError::from(e),
        other => CommandError::from_error(&other),
    };
    if args.list {
        let store = ctx.read_store()?;
        let forgotten = Forgotten::load(store).map_err(|e| error(e.into()))?;
        if args.json {
            writeln!(io.out, "{}", json!(forgotten.ids))?;
        } else {
            for id in &forgotten.ids {
                writeln!(io.out, "{}", super::escape::name(id))?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (store, _) = ctx.store_or_init()?;
    if args.undo {
        let restored = forget::undo(store, &args.ids).map_err(error)?;
        for id in &args.ids {
            let id_shown = super::escape::name(id);
            if restored.contains(id) {
                io.note(format!(
                    "{id_shown}: no longer forgotten; the next commit of its files brings it back"
                ))?;
            } else {
                io.note(format!("{id_shown}: was not forgotten"))?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let signature = ctx.signature()?;
    let forgot = forget::forget(store, &args.ids, &signature).map_err(error)?;
    for id in &args.ids {
        let shown = super::escape::name(id);
        let mut removed = 0;
        let mut branches = Vec::new();
        for branch in &forgot.branches {
            let n = branch
                .removed
                .iter()
                .filter(|p| names_session(p, id))
                .count();
            if n > 0 {
                removed += n;
                branches.push(branch.branch.as_str());
            }
        }
        let already = !forgot.remembered.contains(id);
        match (removed, already) {
            (0, true) => io.note(format!("{shown}: already forgotten"))?,
            (0, false) => io.note(format!(
                "{shown}: forgotten (not in the store: it will never be committed)"
            ))?,
            (n, _) => io.note(format!(
                "{shown}: forgotten, {n} file{} removed ({})",
                if n == 1 { "" } else { "s" },
                branches.join(", ")
            ))?,
        }
    }
    for branch in &forgot.branches {
        if let Some(commit) = branch.commit {
            io.detail(format!("committed {} {}", branch.branch, short_id(&commit)))?;
        }
    }
    if forgot.branches.iter().any(|b| b.commit.is_some()) {
        io.note("the next `traces push` removes them from each remote (`--dry-run` lists it)")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether a session file path belongs to `id` (its own file, or one of its subagents').
fn names_session(path: &str, id: &str) -> bool {
    let name = path.rsplit_once('/').map_or(path, |(_, name)| name);
    let own = name.strip_suffix(".jsonl") == Some(id);
    own || path.contains(&format!("/{id}/")) || {
        // `SESSION/agent-X` names sessions/<date>/SESSION/subagents/agent-X.jsonl
        match id.split_once('/') {
            Some((session, agent)) => {
                path.ends_with(&format!("/{session}/subagents/{agent}.jsonl"))
            }
            None => false,
        }
    }
}
