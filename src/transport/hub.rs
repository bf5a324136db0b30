//! The Hugging Face Hub API calls `traces` needs: whoami-v2, dataset lookup, creation (always
//! private) and settings. Plain JSON over the shared reqwest client.

use std::time::Duration;

use serde::Deserialize;

use super::{Error, Result};
use crate::auth::{self, Token};

pub struct HubClient {
    endpoint: String,
    token: Option<Token>,
    client: reqwest::blocking::Client,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WhoAmI {
    pub name: String,
    #[serde(default)]
    pub orgs: Vec<Org>,
    #[serde(default)]
    pub auth: Option<AuthInfo>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Org {
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuthInfo {
    #[serde(rename = "accessToken")]
    pub access_token: Option<AccessToken>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AccessToken {
    pub role: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatasetInfo {
    pub id: Option<String>,
    #[serde(default)]
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
    match status.as_u16() {
        401 | 403 => Error::Auth(message),
        429 | 500..=599 => Error::Transient {
            message,
            retry_after,
        },
        _ => Error::Other(message),
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
    Error::Transient {
        message: format!("{what}: {cause} ({host}): {detail}"),
        retry_after: None,
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
        Ok(HubClient {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            token,
            client: http_client(timeout),
        })
    }

    fn authorized(
        &self,
        request: reqwest::blocking::RequestBuilder,
    ) -> reqwest::blocking::RequestBuilder {
        match &self.token {
            Some(token) => request.bearer_auth(token.expose()),
            None => request,
        }
    }

    pub fn whoami(&self) -> Result<WhoAmI> {
        let url = format!("{}/api/whoami-v2", self.endpoint);
        let response = self
            .authorized(self.client.get(&url))
            .send()
            .map_err(|e| request_error("whoami", e))?;
        if !response.status().is_success() {
            return Err(status_error("whoami", response));
        }
        response
            .json()
            .map_err(|e| Error::Other(format!("whoami: unexpected answer: {e}")))
    }

    /// The dataset's info, `None` when it does not exist (or is private and not ours).
    pub fn dataset(&self, owner: &str, name: &str) -> Result<Option<DatasetInfo>> {
        let url = format!("{}/api/datasets/{owner}/{name}", self.endpoint);
        let response = self
            .authorized(self.client.get(&url))
            .send()
            .map_err(|e| request_error("dataset lookup", e))?;
        let not_found = response
            .headers()
            .get("x-error-code")
            .is_some_and(|v| v == "RepoNotFound");
        if response.status() == reqwest::StatusCode::NOT_FOUND || not_found {
            return Ok(None);
        }
        if !response.status().is_success() {
            return Err(status_error("dataset lookup", response));
        }
        response
            .json()
            .map(Some)
            .map_err(|e| Error::Other(format!("dataset lookup: unexpected answer: {e}")))
    }

    /// Create the dataset, always private. Returns `false` when it already existed (409),
    /// whose visibility is then left as it is.
    pub fn create_private_dataset(
        &self,
        owner: &str,
        name: &str,
        user: Option<&str>,
    ) -> Result<bool> {
        let url = format!("{}/api/repos/create", self.endpoint);
        let mut body = serde_json::json!({"type": "dataset", "name": name, "private": true});
        if user != Some(owner) {
            body["organization"] = serde_json::json!(owner);
        }
        let response = self
            .authorized(self.client.post(&url).json(&body))
            .send()
            .map_err(|e| request_error("create the dataset", e))?;
        match response.status().as_u16() {
            200..=299 => Ok(true),
            409 => Ok(false),
            _ => Err(status_error("create the dataset", response)),
        }
    }

    /// Make the dataset private or public.
    pub fn set_private(&self, owner: &str, name: &str, private: bool) -> Result<()> {
        let url = format!("{}/api/datasets/{owner}/{name}/settings", self.endpoint);
        let response = self
            .authorized(
                self.client
                    .put(&url)
                    .json(&serde_json::json!({"private": private})),
            )
            .send()
            .map_err(|e| request_error("change the visibility", e))?;
        if !response.status().is_success() {
            return Err(status_error("change the visibility", response));
        }
        Ok(())
    }
}
