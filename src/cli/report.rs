//! The reports commands share, human and JSON: what a commit did and what each push did.
//! `commit`, `sync` and `watch` commit through [`commit_and_report`]; `push`, `sync` and
//! `watch` push through [`push_remotes`].

use std::path::PathBuf;

use serde_json::json;

use super::{CommandError, Io, format_time, short_id};
use crate::context::Context;
use crate::formats;
use crate::formats::lint::Lint;
use crate::ingest::{self, CommitSummary};
use crate::push::{self, Options, Outcome, RemoteOutcome};
use crate::remote::RemoteDef;
use crate::store::FileOutcome;
use crate::transport;

/// Commit the inputs and report: rejected files and lint warnings on stderr, the summary line
/// on stdout (unless the caller prints JSON), the scrub report as a note.
pub(super) fn commit_and_report(
    ctx: &Context<'_>,
    inputs: (Vec<PathBuf>, Vec<ingest::Rejected>),
    json: bool,
    io: &mut Io<'_>,
) -> Result<CommitSummary, CommandError> {
    let store = ctx.store()?;
    let signature = ctx.signature()?;
    let scrubber = ctx.scrubber()?;
    let progress = super::progress::commit_bar(!json && !io.ui.quiet);
    let summary =
        ingest::commit_inputs_with_progress(store, inputs, &scrubber, &signature, &*progress);
    // Cleared before anything else is written to stderr.
    drop(progress);
    let summary = summary?;

    report_rejected(&summary.rejected, io)?;
    for held in &summary.held_back {
        io.note(format!(
            "{}: held back until it holds a user and an assistant message, so the Hub reads it as an agent trace",
            held.path.display()
        ))?;
    }
    for skipped in &summary.skipped {
        io.detail(format!(
            "{}: skipped: {}",
            skipped.path.display(),
            skipped.reason
        ))?;
    }
    for session in &summary.sessions {
        lint_warnings(session, io)?;
        io.detail(format!(
            "{}: {} {} ({})",
            session.source.display(),
            outcome_name(session.outcome),
            formats::session_path(&session.date, &session.session_id),
            session.kind.as_str()
        ))?;
        if let Some(line) = session.unfinished_line {
            io.detail(format!(
                "{}: line {line} is still being written; it goes in with the next run",
                session.source.display()
            ))?;
        }
    }
    if !json {
        writeln!(io.out, "{}", summary_line(&summary))?;
    }
    io.note(scrub_line(&summary))?;
    // Like `git gc --auto`: each commit adds a pack, so many small ones are gathered now and
    // then, after the commit has landed (a failure here loses nothing).
    if !summary.commits.is_empty()
        && store.object_files()?.small_packs >= crate::store::AUTO_REPACK_PACKS
    {
        let repacked = store.repack()?;
        io.detail(format!(
            "gathered {} packs into one ({} objects)",
            repacked.packs_removed, repacked.objects
        ))?;
    }
    Ok(summary)
}

/// Beyond this many files refused for one reason, that reason gets one line with a count
/// (`-v` lists every file; `--json` always does).
const LISTED_PER_KIND: usize = 20;

/// Each refused file as an error, or, for a reason shared by many files, one line.
fn report_rejected(rejected: &[ingest::Rejected], io: &mut Io<'_>) -> std::io::Result<()> {
    let mut per_kind: std::collections::BTreeMap<&str, Vec<&ingest::Rejected>> =
        std::collections::BTreeMap::new();
    for file in rejected {
        per_kind
            .entry(rejection_kind(&file.error))
            .or_default()
            .push(file);
    }
    for file in rejected {
        let group = &per_kind[rejection_kind(&file.error)];
        if group.len() > LISTED_PER_KIND && io.ui.verbose == 0 {
            continue;
        }
        let mut error = CommandError::from_error(&file.error);
        error.message = format!("{}: {}", file.path.display(), error.message);
        io.error(&error)?;
    }
    if io.ui.verbose > 0 {
        return Ok(());
    }
    for (kind, group) in per_kind {
        if group.len() > LISTED_PER_KIND {
            let error = CommandError::failure(format!(
                "{} files refused: {kind} (first: {}: {})",
                group.len(),
                group[0].path.display(),
                group[0].error
            ))
            .hint("`-v` lists every file, `--json` too");
            io.error(&error)?;
        }
    }
    Ok(())
}

