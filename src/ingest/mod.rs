//! `traces commit` as an operation: find input files, read, scrub and render them (in parallel),
//! write their blobs and commit both renderings through [`Store::commit`].
//!
//! A bad file is reported and skipped; it never stops the other files of the run, and nothing
//! of it reaches the store. This module does not print.

mod cache;
pub mod census;
pub mod exclusions;
pub mod forget;
mod layout;
pub mod origins;
pub mod remembered;
pub mod sources;
pub mod watch;

use std::collections::BTreeMap;
use std::io::{Read as _, Seek as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use gix::ObjectId;

use crate::formats::lint::{self, Lint};
use crate::formats::{self, InputError, InputKind, Rendering};
use crate::scrub::{Report, Scrubber};
use crate::store::{self, BranchUpdate, FileOutcome, Signature, Store};

use cache::{FileStamp, InputCache};

/// Why one input file was refused.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("could not read the file")]
    Read(#[source] std::io::Error),
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("session {session_id} is also in {other}")]
    Duplicate { session_id: String, other: PathBuf },
    #[error("{}", lint_failure(.0))]
    Lint(Lint),
    #[error("the Hub would not recognise this {agent} session, so it is not committed: {finding}")]
    NotRecognised {
        agent: &'static str,
        finding: String,
    },
    #[error("no such file or directory")]
    Missing,
    #[error("not a regular file or directory")]
    NotAFile,
    /// Refused before reading, so a file larger than memory cannot stop the run.
    #[error("the file is {size} bytes, over the input limit of {limit} bytes (max_input_mib)")]
    TooLarge { size: u64, limit: u64 },
    /// Not an error: routed to [`CommitSummary::skipped`].
    #[error("skipped: {0}")]
    Skip(SkipReason),
    /// Not an error: routed to [`CommitSummary::held_back`].
    #[error("held back: {}", lint_failure(.lint))]
    HoldBack { session_id: String, lint: Lint },
}

/// Why a file was left out quietly: it is not a conversation, or not one yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    #[error("the file is empty")]
    Empty,
    /// `agent-<id>.meta.json` beside a subagent's transcript (see docs/formats.md).
    #[error("a subagent's metadata sidecar, not a transcript")]
    Sidecar,
    #[error("no user or assistant message yet")]
    NoConversation,
    #[error("its only line is still being written")]
    Unfinished,
    /// Taken back with `traces forget` (see [`exclusions`]).
    #[error("the session is forgotten (traces forget --undo ID lets it back in)")]
    Forgotten,
    /// Its source or working directory matches a `traces ignore` pattern.
    #[error("it matches an ignore pattern (traces ignore list)")]
    Ignored,
}

impl SkipReason {
    /// The reason for an input error that is not one.
    fn of(error: &InputError) -> Option<SkipReason> {
        match error {
            InputError::Empty => Some(SkipReason::Empty),
            InputError::NoConversation => Some(SkipReason::NoConversation),
            InputError::Unfinished => Some(SkipReason::Unfinished),
            _ => None,
        }
    }
}

/// A file left out quietly.
#[derive(Debug)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// A transcript the Hub would not take for an agent trace (no user and assistant message in
/// its first 10 MB), so not committed: published as a dataset's first file, it would make
/// the Hub misread the whole dataset. It goes in once it qualifies.
#[derive(Debug)]
pub struct HeldBack {
    pub path: PathBuf,
    pub session_id: String,
    pub lint: Lint,
}

