//! Tokens in the OS keyring (Secret Service on Linux, Keychain, Credential Manager), and the
//! `--insecure-storage` fallback file for machines without one.
//!
//! Every keyring call runs on a helper thread bounded by [`TIMEOUT`]: a headless machine, a
//! missing session bus or a locked collection waiting for a prompt must never hang `traces`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use super::Token;

/// How long one keyring call may take.
pub const TIMEOUT: Duration = Duration::from_secs(4);

#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    #[error("the OS keyring is not available ({0})")]
    Unavailable(String),
    #[error("the OS keyring did not answer within {} s (is the collection locked?)", TIMEOUT.as_secs())]
    TimedOut,
    #[error("could not write {path}")]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Where `traces login` keeps the token of one Hub: service `traces:<host>`, account = user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginEntry {
    pub service: String,
    pub account: String,
}

impl LoginEntry {
    pub fn new(endpoint: &str, account: &str) -> LoginEntry {
        let parsed = url::Url::parse(endpoint).ok();
        let host = parsed.as_ref().and_then(|u| u.host_str()).unwrap_or("");
        LoginEntry {
            service: format!("traces:{host}"),
            account: account.to_string(),
        }
    }
}

fn bounded<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, keyring::Error> + Send + 'static,
) -> Result<T, KeyringError> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(call());
    });
    match receive.recv_timeout(TIMEOUT) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(KeyringError::Unavailable(error.to_string())),
        Err(_) => Err(KeyringError::TimedOut),
    }
}

/// The stored token, `Ok(None)` when there is no entry.
pub fn read(entry: &LoginEntry) -> Result<Option<Token>, KeyringError> {
    let entry = entry.clone();
    bounded(
        move || match keyring::Entry::new(&entry.service, &entry.account)?.get_password() {
            Ok(token) => Ok(Some(Token::new(token))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(error),
        },
    )
}

pub fn store(entry: &LoginEntry, token: &Token) -> Result<(), KeyringError> {
    let (entry, token) = (entry.clone(), token.clone());
    bounded(move || {
        keyring::Entry::new(&entry.service, &entry.account)?.set_password(token.expose())
    })
}

/// Remove the entry; `Ok(false)` when there was none.
pub fn delete(entry: &LoginEntry) -> Result<bool, KeyringError> {
    let entry = entry.clone();
    bounded(move || {
        match keyring::Entry::new(&entry.service, &entry.account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(error) => Err(error),
        }
    })
}

/// The fallback file: one token per service and account, readable by the user only.
pub fn insecure_file(config_dir: &std::path::Path, entry: &LoginEntry) -> PathBuf {
    let name: String = format!("{}@{}", entry.account, entry.service)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "@.-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    config_dir.join("tokens").join(name)
}

pub fn store_insecure(path: &std::path::Path, token: &Token) -> Result<(), KeyringError> {
    use std::os::unix::fs::PermissionsExt;
    let fail = |source| KeyringError::File {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().expect("the token file lives in a directory");
    std::fs::create_dir_all(dir).map_err(fail)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(fail)?;
    let mut tmp = tempfile::Builder::new()
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(token.expose().as_bytes()).map_err(fail)?;
    // Created 0600 from the start: the token is never readable by others, even briefly.
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
