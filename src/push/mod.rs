//! `traces push` as an operation: for each remote, resolve where it leads, learn the remote
//! tip, plan one commit on top of it, send what the remote lacks, and only after the remote
//! accepted move that remote's state. One remote's failure never touches another's state.

pub mod connect;
pub mod forgotten;
pub mod layout;
mod objects;
pub mod plan;
mod purge;
pub mod scan;

use std::time::Duration;

use gix::ObjectId;

use crate::remote::{self, RemoteDef, Target, state};
use crate::store::{Signature, Store};
use crate::transport::{self, Connection, SendStats};

pub use plan::{Plan, unpushed_sessions};
pub mod routing;

/// Settings of one push run.
#[derive(Debug, Clone)]
pub struct Options {
    pub dry_run: bool,
    /// Attempts per remote for retryable failures (at least 1).
    pub max_attempts: u32,
    /// First backoff delay; each retry doubles it, with jitter.
    pub retry_delay: Duration,
    /// The longest `Retry-After` waited out; a server asking for more ends the push, so a
    /// push never sleeps for an hour with no word.
    pub max_retry_after: Duration,
    pub signature: Signature,
    /// RFC 3339 time recorded in the push state.
    pub now: String,
    /// Leave a remote alone, without contacting it, when nothing was committed since its last
    /// successful push (what `sync` and `watch` want; `push` always asks the remote).
    pub only_if_new: bool,
}

/// How pushing one remote ended.
#[derive(Debug)]
pub enum Outcome {
    Pushed {
        commit: ObjectId,
        sessions: usize,
        /// Session files taken off the remote (forgotten locally).
        removed: usize,
        stats: SendStats,
    },
    UpToDate,
    /// `--dry-run`: what a push would send.
    WouldPush {
        sessions: usize,
        objects: usize,
        /// The session files it would add or update, and those it would remove.
        sent: Vec<String>,
        removed: Vec<String>,
    },
    /// Not attempted, with the reason (no user name, sharing turned off, nothing committed).
    Skipped(String),
    Failed {
        error: transport::Error,
        attempts: u32,
    },
}

#[derive(Debug)]
pub struct RemoteOutcome {
    pub name: String,
    /// The dataset id, URL or path the remote resolved to.
    pub resolved: Option<String>,
    pub outcome: Outcome,
    /// Things worth telling that are not failures (a stale lock removed from the remote).
    pub notices: Vec<String>,
    /// How the push went about it, for `-v` (the remote lists no trees: fetched whole).
    pub details: Vec<String>,
}

/// Told what a push is doing, for a progress display. The library never prints.
pub trait Progress {
    fn stage(&mut self, remote: &str, what: &str);
}

/// No progress display (scripts, tests, non-terminals).
pub struct Quiet;

impl Progress for Quiet {
    fn stage(&mut self, _remote: &str, _what: &str) {}
}

/// Why a remote could not be resolved to a target.
#[derive(Debug)]
pub enum Unresolved {
    /// Left alone by choice or by design (sharing turned off, no token for the personal
    /// dataset): not a failure.
    Skip(String),
    /// Something broke on the way (the user name lookup failed, the URL is unusable): the
    /// push of that remote failed.
    Fail(transport::Error),
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unresolved::Skip(reason) => f.write_str(reason),
            Unresolved::Fail(error) => write!(f, "{error}"),
        }
    }
}

/// Opens connections; the CLI provides one that knows tokens and the Hub.
pub trait Connector {
    /// `Ok(None)` skips the remote (nothing to resolve it with).
    fn target(&mut self, store: &Store, def: &RemoteDef) -> Result<Option<Target>, Unresolved>;
    fn connect(
        &mut self,
        store: &Store,
        def: &RemoteDef,
        target: &Target,
    ) -> transport::Result<Box<dyn Connection>>;
}