/// Our own rendering failing the lint is a bug in `traces` (refused), or a session that
/// cannot be shown yet, with no assistant reply (held back): either way it is not committed.
fn lint_failure(lint: &Lint) -> String {
    let first = lint
        .findings
        .first()
        .map(describe_finding)
        .unwrap_or_default();
    let more = match lint.total {
        0 | 1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    format!("its Claude Code rendering fails the lint, so it is not committed: {first}{more}")
}

/// `line N: message [check]`, or `message [check]` for the file as a whole.
pub fn describe_finding(finding: &lint::Finding) -> String {
    let at = match finding.line {
        0 => String::new(),
        n => format!("line {n}: "),
    };
    format!("{at}{} [{}]", finding.message, finding.check.id())
}

#[derive(Debug)]
pub struct Rejected {
    pub path: PathBuf,
    pub error: FileError,
}

#[derive(Debug, Clone)]
pub struct SessionOutcome {
    pub source: PathBuf,
    pub kind: InputKind,
    pub session_id: String,
    pub date: String,
    pub outcome: FileOutcome,
    /// Other session ids on the transcript's lines (a resumed session).
    pub other_session_ids: Vec<String>,
    /// A last line still being written, left for the next run.
    pub unfinished_line: Option<usize>,
    /// What the lint found in a Claude Code transcript passed through (its own bytes, so these
    /// are warnings). Empty for sessions answered by the input cache.
    pub lint: Lint,
}

#[derive(Debug, Default)]
pub struct CommitSummary {
    pub sessions: Vec<SessionOutcome>,
    pub rejected: Vec<Rejected>,
    pub skipped: Vec<Skipped>,
    pub held_back: Vec<HeldBack>,
    /// The new commit per branch (absent when the branch did not change).
    pub commits: BTreeMap<String, ObjectId>,
    /// Redactions over every accepted input of the run.
    pub scrub_report: Report,
}

impl CommitSummary {
    pub fn count(&self, outcome: FileOutcome) -> usize {
        self.sessions
            .iter()
            .filter(|s| s.outcome == outcome)
            .count()
    }
}

/// An input that rendered cleanly, its blobs already in the store.
struct Accepted {
    source: PathBuf,
    kind: InputKind,
    session_id: String,
    date: String,
    other_session_ids: Vec<String>,
    unfinished_line: Option<usize>,
    report: Report,
    blobs: Vec<(Rendering, ObjectId)>,
    lint: Lint,
    /// The file's identity, taken before it was read.
    stamp: FileStamp,
    /// Answered by the input cache (so its entry is already stored).
    from_cache: bool,
}

/// Scrub, render and commit the sessions found under `paths`.
pub fn commit(
    store: &Store,
    paths: &[PathBuf],
    scrubber: &Scrubber,
    signature: &Signature,
) -> Result<CommitSummary, store::Error> {
    commit_inputs(store, collect_inputs(paths), scrubber, signature)
}

/// Told how a commit run goes, so a caller can show it (this module never prints). Called
/// from the render workers, hence `Sync`.
pub trait CommitProgress: Sync {
    /// Before any input is read: how many files, and their bytes.
    fn start(&self, _files: usize, _bytes: u64) {}
    /// One input is done (rendered, answered by the cache, or refused).
    fn file_done(&self, _bytes: u64) {}
}

/// Progress nobody watches.
pub struct NoProgress;

impl CommitProgress for NoProgress {}

/// [`commit`] of inputs already collected (for example from [`sources`]).
pub fn commit_inputs(
    store: &Store,
    inputs: (Vec<PathBuf>, Vec<Rejected>),
    scrubber: &Scrubber,
    signature: &Signature,
) -> Result<CommitSummary, store::Error> {
    commit_inputs_with_progress(store, inputs, scrubber, signature, &NoProgress)
}

/// [`commit_inputs`], telling `progress` as each input is done.
pub fn commit_inputs_with_progress(
    store: &Store,
    (files, mut rejected): (Vec<PathBuf>, Vec<Rejected>),
    scrubber: &Scrubber,
    signature: &Signature,
    progress: &dyn CommitProgress,
) -> Result<CommitSummary, store::Error> {
    let cache = InputCache::new(&store.state_dir(), &scrubber.fingerprint());
    // Every new object of the run goes into one pack, published before the branches move.
    let writer = store.pack_writer();
    let mut accepted: Vec<Accepted> = Vec::new();
    let mut skipped = Vec::new();
    let mut held_back = Vec::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (path, result) in files.iter().zip(render_and_store(
        store, &writer, &files, scrubber, &cache, progress,
    )?) {
        match result {
            Err(FileError::Skip(reason)) => skipped.push(Skipped {
                path: path.clone(),
                reason,
            }),
            Err(FileError::HoldBack { session_id, lint }) => held_back.push(HeldBack {
                path: path.clone(),
                session_id,
                lint,
            }),
            Err(error) => rejected.push(Rejected {
                path: path.clone(),
                error,
            }),
            Ok(session) => match seen.get(&session.session_id) {
                Some(other) => rejected.push(Rejected {
                    path: path.clone(),
                    error: FileError::Duplicate {
                        session_id: session.session_id,
                        other: other.clone(),
                    },
                }),
                None => {
                    seen.insert(session.session_id.clone(), path.clone());
                    accepted.push(session);
                }
            },
        }
    }

    let accepted = leave_out_excluded(store, accepted, &mut skipped)?;
    let mut accepted = accepted;
    layout::place(store, &mut accepted)?;

    // Per rendering: the files to place, and which accepted session owns each (None: the card).
    let mut updates: BTreeMap<Rendering, Vec<(String, ObjectId)>> = BTreeMap::new();
    let mut owners: BTreeMap<Rendering, Vec<Option<usize>>> = BTreeMap::new();
    for (index, session) in accepted.iter().enumerate() {
        for (rendering, blob) in &session.blobs {
            let path = formats::session_path(&session.date, &session.session_id);
            updates.entry(*rendering).or_default().push((path, *blob));
            owners.entry(*rendering).or_default().push(Some(index));
        }
    }
    if let Some(files) = updates.get_mut(&Rendering::ClaudeCode) {
        // The card names every agent on the branch: those its current card names, and this run's.
        let current = store
            .read_file(Rendering::ClaudeCode.branch(), "README.md")?
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        let card = formats::dataset_card(
            formats::card_harnesses(&current)
                .into_iter()
                .chain(accepted.iter().map(|s| s.kind.card_agent())),
        );
        for (path, text) in [
            ("README.md", card.as_str()),
            (".gitattributes", formats::GITATTRIBUTES),
        ] {
            files.push((path.to_string(), writer.write(text.as_bytes())?));
            owners.entry(Rendering::ClaudeCode).or_default().push(None);
        }
    }

    let branch_updates: Vec<BranchUpdate> = updates
        .into_iter()
        .map(|(rendering, files)| BranchUpdate {
            branch: rendering.branch().to_string(),
            files,
        })
        .collect();
    let message = |branch: &str, outcomes: &[FileOutcome]| {
        let rendering = Rendering::parse(branch).expect("only rendering branches are committed");
        let changed = owners[&rendering]
            .iter()
            .zip(outcomes)
            .filter_map(|(owner, outcome)| owner.map(|i| (&accepted[i], *outcome)));
        commit_message(changed)
    };
    let results = store.commit_with(&writer, &branch_updates, signature, message)?;
    remember(&cache, &accepted);
    remembered::learn(store, accepted.iter().map(|a| &a.report))?;
    origins::Origins::record(
        store,
        accepted.iter().map(|s| {
            let path = formats::session_path(&s.date, &s.session_id);
            (path, s.source.clone())
        }),
    );

    let mut summary = CommitSummary {
        rejected,
        skipped,
        held_back,
        ..CommitSummary::default()
    };
    let mut per_session: Vec<Option<FileOutcome>> = vec![None; accepted.len()];
    for result in &results {
        let rendering = Rendering::parse(&result.branch).expect("rendering branch");
        for (owner, outcome) in owners[&rendering].iter().zip(&result.outcomes) {
            if let Some(index) = owner {
                per_session[*index] = Some(combine(per_session[*index], *outcome));
            }
        }
        if let Some(commit) = result.commit {
            summary.commits.insert(result.branch.clone(), commit);
        }
    }
    for (session, outcome) in accepted.into_iter().zip(per_session) {
        summary.scrub_report.merge(&session.report);
        summary.sessions.push(SessionOutcome {
            source: session.source,
            kind: session.kind,
            session_id: session.session_id,
            date: session.date,
            other_session_ids: session.other_session_ids,
            unfinished_line: session.unfinished_line,
            outcome: outcome.unwrap_or(FileOutcome::Unchanged),
            lint: session.lint,
        });
    }
    Ok(summary)
}

/// Sessions forgotten or ignored go to `skipped`, before anything points to their blobs (the
/// blobs themselves are unreachable, and gone with the next prune).
fn leave_out_excluded(
    store: &Store,
    accepted: Vec<Accepted>,
    skipped: &mut Vec<Skipped>,
) -> Result<Vec<Accepted>, store::Error> {
    let forgotten = exclusions::Forgotten::load(store).map_err(exclusions::Error::into_store)?;
    let ignore = exclusions::IgnoreList::load(store)
        .and_then(|list| exclusions::IgnoreMatcher::new(&list))
        .map_err(exclusions::Error::into_store)?;
    if forgotten.ids.is_empty() && ignore.is_empty() {
        return Ok(accepted);
    }
    let mut kept = Vec::with_capacity(accepted.len());
    for session in accepted {
        let reason = if forgotten.contains(&session.session_id) {
            Some(SkipReason::Forgotten)
        } else if !ignore.is_empty() {
            let cwd = exclusions::source_cwd(&session.source);
            ignore
                .matching(&session.source, cwd.as_deref())
                .map(|_| SkipReason::Ignored)
        } else {
            None
        };
        match reason {
            Some(reason) => skipped.push(Skipped {
                path: session.source,
                reason,
            }),
            None => kept.push(session),
        }
    }
    Ok(kept)
}

/// A session is new when any rendering of it is new, updated when any changed.
fn combine(so_far: Option<FileOutcome>, next: FileOutcome) -> FileOutcome {
    use FileOutcome::*;
    match (so_far.unwrap_or(Unchanged), next) {
        (New, _) | (_, New) => New,
        (Updated, _) | (_, Updated) => Updated,
        _ => Unchanged,
    }
}

/// Title with counts; a `Scrubbed:` trailer with counts per rule (never a value).
fn commit_message<'a>(changed: impl Iterator<Item = (&'a Accepted, FileOutcome)>) -> String {
    let (mut new, mut updated) = (0, 0);
    let mut report = Report::default();
    for (session, outcome) in changed {
        match outcome {
            FileOutcome::New => new += 1,
            FileOutcome::Updated => updated += 1,
            FileOutcome::Unchanged => continue,
        }
        report.merge(&session.report);
    }
    let mut text = formats::commit_title(new, updated);
    text.push('\n');
    if !report.is_empty() {
        let counts: Vec<String> = report
            .iter()
            .map(|(rule, n)| format!("{rule}={n}"))
            .collect();
        text.push_str(&format!("\nScrubbed: {}\n", counts.join(", ")));
    }
    text
}

