//! `traces sync [PATH...]`: commit, then push every remote that has something new.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use super::report::{
    PushRun, any_failed, commit_and_report, known_target, outcomes_json, push_remotes, summary_json,
};
use super::{CommandError, Context, Io};
use crate::ingest::{self, sources};
use crate::push;
use crate::remote::state;
use crate::store::Store;

/// The background push's log, in the store's `traces/` directory.
pub(super) const LOG_FILE: &str = "sync.log";

/// Commit sessions (the given paths, or every source), then push every remote with something new
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  traces sync                                  every source directory, then every remote
  traces sync ~/.ml-intern/session_logs/session_4f1c.json --background
  traces sync --json

Remotes that have everything committed so far are not contacted. With --background the command
returns as soon as the sessions are committed and a detached process pushes, logging to
traces/sync.log in the store; pushes to one remote never overlap, and a push that waited takes
newer commits along. Every sync first pushes what earlier runs left unpushed. Exit code: 0 when
everything was committed and arrived (or, with --background, was committed), 1 otherwise.")]
pub struct Args {
    /// Session files or directories (default: every source, see `traces source`)
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Return once committed; push from a detached process
    #[arg(long)]
    background: bool,

    /// Print what happened as JSON on stdout
    #[arg(long)]
    json: bool,

    /// Only push (what the detached process of --background runs)
    #[arg(long, hide = true, conflicts_with_all = ["paths", "background"])]
    push_only: bool,
}

pub(super) fn run(
    args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let (store, _) = ctx.store_or_init()?;
    if args.push_only {
        let now = ctx.signature()?;
        io.note(format!(
            "{} push started",
            super::format_time(now.seconds, now.offset)
        ))?;
        return push_new(ctx, None, args.json, io);
    }
    let inputs = if args.paths.is_empty() {
        let all = sources::list(store).map_err(|e| CommandError::from_error(&e))?;
        if all.is_empty() {
            return Err(
                CommandError::usage("nothing to sync: no PATH given and no sources")
                    .hint("add the directory your agent writes sessions to: traces source add DIR"),
            );
        }
        sources::collect(&all)
    } else {
        ingest::collect_inputs(&args.paths)
    };
    let summary = commit_and_report(ctx, inputs, args.json, io)?;
    let committed_all = summary.rejected.is_empty();
    let commit_json = summary_json(&summary);

    if args.background {
        spawn_background_push(store)?;
        io.note(format!(
            "pushing in the background; see {}",
            store.path().join("traces").join(LOG_FILE).display()
        ))?;
        if args.json {
            writeln!(
                io.out,
                "{}",
                json!({"commit": commit_json, "push": "background"})
            )?;
        }
        return Ok(exit(committed_all));
    }
    push_new(ctx, Some(commit_json), args.json, io).map(|code| {
        if committed_all {
            code
        } else {
            ExitCode::from(1)
        }
    })
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Push every remote that has commits it has not accepted yet.
fn push_new(
    ctx: &Context<'_>,
    commit_json: Option<serde_json::Value>,
    json: bool,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let store = ctx.store()?;
    let now = ctx.signature()?.seconds;
    // A remote whose server asked an earlier run to wait longer than we sleep is left alone
    // until then.
    let mut remotes = Vec::new();
    let mut waiting = Vec::new();
    for def in push::select(store, &[])? {
        let target = known_target(ctx, &def);
        match state::load(store, &def.name).waiting_until(now, target.as_deref()) {
            Some(until) => {
                let until = super::format_time(until, 0);
                io.note(format!(
                    "{}: skipped until {until}: the server asked to wait that long",
                    def.name
                ))?;
                waiting.push(push::RemoteOutcome {
                    name: def.name.clone(),
                    resolved: None,
                    outcome: push::Outcome::Skipped(format!(
                        "the server asked to wait until {until}"
                    )),
                    notices: Vec::new(),
                    details: Vec::new(),
                });
            }
            None => remotes.push(def),
        }
    }
    let run = PushRun {
        dry_run: false,
        json,
        token_env: None,
        only_if_new: true,
    };
    let mut outcomes = push_remotes(ctx, &remotes, &run, io)?;
    outcomes.extend(waiting);
    if json {
        let pushed = outcomes_json(&outcomes);
        let value = match commit_json {
            Some(commit) => json!({"commit": commit, "push": pushed}),
            None => json!({"push": pushed}),
        };
        writeln!(io.out, "{value}")?;
    }
    Ok(exit(!any_failed(&outcomes)))
}

/// Start `traces sync --push-only` detached: its own process group (a Ctrl-C in the terminal
/// does not reach it), no stdin, output appended to the log. Tokens reach it through the
/// environment it inherits, never its arguments.
fn spawn_background_push(store: &Store) -> Result<(), CommandError> {
    let log_path = store.path().join("traces").join(LOG_FILE);
    let open_log = || {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
    };
    let failed = |e: std::io::Error| {
        CommandError::failure(format!("could not start the background push: {e}"))
            .hint("run `traces push` to push now")
    };
    let log = open_log().map_err(failed)?;
    let log_err = log.try_clone().map_err(failed)?;
    let exe = std::env::current_exe().map_err(failed)?;
    let mut command = std::process::Command::new(exe);
    command
        .arg("--store")
        .arg(store.path())
        .args(["--color", "never", "sync", "--push-only"])
        .stdin(std::process::Stdio::null())
        .stdout(log)
        .stderr(log_err);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    command.spawn().map_err(failed)?;
    Ok(())
}
