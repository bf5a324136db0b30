//! What a run resolves from its environment and store before it works, built once per run as a
//! [`Context`]: the store, its settings, the commit signature (author and clock), the Hub
//! endpoint, the scrubber and the tokens found so far. One place, so every command agrees
//! (commit, scan and the visibility check scrub alike) and tests can pin them (`TRACES_NOW`,
//! `TRACES_AUTHOR_*`, `HF_ENDPOINT`). It never prints: how a lock wait is told is the caller's.

use std::cell::{OnceCell, RefCell};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::auth::{self, LoginEntry};
use crate::env::Env;
use crate::push::connect::{Credentials, HubConnector};
use crate::remote::DEFAULT_ENDPOINT;
use crate::scrub::{self, Options, Scrubber};
use crate::settings::Settings;
use crate::store::{self, Clock, Signature, Store};

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

/// The clock: fixed by TRACES_NOW, else the system's (read each time it is asked).
pub fn clock(env: &Env) -> Result<Clock, BadNow> {
    match env.get_str("TRACES_NOW") {
        Some(text) => parse_now(text)
            .map(|(seconds, _)| Clock::Fixed(seconds))
            .ok_or_else(|| BadNow(text.to_string())),
        None => Ok(Clock::System),
    }
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
    // A remote's chain may name any variable (`--token-chain UPLOAD_CRED`), whatever it is
    // called: what it holds is a token too. A config that does not read costs nothing here;
    // the command that uses the remotes reports it.
    if let Some(store) = store {
        let chains = crate::remote::list(store).unwrap_or_default();
        for source in chains.iter().flat_map(|def| def.token.0.iter()) {
            if let auth::TokenSource::Env(var) = source
                && let Some(value) = env.get_named(var).filter(|v| !v.trim().is_empty())
            {
                known_secrets.push(value.trim().to_string());
            }
        }
    }
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

/// Why a run could not get what a command asked of its context.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Neither `--store`, `TRACES_HOME`, `XDG_DATA_HOME` nor `HOME` says where the store is.
    #[error("cannot tell where the store is: HOME is not set")]
    NoStorePath,
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Now(#[from] BadNow),
    #[error(transparent)]
    Scrubber(#[from] ScrubberError),
}

/// How a wait for a lock is told to the user: the lock file, its holder and how long the wait
/// may last. The library never prints; the caller decides (and under `--quiet` says nothing).
pub type LockNotice = std::sync::Arc<dyn Fn(&Path, &str, std::time::Duration) + Send + Sync>;

/// What one run of a command works with, resolved once and shared by everything the command
/// calls: the environment, the store (opened on first use, for reading or writing as the
/// command asks), its typed settings, the commit signature, the scrubber, the Hub endpoint and
/// the tokens and user name found so far. Built once per run; a command that loops (`watch`)
/// starts each round with [`Context::next_round`] so clock, settings and tokens are fresh.
///
/// Everything is reached through `&self`, so a command can hold the store and ask for the
/// scrubber at the same time.
pub struct Context<'a> {
    env: &'a Env,
    store_path: Option<PathBuf>,
    lock_notice: Option<LockNotice>,
    store: OnceCell<Opened>,
    settings: RefCell<Option<Settings>>,
    signature: RefCell<Option<Signature>>,
    scrubber: RefCell<Option<Rc<Scrubber>>>,
    credentials: Credentials,
}

/// The store a run opened. `exists` is false for the blank stand-in of a read command on a
/// machine with no store yet; `_blank` keeps its temporary directory alive for the run.
struct Opened {
    store: Store,
    exists: bool,
    created: bool,
    _blank: Option<tempfile::TempDir>,
}

impl<'a> Context<'a> {
    /// `store_path` is `--store`; without it the environment's default store.
    pub fn new(
        env: &'a Env,
        store_path: Option<PathBuf>,
        lock_notice: Option<LockNotice>,
    ) -> Context<'a> {
        Context {
            env,
            store_path: store_path.or_else(|| env.default_store()),
            lock_notice,
            store: OnceCell::new(),
            settings: RefCell::new(None),
            signature: RefCell::new(None),
            scrubber: RefCell::new(None),
            credentials: Credentials::default(),
        }
    }

    pub fn env(&self) -> &'a Env {
        self.env
    }

    /// Where the store is (or would be created).
    pub fn store_path(&self) -> Result<&Path, Error> {
        self.store_path.as_deref().ok_or(Error::NoStorePath)
    }

    /// The existing store; an error naming the path when there is none. The first open of a
    /// run decides: after [`Context::read_store`] found none, this is that error too.
    pub fn store(&self) -> Result<&Store, Error> {
        if let Some(opened) = self.store.get() {
            if !opened.exists {
                let path = self.store_path()?;
                // No store when the run began; one made since is not this run's.
                let error = Store::open(path).err().unwrap_or(store::Error::NotFound {
                    path: path.to_path_buf(),
                });
                return Err(error.into());
            }
            return Ok(&opened.store);
        }
        let store = Store::open(self.store_path()?)?;
        Ok(&self.keep(store, true, false, None).store)
    }

    /// The store, created with the default remotes on first use; `true` when this run created it.
    pub fn store_or_init(&self) -> Result<(&Store, bool), Error> {
        if let Some(opened) = self.store.get() {
            return self.store().map(|store| (store, opened.created));
        }
        let (store, created) = Store::open_or_init(self.store_path()?, |store| {
            crate::remote::add_defaults(store).map_err(Into::into)
        })?;
        let opened = self.keep(store, true, created, None);
        Ok((&opened.store, opened.created))
    }

    /// The store a read command that must answer before the first write works on: the real
    /// one, or, where none exists yet, a blank store holding exactly what a new one would start
    /// with (the default remotes and settings, no sessions). The blank one lives in a temporary
    /// directory for this run only, so reading never creates the store.
    pub fn read_store(&self) -> Result<&Store, Error> {
        if let Some(opened) = self.store.get() {
            return Ok(&opened.store);
        }
        let path = self.store_path()?;
        if path.exists() {
            return self.store();
        }
        let dir = tempfile::tempdir().map_err(|source| store::Error::Io {
            what: "create a temporary directory in",
            file: std::env::temp_dir(),
            source,
        })?;
        let (store, _) = Store::open_or_init(&dir.path().join("store"), |store| {
            crate::remote::add_defaults(store).map_err(Into::into)
        })?;
        Ok(&self.keep(store, false, false, Some(dir)).store)
    }

    /// The store when one exists, else `None` (scanning files needs none).
    pub fn existing_store(&self) -> Result<Option<&Store>, Error> {
        match self.store.get() {
            Some(opened) => Ok(opened.exists.then_some(&opened.store)),
            None if self.store_path()?.exists() => self.store().map(Some),
            None => Ok(None),
        }
    }

    /// Whether the store the run opened is a real one (not the blank stand-in).
    pub fn store_exists(&self) -> bool {
        self.store.get().is_some_and(|opened| opened.exists)
    }

    fn keep(
        &self,
        mut store: Store,
        exists: bool,
        created: bool,
        blank: Option<tempfile::TempDir>,
    ) -> &Opened {
        let settings = Settings::load(&store);
        // Waiting on a lock another process holds is said after a second, with the holder,
        // and bounded by `lock_wait_secs`.
        let give_up_after = settings.lock_wait;
        store.set_lock_wait(store::LockWait {
            notice_after: std::time::Duration::from_secs(1),
            give_up_after,
            waiting: self.lock_notice.clone().map(|notice| {
                std::sync::Arc::new(move |file: &Path, holder: &str| {
                    notice(file, holder, give_up_after)
                }) as std::sync::Arc<store::WaitingFn>
            }),
        });
        *self.settings.borrow_mut() = Some(settings);
        // Opened once per run: a second caller finds the first store.
        let _ = self.store.set(Opened {
            store,
            exists,
            created,
            _blank: blank,
        });
        self.store.get().expect("set just above")
    }

    /// The typed settings of the store (the blank store's defaults when there is none yet),
    /// read once per round.
    pub fn settings(&self) -> Result<Settings, Error> {
        if let Some(settings) = self.settings.borrow().as_ref() {
            return Ok(settings.clone());
        }
        let settings = Settings::load(self.read_store()?);
        *self.settings.borrow_mut() = Some(settings.clone());
        Ok(settings)
    }

    /// Author and time of this run's commits (see [`signature`]), read once per round.
    pub fn signature(&self) -> Result<Signature, Error> {
        if let Some(signature) = self.signature.borrow().as_ref() {
            return Ok(signature.clone());
        }
        let signature = signature(self.env, self.read_store()?)?;
        *self.signature.borrow_mut() = Some(signature.clone());
        Ok(signature)
    }

    /// The clock (see [`clock`]), for times taken when something happens rather than when
    /// the round began.
    pub fn clock(&self) -> Result<Clock, Error> {
        Ok(clock(self.env)?)
    }

    /// The scrubber (see [`scrubber`]) for the store this run opened, or the built-in rules
    /// when the command opened none; built once per round.
    pub fn scrubber(&self) -> Result<Rc<Scrubber>, Error> {
        if let Some(scrubber) = self.scrubber.borrow().as_ref() {
            return Ok(scrubber.clone());
        }
        let store = self
            .store
            .get()
            .filter(|opened| opened.exists)
            .map(|opened| &opened.store);
        let scrubber = Rc::new(scrubber(self.env, store)?);
        *self.scrubber.borrow_mut() = Some(scrubber.clone());
        Ok(scrubber)
    }

    /// The Hub endpoint (see [`endpoint`]).
    pub fn endpoint(&self) -> String {
        endpoint(self.env)
    }

    /// The tokens and Hub user name this run found, shared by every connection it opens.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// A connector for pushing, scanning or changing remotes, sharing this run's credentials.
    /// `token_env` is `--token-env VAR`.
    pub fn connector(&self, token_env: Option<String>) -> Result<HubConnector<'_>, Error> {
        Ok(HubConnector::new(
            self.env,
            &self.settings()?,
            &self.credentials,
            token_env,
        ))
    }

    /// Start another round of a long run: the clock, the settings, the scrubber (which learns
    /// from what the last round committed) and the tokens (the user may have logged in since)
    /// are read afresh; the store stays open.
    pub fn next_round(&self) {
        *self.settings.borrow_mut() = None;
        *self.signature.borrow_mut() = None;
        *self.scrubber.borrow_mut() = None;
        self.credentials.forget_tokens();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_never_creates_the_store_and_a_write_does() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        let env = Env::from_pairs([("TRACES_NOW", "@1700000000")]);
        let ctx = Context::new(&env, Some(path.clone()), None);
        let blank = ctx.read_store().unwrap();
        assert_eq!(crate::remote::list(blank).unwrap().len(), 2);
        assert!(!ctx.store_exists());
        assert!(!path.exists());
        // The first open decides: the blank stand-in is not a store to write to.
        assert!(matches!(
            ctx.store(),
            Err(Error::Store(store::Error::NotFound { .. }))
        ));

        let ctx = Context::new(&env, Some(path.clone()), None);
        let (_, created) = ctx.store_or_init().unwrap();
        assert!(created && path.exists() && ctx.store_exists());
        assert_eq!(ctx.signature().unwrap().seconds, 1_700_000_000);
        assert!(ctx.existing_store().unwrap().is_some());
    }

    #[test]
    fn settings_are_read_once_per_round() {
        let dir = tempfile::tempdir().unwrap();
        let env = Env::from_pairs([]);
        let ctx = Context::new(&env, Some(dir.path().join("store")), None);
        let (store, _) = ctx.store_or_init().unwrap();
        assert_eq!(ctx.settings().unwrap().push_attempts, 5);
        crate::settings::set(store, "push_attempts", "2")
            .unwrap()
            .unwrap();
        assert_eq!(ctx.settings().unwrap().push_attempts, 5);
        ctx.next_round();
        assert_eq!(ctx.settings().unwrap().push_attempts, 2);
    }

    #[test]
    fn no_home_means_no_store_path() {
        let env = Env::from_pairs([]);
        let ctx = Context::new(&env, None, None);
        assert!(matches!(ctx.store(), Err(Error::NoStorePath)));
        // Scanning files needs no store: the built-in rules.
        assert!(ctx.scrubber().is_ok());
    }
}