/// Record what each accepted file rendered to, for the next run. A cache that cannot be
/// written only costs the next run its speed, so errors are dropped.
fn remember(cache: &InputCache, accepted: &[Accepted]) {
    let now = std::time::SystemTime::now();
    for session in accepted.iter().filter(|s| !s.from_cache) {
        let Ok(key) = std::path::absolute(&session.source) else {
            continue;
        };
        let entry = cache::Entry {
            stamp: session.stamp.clone(),
            kind: session.kind.as_str().to_string(),
            session_id: session.session_id.clone(),
            date: session.date.clone(),
            other_session_ids: session.other_session_ids.clone(),
            unfinished_line: session.unfinished_line,
            scrubbed: session
                .report
                .iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            blobs: session
                .blobs
                .iter()
                .map(|(r, id)| (r.as_str().to_string(), id.to_string()))
                .collect(),
        };
        let _ = cache.insert(&key, entry, now);
    }
}

/// The accepted session a cache entry describes, if the entry is usable and its blobs are all
/// still in the store.
fn from_cache(
    store: &Store,
    path: &Path,
    stamp: &FileStamp,
    cache: &InputCache,
) -> Option<Accepted> {
    let entry = cache.get(&std::path::absolute(path).ok()?, stamp)?;
    let kind = InputKind::parse(&entry.kind)?;
    let mut blobs = Vec::new();
    for (rendering, id) in &entry.blobs {
        let id = ObjectId::from_hex(id.as_bytes()).ok()?;
        if !store.repo().has_object(id) {
            return None;
        }
        blobs.push((Rendering::parse(rendering)?, id));
    }
    let mut report = Report::default();
    for (rule, n) in &entry.scrubbed {
        report.add(rule, *n);
    }
    Some(Accepted {
        source: path.to_path_buf(),
        kind,
        session_id: entry.session_id.clone(),
        date: entry.date.clone(),
        other_session_ids: entry.other_session_ids.clone(),
        unfinished_line: entry.unfinished_line,
        report,
        blobs,
        lint: Lint::default(),
        stamp: stamp.clone(),
        from_cache: true,
    })
}

