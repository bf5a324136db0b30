//! The Hugging Face Hub API calls `traces` needs: whoami-v2, dataset lookup, creation (always
//! private) and settings, through the Hub's own client (`hf-hub`, blocking). Also the HTTP
//! helpers the git transport shares: one client configuration, status and network errors.

use std::time::Duration;

use hf_hub::{HFClientSync, HFError, RepoTypeDataset};
use serde::Deserialize;

use super::{Error, Result};
use crate::auth::{self, Token};

pub struct HubClient {
    endpoint: String,
    token: Option<Token>,
    hub: HFClientSync,
    timeout: Duration,
}

/// The user a token belongs to.
#[derive(Debug, Clone)]
pub struct WhoAmI {
    pub name: String,
    pub orgs: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct DatasetInfo {
    pub id: String,
    pub private: bool,
}

/// How long one request may take before it counts as failed (and is retried).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

pub(crate) fn http_client(timeout: Duration) -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .user_agent(concat!("traces/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(timeout.min(Duration::from_secs(15)))
        .timeout(timeout)
        .build()
        .expect("an HTTP client with static settings builds")
}

/// Map an HTTP failure status to a transport error (never quoting the request).
pub(crate) fn status_error(what: &str, response: reqwest::blocking::Response) -> Error {
    let status = response.status();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let body = response.text().unwrap_or_default();
    let detail = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
        .unwrap_or_default();
    let message = if detail.is_empty() {
        format!("{what}: HTTP {status}")
    } else {
        format!("{what}: HTTP {status}: {detail}")
    };
    status_kind(status.as_u16(), message, retry_after, None)
}

/// A failure status as an error: the status is kept as data, so what follows (a retry, a
/// hint to log in) is decided by it, not by the message.
fn status_kind(
    status: u16,
    message: String,
    retry_after: Option<Duration>,
    source: Option<super::Cause>,
) -> Error {
    Error::Http {
        status,
        message,
        retry_after,
        source,
    }
}

pub(crate) fn request_error(what: &str, error: reqwest::Error) -> Error {
    // The host, never the full URL: a URL could carry credentials (refused when a remote is
    // added, but an old config may hold one).
    let host = error
        .url()
        .and_then(|u| {
            u.host_str().map(|h| match u.port() {
                Some(port) => format!("{h}:{port}"),
                None => h.to_string(),
            })
        })
        .unwrap_or_else(|| "the server".to_string());
    let cause = network_cause(&error);
    let detail = error.without_url();
    Error::Network {
        message: format!("{what}: {cause} ({host})"),
        source: Box::new(detail),
    }
}

/// What went wrong on the network, in words: refused, timed out, reset, DNS or TLS.
fn network_cause(error: &reqwest::Error) -> &'static str {
    use std::io::ErrorKind;
    if error.is_timeout() {
        return "timed out";
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
    let mut texts = String::new();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            match io.kind() {
                ErrorKind::ConnectionRefused => return "connection refused",
                ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => {
                    return "connection reset";
                }
                ErrorKind::TimedOut => return "timed out",
                _ => {}
            }
        }
        texts.push_str(&cause.to_string().to_ascii_lowercase());
        texts.push('\n');
        source = cause.source();
    }
    // Resolver and TLS failures come without a typed kind through hyper-util and rustls: their
    // messages are all there is to tell them apart.
    if texts.contains("dns error") || texts.contains("failed to lookup address") {
        "the host name could not be resolved (DNS)"
    } else if texts.contains("certificate") || texts.contains("tls") || texts.contains("ssl") {
        "the TLS handshake failed"
    } else if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "the answer broke off"
    } else {
        "the request failed"
    }
}