/// Push one remote, retrying retryable failures with jittered exponential backoff, and record
/// the result in its state.
pub fn push_remote(
    store: &Store,
    def: &RemoteDef,
    connector: &mut dyn Connector,
    options: &Options,
    progress: &mut dyn Progress,
) -> RemoteOutcome {
    let target = match connector.target(store, def) {
        Ok(Some(target)) => target,
        Ok(None) => {
            return RemoteOutcome {
                name: def.name.clone(),
                resolved: None,
                outcome: Outcome::Skipped("nothing to resolve it with".into()),
                notices: Vec::new(),
                details: Vec::new(),
            };
        }
        Err(Unresolved::Skip(reason)) => {
            return RemoteOutcome {
                name: def.name.clone(),
                resolved: None,
                outcome: Outcome::Skipped(reason),
                notices: Vec::new(),
                details: Vec::new(),
            };
        }
        Err(Unresolved::Fail(error)) => {
            let outcome = Outcome::Failed { error, attempts: 1 };
            if !options.dry_run {
                record(store, def, None, &outcome, options);
            }
            return RemoteOutcome {
                name: def.name.clone(),
                resolved: None,
                outcome,
                notices: Vec::new(),
                details: Vec::new(),
            };
        }
    };
    let resolved = target.describe();
    // Held through the attempts and the record, so pushes to one remote never overlap; a push
    // that waited here plans from the store as it is then, taking newer commits along.
    let _lock = match store.push_lock(&def.name) {
        Ok(lock) => lock,
        Err(e) => {
            return RemoteOutcome {
                name: def.name.clone(),
                resolved: Some(resolved),
                outcome: Outcome::Failed {
                    error: e.into(),
                    attempts: 0,
                },
                notices: Vec::new(),
                details: Vec::new(),
            };
        }
    };
    let mut attempts = 0;
    let mut told = Told {
        notices: state::remove_stale_ref_locks(store, &def.name)
            .into_iter()
            .map(|lock| format!("removed {}, left by a push that was killed", lock.display()))
            .collect(),
        details: Vec::new(),
    };
    let outcome = loop {
        attempts += 1;
        match attempt(store, def, &target, connector, options, progress, &mut told) {
            Ok(outcome) => break outcome,
            Err(error)
                if retry_after(&error).is_some_and(|after| after > options.max_retry_after) =>
            {
                let after = retry_after(&error).unwrap_or_default();
                let when = std::time::SystemTime::now() + after;
                let when = chrono::DateTime::<chrono::Utc>::from(when)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                break Outcome::Failed {
                    error: transport::Error::Context {
                        what: format!(
                            "the server asked to wait {}s, more than traces.retryAfterMaxSecs ({}s); run again after {when}",
                            after.as_secs(),
                            options.max_retry_after.as_secs()
                        ),
                        source: Box::new(error),
                    },
                    attempts,
                };
            }
            Err(error) if error.is_retryable() && attempts < options.max_attempts.max(1) => {
                progress.stage(&def.name, &format!("retrying after: {error}"));
                std::thread::sleep(backoff(&error, attempts, options.retry_delay));
            }
            Err(error) => break Outcome::Failed { error, attempts },
        }
    };
    if !options.dry_run {
        record(store, def, Some(&resolved), &outcome, options);
    }
    RemoteOutcome {
        name: def.name.clone(),
        resolved: Some(resolved),
        outcome,
        notices: told.notices,
        details: told.details,
    }
}

/// What an attempt tells beside its outcome: notices for everyone, details for `-v`.
struct Told {
    notices: Vec<String>,
    details: Vec<String>,
}

