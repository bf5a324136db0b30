//! What a run resolves from its environment and store before it works: the commit signature
//! (author and clock), the Hub endpoint and the scrubber. One place, so every command agrees
//! (commit, scan and the visibility check scrub alike) and tests can pin them (`TRACES_NOW`,
//! `TRACES_AUTHOR_*`, `HF_ENDPOINT`).

use std::path::PathBuf;

use crate::auth::{self, LoginEntry};
use crate::env::Env;
use crate::remote::DEFAULT_ENDPOINT;
use crate::scrub::{self, Options, Scrubber};
use crate::settings::Settings;
use crate::store::{self, Signature, Store};

/// Why no scrubber could be built. Scrubbing fails closed: nothing is committed then.
#[derive(Debug, thiserror::Error)]
pub enum ScrubberError {
    #[error("cannot scrub: {0}")]
    Rules(#[from] scrub::RulesError),
    #[error(transparent)]
    Store(#[from] store::Error),
}

/// `TRACES_NOW` holds something that is not a time.
#[derive(Debug, thiserror::Error)]
#[error("TRACES_NOW={0:?} is not a time")]
pub struct BadNow(pub String);

/// The Hub endpoint: `HF_ENDPOINT`, else the public Hub, without a trailing slash.
pub fn endpoint(env: &Env) -> String {
    env.get_str("HF_ENDPOINT")
        .unwrap_or(DEFAULT_ENDPOINT)
        .trim_end_matches('/')
        .to_string()
}

/// Author and time: TRACES_AUTHOR_* and TRACES_NOW first, then the store's git config, then
/// defaults and the clock.
pub fn signature(env: &Env, store: &Store) -> Result<Signature, BadNow> {
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
        Some(text) => parse_now(text).ok_or_else(|| BadNow(text.to_string()))?,
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

/// The scrubber for this store: built-in rules, the store's custom and gitleaks-format rules,
/// the secrets earlier commits found (as salted digests), home-path rewriting as configured, and
/// the values of every token and secret-named variable on this machine. Without a store: the
/// built-in rules and defaults (scanning files needs no store).
pub fn scrubber(env: &Env, store: Option<&Store>) -> Result<Scrubber, ScrubberError> {
    let custom_rules = match store {
        Some(store) => custom_rules(store)?,
        None => Vec::new(),
    };
    let settings = store.map(Settings::load);
    let endpoint = endpoint(env);
    let login = settings
        .as_ref()
        .and_then(|s| s.hf_user.as_deref())
        .map(|user| LoginEntry::new(&endpoint, user));
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
        home_paths: settings.is_none_or(|s| s.scrub_home_paths),
        known_secrets,
        remembered,
        custom_rules,
    }))
}

/// The store's own rules file (`scrub-rules.json`).
pub fn rules_path(store: &Store) -> PathBuf {
    store.path().join(scrub::RULES_FILE)
}

/// Read and check a rules file in `scrub-rules.json` form; `Ok(empty)` when there is none.
pub fn load_rules_file(path: &std::path::Path) -> Result<Vec<scrub::Rule>, scrub::RulesError> {
    match std::fs::read_to_string(path) {
        Ok(text) => scrub::parse_rules_file(path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(scrub::RulesError {
            path: path.to_path_buf(),
            problem: format!("cannot read it: {e}"),
        }),
    }
}

/// The store's own rules (`scrub-rules.json`) and its gitleaks-format rules
/// (`gitleaks.toml`), in that order.
fn custom_rules(store: &Store) -> Result<Vec<scrub::Rule>, scrub::RulesError> {
    let mut rules = load_rules_file(&rules_path(store))?;
    rules.extend(gitleaks_rules(store, &rules)?);
    Ok(rules)
}

/// The gitleaks-format rules of the store, after the rules in `before` (ids must not clash).
pub fn gitleaks_rules(
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
