//! `traces commit PATH...`: scrub, render and commit sessions into the store.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Io, open_or_init_store, short_id};
use crate::env::Env;
use crate::formats;
use crate::ingest::{self, CommitSummary};
use crate::store::{FileOutcome, Signature, Store};

/// Scrub, render and commit session files (or directories of them) into the store
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  traces commit ~/.ml-intern/session_logs
  traces commit session_4f1c.json ~/.claude/projects/my-app --json

Directories are walked for *.json and *.jsonl (symlinks are not followed). The format is
detected from content. Bad files are reported and skipped; the rest is still committed and the
exit code is 1.")]
pub struct Args {
    /// Session files or directories
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Print the summary as JSON on stdout
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, store_path: &Path, io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    let (store, _created) = open_or_init_store(store_path)?;
    let summary = commit_and_report(&store, ingest::collect_inputs(&args.paths), args.json, io)?;
    if args.json {
        writeln!(io.out, "{}", summary_json(&summary))?;
    }
    Ok(if summary.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Commit the inputs and report: rejected files and lint warnings on stderr, the summary line
/// on stdout (unless the caller prints JSON), the scrub report as a note.
pub(super) fn commit_and_report(
    store: &Store,
    inputs: (Vec<PathBuf>, Vec<ingest::Rejected>),
    json: bool,
    io: &mut Io<'_>,
) -> Result<CommitSummary, CommandError> {
    let signature = signature(io.env, store)?;
    let scrubber = super::scan::scrubber(store, io.env)?;
    let progress = super::progress::commit_bar(!json && !io.ui.quiet);
    let summary =
        ingest::commit_inputs_with_progress(store, inputs, &scrubber, &signature, &*progress);
    // Cleared before anything else is written to stderr.
    drop(progress);
    let summary = summary?;

    report_rejected(&summary.rejected, io)?;
    for session in &summary.sessions {
        lint_warnings(session, io)?;
        io.detail(format!(
            "{}: {} {} ({})",
            session.source.display(),
            outcome_name(session.outcome),
            formats::session_path(&session.date, &session.session_id),
            session.kind.as_str()
        ))?;
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
                "lint_warnings": super::lint::findings_json(&s.lint),
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
        "commits": commits,
        "sessions": sessions,
        "scrubbed": scrubbed,
    })
}

/// Author and time: TRACES_AUTHOR_* and TRACES_NOW first, then the store's git config, then
/// defaults and the clock.
pub(super) fn signature(env: &Env, store: &Store) -> Result<Signature, CommandError> {
    let config = store.repo().config_snapshot();
    let name = env
        .get_str("TRACES_AUTHOR_NAME")
        .map(str::to_string)
        .or_else(|| config.string("user.name").map(|s| s.to_string()))
        .unwrap_or_else(|| "traces".to_string());
    let email = env
        .get_str("TRACES_AUTHOR_EMAIL")
        .map(str::to_string)
        .or_else(|| config.string("user.email").map(|s| s.to_string()))
        .unwrap_or_else(|| "traces@localhost".to_string());
    let (seconds, offset) = match env.get_str("TRACES_NOW") {
        Some(text) => parse_now(text).ok_or_else(|| {
            CommandError::usage(format!("TRACES_NOW={text:?} is not a time"))
                .hint("use RFC 3339 (2025-01-02T03:04:05+01:00) or @<unix seconds>")
        })?,
        None => (chrono::Utc::now().timestamp(), 0),
    };
    Ok(Signature {
        name,
        email,
        seconds,
        offset,
    })
}

fn parse_now(text: &str) -> Option<(i64, i32)> {
    if let Some(seconds) = text.strip_prefix('@') {
        return seconds.parse().ok().map(|s| (s, 0));
    }
    let time = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    Some((time.timestamp(), time.offset().local_minus_utc()))
}
