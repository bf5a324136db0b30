//! `traces push [NAME...]`: send committed sessions to remotes.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;

use super::{CommandError, Io, commit::signature, format_time, open_store, short_id};
use crate::auth::{self, Chain, Token};
use crate::push::{self, Connector, Options, Outcome, RemoteOutcome};
use crate::remote::{DEFAULT_ENDPOINT, RemoteDef, Target, state};
use crate::store::Store;
use crate::transport::hub::{DEFAULT_TIMEOUT, HubClient};
use crate::transport::{self, Connection, http::HttpRemote, local::LocalRepo};

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
    #[arg(value_name = "NAME")]
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

    /// Say which source each token came from (never the token)
    #[arg(short, long)]
    verbose: bool,
}

/// Resolves remotes and opens connections for the CLI: user name, tokens, repo creation.
struct CliConnector<'a> {
    env: &'a crate::env::Env,
    token_env: Option<String>,
    timeout: Duration,
    /// Lines for `-v` (token sources), printed after the push.
    notes: Vec<String>,
}

impl CliConnector<'_> {
    fn endpoint(&self) -> String {
        self.env
            .get_str("HF_ENDPOINT")
            .unwrap_or(DEFAULT_ENDPOINT)
            .trim_end_matches('/')
            .to_string()
    }

    fn token(&mut self, def: &RemoteDef) -> Option<Token> {
        let chain = if def.name == "org" {
            Chain::Org
        } else {
            Chain::Personal
        };
        let resolved = auth::resolve(self.env, chain, self.token_env.as_deref())?;
        self.notes
            .push(format!("{}: token from {}", def.name, resolved.source));
        Some(resolved.token)
    }
}

impl Connector for CliConnector<'_> {
    fn target(&mut self, store: &Store, def: &RemoteDef) -> Result<Option<Target>, String> {
        if def.name == "personal"
            && store.setting("shareTraces").ok().flatten().as_deref() == Some("false")
        {
            return Err("sharing is turned off (traces.shareTraces = false)".into());
        }
        let endpoint = self.endpoint();
        let mut hf_user = store.setting("hfUser").ok().flatten();
        if hf_user.is_none() && def.url.contains("{hf_user}") {
            // Resolved once through whoami-v2 (which the Hub rate-limits), then cached.
            let chain_def = RemoteDef {
                name: "personal".into(),
                ..def.clone()
            };
            let Some(token) = self.token(&chain_def) else {
                return Err("no Hugging Face token, so no user name for {hf_user} (run `traces login` or set HF_TOKEN)".into());
            };
            let who = HubClient::new(&endpoint, Some(token), self.timeout)
                .and_then(|hub| hub.whoami())
                .map_err(|e| format!("could not learn the Hugging Face user name: {e}"))?;
            let _ = store.edit_config(|file| {
                file.set_raw_value_by("traces", None, "hfUser", who.name.as_str())
                    .map(|_| ())
            });
            hf_user = Some(who.name);
        }
        match Target::resolve(def, &endpoint, hf_user.as_deref()) {
            Ok(Some(target)) => Ok(Some(target)),
            Ok(None) => Err("no Hugging Face user name is known for {hf_user}".into()),
            Err(e) => Err(e.to_string()),
        }
    }

    fn connect(
        &mut self,
        store: &Store,
        def: &RemoteDef,
        target: &Target,
    ) -> transport::Result<Box<dyn Connection>> {
        match target {
            Target::Local { path } => Ok(Box::new(LocalRepo::open_or_create(path)?)),
            Target::Hub {
                endpoint,
                owner,
                name,
            } => {
                let token = self.token(def);
                let user = store.setting("hfUser").ok().flatten();
                if token.is_none() && def.name == "personal" {
                    return Err(transport::Error::Auth(
                        "no Hugging Face token for the personal remote".into(),
                    ));
                }
                let never_pushed = state::refs(store, &def.name)?.remote_tip.is_none();
                if never_pushed {
                    // A push never creates a repository: make sure it exists, private.
                    let hub = HubClient::new(endpoint, token.clone(), self.timeout)?;
                    if hub.dataset(owner, name)?.is_none() {
                        hub.create_private_dataset(owner, name, user.as_deref())?;
                    }
                }
                let git_url = target.git_url().expect("a Hub target has a git URL");
                let username = user.unwrap_or_else(|| "hf_user".to_string());
                let remote = HttpRemote::new(&git_url, &def.name, &username, token, self.timeout)?;
                Ok(Box::new(remote.with_lfs()))
            }
            Target::Http { url } => {
                // A token goes to a plain git host only when asked for by name.
                let token = match &self.token_env {
                    Some(_) => self.token(def),
                    None => None,
                };
                Ok(Box::new(HttpRemote::new(
                    url,
                    &def.name,
                    "traces",
                    token,
                    self.timeout,
                )?))
            }
        }
    }
}

