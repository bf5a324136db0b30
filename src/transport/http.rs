//! Git smart HTTP: the receive-pack push written here on gix building blocks (pkt-lines from
//! gix-packetline, the pack from gix-pack), fetching through gix's own fetch client.
//!
//! Protocol v1 push: `GET info/refs?service=git-receive-pack` advertises the refs and
//! capabilities; `POST git-receive-pack` carries `old new ref\0caps`, a flush and a pack, and
//! the answer is a report-status (`unpack ok`, `ok <ref>` / `ng <ref> <reason>`), inside
//! side-band 1 when side-band is on, with `remote:` text on band 2.

use std::sync::atomic::AtomicBool;

use gix::ObjectId;
use gix::protocol::transport::packetline::{self, PacketLineRef};

use super::hub::{http_client, request_error, status_error};
use super::{Connection, Error, REMOTE_BRANCH, Result, SendStats};
use crate::auth::{self, Token};
use crate::push::plan::{LFS_THRESHOLD, LfsObject};
use crate::store::Store;

pub struct HttpRemote {
    /// The repository URL, without a trailing slash.
    url: String,
    /// Remote name, for the ref that keeps fetched objects reachable.
    name: String,
    username: String,
    token: Option<Token>,
    client: reqwest::blocking::Client,
    capabilities: Vec<String>,
    /// Whether files over [`LFS_THRESHOLD`] must go through Git LFS (Hub repositories).
    lfs: bool,
}

impl HttpRemote {
    pub fn new(
        url: &str,
        name: &str,
        username: &str,
        token: Option<Token>,
        timeout: std::time::Duration,
    ) -> Result<HttpRemote> {
        if token.is_some() && !auth::may_send_token_to(url) {
            return Err(Error::Other(format!(
                "refusing to send a token to {url}: tokens only go over https (or to a loopback test hub)"
            )));
        }
        Ok(HttpRemote {
            url: url.trim_end_matches('/').to_string(),
            name: name.to_string(),
            username: username.to_string(),
            token,
            client: http_client(timeout),
            capabilities: Vec::new(),
            lfs: false,
        })
    }

    /// Send large files through Git LFS, as the Hub requires.
    pub fn with_lfs(mut self) -> HttpRemote {
        self.lfs = true;
        self
    }

    fn authorized(
        &self,
        request: reqwest::blocking::RequestBuilder,
    ) -> reqwest::blocking::RequestBuilder {
        match &self.token {
            Some(token) => request.basic_auth(&self.username, Some(token.expose())),
            None => request,
        }
    }
}

/// Split a buffer into pkt-lines; `None` stands for a flush.
fn pkt_lines(mut data: &[u8]) -> Result<Vec<Option<&[u8]>>> {
    let mut out = Vec::new();
    while !data.is_empty() {
        match packetline::decode::streaming(data) {
            Ok(packetline::decode::Stream::Complete {
                line,
                bytes_consumed,
            }) => {
                out.push(match line {
                    PacketLineRef::Data(bytes) => Some(bytes),
                    _ => None,
                });
                data = &data[bytes_consumed..];
            }
            Ok(packetline::decode::Stream::Incomplete { .. }) => {
                return Err(Error::Transient {
                    message: "the server's answer ended in the middle of a line".into(),
                    retry_after: None,
                });
            }
            Err(e) => {
                return Err(Error::Other(format!(
                    "malformed answer from the server: {e}"
                )));
            }
        }
    }
    Ok(out)
}

fn pkt(data: &[u8], out: &mut Vec<u8>) {
    packetline::blocking_io::encode::data_to_write(data, &mut *out).expect("writing to memory");
}