impl HubClient {
    /// A client for `endpoint`; refuses to carry a token anywhere but https or loopback.
    pub fn new(endpoint: &str, token: Option<Token>, timeout: Duration) -> Result<HubClient> {
        if token.is_some() && !auth::may_send_token_to(endpoint) {
            return Err(Error::Other(format!(
                "refusing to send a token to {endpoint}: tokens only go over https (or to a loopback test hub)"
            )));
        }
        let endpoint = endpoint.trim_end_matches('/').to_string();
        let http = reqwest::Client::builder()
            .user_agent(concat!("traces/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(timeout.min(Duration::from_secs(15)))
            .timeout(timeout)
            .build()
            .map_err(|e| Error::invalid("could not set up the HTTP client", e))?;
        let mut builder = hf_hub::HFClientBuilder::new()
            .endpoint(&endpoint)
            .client(http)
            // Our own bounded retry (push's backoff, Retry-After cap) is the only one.
            .retry_max_attempts(0)
            .cache_enabled(false);
        // Without a token of ours, hf-hub would look for HF_TOKEN and the token file itself:
        // traces already read those same places (auth::resolve), so it finds nothing new.
        if let Some(token) = &token {
            builder = builder.token(token.expose());
        }
        let hub = builder
            .build_sync()
            .map_err(|e| Error::invalid("could not set up the Hub client", e))?;
        Ok(HubClient {
            endpoint,
            token,
            hub,
            timeout,
        })
    }

    pub fn whoami(&self) -> Result<WhoAmI> {
        let user = self
            .hub
            .whoami()
            .send()
            .map_err(|e| hub_error("whoami", e))?;
        Ok(WhoAmI {
            name: user.username,
            orgs: user
                .orgs
                .unwrap_or_default()
                .into_iter()
                .filter_map(|org| org.name)
                .collect(),
        })
    }

    /// The token's role (read, write, admin, fineGrained). hf-hub's whoami answer has no
    /// `auth` member, so this one field is read from whoami-v2 ourselves; only `traces login`
    /// and `traces whoami` ask for it (the Hub rate-limits whoami).
    pub fn token_role(&self) -> Result<Option<String>> {
        #[derive(Deserialize)]
        struct Answer {
            auth: Option<AuthInfo>,
        }
        #[derive(Deserialize)]
        struct AuthInfo {
            #[serde(rename = "accessToken")]
            access_token: Option<AccessToken>,
        }
        #[derive(Deserialize)]
        struct AccessToken {
            role: Option<String>,
        }
        let url = format!("{}/api/whoami-v2", self.endpoint);
        let mut request = http_client(self.timeout).get(&url);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token.expose());
        }
        let response = request.send().map_err(|e| request_error("whoami", e))?;
        if !response.status().is_success() {
            return Err(status_error("whoami", response));
        }
        let answer: Answer = response
            .json()
            .map_err(|e| Error::invalid("whoami: unexpected answer", e))?;
        Ok(answer
            .auth
            .and_then(|a| a.access_token)
            .and_then(|t| t.role))
    }

    /// The dataset's info, `None` when it does not exist (or is private and not ours).
    pub fn dataset(&self, owner: &str, name: &str) -> Result<Option<DatasetInfo>> {
        match self.hub.dataset(owner, name).info().send() {
            Ok(info) => Ok(Some(DatasetInfo {
                id: info.id,
                private: info.private.unwrap_or(false),
            })),
            Err(HFError::RepoNotFound { .. }) => Ok(None),
            // A private repository of someone else answers 401 with this code.
            Err(HFError::AuthRequired { context })
                if context.error_code.as_deref() == Some("RepoNotFound") =>
            {
                Ok(None)
            }
            Err(e) => Err(hub_error("dataset lookup", e)),
        }
    }

    /// Create the dataset, always private. Returns `false` when it already existed (409),
    /// whose visibility is then left as it is.
    pub fn create_private_dataset(&self, owner: &str, name: &str) -> Result<bool> {
        // `private` is always passed: hf-hub creates a public repository without it.
        match self
            .hub
            .create_repository()
            .repo_id(&format!("{owner}/{name}"))
            .repo_type(RepoTypeDataset)
            .private(true)
            .send()
        {
            Ok(_) => Ok(true),
            Err(HFError::Conflict { .. }) => Ok(false),
            Err(e) => Err(hub_error("create the dataset", e)),
        }
    }

    /// Make the dataset private or public.
    pub fn set_private(&self, owner: &str, name: &str, private: bool) -> Result<()> {
        self.hub
            .dataset(owner, name)
            .update_settings()
            .private(private)
            .send()
            .map_err(|e| hub_error("change the visibility", e))
    }
}

/// A file as the Hub's paths-info tells it: its git object id, or a folder's tree id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathEntry {
    pub path: String,
    pub is_folder: bool,
    pub oid: String,
}

/// One change of a commit made by the Hub: a path and its new content (`None`: removed).
pub struct FileOperation {
    pub path: String,
    pub content: Option<Vec<u8>>,
}