/// Read, render and store every file not answered by the cache, on all cores. Each worker
/// drops a session's bytes as soon as its blobs are written, so memory stays near one session
/// per worker.
fn render_and_store(
    store: &Store,
    writer: &store::ObjectWriter,
    files: &[PathBuf],
    scrubber: &Scrubber,
    cache: &InputCache,
    progress: &dyn CommitProgress,
) -> Result<Vec<Result<Accepted, FileError>>, store::Error> {
    let mut results: Vec<Option<Result<Accepted, FileError>>> = Vec::with_capacity(files.len());
    let mut to_render = Vec::new();
    let mut stamps = Vec::with_capacity(files.len());
    for path in files {
        stamps.push(std::fs::metadata(path));
    }
    let total = stamps.iter().flatten().map(|meta| meta.len()).sum();
    progress.start(files.len(), total);
    for (index, (path, meta)) in files.iter().zip(stamps).enumerate() {
        let meta = match meta {
            Ok(meta) => meta,
            Err(e) => {
                results.push(Some(Err(FileError::Read(e))));
                progress.file_done(0);
                continue;
            }
        };
        let stamp = FileStamp::of(&meta);
        match from_cache(store, path, &stamp, cache) {
            Some(hit) => {
                results.push(Some(Ok(hit)));
                progress.file_done(meta.len());
            }
            None => {
                results.push(None);
                to_render.push((index, stamp, meta.len()));
            }
        }
    }

    let limit = crate::settings::Settings::load(store).max_input_bytes;
    let forgotten = exclusions::Forgotten::load(store).map_err(exclusions::Error::into_store)?;
    let ignore = exclusions::IgnoreList::load(store)
        .and_then(|list| exclusions::IgnoreMatcher::new(&list))
        .map_err(exclusions::Error::into_store)?;
    let excluded = |path: &Path, session_id: &str| {
        if forgotten.contains(session_id) {
            return Some(SkipReason::Forgotten);
        }
        let cwd = (!ignore.is_empty())
            .then(|| exclusions::source_cwd(path))
            .flatten();
        (!ignore.is_empty() && ignore.matching(path, cwd.as_deref()).is_some())
            .then_some(SkipReason::Ignored)
    };
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(to_render.len().max(1));
    let rendered = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<Vec<_>, store::Error> {
                    let mut done = Vec::new();
                    loop {
                        let Some((index, stamp, len)) =
                            to_render.get(next.fetch_add(1, Ordering::Relaxed))
                        else {
                            return Ok(done);
                        };
                        let result = render_one(
                            &files[*index],
                            stamp.clone(),
                            scrubber,
                            writer,
                            limit,
                            &excluded,
                        )?;
                        progress.file_done(*len);
                        done.push((*index, result));
                    }
                })
            })
            .collect();
        let mut all = Vec::new();
        for handle in handles {
            all.extend(handle.join().expect("a render worker panicked")?);
        }
        Ok::<_, store::Error>(all)
    })?;
    for (index, result) in rendered {
        results[index] = Some(result);
    }
    Ok(results
        .into_iter()
        .map(|r| r.expect("every file is answered by the cache or rendered"))
        .collect())
}