/// A thin pack of `objects`: in full, or as a delta against their base on the remote when
/// that is less than half the size.
fn build_pack(
    store: &Store,
    objects: &[ObjectId],
    bases: &std::collections::HashMap<ObjectId, ObjectId>,
) -> Result<Vec<u8>> {
    use gix_pack::data::output;
    let read = |id: ObjectId| -> Result<gix::Object<'_>> {
        let object = store
            .repo()
            .find_object(id)
            .map_err(store.git_error(format!("read object {id}")))?;
        crate::store::verify_object(store.path(), id, object.kind, &object.data)?;
        Ok(object)
    };
    let mut entries = Vec::with_capacity(objects.len());
    for id in objects {
        let object = read(*id)?;
        let delta = match bases.get(id) {
            Some(base) => {
                let base = read(*base)?;
                let delta = super::delta::encode(&base.data, &object.data);
                (delta.len() < object.data.len() / 2).then_some((base.id, delta))
            }
            None => None,
        };
        let entry = match delta {
            Some((base, delta)) => output::Entry {
                id: *id,
                kind: output::entry::Kind::DeltaOid { id: base },
                decompressed_size: delta.len(),
                compressed_data: compress(&delta)?,
            },
            None => {
                let count = output::Count::from_data(*id, None);
                let data = gix::objs::Data::new(&object.data, object.kind, gix::hash::Kind::Sha1);
                output::Entry::from_data(&count, &data, gix::zlib::Compression::default())
                    .map_err(|e| Error::Other(format!("could not pack object {id}: {e}")))?
            }
        };
        entries.push(entry);
    }
    let mut pack = Vec::new();
    let writer = output::bytes::FromEntriesIter::new(
        std::iter::once(Ok(entries)),
        &mut pack,
        objects.len() as u32,
        gix_pack::data::Version::V2,
        gix::hash::Kind::Sha1,
    );
    for written in writer {
        written.map_err(|e| Error::Other(format!("could not write the pack: {e}")))?;
    }
    Ok(pack)
}

fn compress(data: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut out =
        gix::zlib::stream::deflate::Write::new(Vec::new(), gix::zlib::Compression::default());
    out.write_all(data)
        .and_then(|()| out.flush())
        .map_err(|e| Error::Other(format!("could not compress a delta: {e}")))?;
    Ok(out.into_inner())
}

