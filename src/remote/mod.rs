//! Remote definitions and per-remote push state.
//!
//! Remotes live in the store's git config as `[remote "NAME"] url = ...` with our own keys
//! `format` (`claude_code` or `row`), `role` (`personal`, `org` or `none`) and `token` (the
//! token chain), so plain git can read them. URLs are kept as written; [`Target::resolve`]
//! turns one into something a transport can reach. What a remote is for comes from its role,
//! never from its name.

pub mod state;
pub mod url;

use std::path::PathBuf;

use crate::auth::{BadChain, TokenChain};
use crate::formats::Rendering;
use crate::store::{self, Store};

pub use state::{PushState, RemoteRefs};
pub use url::SafeUrl;

/// Where the `personal` remote points on a new store; `{hf_user}` is the Hub user name.
pub const PERSONAL_URL: &str = "hf://datasets/{hf_user}/ml-intern-sessions";
/// The shared org dataset.
pub const ORG_URL: &str = "hf://datasets/smolagents/ml-intern-sessions";
pub const DEFAULT_ENDPOINT: &str = "https://huggingface.co";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no remote named {0}")]
    NotFound(String),
    #[error("a remote named {0} already exists")]
    Exists(String),
    #[error(
        "invalid remote name {0:?}: use letters, digits, '.', '_' and '-', not starting with '-'"
    )]
    BadName(String),
    #[error("remote {name}: unknown format {format:?} (expected claude_code or row)")]
    BadFormat { name: String, format: String },
    #[error("remote {name}: unknown role {role:?} (expected personal, org or none)")]
    BadRole { name: String, role: String },
    #[error("remote {name}: {source}")]
    BadChain {
        name: String,
        #[source]
        source: BadChain,
    },
    #[error("remote {name}: unsupported URL {:?}", url::mask(url))]
    BadUrl { name: String, url: String },
    /// Never stored, never printed: the token would sit in plain text in the store's config.
    #[error(
        "remote {name}: the URL carries credentials ({}); they are not stored",
        url::mask(url)
    )]
    CredentialsInUrl { name: String, url: String },
    #[error(transparent)]
    Store(#[from] store::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a remote is for, which decides how a push treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The user's own dataset: skipped when `traces.shareTraces` is false, and skipped (not
    /// failed) when no token of the user's is found.
    Personal,
    /// The shared dataset the org collects.
    Org,
    /// Any other remote (a backup, a team dataset).
    None,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Personal => "personal",
            Role::Org => "org",
            Role::None => "none",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        [Role::Personal, Role::Org, Role::None]
            .into_iter()
            .find(|role| role.as_str() == text)
    }

    /// The token chain of a remote with this role whose config names none.
    pub fn default_chain(self) -> TokenChain {
        match self {
            Role::Org => TokenChain::org(),
            Role::Personal | Role::None => TokenChain::personal(),
        }
    }

    /// The role of a remote written before roles were stored: the two default remotes were
    /// known by their names then.
    fn of_unmarked(name: &str) -> Role {
        match name {
            "personal" => Role::Personal,
            "org" => Role::Org,
            _ => Role::None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteDef {
    pub name: String,
    pub url: String,
    pub format: Rendering,
    pub role: Role,
    /// Where its token comes from, in order.
    pub token: TokenChain,
}

impl RemoteDef {
    /// The URL as it may be printed or recorded: credentials masked.
    pub fn display_url(&self) -> SafeUrl<'_> {
        SafeUrl(&self.url)
    }

    /// The store branch this remote publishes.
    pub fn branch(&self) -> &'static str {
        self.format.branch()
    }
}

/// Where a remote's URL leads, once `{hf_user}` is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A Hugging Face dataset: the API at `endpoint`, git at `{endpoint}/datasets/{owner}/{name}`.
    Hub {
        endpoint: String,
        owner: String,
        name: String,
    },
    /// Any git smart-HTTP repository.
    Http { url: String },
    /// A bare repository on this machine, written directly.
    Local { path: PathBuf },
}

impl Target {
    /// Resolve `url`. `hf_user` fills `{hf_user}`; `None` when the URL needs it is `Ok(None)`
    /// (the caller skips the remote with a notice).
    pub fn resolve(
        def: &RemoteDef,
        endpoint: &str,
        hf_user: Option<&str>,
    ) -> Result<Option<Target>> {
        let url = &def.url;
        if url.contains("{hf_user}") && hf_user.is_none() {
            return Ok(None);
        }
        let url = url.replace("{hf_user}", hf_user.unwrap_or(""));
        let bad = || Error::BadUrl {
            name: def.name.clone(),
            url: def.url.clone(),
        };
        if let Some(rest) = url.strip_prefix("hf://") {
            let rest = rest.strip_prefix("datasets/").ok_or_else(bad)?;
            let (owner, name) = rest.trim_end_matches('/').split_once('/').ok_or_else(bad)?;
            if owner.is_empty() || name.is_empty() || name.contains('/') {
                return Err(bad());
            }
            return Ok(Some(Target::Hub {
                endpoint: endpoint.trim_end_matches('/').to_string(),
                owner: owner.to_string(),
                name: name.to_string(),
            }));
        }
        if url.starts_with("https://") || url.starts_with("http://") {
            return Ok(Some(Target::Http { url }));
        }
        if let Some(path) = url.strip_prefix("file://") {
            return Ok(Some(Target::Local { path: path.into() }));
        }
        if url.contains("://") {
            return Err(bad());
        }
        Ok(Some(Target::Local { path: url.into() }))
    }

