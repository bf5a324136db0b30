//! `traces watch`: commit the sources' sessions once they are quiet, and push with backoff.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::report::{PushRun, commit_and_report, known_target, push_remotes};
use super::{CommandError, Context, Io};
use crate::ingest::sources;
use crate::ingest::watch::{Notifier, Settler};
use crate::push;

/// Longest wait between two push attempts while remotes keep failing.
const MAX_PUSH_BACKOFF: Duration = Duration::from_secs(300);

/// Commit sessions in the source directories as they are written, and push them
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  traces watch
  traces watch --interval 10 --settle 30

Runs in the foreground until SIGINT or SIGTERM (a terminal, a systemd user unit, launchd). It
looks at the source directories (see `traces source`) when file-system notifications say
something changed, and at least every --interval seconds (the polling fallback), commits a
session file once it has not changed for --settle seconds (agents rewrite the whole file on
every heartbeat), and pushes every remote with something new. While remotes fail it keeps
committing and retries the push with a growing delay (up to 5 minutes). A stop request lets
the commit or push in progress finish; nothing is lost.")]
pub struct Args {
    /// Seconds between two looks at the sources
    #[arg(long, default_value = "2", value_name = "SECS")]
    interval: f64,

    /// Seconds a file must stay unchanged before it is committed
    #[arg(long, default_value = "5", value_name = "SECS")]
    settle: f64,
}

fn seconds(value: f64, name: &str) -> Result<Duration, CommandError> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero() || name == "--settle")
        .ok_or_else(|| {
            CommandError::usage(format!(
                "{name} {value}: expected a positive number of seconds"
            ))
        })
}

pub(super) fn run(
    args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let interval = seconds(args.interval, "--interval")?;
    let settle = seconds(args.settle, "--settle")?;
    let (store, _) = ctx.store_or_init()?;
    if sources::list(store)
        .map_err(|e| CommandError::from_error(&e))?
        .is_empty()
    {
        return Err(CommandError::usage("nothing to watch: no sources")
            .hint("add the directory your agent writes sessions to: traces source add DIR"));
    }
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, stop.clone())
            .map_err(|e| CommandError::failure(format!("could not handle signals: {e}")))?;
    }
    io.note(format!(
        "watching the sources of {} every {:?} (Ctrl-C stops)",
        store.path().display(),
        interval
    ))?;

    let mut settler = Settler::new(settle);
    let mut watched: Vec<std::path::PathBuf> = Vec::new();
    let mut notifier: Option<Notifier> = None;
    // What earlier runs left unpushed goes first.
    let mut pusher = Pusher {
        due: true,
        ..Pusher::default()
    };
    while !stop.load(Ordering::Relaxed) {
        // Each round reads clock, settings, scrub state and tokens afresh.
        ctx.next_round();
        let now = Instant::now();
        let all = sources::list(store).map_err(|e| CommandError::from_error(&e))?;
        let dirs: Vec<_> = all.iter().map(|s| s.dir.clone()).collect();
        if dirs != watched {
            notifier = Notifier::new(&dirs);
            if notifier.is_none() {
                io.note("file-system notifications are unavailable; polling the sources")?;
            }
            watched = dirs;
        }
        let (files, _missing) = sources::collect(&all);
        let ready = settler.ready(&files, now);
        // A failure is reported and the watch goes on: the next poll tries again.
        let mut failed = false;
        if !ready.is_empty() {
            match commit_and_report(ctx, (ready.clone(), Vec::new()), false, io) {
                Ok(summary) => {
                    settler.done(&ready);
                    pusher.due |= !summary.commits.is_empty();
                }
                Err(error) => {
                    failed = true;
                    io.error(&error)?;
                }
            }
        }
        if !stop.load(Ordering::Relaxed)
            && let Err(error) = pusher.maybe_push(ctx, io, interval)
        {
            io.error(&error)?;
        }
        // Until the next poll, a file due to settle, or a change under the sources.
        let wait = match settler.next_due(Instant::now()) {
            Some(due) if !failed => due.max(TICK).min(interval),
            _ => interval,
        };
        wait_unless_stopped(wait, notifier.as_ref(), &stop);
    }
    io.note("stopped")?;
    Ok(ExitCode::SUCCESS)
}

