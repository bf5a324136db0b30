//! `traces status`: the store, its branches and their last commits.

use std::process::ExitCode;

use serde_json::json;

use super::report::known_target;
use super::{CommandError, Context, Io, format_time, short_id};
use crate::formats::Rendering;
use crate::ingest::census;
use crate::push::unpushed_sessions;
use crate::remote::{self, state};

/// Show the store, sessions per branch and agent, last commits, and each remote's push state
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  traces status\n  traces status --json")]
pub struct Args {
    /// Print the status as JSON on stdout
    #[arg(long)]
    json: bool,
}

pub(super) fn run(
    args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let store = ctx.read_store()?;
    let mut branches = Vec::new();
    for rendering in Rendering::ALL {
        let branch = rendering.branch();
        let sessions = SessionCount::of(&store.sessions(branch)?);
        let last = store.log(branch, 1)?.into_iter().next();
        // The row branch holds ml-intern rows only; the other one every agent's sessions.
        let agents = match (&last, rendering) {
            (Some(last), Rendering::ClaudeCode) => {
                census::sessions_per_agent(store, last.id, &mut Default::default())?
            }
            _ => Default::default(),
        };
        branches.push((branch, sessions, last, agents));
    }
    let mut remotes = Vec::new();
    for def in remote::list(store)? {
        let refs = state::refs(store, &def.name)?;
        let push_state = state::load(store, &def.name);
        let target = known_target(ctx, &def);
        let base = push_state.planning_base(refs.pushed_source, target.as_deref());
        let unpushed = unpushed_sessions(store, def.branch(), base)?;
        remotes.push((push_state, def, unpushed));
    }
    if args.json {
        let items: Vec<_> = branches
            .iter()
            .map(|(branch, sessions, last, agents)| {
                json!({
                    "branch": branch,
                    "sessions": sessions.sessions,
                    "subagent_transcripts": sessions.subagents,
                    "agents": agents,
                    "last_commit": last.as_ref().map(|c| json!({
                        "id": c.id.to_string(),
                        "time": format_time(c.seconds, c.offset),
                        "message": c.message,
                    })),
                })
            })
            .collect();
        let remote_items: Vec<_> = remotes
            .iter()
            .map(|(push_state, def, unpushed)| {
                json!({
                    "name": def.name,
                    "url": def.display_url().to_string(),
                    "format": def.format.as_str(),
                    "resolved": push_state.resolved,
                    "unpushed_sessions": unpushed,
                    "remote_sessions": push_state.remote_sessions,
                    "last_success": push_state.last_success,
                    "last_attempt": push_state.last_attempt,
                    "last_error": push_state.last_error,
                    "purge_pending": push_state.purge.is_some(),
                    "purge_target": push_state.purge.as_ref().and_then(|p| p.target.clone()),
                    "not_before": push_state.not_before,
                })
            })
            .collect();
        let value = json!({
            "store": ctx.store_path()?.display().to_string(),
            "exists": ctx.store_exists(),
            "branches": items,
            "remotes": remote_items,
        });
        writeln!(io.out, "{value}")?;
        return Ok(ExitCode::SUCCESS);
    }
    let created = if ctx.store_exists() {
        ""
    } else {
        " (not created yet)"
    };
    writeln!(
        io.out,
        "store: {}{created}",
        super::escape::name(&ctx.store_path()?.display().to_string())
    )?;
    for (branch, sessions, last, agents) in &branches {
        let last = match last {
            Some(c) => format!(
                "last commit {} {} {}",
                short_id(&c.id),
                format_time(c.seconds, c.offset),
                c.message.lines().next().unwrap_or("")
            ),
            None => "no commits yet".to_string(),
        };
        let subagents = match sessions.subagents {
            0 => String::new(),
            n => format!(
                " (and {n} subagent transcript{})",
                if n == 1 { "" } else { "s" }
            ),
        };
        writeln!(
            io.out,
            "{branch:<12} {:>6} sessions{subagents}  {last}",
            sessions.sessions
        )?;
        if !agents.is_empty() {
            let counts: Vec<String> = agents.iter().map(|(a, n)| format!("{a} {n}")).collect();
            writeln!(io.out, "{:<12} {}", "", counts.join(", "))?;
        }
    }
    for (push_state, def, unpushed) in &remotes {
        writeln!(
            io.out,
            "remote {} ({}) {}",
            def.name,
            def.format.as_str(),
            def.display_url()
        )?;
        if let Some(resolved) = &push_state.resolved {
            writeln!(io.out, "  resolved: {resolved}")?;
        }
        writeln!(
            io.out,
            "  not yet pushed: {unpushed} session{}",
            if *unpushed == 1 { "" } else { "s" }
        )?;
        if let Some(held) = push_state.remote_sessions {
            writeln!(
                io.out,
                "  remote holds: {held} session{} (at the last push)",
                if held == 1 { "" } else { "s" }
            )?;
        }
        writeln!(
            io.out,
            "  last push: {}",
            push_state.last_success.as_deref().unwrap_or("never")
        )?;
        if let Some(error) = &push_state.last_error {
            writeln!(io.out, "  last error: {error}")?;
        }
        let target = known_target(ctx, def);
        if let Some(purge) = &push_state.purge {
            let on = purge
                .target
                .as_deref()
                .map(|t| format!(" on {t}"))
                .unwrap_or_default();
            let files = format!(
                "{} file{}",
                purge.paths.len(),
                if purge.paths.len() == 1 { "" } else { "s" }
            );
            if target.as_deref().is_some_and(|t| purge.is_for_another(t)) {
                writeln!(
                    io.out,
                    "  purge pending since {}{on}: the remote leads elsewhere now; pointed back, its next push removes {files} and squashes its history",
                    purge.since,
                )?;
            } else {
                writeln!(
                    io.out,
                    "  purge pending since {}{on}: the next push removes {files} and squashes its history",
                    purge.since,
                )?;
            }
        }
        let now = ctx
            .signature()
            .map_or_else(|_| chrono::Utc::now().timestamp(), |s| s.seconds);
        if let Some(until) = push_state.waiting_until(now, target.as_deref()) {
            let until = format_time(until, 0);
            writeln!(
                io.out,
                "  not before: {until} (the server asked to wait; sync and watch leave it until then)"
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Sessions on a branch, a subagent's transcript counted apart from its session's.
struct SessionCount {
    sessions: usize,
    subagents: usize,
}

impl SessionCount {
    fn of(entries: &[crate::store::SessionEntry]) -> SessionCount {
        let mut ids = std::collections::BTreeSet::new();
        let mut subagents = 0;
        for entry in entries {
            let (session, agent) = crate::formats::transcript::split_name(&entry.session_id);
            ids.insert(session);
            subagents += usize::from(agent.is_some());
        }
        SessionCount {
            sessions: ids.len(),
            subagents,
        }
    }
}
