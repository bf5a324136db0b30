//! What a run resolves from its environment and store before it works: the commit signature
//! (author and clock) and the Hub endpoint. One place, so every command agrees and tests can
//! pin them (`TRACES_NOW`, `TRACES_AUTHOR_*`, `HF_ENDPOINT`).

use crate::env::Env;
use crate::remote::DEFAULT_ENDPOINT;
use crate::store::{Signature, Store};

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
