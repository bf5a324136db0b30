//! `traces scan`: report what scrubbing would redact, in files or on a remote, without
//! committing anything; `--check-rules` runs the custom rules' samples. Also builds the
//! scrubber every command uses, so commit, scan and the visibility check agree.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

use super::{CommandError, Io, open_store};
use crate::auth::{self, LoginEntry};
use crate::env::Env;
use crate::ingest;
use crate::push::Connector;
use crate::push::connect::HubConnector;
use crate::remote::{self, DEFAULT_ENDPOINT, RemoteDef, Target};
use crate::scrub::{self, Options, Report, Scrubber};
use crate::settings;
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
    #[arg(long, value_name = "NAME", conflicts_with = "check_rules", add = super::completions::dynamic::remote())]
    remote: Option<String>,

    /// Check the custom rules file: every rule compiles and its samples pass
    #[arg(long)]
    check_rules: bool,

    /// Print findings as JSON on stdout
    #[arg(long)]
    json: bool,
}

/// The scrubber for this store: built-in rules, the store's custom rules, home-path rewriting
/// as configured, and the values of every token and secret-named variable on this machine.
/// A broken rules file is an error: scrubbing fails closed.
pub(crate) fn scrubber(store: &Store, env: &Env) -> Result<Scrubber, CommandError> {
    scrubber_for(Some(store), env)
}

/// Without a store: the built-in rules and defaults (scanning files needs no store).
fn scrubber_for(store: Option<&Store>, env: &Env) -> Result<Scrubber, CommandError> {
    let custom_rules = match store {
        Some(store) => custom_rules(store).map_err(|e| {
            CommandError::failure(format!("cannot scrub: {e}"))
                .hint("fix or remove that rule; `traces scan --check-rules` checks the rules files")
        })?,
        None => Vec::new(),
    };
    let endpoint = env
        .get_str("HF_ENDPOINT")
        .unwrap_or(DEFAULT_ENDPOINT)
        .trim_end_matches('/');
    let login = store
        .and_then(|store| settings::get(store, "hf_user"))
        .map(|user| LoginEntry::new(endpoint, &user));
    let mut known_secrets: Vec<String> = auth::known_tokens(env, login.as_ref())
        .iter()
        .map(|token| token.expose().to_string())
        .collect();
    known_secrets.extend(env.secret_values().iter().cloned());
    let remembered = match store {
        Some(store) => crate::ingest::remembered::load(store)?,
        None => Default::default(),
    };
    Ok(Scrubber::new(Options {
        home_paths: store.is_none_or(|store| settings::flag(store, "scrub_home_paths")),
        known_secrets,
        remembered,
        custom_rules,
    }))
}

fn rules_path(store: &Store) -> PathBuf {
    store.path().join(scrub::RULES_FILE)
}

/// The store's own rules (`scrub-rules.json`) and its gitleaks-format rules
/// (`gitleaks.toml`), in that order.
fn custom_rules(store: &Store) -> Result<Vec<scrub::Rule>, scrub::RulesError> {
    let mut rules = scrub::load_rules_file(&rules_path(store))?;
    rules.extend(gitleaks_rules(store, &rules)?);
    Ok(rules)
}

fn gitleaks_rules(
    store: &Store,
    before: &[scrub::Rule],
) -> Result<Vec<scrub::Rule>, scrub::RulesError> {
    let path = store.path().join(scrub::GITLEAKS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(scrub::RulesError {
                path,
                problem: format!("cannot read it: {e}"),
            });
        }
    };
    let mut taken: Vec<String> = scrub::reserved_rule_ids()
        .into_iter()
        .map(str::to_string)
        .collect();
    taken.extend(before.iter().map(|r| r.id.clone()));
    let rules = scrub::load_gitleaks_file(&path, &text, &taken)?;
    let room = scrub::MAX_RULES.saturating_sub(taken.len());
    if rules.len() > room {
        return Err(scrub::RulesError {
            path,
            problem: format!(
                "{} rules, more than the {room} a store can hold",
                rules.len()
            ),
        });
    }
    Ok(rules)
}

/// One scanned file's findings.
pub(crate) struct Scanned {
    pub name: String,
    pub report: Report,
}

pub fn run(args: Args, store_path: &Path, io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    if args.check_rules {
        return check_rules(&open_store(store_path)?, args.json, io);
    }
    let mut failed = false;
    let scanned = match &args.remote {
        Some(name) => {
            let store = open_store(store_path)?;
            let scrubber = scrubber(&store, io.env)?;
            let def = remote::find(&store, name)?;
            let mut connector = HubConnector::new(io.env, &store, None);
            let target = connector
                .target(&store, &def)
                .map_err(|reason| CommandError::failure(format!("{name}: {reason}")))?
                .ok_or_else(|| CommandError::failure(format!("{name}: no target to scan")))?;
            scan_remote(&store, &def, &target, &mut connector, &scrubber)?.ok_or_else(|| {
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
            let store = store_path
                .exists()
                .then(|| open_store(store_path))
                .transpose()?;
            let scrubber = scrubber_for(store.as_ref(), io.env)?;
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
    let path = rules_path(store);
    let rules = scrub::load_rules_file(&path).map_err(|e| {
        CommandError::failure(e.to_string())
            .hint("fix the rule or its samples, then run this again")
    })?;
    let gitleaks_path = store.path().join(scrub::GITLEAKS_FILE);
    let gitleaks = gitleaks_rules(store, &rules).map_err(|e| {
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

/// Every session file on the remote's main branch that holds a secret, with its report. The
/// visibility check refuses to publish when this is not empty. `None`: the remote has no
/// `main` yet.
pub(crate) fn scan_remote(
    store: &Store,
    def: &RemoteDef,
    target: &Target,
    connector: &mut HubConnector<'_>,
    scrubber: &Scrubber,
) -> Result<Option<Vec<Scanned>>, CommandError> {
    let failure = |e: crate::transport::Error| {
        CommandError::failure(format!("could not read the remote to scan it: {e}"))
    };
    let mut connection = connector.connect(store, def, target).map_err(failure)?;
    let Some(tip) = connection.tip().map_err(failure)? else {
        return Ok(None);
    };
    if !store.repo().has_object(tip) {
        connection.fetch(store, tip).map_err(failure)?;
    }
    let mut scanned = Vec::new();
    for entry in store.sessions_at(tip)? {
        let report = scrubber.scan_jsonl(&store.read_blob(entry.blob)?);
        if !report.is_empty() {
            scanned.push(Scanned {
                name: entry.path(),
                report,
            });
        }
    }
    Ok(Some(scanned))
}

/// The rule ids a report holds, with counts, secrets only: `hf-token (2)`.
pub(crate) fn secret_rules(report: &Report) -> Vec<String> {
    report
        .iter()
        .filter(|(rule, _)| *rule != scrub::HOME_PATH)
        .map(|(rule, n)| format!("{rule} ({n})"))
        .collect()
}