impl HubClient {
    /// The entries at `paths` in dataset `repo` at `revision` that exist there (paths-info:
    /// one request, whatever the folders hold).
    pub fn paths_info(
        &self,
        repo: &str,
        revision: &str,
        paths: &[String],
    ) -> Result<Vec<PathEntry>> {
        let (owner, name) = repo.split_once('/').unwrap_or(("", repo));
        let entries = self
            .hub
            .dataset(owner, name)
            .get_paths_info()
            .paths(paths.to_vec())
            .revision(revision)
            .send()
            .map_err(|e| hub_error("look up paths on the remote", e))?;
        Ok(entries
            .into_iter()
            .map(|entry| match entry {
                hf_hub::repository::RepoTreeEntry::File { oid, path, .. } => PathEntry {
                    path,
                    is_folder: false,
                    oid,
                },
                hf_hub::repository::RepoTreeEntry::Directory { oid, path, .. } => PathEntry {
                    path,
                    is_folder: true,
                    oid,
                },
            })
            .collect())
    }

    /// Commit `operations` onto `main` of dataset `repo` with the Hub's commit call (the Hub
    /// builds the trees), only if `main` is still at `parent`. Returns the new commit's id;
    /// [`Error::Moved`] when the branch moved (the Hub answers 412, or 409).
    pub fn create_commit(
        &self,
        repo: &str,
        parent: &str,
        message: &str,
        operations: Vec<FileOperation>,
    ) -> Result<String> {
        let (owner, name) = repo.split_once('/').unwrap_or(("", repo));
        let (summary, description) = message.split_once("\n\n").unwrap_or((message, ""));
        let operations = operations
            .into_iter()
            .map(|op| match op.content {
                Some(data) => hf_hub::repository::CommitOperation::add_bytes(op.path, data),
                None => hf_hub::repository::CommitOperation::delete(op.path),
            })
            .collect();
        let what = "commit the files";
        let info = self
            .hub
            .dataset(owner, name)
            .create_commit()
            .operations(operations)
            .commit_message(summary.trim_end())
            .commit_description(description.trim_end())
            .revision("main")
            .parent_commit(parent)
            .send()
            .map_err(|e| match hub_error(what, e) {
                e if matches!(e.status(), Some(409 | 412)) => Error::Moved,
                e => e,
            })?;
        info.commit_oid
            .ok_or_else(|| Error::Other(format!("{what}: the Hub's answer names no commit")))
    }
}

/// The Hub's super-squash: `POST /api/datasets/{repo}/super-squash/{branch}` with a JSON
/// body `{"message": ...}`, the request huggingface_hub's `HfApi.super_squash_history` makes;
/// the branch becomes one commit of its tip's tree and the old commits leave the repository.
/// hf-hub 1.0 has no such call, so it is made here with reqwest; `request` is the POST,
/// already authorized. Any 2xx is success (the answer's body is not needed).
pub(crate) fn super_squash(
    request: reqwest::blocking::RequestBuilder,
    message: &str,
) -> Result<()> {
    let what = "squash the dataset's history";
    let response = request
        .json(&serde_json::json!({ "message": message }))
        .send()
        .map_err(|e| request_error(what, e))?;
    if !response.status().is_success() {
        return Err(status_error(what, response));
    }
    Ok(())
}

/// An hf-hub failure as a transport error: the HTTP status decides the kind, the message
/// keeps the server's own words, the cause is kept as the source.
fn hub_error(what: &str, error: HFError) -> Error {
    let context = match &error {
        HFError::Http { context }
        | HFError::AuthRequired { context }
        | HFError::Forbidden { context }
        | HFError::Conflict { context }
        | HFError::RateLimited { context, .. } => Some(context.as_ref()),
        HFError::RepoNotFound { context, .. } => context.as_deref(),
        _ => None,
    };
    let Some(context) = context else {
        return match error {
            HFError::Request { source, .. } => request_error(what, source),
            other => Error::invalid(what, other),
        };
    };
    let status = context.status;
    let message = match context.server_message.as_deref().filter(|m| !m.is_empty()) {
        Some(detail) => format!("{what}: HTTP {status}: {detail}"),
        None => format!("{what}: HTTP {status}"),
    };
    let retry_after = match &error {
        HFError::RateLimited { retry_after, .. } => *retry_after,
        _ => None,
    };
    status_kind(status.as_u16(), message, retry_after, Some(Box::new(error)))
}