/// The reason a file was refused, as a group name for [`report_rejected`].
fn rejection_kind(error: &ingest::FileError) -> &'static str {
    use formats::InputError;
    use ingest::FileError;
    match error {
        FileError::Read(_) => "could not be read",
        FileError::Missing => "no such file",
        FileError::NotAFile => "not a regular file",
        FileError::Duplicate { .. } => "a session also in another file",
        FileError::Lint(_) => "the rendering fails the lint",
        FileError::TooLarge { .. } => "over the input size limit",
        FileError::NotRecognised { .. } => "not yet readable by the Hub",
        // Routed to the summary's skipped and held-back lists, never refused.
        FileError::Skip(_) => "skipped",
        FileError::HoldBack { .. } => "held back",
        FileError::Input(input) => match input {
            InputError::Empty => "empty",
            InputError::Binary { .. } => "binary data",
            InputError::InvalidUtf8 { .. } => "invalid UTF-8",
            InputError::LineTooLong { .. } => "a line over the length limit",
            InputError::MalformedJson { .. }
            | InputError::TruncatedLine { .. }
            | InputError::LineNotObject { .. } => "not valid JSON or JSONL",
            InputError::Unrecognised(_) | InputError::UnknownFormat(_) => "not a session",
            _ => "not a valid session",
        },
    }
}

/// Lint findings in a transcript passed through are the agent's own bytes: committed as they
/// are, with a warning.
fn lint_warnings(session: &ingest::SessionOutcome, io: &mut Io<'_>) -> std::io::Result<()> {
    const SHOWN: usize = 3;
    let source = session.source.display();
    for finding in session.lint.findings.iter().take(SHOWN) {
        let finding = ingest::describe_finding(finding);
        io.warning(format!("{source}: {finding}"))?;
    }
    if session.lint.total > SHOWN {
        let more = session.lint.total - SHOWN;
        io.warning(format!(
            "{source}: {more} more lint findings; `traces lint {source}` lists them"
        ))?;
    }
    Ok(())
}

fn summary_line(summary: &CommitSummary) -> String {
    let mut line = format!(
        "{} new, {} updated, {} unchanged, {} rejected",
        summary.count(FileOutcome::New),
        summary.count(FileOutcome::Updated),
        summary.count(FileOutcome::Unchanged),
        summary.rejected.len()
    );
    // Only when there are some, so the usual line stays short.
    for (count, what) in [
        (summary.skipped.len(), "skipped"),
        (summary.held_back.len(), "held back"),
    ] {
        if count > 0 {
            line.push_str(&format!(", {count} {what}"));
        }
    }
    if summary.commits.is_empty() {
        line.push_str("; nothing to commit");
    } else {
        let commits: Vec<String> = summary
            .commits
            .iter()
            .map(|(branch, id)| format!("{branch} {}", short_id(id)))
            .collect();
        line.push_str(&format!("; committed {}", commits.join(", ")));
    }
    line
}

fn scrub_line(summary: &CommitSummary) -> String {
    if summary.scrub_report.is_empty() {
        return "scrubbed: nothing found".to_string();
    }
    let counts: Vec<String> = summary
        .scrub_report
        .iter()
        .map(|(rule, n)| format!("{rule} {n}"))
        .collect();
    format!("scrubbed: {}", counts.join(", "))
}

fn outcome_name(outcome: FileOutcome) -> &'static str {
    match outcome {
        FileOutcome::New => "new",
        FileOutcome::Updated => "updated",
        FileOutcome::Unchanged => "unchanged",
    }
}