fn attempt(
    store: &Store,
    def: &RemoteDef,
    target: &Target,
    connector: &mut dyn Connector,
    options: &Options,
    progress: &mut dyn Progress,
    told: &mut Told,
) -> transport::Result<Outcome> {
    let refs = state::refs(store, &def.name)?;
    let Some(local_tip) = store.tip(def.branch())? else {
        return Ok(Outcome::Skipped(format!(
            "branch {} has no commits yet",
            def.branch()
        )));
    };
    let pending_purge = state::load(store, &def.name).purge;
    if options.only_if_new && refs.pushed_source == Some(local_tip) && pending_purge.is_none() {
        return Ok(Outcome::UpToDate);
    }
    let mut connection = connector.connect(store, def, target)?;
    progress.stage(&def.name, "reading the remote branch");
    let tip = connection.tip()?;
    progress.stage(
        &def.name,
        "reading the remote's folders on the changed paths",
    );
    let lfs_threshold = connection.lfs_threshold();
    let routing = routing::Routing::for_remote(store, &def.name)?;
    // Sessions forgotten on any machine that pushes here stay off it (`push::forgotten`).
    let listed = forgotten::read(connection.as_mut(), tip)?;
    let local_forgotten = crate::ingest::exclusions::Forgotten::load(store)
        .map_err(|e| transport::Error::Other(e.to_string()))?;
    let forgotten_list = forgotten::merged(&listed, &local_forgotten);
    let planned = plan::plan(
        store,
        def.branch(),
        refs.pushed_source,
        tip,
        connection.as_mut(),
        &options.signature,
        &plan::Policy {
            lfs_threshold,
            routed: &|path| routing.allows(path) && !forgotten::refuses(&listed, path),
            purged: pending_purge.as_ref().map_or(&[], |p| p.paths.as_slice()),
            forgotten_list: forgotten_list.as_deref(),
            max_files: matches!(target, Target::Hub { .. }).then_some(plan::MAX_REPOSITORY_FILES),
            layout: layout::Layout::of(store, &def.name),
        },
    );
    // How the remote was read (a fallback to a full download), for `-v`, said once per push.
    for detail in connection.take_details() {
        if !told.details.contains(&detail) {
            told.details.push(detail);
        }
    }
    let Some(plan) = planned? else {
        return Ok(Outcome::Skipped(format!(
            "branch {} has no commits yet",
            def.branch()
        )));
    };
    if pending_purge.is_some() && tip.is_some() && options.dry_run {
        told.notices
            .push("a purge is pending: the push would then squash the remote's history".into());
    }
    let Some(commit) = plan.commit else {
        // The remote already holds everything: remember how far it is in sync.
        if !options.dry_run
            && let Some(tip) = tip
        {
            let mut refs = refs;
            if refs.remote_tip != Some(tip) || refs.pushed_source != Some(plan.source) {
                state::record_pushed(store, &def.name, &refs, tip, plan.source)?;
                refs.pushed_source = Some(plan.source);
            }
            if pending_purge.is_some() {
                carry_out_purge(
                    store,
                    def,
                    connection.as_mut(),
                    &refs,
                    (tip, plan.counts),
                    plan.source,
                    options,
                )?;
                told.notices.push(SQUASHED.into());
            }
            record_counts(store, def, &plan);
        }
        return Ok(Outcome::UpToDate);
    };
    if options.dry_run {
        return Ok(Outcome::WouldPush {
            sessions: plan.sessions,
            objects: plan.outgoing.len(),
            sent: plan.sent,
            removed: plan.removed,
        });
    }
    if !plan.lfs.is_empty() {
        // Before the pack: the remote refuses pointers whose content it does not have.
        progress.stage(
            &def.name,
            &format!("uploading {} large file(s) through LFS", plan.lfs.len()),
        );
        connection.upload_lfs(&plan.lfs, store)?;
    }
    let what = format!(
        "sending {} session(s) in {} objects",
        plan.sessions,
        plan.outgoing.len()
    );
    progress.stage(&def.name, &what);
    let mut sending = |bytes: u64| progress.stage(&def.name, &format!("{what}, {bytes} bytes"));
    let sent = connection.send(store, &plan.outgoing, tip, commit, &mut sending);
    told.notices.extend(connection.take_notices());
    let stats = sent?;
    // The server said ok: only now does the state move.
    state::record_pushed(store, &def.name, &refs, commit, plan.source)?;
    if pending_purge.is_some() {
        let refs = state::refs(store, &def.name)?;
        carry_out_purge(
            store,
            def,
            connection.as_mut(),
            &refs,
            (commit, plan.counts),
            plan.source,
            options,
        )?;
        told.notices.push(SQUASHED.into());
    }
    record_counts(store, def, &plan);
    Ok(Outcome::Pushed {
        commit,
        sessions: plan.sessions,
        removed: plan.removed.len(),
        stats,
    })
}