/// When to push next: at once after a commit, later and later while remotes fail; a remote
/// whose server asked to wait longer than a push sleeps is left alone until the time it gave,
/// the others go on.
#[derive(Default)]
struct Pusher {
    due: bool,
    failures: u32,
    not_before: Option<Instant>,
    /// Remotes not to push before a time their server gave (Retry-After).
    waits: std::collections::HashMap<String, Instant>,
    /// Whether the waits earlier runs recorded in the push state were taken over.
    waits_loaded: bool,
}

impl Pusher {
    fn maybe_push(
        &mut self,
        ctx: &Context<'_>,
        io: &mut Io<'_>,
        interval: Duration,
    ) -> Result<(), CommandError> {
        if !self.due || self.not_before.is_some_and(|t| Instant::now() < t) {
            return Ok(());
        }
        let store = ctx.store()?;
        // The run's clock (TRACES_NOW in tests) says how far off a recorded time is; the
        // schedule itself runs on this process's monotonic clock.
        let now = ctx.signature()?.seconds;
        let all = push::select(store, &[])?;
        if !self.waits_loaded {
            self.waits_loaded = true;
            for def in &all {
                let target = known_target(ctx, def);
                self.wait_as_recorded(store, &def.name, target.as_deref(), now, io)?;
            }
        }
        let started = Instant::now();
        self.waits.retain(|_, until| *until > started);
        let remotes: Vec<_> = all
            .into_iter()
            .filter(|def| !self.waits.contains_key(&def.name))
            .collect();
        let outcomes = if remotes.is_empty() {
            Vec::new()
        } else {
            let run = PushRun {
                dry_run: false,
                json: false,
                token_env: None,
                only_if_new: true,
            };
            push_remotes(ctx, &remotes, &run, io)?
        };
        let mut failed = false;
        for outcome in &outcomes {
            if let push::Outcome::Failed { .. } = outcome.outcome
                && !self.wait_as_recorded(
                    store,
                    &outcome.name,
                    outcome.resolved.as_deref(),
                    now,
                    io,
                )?
            {
                failed = true;
            }
        }
        if failed {
            self.failures += 1;
            let delay = interval
                .saturating_mul(1 << self.failures.min(16))
                .min(MAX_PUSH_BACKOFF);
            io.note(format!("will try the push again in {delay:?}"))?;
            self.not_before = Some(Instant::now() + delay);
        } else {
            // Due again when the first wait ends: that remote still has sessions to push.
            self.failures = 0;
            self.not_before = self.waits.values().min().copied();
            self.due = self.not_before.is_some();
        }
        Ok(())
    }

    /// Schedule `name` at the time its push state says its server gave, if that is still
    /// ahead; `true` when it did.
    fn wait_as_recorded(
        &mut self,
        store: &crate::store::Store,
        name: &str,
        target: Option<&str>,
        now: i64,
        io: &mut Io<'_>,
    ) -> Result<bool, CommandError> {
        let Some(until) = crate::remote::state::load(store, name).waiting_until(now, target) else {
            return Ok(false);
        };
        let wait = Duration::from_secs(u64::try_from(until - now).unwrap_or(0));
        self.waits.insert(name.to_string(), Instant::now() + wait);
        io.note(format!(
            "{name}: waiting {}s as the server asked; next push to it at {}",
            wait.as_secs(),
            super::format_time(until, 0)
        ))?;
        Ok(true)
    }
}

/// How often a wait looks at the stop flag.
const TICK: Duration = Duration::from_millis(50);

fn wait_unless_stopped(total: Duration, notifier: Option<&Notifier>, stop: &AtomicBool) {
    let end = Instant::now() + total;
    while !stop.load(Ordering::Relaxed) {
        let now = Instant::now();
        if now >= end {
            return;
        }
        let slice = TICK.min(end - now);
        match notifier {
            Some(notifier) => {
                if notifier.wait(slice) {
                    return;
                }
            }
            None => std::thread::sleep(slice),
        }
    }
}
