//! How `traces` reaches remotes, the policy part of a push: the Hub endpoint, the cached user
//! name, token chains and repository creation. Used by push, sync, watch, scan and visibility.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

use super::{Connector, Unresolved};
use crate::auth::{self, LoginEntry, Resolved, Token, TokenChain};
use crate::env::Env;
use crate::remote::{RemoteDef, Role, Target, state, url};
use crate::settings::{self, Settings};
use crate::store::Store;
use crate::transport::hub::HubClient;
use crate::transport::{self, Connection, http::HttpRemote, local::LocalRepo};

/// A chain, and the `--token-env` variable that overrides it.
type ChainKey = (TokenChain, Option<String>);

/// The tokens and Hub user name one run has found, shared by every connector of the run: a
/// keyring lookup can take seconds, and whoami is rate-limited, so each is asked once.
#[derive(Debug, Default)]
pub struct Credentials {
    /// The Hub user name learned by whoami during this run (the store caches it too).
    hf_user: RefCell<Option<String>>,
    /// Each chain's token, by chain and `--token-env`; `None` when the chain found nothing.
    tokens: RefCell<HashMap<ChainKey, Option<Resolved>>>,
}

impl Credentials {
    /// Look tokens up again from the next request on (a long run: the user may have logged in).
    pub fn forget_tokens(&self) {
        self.tokens.borrow_mut().clear();
    }

    /// The token `chain` finds (or `--token-env`'s), resolved once per run.
    pub fn resolve(
        &self,
        env: &Env,
        chain: &TokenChain,
        token_env: Option<&str>,
        login: Option<&LoginEntry>,
    ) -> Option<Resolved> {
        let key = (chain.clone(), token_env.map(str::to_string));
        if let Some(found) = self.tokens.borrow().get(&key) {
            return found.clone();
        }
        let found = auth::resolve(env, chain, token_env, login);
        self.tokens.borrow_mut().insert(key, found.clone());
        found
    }
}

/// Resolves remotes and opens connections: user name, tokens, repo creation.
pub struct HubConnector<'a> {
    env: &'a Env,
    credentials: &'a Credentials,
    token_env: Option<String>,
    share_traces: bool,
    timeout: Duration,
    /// The user name the store had cached when the run began.
    stored_user: Option<String>,
    /// Lines for `-v` (token sources), for the caller to show after the push.
    pub notes: Vec<String>,
}

impl<'a> HubConnector<'a> {
    pub fn new(
        env: &'a Env,
        settings: &Settings,
        credentials: &'a Credentials,
        token_env: Option<String>,
    ) -> HubConnector<'a> {
        HubConnector {
            env,
            credentials,
            token_env,
            share_traces: settings.share_traces,
            timeout: settings.timeout,
            stored_user: settings.hf_user.clone(),
            notes: Vec::new(),
        }
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub fn endpoint(&self) -> String {
        crate::context::endpoint(self.env)
    }

    /// The Hub user name: learned this run, else the store's cached one.
    fn hf_user(&self) -> Option<String> {
        self.credentials
            .hf_user
            .borrow()
            .clone()
            .or_else(|| self.stored_user.clone())
    }

    /// The token of `def`'s chain (or `--token-env`'s).
    pub fn token(&mut self, def: &RemoteDef) -> Option<Token> {
        self.token_of(&def.name, &def.token)
    }

    fn token_of(&mut self, name: &str, chain: &TokenChain) -> Option<Token> {
        let login = self
            .hf_user()
            .map(|user| LoginEntry::new(&self.endpoint(), &user));
        let resolved =
            self.credentials
                .resolve(self.env, chain, self.token_env.as_deref(), login.as_ref());
        if let Some(resolved) = &resolved {
            let note = format!("{name}: token from {}", resolved.source);
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
        }
        resolved.map(|r| r.token)
    }
}

