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
use crate::store::{Clock, Signature, Store};
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
    /// The time when a server answers: a wait it asks for runs from then, not from when the
    /// run began (`signature` and `now` were taken before a commit that may have been long).
    pub clock: Clock,
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
                let when = not_before(options.clock.now(), after)
                    .unwrap_or_else(|| "the wait".to_string());
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
    let push_state = state::load(store, &def.name);
    let mut pending_purge = push_state.purge.clone();
    let resolved = target.describe();
    // What was pushed went elsewhere (`remote set-url`, another `org_repo`, another user's
    // `{hf_user}`): this repository is planned from nothing, so it gets every session, and
    // what it already holds is found by id and not sent again.
    let base = push_state.planning_base(refs.pushed_source, Some(&resolved));
    if let (None, Some(_), Some(pushed_to)) = (base, refs.pushed_source, push_state.pushed_target())
    {
        let notice = format!(
            "{} was last pushed to {pushed_to} and leads to {resolved} now: sending every session",
            def.name
        );
        if !told.notices.contains(&notice) {
            told.notices.push(notice);
        }
    }
    if let Some(pending) = pending_purge.take_if(|p| p.is_for_another(&resolved)) {
        // That dataset was sent the purged files, not this one: squashing this one would
        // erase a history the purge has nothing to do with. The purge stays pending for it.
        let old = pending.target.as_deref().unwrap_or("?");
        let notice = format!(
            "the purge pending since {} is for {old}, and the remote leads to {resolved} now: nothing is squashed here (point the remote back at {old} to carry it out)",
            pending.since,
        );
        // Said once per push, whatever the attempts.
        if !told.notices.contains(&notice) {
            told.notices.push(notice);
        }
    }
    if options.only_if_new && base == Some(local_tip) && pending_purge.is_none() {
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
        base,
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
    if plan.commit.is_none() && plan.files.is_none() {
        // The remote already holds everything: remember how far it is in sync.
        if !options.dry_run
            && let Some(tip) = tip
        {
            let mut refs = refs;
            if refs.remote_tip != Some(tip) || refs.pushed_source != Some(plan.source) {
                record_sent(store, def, &refs, (tip, &resolved), &plan, options)?;
                refs.pushed_source = Some(plan.source);
            }
            if let Some(pending) = &pending_purge {
                carry_out_purge(
                    store,
                    def,
                    connection.as_mut(),
                    &refs,
                    (tip, &resolved, &plan),
                    pending,
                    options,
                )?;
                told.notices.push(SQUASHED.into());
            }
            record_counts(store, def, &plan);
        }
        return Ok(Outcome::UpToDate);
    }
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
    let sent = match (&plan.files, plan.commit, tip) {
        (Some(files), _, Some(parent)) => {
            connection.commit_files(parent, files, &plan.outgoing, store)
        }
        (None, Some(commit), _) => {
            let mut sending =
                |bytes: u64| progress.stage(&def.name, &format!("{what}, {bytes} bytes"));
            connection
                .send(store, &plan.outgoing, tip, commit, &mut sending)
                .map(|stats| (commit, stats))
        }
        _ => unreachable!("a plan with something to send has a commit, or files and a tip"),
    };
    told.notices.extend(connection.take_notices());
    for detail in connection.take_details() {
        if !told.details.contains(&detail) {
            told.details.push(detail);
        }
    }
    let (commit, stats) = sent?;
    // The server said ok: only now does the state move.
    record_sent(store, def, &refs, (commit, &resolved), &plan, options)?;
    if let Some(pending) = &pending_purge {
        let refs = state::refs(store, &def.name)?;
        carry_out_purge(
            store,
            def,
            connection.as_mut(),
            &refs,
            (commit, &resolved, &plan),
            pending,
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

/// Squash the remote's history now that its tip `tip` (holding what `plan` counted) lacks
/// the files of `pending`, the purge as read when the push was planned, then record the
/// squashed tip and clear those files from the pending purge; a failure leaves it pending for
/// the next push.
fn carry_out_purge(
    store: &Store,
    def: &RemoteDef,
    connection: &mut dyn Connection,
    refs: &state::RemoteRefs,
    (tip, resolved, plan): (ObjectId, &str, &Plan),
    pending: &state::PendingPurge,
    options: &Options,
) -> transport::Result<()> {
    let squashed = purge::squash(store, connection, tip, plan.counts, &options.signature)?;
    record_sent(store, def, refs, (squashed, resolved), plan, options)?;
    state::clear_purge(store, &def.name, &pending.paths)?;
    Ok(())
}

/// Record that the remote's tip is now `tip`, holding what `plan` carried from the store,
/// unless the branch the plan was made from no longer holds its source commit: a history
/// rewrite (`traces forget --purge`) that did not wait for this push deleted it, and may not
/// know the remote got the files this push carried. Those the branch no longer holds are then
/// marked for removal and a squash, and the attempt fails as worth retrying, so the push plans
/// again on the rewritten branch instead of recording a commit that is gone.
fn record_sent(
    store: &Store,
    def: &RemoteDef,
    refs: &state::RemoteRefs,
    (tip, resolved): (ObjectId, &str),
    plan: &Plan,
    options: &Options,
) -> transport::Result<()> {
    if store.branch_contains(def.branch(), plan.source)? {
        state::record_pushed(store, &def.name, refs, (tip, resolved), plan.source)?;
        return Ok(());
    }
    let still_held = match store.tip(def.branch())? {
        Some(now) => {
            let tree = store.commit_tree(now)?;
            let tree = store
                .repo()
                .find_tree(tree)
                .map_err(store.git_error("read the local tree"))?;
            let mut held = Vec::new();
            for path in &plan.carried {
                if tree
                    .lookup_entry_by_path(path)
                    .map_err(store.git_error("look up a local file"))?
                    .is_some()
                {
                    held.push(path.clone());
                }
            }
            held
        }
        None => Vec::new(),
    };
    let gone: Vec<String> = plan
        .carried
        .iter()
        .filter(|path| !still_held.contains(path))
        .cloned()
        .collect();
    if !gone.is_empty() {
        state::request_purge(store, &def.name, &gone, &options.now, Some(resolved))?;
    }
    Err(transport::Error::Transient {
        message: format!(
            "branch {} was rewritten while pushing (traces forget --purge); planning again",
            def.branch()
        ),
        retry_after: None,
    })
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
            push_state.not_before_for = None;
        }
        Outcome::Failed { error, attempts } => {
            push_state.last_attempt = Some(options.now.clone());
            // A wait longer than we sleep through is kept, from the time of the answer (the
            // attempts just ended), so the next sync or watch round leaves the remote alone
            // until then.
            push_state.not_before = error
                .retry_after()
                .filter(|after| *after > options.max_retry_after)
                .and_then(|after| not_before(options.clock.now(), after));
            push_state.not_before_for = push_state
                .not_before
                .as_ref()
                .and(resolved)
                .map(str::to_string);
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

/// RFC 3339 (UTC) of `after` past `now` (unix seconds).
fn not_before(now: i64, after: Duration) -> Option<String> {
    let until = now.checked_add_unsigned(after.as_secs())?;
    chrono::DateTime::from_timestamp(until, 0)
        .map(|until| until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::local::LocalRepo;
    use crate::transport::{ObjectSource, Outgoing, RemoteEntry};

    const KEPT: &str = "sessions/2025-06-01/kept.jsonl";
    const PURGED: &str = "sessions/2025-06-01/purged.jsonl";

    fn signature() -> Signature {
        Signature {
            name: "Test".into(),
            email: "test@example.com".into(),
            seconds: 1_750_000_000,
            offset: 0,
        }
    }

    fn options() -> Options {
        Options {
            dry_run: false,
            max_attempts: 3,
            retry_delay: Duration::ZERO,
            max_retry_after: Duration::from_secs(60),
            signature: signature(),
            now: "2025-06-15T15:06:40Z".into(),
            clock: Clock::Fixed(1_750_000_000),
            only_if_new: false,
        }
    }

    fn backup(path: &std::path::Path) -> RemoteDef {
        RemoteDef {
            name: "backup".into(),
            url: path.display().to_string(),
            format: crate::formats::Rendering::ClaudeCode,
            role: remote::Role::None,
            token: crate::auth::TokenChain::personal(),
        }
    }

    /// A bare repository on this machine; the first send also runs a purge of `PURGED` in
    /// the store at `purge_store` once the remote took it, like a purge that did not wait for
    /// the push.
    struct PurgingRemote {
        inner: LocalRepo,
        purge_store: Option<std::path::PathBuf>,
    }

    impl Connection for PurgingRemote {
        fn lists_trees(&self) -> bool {
            self.inner.lists_trees()
        }
        fn tip(&mut self) -> transport::Result<Option<ObjectId>> {
            self.inner.tip()
        }
        fn list_folder(
            &mut self,
            tip: ObjectId,
            folder: &str,
        ) -> transport::Result<Option<Vec<RemoteEntry>>> {
            self.inner.list_folder(tip, folder)
        }
        fn read_blob(
            &mut self,
            tip: ObjectId,
            path: &str,
            id: ObjectId,
        ) -> transport::Result<Vec<u8>> {
            self.inner.read_blob(tip, path, id)
        }
        fn tip_message(&mut self, tip: ObjectId) -> transport::Result<Option<String>> {
            self.inner.tip_message(tip)
        }
        fn commit_tree(&mut self, tip: ObjectId) -> transport::Result<ObjectId> {
            self.inner.commit_tree(tip)
        }
        fn fetch(&mut self, tip: ObjectId) -> transport::Result<&gix::Repository> {
            self.inner.fetch(tip)
        }
        fn send(
            &mut self,
            source: &dyn ObjectSource,
            outgoing: &Outgoing,
            old: Option<ObjectId>,
            new: ObjectId,
            sending: &mut dyn FnMut(u64),
        ) -> transport::Result<SendStats> {
            let stats = self.inner.send(source, outgoing, old, new, sending)?;
            if let Some(path) = self.purge_store.take() {
                let other = Store::open(&path).unwrap();
                other.purge(&|path| path == PURGED, |_| Ok(())).unwrap();
            }
            Ok(stats)
        }
    }

    struct Local {
        path: std::path::PathBuf,
        purge_store: Option<std::path::PathBuf>,
    }

    impl Connector for Local {
        fn target(
            &mut self,
            _store: &Store,
            _def: &RemoteDef,
        ) -> Result<Option<Target>, Unresolved> {
            Ok(Some(Target::Local {
                path: self.path.clone(),
            }))
        }
        fn connect(
            &mut self,
            _store: &Store,
            _def: &RemoteDef,
            _target: &Target,
        ) -> transport::Result<Box<dyn Connection>> {
            Ok(Box::new(PurgingRemote {
                inner: LocalRepo::open_or_create(&self.path)?,
                purge_store: self.purge_store.take(),
            }))
        }
    }

    fn remote_paths(repo: &std::path::Path) -> Vec<String> {
        let repo = gix::open(repo).unwrap();
        let tip = repo
            .find_reference("refs/heads/main")
            .unwrap()
            .id()
            .detach();
        let mut paths = Vec::new();
        for folder in ["sessions/2025-06-01"] {
            if let Some(entries) = transport::repo_listing(&repo, tip, folder).unwrap() {
                paths.extend(entries.into_iter().map(|e| format!("{folder}/{}", e.name)));
            }
        }
        paths
    }

    #[test]
    fn a_push_whose_source_a_purge_rewrote_away_records_nothing_gone_and_plans_again() {
        let dir = tempfile::tempdir().unwrap();
        let store_path = dir.path().join("store");
        let (store, _) = Store::open_or_init(&store_path, |_| Ok(())).unwrap();
        let writer = store.blob_writer();
        let files = [KEPT, PURGED]
            .iter()
            .map(|path| {
                let line =
                    format!("{{\"timestamp\":\"2025-06-01T10:00:00Z\",\"path\":\"{path}\"}}\n");
                (path.to_string(), writer.write(line.as_bytes()).unwrap())
            })
            .collect();
        let update = crate::store::BranchUpdate {
            branch: "claude-code".into(),
            files,
        };
        store
            .commit(&[update], &signature(), |_, _| "Add 2 sessions\n".into())
            .unwrap();
        let planned_from = store.tip("claude-code").unwrap().unwrap();
        let remote_dir = dir.path().join("backup.git");
        let def = backup(&remote_dir);
        let mut connector = Local {
            path: remote_dir.clone(),
            purge_store: Some(store_path.clone()),
        };

        let outcome = push_remote(&store, &def, &mut connector, &options(), &mut Quiet);
        let Outcome::Pushed { removed, .. } = outcome.outcome else {
            panic!("{:?}", outcome.outcome);
        };
        assert_eq!(removed, 1, "the second attempt takes the purged file off");
        let refs = state::refs(&store, "backup").unwrap();
        let source = refs.pushed_source.unwrap();
        assert_ne!(source, planned_from, "never the commit the purge deleted");
        assert_eq!(store.tip("claude-code").unwrap(), Some(source));
        assert_eq!(remote_paths(&remote_dir), [KEPT]);
        let remote = gix::open(&remote_dir).unwrap();
        let tip = remote
            .find_reference("refs/heads/main")
            .unwrap()
            .id()
            .detach();
        assert_eq!(refs.remote_tip, Some(tip));
        let commit = remote.find_commit(tip).unwrap();
        assert_eq!(
            commit.parent_ids().count(),
            0,
            "the remote's history is squashed"
        );
        assert_eq!(state::load(&store, "backup").purge, None);
    }

    #[test]
    fn a_wait_the_server_asks_for_runs_from_its_answer_not_from_the_run_start() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open_or_init(&dir.path().join("store"), |_| Ok(())).unwrap();
        let def = backup(&dir.path().join("backup.git"));
        // The run began at 1_750_000_000; the server answered two hours later.
        let options = Options {
            clock: Clock::Fixed(1_750_000_000 + 7200),
            ..options()
        };
        let outcome = Outcome::Failed {
            error: transport::Error::Http {
                status: 429,
                message: "too many requests".into(),
                retry_after: Some(Duration::from_secs(3600)),
                source: None,
            },
            attempts: 1,
        };
        record(&store, &def, Some("datasets/a/b"), &outcome, &options);
        let recorded = state::load(&store, "backup");
        assert_eq!(
            recorded.not_before.as_deref(),
            Some("2025-06-15T18:06:40Z"),
            "the answer's time and an hour"
        );
        assert_eq!(recorded.not_before_for.as_deref(), Some("datasets/a/b"));
    }
}
