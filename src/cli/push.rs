//! `traces push [NAME...]`: send committed sessions to remotes.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;

use super::connect::CliConnector;
use super::{CommandError, Io, commit::signature, format_time, open_store, short_id};
use crate::push::{self, Options, Outcome, RemoteOutcome};
use crate::remote::RemoteDef;
use crate::settings;
use crate::store::Store;
use crate::transport;

/// Push committed sessions to every enabled remote, or to those named
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  traces push                   every enabled remote
  traces push personal
  traces push backup --dry-run  what would be sent
  traces push org --token-env MY_UPLOAD_TOKEN --json

Each push adds one commit on top of the remote's branch `main` holding the sessions committed
since the last successful push. A remote's state moves only after it accepted the push.")]
pub struct Args {
    /// Remotes to push (default: all)
    #[arg(value_name = "NAME", add = super::completions::dynamic::remote())]
    names: Vec<String>,

    /// Show what would be sent without sending it
    #[arg(long)]
    dry_run: bool,

    /// Print the results as JSON on stdout
    #[arg(long)]
    json: bool,

    /// Read the token from this environment variable instead of the usual chain
    #[arg(long, value_name = "VAR")]
    token_env: Option<String>,
}

pub fn run(args: Args, store_path: &Path, io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    let store = open_store(store_path)?;
    let remotes = push::select(&store, &args.names)?;
    let run = PushRun {
        dry_run: args.dry_run,
        json: args.json,
        token_env: args.token_env,
        only_if_new: false,
    };
    let outcomes = push_remotes(&store, &remotes, &run, io)?;
    if args.json {
        writeln!(io.out, "{}", outcomes_json(&outcomes))?;
    }
    Ok(if any_failed(&outcomes) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// How `push`, `sync` and `watch` push.
pub(super) struct PushRun {
    pub dry_run: bool,
    /// Results go out as JSON (by the caller): no human lines, no spinner.
    pub json: bool,
    pub token_env: Option<String>,
    pub only_if_new: bool,
}

/// Push each remote, reporting failures and skips on stderr and (unless JSON is wanted) what
/// happened on stdout.
pub(super) fn push_remotes(
    store: &Store,
    remotes: &[RemoteDef],
    run: &PushRun,
    io: &mut Io<'_>,
) -> Result<Vec<RemoteOutcome>, CommandError> {
    if let Some(var) = &run.token_env
        && io.env.get_named(var).is_none()
    {
        return Err(
            CommandError::usage(format!("--token-env {var}: the variable is not set"))
                .hint("export it first, or leave out --token-env to use the usual token chain"),
        );
    }
    let signature = signature(io.env, store)?;
    let options = Options {
        dry_run: run.dry_run,
        max_attempts: settings::int(store, "push_attempts") as u32,
        retry_delay: Duration::from_millis(settings::int(store, "retry_delay_ms")),
        max_retry_after: Duration::from_secs(settings::int(store, "retry_after_max_secs")),
        now: format_time(signature.seconds, signature.offset),
        signature,
        only_if_new: run.only_if_new,
    };
    let mut connector = CliConnector::new(io.env, store, run.token_env.clone());
    let mut outcomes = Vec::new();
    let mut progress = super::progress::for_stderr(!run.json && !io.ui.quiet);
    for def in remotes {
        outcomes.push(push::push_remote(
            store,
            def,
            &mut connector,
            &options,
            progress.as_mut(),
        ));
    }
    drop(progress);

    // With -v: which source each token came from (never the token).
    connector.notes.dedup();
    for note in &connector.notes {
        io.detail(note)?;
    }
    for outcome in &outcomes {
        for notice in &outcome.notices {
            io.note(format!("{}: {notice}", outcome.name))?;
        }
        match &outcome.outcome {
            Outcome::Failed { error, .. } => {
                let mut error_out = CommandError::from_error(error);
                error_out.message =
                    format!("push to {} failed: {}", outcome.name, error_out.message);
                if let transport::Error::Rejected { remote_lines, .. } = error.innermost() {
                    error_out
                        .causes
                        .extend(remote_lines.iter().map(|l| format!("remote: {l}")));
                }
                if let transport::Error::Auth(_) = error.innermost() {
                    error_out = error_out.hint("log in with `traces login`, or check the token's role (write access is needed)");
                }
                io.error(&error_out)?;
            }
            Outcome::Skipped(reason) => io.note(format!("{}: skipped: {reason}", outcome.name))?,
            _ if run.json => {}
            _ => {
                writeln!(io.out, "{}", human_line(outcome))?;
                if let Outcome::WouldPush { sent, removed, .. } = &outcome.outcome {
                    for path in sent {
                        writeln!(io.out, "  + {}", super::escape::name(path))?;
                    }
                    for path in removed {
                        writeln!(io.out, "  - {}", super::escape::name(path))?;
                    }
                }
            }
        }
    }
    Ok(outcomes)
}

pub(super) fn any_failed(outcomes: &[RemoteOutcome]) -> bool {
    outcomes
        .iter()
        .any(|o| matches!(o.outcome, Outcome::Failed { .. }))
}

pub(super) fn outcomes_json(outcomes: &[RemoteOutcome]) -> serde_json::Value {
    serde_json::Value::Array(outcomes.iter().map(outcome_json).collect())
}

fn human_line(outcome: &RemoteOutcome) -> String {
    let target = super::escape::name(outcome.resolved.as_deref().unwrap_or("?"));
    match &outcome.outcome {
        Outcome::Pushed {
            commit,
            sessions,
            removed,
            stats,
        } => format!(
            "{}: {} {target} ({}, {} objects, {} bytes)",
            outcome.name,
            sent_and_removed(false, *sessions, *removed),
            short_id(commit),
            stats.objects,
            stats.bytes
        ),
        Outcome::UpToDate => format!("{}: {target} is up to date", outcome.name),
        Outcome::WouldPush {
            sessions,
            objects,
            removed,
            ..
        } => format!(
            "{}: {} {target} ({objects} objects)",
            outcome.name,
            sent_and_removed(true, *sessions, removed.len()),
        ),
        Outcome::Skipped(reason) => format!("{}: skipped: {reason}", outcome.name),
        Outcome::Failed { error, .. } => format!("{}: failed: {error}", outcome.name),
    }
}

/// `pushed 2 sessions to`, `pushed 2 sessions and removed 1 to`, `removed 1 session from`;
/// with `would`, the same for a dry run.
fn sent_and_removed(would: bool, sent: usize, removed: usize) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let (push, remove) = if would {
        ("would push", "remove")
    } else {
        ("pushed", "removed")
    };
    match (sent, removed) {
        (_, 0) => format!("{push} {sent} session{} to", plural(sent)),
        (0, r) if would => format!("would remove {r} session{} from", plural(r)),
        (0, r) => format!("removed {r} session{} from", plural(r)),
        (n, r) => format!("{push} {n} session{} and {remove} {r} to", plural(n)),
    }
}

fn outcome_json(outcome: &RemoteOutcome) -> serde_json::Value {
    let mut value = json!({"remote": outcome.name, "resolved": outcome.resolved});
    let fields = match &outcome.outcome {
        Outcome::Pushed {
            commit,
            sessions,
            removed,
            stats,
        } => json!({"status": "pushed", "commit": commit.to_string(), "sessions": sessions,
                    "removed": removed, "objects": stats.objects, "bytes": stats.bytes}),
        Outcome::UpToDate => json!({"status": "up-to-date"}),
        Outcome::WouldPush {
            sessions,
            objects,
            sent,
            removed,
        } => json!({"status": "would-push", "sessions": sessions, "objects": objects,
                    "send": sent, "remove": removed}),
        Outcome::Skipped(reason) => json!({"status": "skipped", "reason": reason}),
        Outcome::Failed { error, attempts } => {
            json!({"status": "failed", "error": error.to_string(), "attempts": attempts})
        }
    };
    if let (Some(map), Some(extra)) = (value.as_object_mut(), fields.as_object()) {
        map.extend(extra.clone());
    }
    value
}