pub(super) fn summary_json(summary: &CommitSummary) -> serde_json::Value {
    let sessions: Vec<_> = summary
        .sessions
        .iter()
        .map(|s| {
            json!({
                "session_id": s.session_id,
                "date": s.date,
                "source": s.source.display().to_string(),
                "format": s.kind.as_str(),
                "outcome": outcome_name(s.outcome),
                "other_session_ids": s.other_session_ids,
                "unfinished_line": s.unfinished_line,
                "lint_warnings": findings_json(&s.lint),
            })
        })
        .collect();
    let skipped: Vec<_> = summary
        .skipped
        .iter()
        .map(|s| json!({"source": s.path.display().to_string(), "reason": s.reason.to_string()}))
        .collect();
    let held_back: Vec<_> = summary
        .held_back
        .iter()
        .map(|h| {
            json!({
                "source": h.path.display().to_string(),
                "session_id": h.session_id,
                "findings": findings_json(&h.lint),
            })
        })
        .collect();
    let rejected: Vec<_> = summary
        .rejected
        .iter()
        .map(|r| json!({"source": r.path.display().to_string(), "error": r.error.to_string()}))
        .collect();
    let commits: serde_json::Map<String, serde_json::Value> = summary
        .commits
        .iter()
        .map(|(branch, id)| (branch.clone(), json!(id.to_string())))
        .collect();
    let scrubbed: serde_json::Map<String, serde_json::Value> = summary
        .scrub_report
        .iter()
        .map(|(rule, n)| (rule.to_string(), json!(n)))
        .collect();
    json!({
        "new": summary.count(FileOutcome::New),
        "updated": summary.count(FileOutcome::Updated),
        "unchanged": summary.count(FileOutcome::Unchanged),
        "rejected": rejected,
        "skipped": skipped,
        "held_back": held_back,
        "commits": commits,
        "sessions": sessions,
        "scrubbed": scrubbed,
    })
}

pub(super) fn findings_json(lint: &Lint) -> serde_json::Value {
    let findings: Vec<_> = lint
        .findings
        .iter()
        .map(|f| json!({"line": f.line, "check": f.check.id(), "message": f.message}))
        .collect();
    json!(findings)
}

/// Where `def` leads now as far as the store tells without asking anything (the cached Hub
/// user name fills `{hf_user}`), described as a push records it; `None` when unknown.
pub(super) fn known_target(ctx: &Context<'_>, def: &RemoteDef) -> Option<String> {
    let settings = ctx.settings().ok()?;
    crate::remote::Target::resolve(def, &ctx.endpoint(), settings.hf_user.as_deref())
        .ok()
        .flatten()
        .map(|target| target.describe())
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
    ctx: &Context<'_>,
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
    let store = ctx.store()?;
    let signature = ctx.signature()?;
    let settings = ctx.settings()?;
    let options = Options {
        dry_run: run.dry_run,
        max_attempts: settings.push_attempts,
        retry_delay: settings.retry_delay,
        max_retry_after: settings.retry_after_max,
        now: format_time(signature.seconds, signature.offset),
        signature,
        clock: ctx.clock()?,
        only_if_new: run.only_if_new,
    };
    let mut connector = ctx.connector(run.token_env.clone())?;
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
        for detail in &outcome.details {
            io.detail(format!("{}: {detail}", outcome.name))?;
        }
        for notice in &outcome.notices {
            io.note(format!("{}: {notice}", outcome.name))?;
        }
        match &outcome.outcome {
            Outcome::Failed { error, .. } => {
                let mut error_out = CommandError::from_error(error);
                error_out.message =
                    format!("push to {} failed: {}", outcome.name, error_out.message);
                if let transport::Error::Rejected { remote_lines, .. }
                | transport::Error::RewriteRefused { remote_lines, .. } = error.innermost()
                {
                    error_out
                        .causes
                        .extend(remote_lines.iter().map(|l| format!("remote: {l}")));
                }
                if let transport::Error::RewriteRefused { .. } = error.innermost() {
                    error_out = error_out.hint(
                        "the purged files are gone from the remote's tip but remain in its history: allow force pushes to its main branch (git: receive.denyNonFastForwards false; a host: unprotect the branch) and push again, or recreate the repository",
                    );
                }
                if error.is_refused_credentials() {
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

/// The rule ids a report holds, with counts, secrets only: `hf-token (2)`.
pub(super) fn secret_rules(report: &crate::scrub::Report) -> Vec<String> {
    report
        .iter()
        .filter(|(rule, _)| *rule != crate::scrub::HOME_PATH)
        .map(|(rule, n)| format!("{rule} ({n})"))
        .collect()
}