const SQUASHED: &str = "purged: the remote's history is squashed into one commit";

/// Squash the remote's history now that its tip `tip` (holding `counts`) lacks the purged
/// files, then record the squashed tip and clear the pending purge; a failure leaves it
/// pending for the next push.
fn carry_out_purge(
    store: &Store,
    def: &RemoteDef,
    connection: &mut dyn Connection,
    refs: &state::RemoteRefs,
    (tip, counts): (ObjectId, Option<plan::Counts>),
    source: ObjectId,
    options: &Options,
) -> transport::Result<()> {
    let squashed = purge::squash(store, connection, tip, counts, &options.signature)?;
    state::record_pushed(store, &def.name, refs, squashed, source)?;
    state::clear_purge(store, &def.name)?;
    Ok(())
}

/// What the remote holds now, for `traces status`: only a count, so a state file that cannot
/// be written loses nothing the next push would not learn again.
fn record_counts(store: &Store, def: &RemoteDef, plan: &Plan) {
    let counts = plan.counts.map(|c| (c.files, c.sessions));
    let _ = state::record_counts(store, &def.name, counts);
}

/// The wait a server asked for with `Retry-After`.
fn retry_after(error: &transport::Error) -> Option<Duration> {
    error.retry_after()
}

/// `delay * 2^(attempt-1)`, scaled by a jitter in [0.5, 1.5), or the server's Retry-After when
/// it asked for longer.
fn backoff(error: &transport::Error, attempt: u32, delay: Duration) -> Duration {
    let exponential = delay.saturating_mul(1 << (attempt - 1).min(10));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let jitter = 0.5 + f64::from(nanos % 1000) / 1000.0;
    let jittered = exponential.mul_f64(jitter);
    match error.retry_after() {
        Some(after) => jittered.max(after),
        None => jittered,
    }
}

fn record(
    store: &Store,
    def: &RemoteDef,
    resolved: Option<&str>,
    outcome: &Outcome,
    options: &Options,
) {
    let mut push_state = state::load(store, &def.name);
    if let Some(resolved) = resolved {
        push_state.resolved = Some(resolved.to_string());
    }
    match outcome {
        Outcome::Skipped(_) | Outcome::WouldPush { .. } => return,
        Outcome::Pushed { .. } | Outcome::UpToDate => {
            push_state.last_attempt = Some(options.now.clone());
            push_state.last_success = Some(options.now.clone());
            push_state.last_error = None;
            push_state.not_before = None;
        }
        Outcome::Failed { error, attempts } => {
            push_state.last_attempt = Some(options.now.clone());
            // A wait longer than we sleep through is kept, on the run's clock, so the next
            // sync or watch round leaves the remote alone until then.
            push_state.not_before = error
                .retry_after()
                .filter(|after| *after > options.max_retry_after)
                .and_then(|after| {
                    let until = options
                        .signature
                        .seconds
                        .checked_add_unsigned(after.as_secs())?;
                    chrono::DateTime::from_timestamp(until, 0)
                })
                .map(|until| until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            push_state.last_error = Some(format!(
                "{error} (after {attempts} attempt{})",
                if *attempts == 1 { "" } else { "s" }
            ));
        }
    }
    // The refs already say what was pushed; a state file that cannot be written loses only
    // the timestamps and the last error.
    let _ = state::save(store, &def.name, &push_state);
}

/// The remotes a `traces push` with these names works on, in config order.
pub fn select(store: &Store, names: &[String]) -> remote::Result<Vec<RemoteDef>> {
    let all = remote::list(store)?;
    if names.is_empty() {
        return Ok(all);
    }
    names
        .iter()
        .map(|name| {
            all.iter()
                .find(|r| &r.name == name)
                .cloned()
                .ok_or_else(|| remote::Error::NotFound(name.clone()))
        })
        .collect()
}