fn render_one(
    path: &Path,
    stamp: FileStamp,
    scrubber: &Scrubber,
    writer: &store::ObjectWriter,
    limit: u64,
    excluded: &(dyn Fn(&Path, &str) -> Option<SkipReason> + Sync),
) -> Result<Result<Accepted, FileError>, store::Error> {
    if is_sidecar(path) {
        return Ok(Err(FileError::Skip(SkipReason::Sidecar)));
    }
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > limit
    {
        return Ok(Err(FileError::TooLarge {
            size: meta.len(),
            limit,
        }));
    }
    let mut rendered = match read_input(path, scrubber) {
        Ok(Ok(rendered)) => rendered,
        Ok(Err(e)) => {
            return Ok(Err(match SkipReason::of(&e) {
                Some(reason) => FileError::Skip(reason),
                None => e.into(),
            }));
        }
        Err(e) => return Ok(Err(FileError::Read(e))),
    };
    // Before any blob is written: nothing of a forgotten or ignored session enters the store.
    if let Some(reason) = excluded(path, &rendered.session_id) {
        return Ok(Err(FileError::Skip(reason)));
    }
    // Linted before any blob is written: nothing of a refused session enters the store. A
    // small session's Claude Code rendering is linted in memory and then stored as it is.
    let mut claude_code = None;
    let lint = if let Some(lint) = rendered.take_lint_as_read() {
        lint
    } else if let Some(bytes) = rendered.passthrough_bytes() {
        // Stored as they are: linted and written from the session itself, never copied.
        match rendered.kind {
            InputKind::Agent(agent) => formats::agents::lint(agent, bytes),
            InputKind::MlIntern | InputKind::ClaudeCode => lint::lint(bytes),
        }
    } else if rendered.is_large() {
        rendered.lint_claude_code()
    } else {
        let bytes = rendered
            .render(Rendering::ClaudeCode)
            .expect("every session has a Claude Code rendering");
        let lint = match rendered.kind {
            InputKind::Agent(agent) => formats::agents::lint(agent, &bytes),
            InputKind::MlIntern | InputKind::ClaudeCode => lint::lint(&bytes),
        };
        claude_code = Some(bytes);
        lint
    };
    // Held back before anything is written: the Hub must never see it as a first file.
    let held_back = match rendered.kind {
        InputKind::MlIntern => lint.only_fails_hub_detection(),
        InputKind::ClaudeCode => lint.fails_hub_detection(),
        // Another agent's session has its own rule, below.
        InputKind::Agent(_) => false,
    };
    if held_back {
        return Ok(Err(FileError::HoldBack {
            session_id: rendered.session_id,
            lint,
        }));
    }
    if rendered.kind == InputKind::MlIntern && !lint.is_clean() {
        return Ok(Err(FileError::Lint(lint)));
    }
    if let InputKind::Agent(agent) = rendered.kind
        && let Some(finding) = lint
            .findings
            .iter()
            .find(|f| f.check == lint::Check::Format)
    {
        // Another agent's session is stored as it is, so only what would hide it from the
        // Hub holds it back (until it has grown into something the Hub reads).
        return Ok(Err(FileError::NotRecognised {
            agent: agent.title(),
            finding: describe_finding(finding),
        }));
    }
    let mut blobs = Vec::new();
    for &rendering in rendered.renderings() {
        let id = if let Some(bytes) = rendered.passthrough_bytes() {
            writer.write(bytes)?
        } else if rendered.is_large() {
            writer.write_streamed(&|out| rendered.write_rendering(rendering, out))?
        } else {
            let data = match rendering {
                Rendering::ClaudeCode => claude_code.take(),
                Rendering::Row => rendered.render(rendering),
            }
            .expect("renderings() lists only renderings the session has");
            writer.write(&data)?
        };
        blobs.push((rendering, id));
    }
    Ok(Ok(Accepted {
        source: path.to_path_buf(),
        kind: rendered.kind,
        session_id: rendered.session_id,
        date: rendered.date,
        other_session_ids: rendered.other_session_ids,
        unfinished_line: rendered.unfinished_line,
        report: rendered.scrub_report,
        blobs,
        lint,
        stamp,
        from_cache: false,
    }))
}