/// Why a ref update was refused, when the cause is that the branch moved under us.
fn is_moved(reason: &str) -> bool {
    [
        "non-fast-forward",
        "fetch first",
        "stale info",
        "failed to update ref",
        "failed to lock",
        "cannot lock",
    ]
    .iter()
    .any(|needle| reason.contains(needle))
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

impl Connection for HttpRemote {
    fn lfs_threshold(&self) -> Option<u64> {
        self.lfs.then_some(LFS_THRESHOLD)
    }

    fn upload_lfs(&mut self, store: &Store, objects: &[LfsObject]) -> Result<()> {
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
            .map_err(|e| Error::Other(format!("unexpected LFS batch answer: {e}")))?;
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
                let data = store.read_blob(object.blob)?;
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

    fn tip(&mut self) -> Result<Option<ObjectId>> {
        let url = format!("{}/info/refs?service=git-receive-pack", self.url);
        let response = self
            .authorized(self.client.get(&url))
            .send()
            .map_err(|e| request_error("read the remote's refs", e))?;
        if !response.status().is_success() {
            return Err(status_error("read the remote's refs", response));
        }
        let body = response
            .bytes()
            .map_err(|e| request_error("read the remote's refs", e))?;
        let mut tip = None;
        let mut first_ref = true;
        for line in pkt_lines(&body)?.into_iter().flatten() {
            if line.starts_with(b"# service=") {
                continue;
            }
            let line = line.strip_suffix(b"\n").unwrap_or(line);
            let (reference, caps) = match line.iter().position(|&b| b == 0) {
                Some(nul) => (&line[..nul], Some(&line[nul + 1..])),
                None => (line, None),
            };
            if first_ref {
                first_ref = false;
                if let Some(caps) = caps {
                    self.capabilities = String::from_utf8_lossy(caps)
                        .split(' ')
                        .filter(|c| !c.is_empty())
                        .map(str::to_string)
                        .collect();
                }
            }
            let text = String::from_utf8_lossy(reference);
            if let Some((oid, name)) = text.split_once(' ')
                && name == REMOTE_BRANCH
            {
                tip = Some(ObjectId::from_hex(oid.as_bytes()).map_err(|_| {
                    Error::Other(format!("the server advertised a malformed id for {name}"))
                })?);
            }
        }
        Ok(tip)
    }

    fn fetch(&mut self, store: &Store, tip: ObjectId) -> Result<()> {
        let fail = |e: gix::Error| Error::Transient {
            message: format!("could not fetch from {}: {e}", self.url),
            retry_after: None,
        };
        let refspec = format!("+{REMOTE_BRANCH}:refs/traces/fetched/{}", self.name);
        let remote = store
            .repo()
            .remote_at(self.url.as_str())
            .and_then(|r| r.with_refspecs(Some(refspec.as_str()), gix::remote::Direction::Fetch))
            .map_err(fail)?;
        let identity = self
            .token
            .as_ref()
            .map(|token| gix::sec::identity::Account {
                username: self.username.clone(),
                password: token.expose().to_string(),
                oauth_refresh_token: None,
            });
        let connection = remote
            .connect(gix::remote::Direction::Fetch)
            .map_err(fail)?
            .with_credentials(move |action| match (action, &identity) {
                (gix::credentials::helper::Action::Get(context), Some(identity)) => {
                    Ok(Some(gix::credentials::protocol::Outcome {
                        identity: identity.clone(),
                        next: context.into(),
                    }))
                }
                _ => Ok(None),
            });
        let interrupt = AtomicBool::new(false);
        connection
            .prepare_fetch(gix::progress::Discard, Default::default())
            .map_err(fail)?
            .receive(gix::progress::Discard, &interrupt)
            .map_err(fail)?;
        if !store.repo().has_object(tip) {
            return Err(Error::Moved);
        }
        Ok(())
    }

    fn send(
        &mut self,
        store: &Store,
        objects: &[ObjectId],
        bases: &std::collections::HashMap<ObjectId, ObjectId>,
        old: Option<ObjectId>,
        new: ObjectId,
        sending: &mut dyn FnMut(u64),
    ) -> Result<SendStats> {
        let wanted = ["report-status", "side-band-64k"];
        let mut caps: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|c| self.capabilities.iter().any(|offered| offered == c))
            .collect();
        let agent = concat!("agent=traces/", env!("CARGO_PKG_VERSION"));
        caps.push(agent);
        let sideband = caps.contains(&"side-band-64k");
        let null = ObjectId::null(gix::hash::Kind::Sha1);
        let command = format!(
            "{} {new} {REMOTE_BRANCH}\0{}\n",
            old.unwrap_or(null),
            caps.join(" ")
        );
        let mut body = Vec::new();
        pkt(command.as_bytes(), &mut body);
        packetline::blocking_io::encode::flush_to_write(&mut body).expect("writing to memory");
        body.extend(build_pack(store, objects, bases)?);
        let bytes = body.len() as u64;
        sending(bytes);

        let url = format!("{}/git-receive-pack", self.url);
        let response = self
            .authorized(
                self.client
                    .post(&url)
                    .header("Content-Type", "application/x-git-receive-pack-request")
                    .header("Accept", "application/x-git-receive-pack-result")
                    .body(body),
            )
            .send()
            .map_err(|e| request_error("send the pack", e))?;
        if !response.status().is_success() {
            return Err(status_error("send the pack", response));
        }
        let answer = response
            .bytes()
            .map_err(|e| request_error("read the push result", e))?;

        let mut report = Vec::new();
        let mut remote_lines = Vec::new();
        if sideband {
            for line in pkt_lines(&answer)?.into_iter().flatten() {
                let (band, data) = line.split_first().unwrap_or((&0, &[]));
                match band {
                    1 => report.extend_from_slice(data),
                    2 | 3 => remote_lines.extend(
                        String::from_utf8_lossy(data)
                            .split(['\n', '\r'])
                            .filter(|l| !l.trim().is_empty())
                            .map(str::to_string),
                    ),
                    _ => {}
                }
            }
        } else {
            report = answer.to_vec();
        }
        let mut unpack_ok = false;
        let mut outcome: Option<std::result::Result<(), String>> = None;
        for line in pkt_lines(&report)?.into_iter().flatten() {
            let text = String::from_utf8_lossy(line).trim_end().to_string();
            if let Some(status) = text.strip_prefix("unpack ") {
                unpack_ok = status == "ok";
                if !unpack_ok {
                    outcome.get_or_insert(Err(format!("unpack failed: {status}")));
                }
            } else if text == format!("ok {REMOTE_BRANCH}") {
                outcome.get_or_insert(Ok(()));
            } else if let Some(reason) = text.strip_prefix(&format!("ng {REMOTE_BRANCH} ")) {
                outcome = Some(Err(reason.to_string()));
            }
        }
        match outcome {
            Some(Ok(())) if unpack_ok => Ok(SendStats {
                objects: objects.len(),
                bytes,
            }),
            Some(Err(reason)) if is_moved(&reason) => Err(Error::Moved),
            Some(Err(reason)) => Err(Error::Rejected {
                reason,
                remote_lines,
            }),
            _ => Err(Error::Rejected {
                reason: "the server did not confirm the update of refs/heads/main".into(),
                remote_lines,
            }),
        }
    }
}
