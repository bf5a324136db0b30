//! Git LFS for remotes that need it (the Hub refuses plain files over 10 MiB): the pointer a
//! tree carries in place of a large file, and the batch API upload that must land before the
//! pack that refers to it.

use gix::ObjectId;

use super::http::HttpRemote;
use super::hub::{request_error, status_error};
use super::{Error, Result};

/// Files above this size go through Git LFS on remotes that need it (the Hub rejects larger
/// plain files).
pub const LFS_THRESHOLD: u64 = 10 * 1024 * 1024;

/// A file to upload through the Git LFS batch API before the pack; the tree carries its pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LfsObject {
    /// SHA-256 of the content, hex.
    pub oid: String,
    pub size: u64,
    /// The blob holding the content in the store.
    pub blob: ObjectId,
}

impl LfsObject {
    pub fn pointer(&self) -> String {
        format!(
            "version https://git-lfs.github.com/spec/v1\noid sha256:{}\nsize {}\n",
            self.oid, self.size
        )
    }
}

#[derive(serde::Deserialize)]
struct BatchResponse {
    #[serde(default)]
    objects: Vec<BatchObject>,
}

#[derive(serde::Deserialize)]
struct BatchObject {
    oid: String,
    #[serde(default)]
    actions: Option<BatchActions>,
    #[serde(default)]
    error: Option<BatchError>,
}

#[derive(serde::Deserialize)]
struct BatchActions {
    upload: Option<BatchAction>,
    verify: Option<BatchAction>,
}

#[derive(serde::Deserialize)]
struct BatchAction {
    href: String,
    #[serde(default)]
    header: std::collections::HashMap<String, String>,
}

#[derive(serde::Deserialize)]
struct BatchError {
    code: Option<u16>,
    message: Option<String>,
}

const LFS_MEDIA_TYPE: &str = "application/vnd.git-lfs+json";

impl HttpRemote {
    pub(super) fn upload_lfs_batch(
        &self,
        objects: &[LfsObject],
        source: &dyn super::ObjectSource,
    ) -> Result<()> {
        let url = format!(
            "{}.git/info/lfs/objects/batch",
            self.url.trim_end_matches(".git")
        );
        let request = serde_json::json!({
            "operation": "upload",
            "transfers": ["basic"],
            "objects": objects.iter().map(|o| serde_json::json!({"oid": o.oid, "size": o.size})).collect::<Vec<_>>(),
            "hash_algo": "sha256",
        });
        let response = self
            .authorized(
                self.client
                    .post(&url)
                    .header("Accept", LFS_MEDIA_TYPE)
                    .header("Content-Type", LFS_MEDIA_TYPE)
                    .body(request.to_string()),
            )
            .send()
            .map_err(|e| request_error("ask the LFS server", e))?;
        if !response.status().is_success() {
            return Err(status_error("ask the LFS server", response));
        }
        let batch: BatchResponse = response
            .json()
            .map_err(|e| Error::invalid("unexpected LFS batch answer", e))?;
        for object in objects {
            let Some(answer) = batch.objects.iter().find(|a| a.oid == object.oid) else {
                return Err(Error::Other(format!(
                    "the LFS server did not answer for object {}",
                    object.oid
                )));
            };
            if let Some(error) = &answer.error {
                return Err(Error::Rejected {
                    reason: format!(
                        "LFS refused object {} ({}): {}",
                        object.oid,
                        error.code.unwrap_or(0),
                        error.message.as_deref().unwrap_or("no reason given")
                    ),
                    remote_lines: Vec::new(),
                });
            }
            // No actions: the server already has it.
            let Some(actions) = &answer.actions else {
                continue;
            };
            if let Some(upload) = &actions.upload {
                let (_, data) = super::required_object(source, object.blob)?;
                let response = self
                    .lfs_action(upload, "upload")
                    .header("Content-Type", "application/octet-stream")
                    .body(data)
                    .send()
                    .map_err(|e| request_error("upload an LFS object", e))?;
                if !response.status().is_success() {
                    return Err(status_error("upload an LFS object", response));
                }
            }
            if let Some(verify) = &actions.verify {
                let response = self
                    .lfs_action(verify, "verify")
                    .header("Content-Type", LFS_MEDIA_TYPE)
                    .body(serde_json::json!({"oid": object.oid, "size": object.size}).to_string())
                    .send()
                    .map_err(|e| request_error("verify an LFS object", e))?;
                if !response.status().is_success() {
                    return Err(status_error("verify an LFS object", response));
                }
            }
        }
        Ok(())
    }

    fn lfs_action(&self, action: &BatchAction, what: &str) -> reqwest::blocking::RequestBuilder {
        let mut request = match what {
            "upload" => self.client.put(&action.href),
            _ => self.client.post(&action.href),
        };
        for (key, value) in &action.header {
            request = request.header(key, value);
        }
        // Actions normally carry their own authorization; without one, use ours for our host.
        if !action
            .header
            .keys()
            .any(|k| k.eq_ignore_ascii_case("authorization"))
            && self.same_origin(&action.href)
        {
            request = self.authorized(request);
        }
        request
    }

    /// Whether `href` has the remote's own scheme, host and port: only there does our token go.
    fn same_origin(&self, href: &str) -> bool {
        match (url::Url::parse(&self.url), url::Url::parse(href)) {
            (Ok(ours), Ok(theirs)) => ours.origin() == theirs.origin() && ours.origin().is_tuple(),
            _ => false,
        }
    }
}
