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
transcript. History keeps the earlier commits unless `--purge` rewrites it: every branch
without those sessions, what held them removed from the store's objects, and on each remote
that was sent them, their removal then a squash of its history on the next `traces push`
(the Hub's super-squash; a force push with lease elsewhere).

Examples:
  traces forget 0b6f...-4c2e             forget a session; `traces push` removes it from remotes
  traces forget --list                   the forgotten ids
  traces forget --undo 0b6f...-4c2e      let it back in with the next commit
  traces forget --purge 0b6f...-4c2e     also rewrite history without it (asks first)")]
pub struct Args {
    /// Session ids (as `traces status` and `traces show` name them)
    #[arg(required_unless_present = "list", value_name = "SESSION_ID")]
    pub ids: Vec<String>,
    /// List the forgotten ids instead
    #[arg(long, conflicts_with_all = ["ids", "undo"])]
    pub list: bool,
    /// Let the given ids back in: their sessions return with the next commit of their files
    #[arg(long, conflicts_with = "purge")]
    pub undo: bool,
    /// Also take them out of history: rewrite every branch without them, remove their objects
    /// from the store, and squash each remote that was sent them on its next push
    #[arg(long, conflicts_with = "list")]
    pub purge: bool,
    /// With --purge: rewrite without asking (required when stdin is not a terminal)
    #[arg(long, requires = "purge")]
    pub yes: bool,
    /// With --list: print a JSON array on stdout
    #[arg(long, requires = "list")]
    pub json: bool,
}

pub(super) fn run(
    args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
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
    if args.purge {
        return purge(&args, store, &signature, io);
    }
    let forgot = forget::forget(store, &args.ids, &signature).map_err(error)?;
    tell_forgot(&args.ids, &forgot, io)?;
    if forgot.branches.iter().any(|b| b.commit.is_some()) {
        io.note("the next `traces push` removes them from each remote (`--dry-run` lists it)")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn store_error(e: forget::Error) -> CommandError {
    match e {
        forget::Error::Store(e) => CommandError::from(e),
        other => CommandError::from_error(&other),
    }
}

/// `--purge`: say what will be rewritten, ask (or take `--yes`), then forget and rewrite.
fn purge(
    args: &Args,
    store: &crate::store::Store,
    signature: &crate::store::Signature,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let (preview, remotes) = forget::purge_preview(store, &args.ids).map_err(store_error)?;
    let asks = preview.commits > 0;
    if asks {
        let sessions: std::collections::BTreeSet<String> = preview
            .paths
            .iter()
            .filter_map(|p| forget::session_of_path(p))
            .collect();
        let mut text = format!(
            "--purge rewrites history: {} commit{} on {} ref{}, without {} file{} of {} session{}\n",
            preview.commits,
            plural(preview.commits),
            preview.refs.len(),
            plural(preview.refs.len()),
            preview.paths.len(),
            plural(preview.paths.len()),
            sessions.len(),
            plural(sessions.len()),
        );
        for (name, commits) in &preview.refs {
            text.push_str(&format!(
                "  {}: {commits} commit{} rewritten\n",
                super::escape::name(name),
                plural(*commits)
            ));
        }
        for session in &sessions {
            text.push_str(&format!("  session {}\n", super::escape::name(session)));
        }
        for name in &remotes {
            text.push_str(&format!(
                "  remote {}: its history is squashed on the next push\n",
                super::escape::name(name)
            ));
        }
        write!(io.err, "{text}")?;
        if !args.yes {
            if !interactive() {
                return Err(CommandError::usage(
                    "--purge rewrites history and stdin is not a terminal to ask",
                )
                .hint("pass --yes to confirm"));
            }
            write!(io.err, "Rewrite history? [y/N] ")?;
            io.err.flush()?;
            let mut answer = String::new();
            std::io::stdin().read_line(&mut answer)?;
            if !matches!(answer.trim(), "y" | "Y" | "yes") {
                io.note("nothing changed")?;
                return Ok(ExitCode::SUCCESS);
            }
        }
    }
    let now = super::format_time(signature.seconds, signature.offset);
    let purged = forget::purge(store, &args.ids, signature, &now).map_err(store_error)?;
    tell_forgot(&args.ids, &purged.forgot, io)?;
    let summary = &purged.summary;
    io.note(format!(
        "purged from history: {} commit{} rewritten on {} ref{}; {} object{} kept, {} object file{} removed",
        summary.commits,
        plural(summary.commits),
        summary.refs.len(),
        plural(summary.refs.len()),
        summary.objects_kept,
        plural(summary.objects_kept),
        summary.files_removed,
        plural(summary.files_removed),
    ))?;
    for (name, old) in &purged.replaced {
        let old_target = old.target.as_deref().unwrap_or("?");
        io.warning(format!(
            "{name}: the purge pending since {} on {old_target} is replaced by this one: the remote leads to another dataset now, and {old_target} keeps those files in its history",
            old.since,
        ))?;
    }
    if !purged.remotes.is_empty() {
        let names: Vec<String> = purged
            .remotes
            .iter()
            .map(|n| super::escape::name(n).to_string())
            .collect();
        io.note(format!(
            "the next `traces push` removes them from {} and squashes its history",
            names.join(", ")
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Whether a question can be asked and answered.
fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// One line per id: what forgetting it did.
fn tell_forgot(
    ids: &[String],
    forgot: &forget::Forgot,
    io: &mut Io<'_>,
) -> Result<(), CommandError> {
    for id in ids {
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
    Ok(())
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