    /// The git URL of a Hub or HTTP target.
    pub fn git_url(&self) -> Option<String> {
        match self {
            Target::Hub {
                endpoint,
                owner,
                name,
            } => Some(format!("{endpoint}/datasets/{owner}/{name}")),
            Target::Http { url } => Some(url.clone()),
            Target::Local { .. } => None,
        }
    }

    /// A human description: the dataset id, URL or path.
    pub fn describe(&self) -> String {
        match self {
            Target::Hub { owner, name, .. } => format!("datasets/{owner}/{name}"),
            Target::Http { url } => url::mask(url),
            Target::Local { path } => path.display().to_string(),
        }
    }
}

fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && name != "."
        && name != "..";
    if ok {
        Ok(())
    } else {
        Err(Error::BadName(name.to_string()))
    }
}

/// Every remote in the store's config, in file order.
pub fn list(store: &Store) -> Result<Vec<RemoteDef>> {
    let config = store.config()?;
    let mut out = Vec::new();
    let Some(sections) = config.sections_by_name("remote") else {
        return Ok(out);
    };
    for section in sections {
        let Some(name) = section.header().subsection_name() else {
            continue;
        };
        let name = name.to_string();
        let Some(url) = section.value("url") else {
            continue;
        };
        let format = match section.value("format") {
            None => Rendering::ClaudeCode,
            Some(f) => Rendering::parse(&f.to_string()).ok_or_else(|| Error::BadFormat {
                name: name.clone(),
                format: f.to_string(),
            })?,
        };
        let role = match section.value("role") {
            None => Role::of_unmarked(&name),
            Some(r) => Role::parse(&r.to_string()).ok_or_else(|| Error::BadRole {
                name: name.clone(),
                role: r.to_string(),
            })?,
        };
        let token = match section.value("token") {
            None => role.default_chain(),
            Some(t) => TokenChain::parse(&t.to_string()).map_err(|source| Error::BadChain {
                name: name.clone(),
                source,
            })?,
        };
        out.push(RemoteDef {
            name,
            url: url.to_string(),
            format,
            role,
            token,
        });
    }
    Ok(out)
}

pub fn find(store: &Store, name: &str) -> Result<RemoteDef> {
    list(store)?
        .into_iter()
        .find(|r| r.name == name)
        .ok_or_else(|| Error::NotFound(name.to_string()))
}

/// A URL with userinfo is refused before anything is written.
fn check_url(name: &str, url: &str) -> Result<()> {
    if url::has_credentials(url) {
        return Err(Error::CredentialsInUrl {
            name: name.to_string(),
            url: url.to_string(),
        });
    }
    Ok(())
}

/// A remote to add: `role` and `token` default to none and the role's chain.
#[derive(Debug, Clone)]
pub struct NewRemote<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub format: Rendering,
    pub role: Role,
    pub token: Option<TokenChain>,
}

/// Add a remote; its role and token chain are written out, so what it is for never depends
/// on its name.
pub fn add(store: &Store, new: NewRemote<'_>) -> Result<RemoteDef> {
    let NewRemote {
        name,
        url,
        format,
        role,
        token,
    } = new;
    check_name(name)?;
    check_url(name, url)?;
    if list(store)?.iter().any(|r| r.name == name) {
        return Err(Error::Exists(name.to_string()));
    }
    let def = RemoteDef {
        name: name.to_string(),
        url: url.to_string(),
        format,
        role,
        token: token.unwrap_or_else(|| role.default_chain()),
    };
    // Fail on an unusable URL now rather than at the first push.
    Target::resolve(&def, DEFAULT_ENDPOINT, Some("user"))?;
    store.edit_config(|file| -> Result<()> {
        let set = |file: &mut gix::config::File, key: &str, value: &str| {
            file.set_raw_value_by("remote", Some(name.into()), key, value)
                .map(|_| ())
                .map_err(|_| Error::BadName(name.to_string()))
        };
        set(file, "url", url)?;
        set(file, "format", format.as_str())?;
        set(file, "role", role.as_str())?;
        set(file, "token", &def.token.to_string())
    })??;
    Ok(def)
}

pub fn remove(store: &Store, name: &str) -> Result<()> {
    find(store, name)?;
    store.edit_config(
        |file| {
            while file.remove_section("remote", Some(name.into())).is_some() {}
        },
    )?;
    state::forget(store, name)?;
    Ok(())
}

pub fn set_url(store: &Store, name: &str, url: &str) -> Result<()> {
    let mut def = find(store, name)?;
    check_url(name, url)?;
    def.url = url.to_string();
    Target::resolve(&def, DEFAULT_ENDPOINT, Some("user"))?;
    store.edit_config(|file| {
        file.set_raw_value_by("remote", Some(name.into()), "url", url)
            .map(|_| ())
            .map_err(|_| Error::BadName(name.to_string()))
    })??;
    Ok(())
}

/// The two remotes every new store starts with.
pub fn add_defaults(store: &Store) -> Result<()> {
    let existing = list(store)?;
    for (name, url, format, role) in [
        (
            "personal",
            PERSONAL_URL,
            Rendering::ClaudeCode,
            Role::Personal,
        ),
        ("org", ORG_URL, Rendering::Row, Role::Org),
    ] {
        if !existing.iter().any(|r| r.name == name) {
            add(
                store,
                NewRemote {
                    name,
                    url,
                    format,
                    role,
                    token: None,
                },
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
