//! `traces scan`: report what scrubbing would redact, in files or on a remote, without
//! committing anything; `--check-rules` runs the custom rules' samples.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{Value, json};

use super::{CommandError, Context, Io};
use crate::context;
use crate::ingest;
use crate::push::Connector;
use crate::push::scan::{Scanned, scan_remote};
use crate::remote;
use crate::scrub::{self, Report, Scrubber};
use crate::store::Store;

/// Report secrets scrubbing would redact, in files or on a remote, without committing
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  traces scan ~/.claude/projects/my-app      what a commit of these sessions would redact
  traces scan --remote personal              what the personal dataset already holds
  traces scan --check-rules                  run the samples of the store's custom rules
  traces scan session.jsonl --json

Findings name the file, the line, the JSON path and the rule, never the secret. Home-path
rewrites are listed but are not secrets. Exit code: 0 when no secret is found, 1 when one is
(or a file cannot be read), 2 on usage errors.")]
pub struct Args {
    /// Files or directories to scan (directories are walked for *.json and *.jsonl)
    #[arg(value_name = "PATH", conflicts_with_all = ["remote", "check_rules"])]
    paths: Vec<PathBuf>,

    /// Scan every session file on this remote's main branch instead
    #[arg(long, value_name = "NAME", conflicts_with = "check_rules", add = super::dynamic::remote())]
    remote: Option<String>,

    /// Check the custom rules file: every rule compiles and its samples pass
    #[arg(long)]
    check_rules: bool,

    /// Print findings as JSON on stdout
    #[arg(long)]
    json: bool,
}

pub(super) fn run(
    args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    if args.check_rules {
        return check_rules(ctx.store()?, args.json, io);
    }
    let mut failed = false;
    let scanned = match &args.remote {
        Some(name) => {
            let store = ctx.store()?;
            let scrubber = ctx.scrubber()?;
            let def = remote::find(store, name)?;
            let mut connector = ctx.connector(None)?;
            let target = connector
                .target(store, &def)
                .map_err(|reason| CommandError::failure(format!("{name}: {reason}")))?
                .ok_or_else(|| CommandError::failure(format!("{name}: no target to scan")))?;
            scan_remote(store, &def, &target, &mut connector, &scrubber)
                .map_err(|e| {
                    CommandError::failure(format!("could not read the remote to scan it: {e}"))
                })?
                .ok_or_else(|| {
                    CommandError::failure(format!(
                    "{name}: the remote has no branch main yet (never pushed): nothing was scanned"
                ))
                .hint(format!("push to it first with `traces push {name}`"))
                })?
        }
        None if args.paths.is_empty() => {
            return Err(CommandError::usage(
                "nothing to scan: give PATHs, --remote NAME or --check-rules",
            ));
        }
        None => {
            // Files scan with the store's rules when there is a store, the built-in ones if not.
            ctx.existing_store()?;
            let scrubber = ctx.scrubber()?;
            let (files, rejected) = ingest::collect_inputs(&args.paths);
            for rejected in &rejected {
                failed = true;
                let mut error = CommandError::from_error(&rejected.error);
                error.message = format!("{}: {}", rejected.path.display(), error.message);
                io.error(&error)?;
            }
            let mut scanned = Vec::new();
            for file in files {
                match std::fs::read(&file) {
                    Ok(bytes) => scanned.push(Scanned {
                        name: file.display().to_string(),
                        report: scan_bytes(&bytes, &scrubber),
                    }),
                    Err(e) => {
                        failed = true;
                        let message = format!("{}: cannot read it: {e}", file.display());
                        io.error(&CommandError::failure(message))?;
                    }
                }
            }
            scanned
        }
    };
    let secrets: u64 = scanned.iter().map(|s| s.report.secrets()).sum();
    if args.json {
        writeln!(io.out, "{}", scan_json(&scanned))?;
    } else {
        for file in &scanned {
            for finding in file.report.findings() {
                let line = finding.line.map(|l| format!(":{l}")).unwrap_or_default();
                writeln!(
                    io.out,
                    "{}{line}: {} at {}",
                    super::escape::name(&file.name),
                    finding.rule,
                    super::escape::name(&finding.path)
                )?;
            }
        }
    }
    let mut total = Report::default();
    for file in &scanned {
        total.merge(&file.report);
    }
    let counts: Vec<String> = total.iter().map(|(r, n)| format!("{r} {n}")).collect();
    io.note(format!(
        "scanned {} file{}: {}",
        scanned.len(),
        if scanned.len() == 1 { "" } else { "s" },
        if counts.is_empty() {
            "nothing found".to_string()
        } else {
            format!(
                "{secrets} secret{} ({})",
                if secrets == 1 { "" } else { "s" },
                counts.join(", ")
            )
        }
    ))?;
    Ok(if secrets > 0 || failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A JSON document is scanned as one (paths like `$.messages[3].content`), anything else line
/// by line (JSONL, with text lines scanned as text).
fn scan_bytes(bytes: &[u8], scrubber: &Scrubber) -> Report {
    let text = String::from_utf8_lossy(bytes);
    let one_line = !text.trim_end().contains('\n');
    if !one_line && serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok() {
        let mut report = Report::default();
        if scrubber.scrub_json(&text, &mut report).is_ok() {
            return report;
        }
    }
    scrubber.scan_jsonl(bytes)
}

fn scan_json(scanned: &[Scanned]) -> Value {
    let files: Vec<Value> = scanned
        .iter()
        .map(|file| {
            let counts: serde_json::Map<String, Value> = file
                .report
                .iter()
                .map(|(rule, n)| (rule.to_string(), json!(n)))
                .collect();
            json!({
                "path": file.name,
                "secrets": file.report.secrets(),
                "counts": counts,
                "findings": file.report.findings().iter().map(|f| json!({
                    "rule": f.rule,
                    "line": f.line,
                    "path": f.path,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "files": files,
        "secrets": scanned.iter().map(|s| s.report.secrets()).sum::<u64>(),
    })
}

fn check_rules(store: &Store, json: bool, io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    let path = context::rules_path(store);
    let rules = context::load_rules_file(&path).map_err(|e| {
        CommandError::failure(e.to_string())
            .hint("fix the rule or its samples, then run this again")
    })?;
    let gitleaks_path = store.path().join(scrub::GITLEAKS_FILE);
    let gitleaks = context::gitleaks_rules(store, &rules).map_err(|e| {
        CommandError::failure(e.to_string()).hint("fix the rule, then run this again")
    })?;
    if json {
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        let gitleaks_ids: Vec<&str> = gitleaks.iter().map(|r| r.id.as_str()).collect();
        writeln!(
            io.out,
            "{}",
            json!({"file": path.display().to_string(), "exists": path.exists(), "rules": ids,
                   "gitleaks": {"file": gitleaks_path.display().to_string(),
                                "exists": gitleaks_path.exists(), "rules": gitleaks_ids}})
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if gitleaks_path.exists() {
        writeln!(
            io.out,
            "{} gitleaks rule{} in {}: every regex compiles",
            gitleaks.len(),
            if gitleaks.len() == 1 { "" } else { "s" },
            gitleaks_path.display()
        )?;
    }
    if !path.exists() {
        writeln!(
            io.out,
            "no custom rules ({} does not exist)",
            path.display()
        )?;
    } else {
        writeln!(
            io.out,
            "{} custom rule{} in {}: every sample passes",
            rules.len(),
            if rules.len() == 1 { "" } else { "s" },
            path.display()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