pub fn run(args: Args, store_path: &Path, io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    let store = open_store(store_path)?;
    let remotes = push::select(&store, &args.names)?;
    let config = |key: &str| {
        store
            .setting(key)
            .ok()
            .flatten()
            .and_then(|v| v.parse::<u64>().ok())
    };
    let signature = signature(io.env, &store)?;
    let options = Options {
        dry_run: args.dry_run,
        max_attempts: config("pushAttempts").map_or(5, |n| n.clamp(1, 100) as u32),
        retry_delay: Duration::from_millis(config("retryDelayMs").unwrap_or(500)),
        now: format_time(signature.seconds, signature.offset),
        signature,
    };
    let mut connector = CliConnector {
        env: io.env,
        token_env: args.token_env.clone(),
        timeout: config("timeoutSecs").map_or(DEFAULT_TIMEOUT, Duration::from_secs),
        notes: Vec::new(),
    };
    let mut outcomes = Vec::new();
    for def in &remotes {
        outcomes.push(push::push_remote(&store, def, &mut connector, &options));
    }

    if args.verbose {
        connector.notes.dedup();
        for note in &connector.notes {
            writeln!(io.err, "{note}")?;
        }
    }
    let failed = outcomes
        .iter()
        .any(|o| matches!(o.outcome, Outcome::Failed { .. }));
    if args.json {
        let items: Vec<_> = outcomes.iter().map(outcome_json).collect();
        writeln!(io.out, "{}", serde_json::Value::Array(items))?;
    }
    for outcome in &outcomes {
        match &outcome.outcome {
            Outcome::Failed { error, .. } => {
                let mut error_out = CommandError::from_error(error);
                error_out.message =
                    format!("push to {} failed: {}", outcome.name, error_out.message);
                if let transport::Error::Rejected { remote_lines, .. } = error {
                    error_out
                        .causes
                        .extend(remote_lines.iter().map(|l| format!("remote: {l}")));
                }
                if let transport::Error::Auth(_) = error {
                    error_out = error_out.hint("log in with `traces login`, or check the token's role (write access is needed)");
                }
                io.err.write_all(error_out.render().as_bytes())?;
            }
            Outcome::Skipped(reason) => writeln!(io.err, "{}: skipped: {reason}", outcome.name)?,
            _ if args.json => {}
            _ => writeln!(io.out, "{}", human_line(outcome))?,
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn human_line(outcome: &RemoteOutcome) -> String {
    let target = outcome.resolved.as_deref().unwrap_or("?");
    match &outcome.outcome {
        Outcome::Pushed {
            commit,
            sessions,
            stats,
        } => format!(
            "{}: pushed {sessions} session{} to {target} ({}, {} objects, {} bytes)",
            outcome.name,
            if *sessions == 1 { "" } else { "s" },
            short_id(commit),
            stats.objects,
            stats.bytes
        ),
        Outcome::UpToDate => format!("{}: {target} is up to date", outcome.name),
        Outcome::WouldPush { sessions, objects } => format!(
            "{}: would push {sessions} session{} to {target} ({objects} objects)",
            outcome.name,
            if *sessions == 1 { "" } else { "s" }
        ),
        Outcome::Skipped(reason) => format!("{}: skipped: {reason}", outcome.name),
        Outcome::Failed { error, .. } => format!("{}: failed: {error}", outcome.name),
    }
}

fn outcome_json(outcome: &RemoteOutcome) -> serde_json::Value {
    let mut value = json!({"remote": outcome.name, "resolved": outcome.resolved});
    let fields = match &outcome.outcome {
        Outcome::Pushed {
            commit,
            sessions,
            stats,
        } => json!({"status": "pushed", "commit": commit.to_string(), "sessions": sessions,
                    "objects": stats.objects, "bytes": stats.bytes}),
        Outcome::UpToDate => json!({"status": "up-to-date"}),
        Outcome::WouldPush { sessions, objects } => {
            json!({"status": "would-push", "sessions": sessions, "objects": objects})
        }
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