impl Connector for HubConnector<'_> {
    fn target(&mut self, store: &Store, def: &RemoteDef) -> Result<Option<Target>, Unresolved> {
        let skip = |reason: &str| Unresolved::Skip(reason.to_string());
        let personal = def.role == Role::Personal;
        if personal && !self.share_traces {
            return Err(skip("sharing is turned off (traces.shareTraces = false)"));
        }
        let endpoint = self.endpoint();
        let mut hf_user = self.hf_user();
        if hf_user.is_none() && def.url.contains("{hf_user}") {
            // Resolved once through whoami-v2 (which the Hub rate-limits), then cached; the
            // user's own token says whose name it is.
            let chain = match def.role {
                Role::Personal => def.token.clone(),
                Role::Org | Role::None => TokenChain::personal(),
            };
            let Some(token) = self.token_of(&def.name, &chain) else {
                return Err(skip(
                    "no Hugging Face token, so no user name for {hf_user} (run `traces login` or set HF_TOKEN)",
                ));
            };
            // A lookup that fails is a failed push, not a choice: it must not exit 0.
            let who = HubClient::new(&endpoint, Some(token), self.timeout)
                .and_then(|hub| hub.whoami())
                .map_err(|e| {
                    Unresolved::Fail(transport::Error::Context {
                        what: "could not learn the Hugging Face user name".into(),
                        source: Box::new(e),
                    })
                })?;
            // Only a cache: failing to write it costs another whoami next time.
            let _ = settings::set(store, "hf_user", &who.name);
            *self.credentials.hf_user.borrow_mut() = Some(who.name.clone());
            hf_user = Some(who.name);
        }
        match Target::resolve(def, &endpoint, hf_user.as_deref()) {
            // The personal upload needs the user's own token: without one it is skipped (like
            // an unknown user name), never a failure that would hide the org's result.
            Ok(Some(Target::Hub { .. })) if personal && self.token(def).is_none() => Err(skip(
                "no Hugging Face token (run `traces login` or set HF_TOKEN)",
            )),
            Ok(Some(target)) => Ok(Some(target)),
            Ok(None) => Err(skip("no Hugging Face user name is known for {hf_user}")),
            Err(e) => Err(Unresolved::Fail(transport::Error::Other(e.to_string()))),
        }
    }

    fn connect(
        &mut self,
        store: &Store,
        def: &RemoteDef,
        target: &Target,
    ) -> transport::Result<Box<dyn Connection>> {
        match target {
            Target::Local { path } => Ok(Box::new(
                LocalRepo::open_or_create(path)?.with_lock_wait(store.lock_wait().clone()),
            )),
            Target::Hub {
                endpoint,
                owner,
                name,
            } => {
                let token = self.token(def);
                let user = self.hf_user();
                let never_pushed = state::refs(store, &def.name)?.remote_tip.is_none();
                if never_pushed {
                    // A push never creates a repository: make sure it exists, private.
                    let hub = HubClient::new(endpoint, token.clone(), self.timeout)?;
                    if hub.dataset(owner, name)?.is_none() {
                        hub.create_private_dataset(owner, name)?;
                    }
                }
                let git_url = target.git_url().expect("a Hub target has a git URL");
                let username = user.unwrap_or_else(|| "hf_user".to_string());
                let remote = HttpRemote::new(&git_url, &def.name, &username, token, self.timeout)?;
                Ok(Box::new(
                    remote
                        .with_lfs()
                        .with_hub_api(endpoint, &format!("{owner}/{name}"))?,
                ))
            }
            Target::Http { url } => {
                // A token goes to a plain git host only when asked for by name.
                let mut token = match &self.token_env {
                    Some(_) => self.token(def),
                    None => None,
                };
                // A store written before URLs with credentials were refused: the URL's secret
                // goes as a token (in a header), never in a URL that could be printed.
                let (url, userinfo) = url::split_credentials(url);
                let mut username = "traces".to_string();
                if let Some((user, password)) = userinfo {
                    self.notes.push(format!(
                        "{}: the URL in the store's config carries credentials; move them out with `traces remote set-url`",
                        def.name
                    ));
                    if token.is_none() {
                        match password {
                            Some(password) => {
                                username = user;
                                token = Some(Token::new(password));
                            }
                            None => token = Some(Token::new(user)),
                        }
                    }
                }
                Ok(Box::new(HttpRemote::new(
                    &url,
                    &def.name,
                    &username,
                    token,
                    self.timeout,
                )?))
            }
        }
    }
}