/// Read, check and scrub one input file. A large file is first tried as an ml-intern session
/// parsed straight from disk (see [`formats::read_streamed`]), then every file as JSON Lines
/// read line by line (see [`formats::read_lines`]); what neither takes is read whole.
fn read_input(
    path: &Path,
    scrubber: &Scrubber,
) -> std::io::Result<Result<formats::ScrubbedSession, formats::InputError>> {
    let mut file = std::fs::File::open(path)?;
    let len = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
    if len > formats::STREAM_ABOVE_BYTES {
        if let Some(read) = formats::read_streamed(&mut file, len, scrubber) {
            return Ok(read);
        }
        file.rewind()?;
    }
    let hint = formats::FileHint::of_path(path);
    let lines = std::io::BufReader::with_capacity(64 << 10, &mut file);
    if let Some(read) = formats::read_lines(lines, len, &hint, scrubber)? {
        return Ok(read);
    }
    file.rewind()?;
    let mut bytes = Vec::with_capacity(len);
    file.read_to_end(&mut bytes)?;
    Ok(formats::read_file(&bytes, &hint, scrubber))
}

/// `agent-<id>.meta.json`, which Claude Code writes beside a subagent's transcript.
fn is_sidecar(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".meta.json"))
}

/// Expand arguments into input files: directories are walked for `*.json` / `*.jsonl` without
/// following symlinks; files named on the command line are taken whatever their name.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Rejected>) {
    let mut files = Vec::new();
    let mut rejected = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => rejected.push(Rejected {
                path: path.clone(),
                error: FileError::Missing,
            }),
            Err(e) => rejected.push(Rejected {
                path: path.clone(),
                error: FileError::Read(e),
            }),
            Ok(meta) if meta.is_dir() => walk(path, &mut files, &mut rejected),
            Ok(meta) if meta.is_file() => files.push(path.clone()),
            Ok(_) => rejected.push(Rejected {
                path: path.clone(),
                error: FileError::NotAFile,
            }),
        }
    }
    (files, rejected)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, rejected: &mut Vec<Rejected>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            rejected.push(Rejected {
                path: dir.to_path_buf(),
                error: FileError::Read(e),
            });
            return;
        }
    };
    let mut children: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    children.sort_by_key(|e| e.file_name());
    for entry in children {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, files, rejected);
        } else if kind.is_file() && is_session_name(&path) {
            files.push(path);
        }
        // Symlinks are not followed: a link could lead anywhere, including out of the tree.
    }
}

fn is_session_name(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("json" | "jsonl")
    )
}
