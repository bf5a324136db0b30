//! Git smart HTTP: the receive-pack push written here on gix building blocks (pkt-lines from
//! gix-packetline, the pack from gix-pack); reading a plain git server's trees through
//! protocol v2 `fetch` (`upload_pack`), and gix's own fetch client for servers without v2.
//!
//! Protocol v1 push: `GET info/refs?service=git-receive-pack` advertises the refs and
//! capabilities; `POST git-receive-pack` carries `old new ref\0caps`, a flush and a pack, and
//! the answer is a report-status (`unpack ok`, `ok <ref>` / `ng <ref> <reason>`), inside
//! side-band 1 when side-band is on, with `remote:` text on band 2.

use std::sync::atomic::AtomicBool;

use gix::ObjectId;
use gix::protocol::transport::packetline::{self, PacketLineRef};

use super::hub::{http_client, request_error, status_error};
use super::lfs::{LFS_THRESHOLD, LfsObject};
use super::upload_pack::{ReadMode, Reader};
use super::{Connection, Error, ObjectSource, REMOTE_BRANCH, Result, SendStats};
use crate::auth::{self, Token};

pub struct HttpRemote {
    /// The repository URL, without a trailing slash.
    pub(super) url: String,
    /// Remote name, for the ref that keeps fetched objects reachable.
    name: String,
    pub(super) username: String,
    pub(super) token: Option<Token>,
    pub(super) client: reqwest::blocking::Client,
    capabilities: Vec<String>,
    /// Whether files over [`LFS_THRESHOLD`] must go through Git LFS (Hub repositories).
    lfs: bool,
    /// The Hub endpoint and dataset id, when the remote offers the Hub's tree listing.
    hub_api: Option<(String, String)>,
    /// The Hub's own client for its paths-info and commit calls, with `hub_api`.
    hub: Option<super::hub::HubClient>,
    timeout: std::time::Duration,
    /// How the remote was read and written, for `-v`.
    details: Vec<String>,
    /// The folders listed through the Hub's tree API, for `-v`.
    listed: Vec<String>,
    /// What was fetched from a plain git server, in a temporary repository (made on first use).
    reader: Option<Reader>,
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
            hub_api: None,
            hub: None,
            timeout,
            details: Vec::new(),
            listed: Vec::new(),
            reader: None,
        })
    }

    /// Send large files through Git LFS, as the Hub requires.
    pub fn with_lfs(mut self) -> HttpRemote {
        self.lfs = true;
        self
    }

    /// Plan pushes from the Hub's tree listing and paths-info of dataset `repo` at
    /// `endpoint`, and let small pushes go through its commit call.
    pub fn with_hub_api(mut self, endpoint: &str, repo: &str) -> Result<HttpRemote> {
        self.hub = Some(super::hub::HubClient::new(
            endpoint,
            self.token.clone(),
            self.timeout,
        )?);
        self.hub_api = Some((endpoint.trim_end_matches('/').to_string(), repo.to_string()));
        Ok(self)
    }

    fn api_authorized(
        &self,
        request: reqwest::blocking::RequestBuilder,
    ) -> reqwest::blocking::RequestBuilder {
        match &self.token {
            Some(token) => request.bearer_auth(token.expose()),
            None => request,
        }
    }

    /// The Hub's client and the dataset id, for the calls only a Hub remote takes.
    fn hub_client(&self) -> Result<(&super::hub::HubClient, &str)> {
        match (&self.hub, &self.hub_api) {
            (Some(hub), Some((_, repo))) => Ok((hub, repo)),
            _ => Err(Error::Other("not a Hub remote".into())),
        }
    }

    /// Run `read` with the plain-server reader, made on first use and kept for the connection.
    fn with_reader<T>(&mut self, read: impl FnOnce(&Self, &mut Reader) -> Result<T>) -> Result<T> {
        let mut reader = match self.reader.take() {
            Some(reader) => reader,
            None => Reader::new()?,
        };
        let result = read(self, &mut reader);
        self.reader = Some(reader);
        result
    }

    pub(super) fn authorized(
        &self,
        request: reqwest::blocking::RequestBuilder,
    ) -> reqwest::blocking::RequestBuilder {
        match &self.token {
            Some(token) => request.basic_auth(&self.username, Some(token.expose())),
            None => request,
        }
    }
}

/// Split a buffer into pkt-lines; `None` stands for a flush (or a delimiter).
pub(super) fn pkt_lines(mut data: &[u8]) -> Result<Vec<Option<&[u8]>>> {
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

pub(super) fn pkt(data: &[u8], out: &mut Vec<u8>) {
    packetline::blocking_io::encode::data_to_write(data, &mut *out).expect("writing to memory");
}

impl HttpRemote {
    /// Fetch `main` into `repo` through gix's client: servers that do not speak protocol v2.
    pub(super) fn fetch_with_gix(&self, repo: &gix::Repository, tip: ObjectId) -> Result<()> {
        let fail = |e: gix::Error| Error::Transient {
            message: format!("could not fetch from {}: {e}", self.url),
            retry_after: None,
        };
        let refspec = format!("+{REMOTE_BRANCH}:refs/traces/fetched/{}", self.name);
        let remote = repo
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
        if !repo.has_object(tip) {
            return Err(Error::Moved);
        }
        Ok(())
    }
}

/// A thin pack of what a push sends: each object in full, or as a delta against its base on
/// the remote when the store holds that base and the delta is less than half the size.
/// Every object is hashed again first, so a damaged one is never sent.
pub fn build_pack(source: &dyn ObjectSource, outgoing: &super::Outgoing) -> Result<Vec<u8>> {
    use gix_pack::data::output;
    let mut objects: Vec<(ObjectId, gix::objs::Kind, std::borrow::Cow<'_, [u8]>)> =
        Vec::with_capacity(outgoing.len());
    for id in &outgoing.stored {
        let (kind, data) = super::required_object(source, *id)?;
        objects.push((*id, kind, data.into()));
    }
    for built in &outgoing.built {
        objects.push((built.id, built.kind, built.data.as_slice().into()));
    }
    let mut entries = Vec::with_capacity(objects.len());
    for (id, kind, data) in &objects {
        super::verify(*id, *kind, data, "the push being planned")?;
        let base: Option<(ObjectId, std::borrow::Cow<'_, [u8]>)> =
            outgoing.bases.get(id).and_then(|base| {
                match outgoing.known.iter().find(|k| k.id == *base) {
                    Some(known) => Some((known.id, known.data.as_slice().into())),
                    // A base the store lacks is no base: the object goes whole.
                    None => source
                        .object(*base)
                        .ok()
                        .flatten()
                        .map(|(_, data)| (*base, data.into())),
                }
            });
        let delta = base.and_then(|(base, base_data)| {
            let delta = super::delta::encode(&base_data, data);
            (delta.len() < data.len() / 2).then_some((base, delta))
        });
        let entry = match delta {
            Some((base, delta)) => output::Entry {
                id: *id,
                kind: output::entry::Kind::DeltaOid { id: base },
                decompressed_size: delta.len(),
                compressed_data: compress(&delta)?,
            },
            None => {
                let count = output::Count::from_data(*id, None);
                let data = gix::objs::Data::new(data, *kind, gix::hash::Kind::Sha1);
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

/// What a receive-pack answer (`answer`, inside side-band 1 when `sideband`) says about
/// `refs/heads/main`: updated, moved under us ([`Error::Moved`]), or refused with the server's
/// reason and its `remote:` lines.
fn report_status(answer: &[u8], sideband: bool) -> Result<()> {
    let mut report = Vec::new();
    let mut remote_lines = Vec::new();
    if sideband {
        for line in pkt_lines(answer)?.into_iter().flatten() {
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
        Some(Ok(())) if unpack_ok => Ok(()),
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

impl Connection for HttpRemote {
    fn lfs_threshold(&self) -> Option<u64> {
        self.lfs.then_some(LFS_THRESHOLD)
    }

    fn upload_lfs(&mut self, objects: &[LfsObject], source: &dyn ObjectSource) -> Result<()> {
        self.upload_lfs_batch(objects, source)
    }

    fn lists_trees(&self) -> bool {
        self.hub_api.is_some()
            || self
                .reader
                .as_ref()
                .is_some_and(|r| r.mode() == Some(ReadMode::PerObject))
    }

    fn take_details(&mut self) -> Vec<String> {
        let mut details = std::mem::take(&mut self.details);
        details.extend(
            self.reader
                .as_mut()
                .map(Reader::take_details)
                .unwrap_or_default(),
        );
        details
    }

    fn commits_files(&self) -> bool {
        self.hub.is_some()
    }

    fn entries_at(
        &mut self,
        tip: ObjectId,
        paths: &[String],
    ) -> Result<Vec<(String, super::RemoteEntry)>> {
        if !self.commits_files() {
            return super::entries_by_listing(self, tip, paths);
        }
        let (hub, repo) = self.hub_client()?;
        let mut found = Vec::new();
        for entry in hub.paths_info(repo, &tip.to_string(), paths)? {
            let id = ObjectId::from_hex(entry.oid.as_bytes()).map_err(|e| {
                Error::invalid(format!("the Hub's paths-info for `{}`", entry.path), e)
            })?;
            let name = entry
                .path
                .rsplit('/')
                .next()
                .unwrap_or(&entry.path)
                .to_string();
            let kind = if entry.is_folder {
                gix::objs::tree::EntryKind::Tree
            } else {
                gix::objs::tree::EntryKind::Blob
            };
            found.push((entry.path, super::RemoteEntry { name, kind, id }));
        }
        Ok(found)
    }

    fn commit_files(
        &mut self,
        parent: ObjectId,
        commit: &super::FileCommit,
        outgoing: &super::Outgoing,
        source: &dyn ObjectSource,
    ) -> Result<(ObjectId, SendStats)> {
        let (hub, repo) = self.hub_client()?;
        let mut operations = Vec::new();
        let mut bytes = 0u64;
        for (path, id) in &commit.changes {
            let content = id.map(|id| outgoing.blob(id, source)).transpose()?;
            // Inline content travels base64-encoded: four bytes for every three.
            bytes += content
                .as_ref()
                .map_or(0, |c| c.len().div_ceil(3) as u64 * 4);
            operations.push(super::hub::FileOperation {
                path: path.clone(),
                content,
            });
        }
        let id = hub.create_commit(repo, &parent.to_string(), &commit.message, operations)?;
        let id = ObjectId::from_hex(id.as_bytes())
            .map_err(|e| Error::invalid("the commit id the Hub answered", e))?;
        let listed = match std::mem::take(&mut self.listed) {
            listed if listed.is_empty() => "no folder listed".to_string(),
            listed => format!(
                "listed only to check the folder limit: {}",
                listed
                    .iter()
                    .map(|f| if f.is_empty() { "/" } else { f.as_str() })
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.details.push(format!(
            "{} file(s) committed through the Hub's commit call, {listed}",
            commit.changes.len()
        ));
        Ok((
            id,
            SendStats {
                objects: commit.changes.len(),
                bytes,
            },
        ))
    }

    fn commit_tree(&mut self, tip: ObjectId) -> Result<ObjectId> {
        self.with_reader(|remote, reader| remote.plain_commit_tree(reader, tip))
    }

    fn super_squash(&mut self, message: &str) -> Result<bool> {
        let Some((endpoint, repo)) = &self.hub_api else {
            return Ok(false);
        };
        let url = format!("{endpoint}/api/datasets/{repo}/super-squash/main");
        let request = self.api_authorized(self.client.post(&url));
        super::hub::super_squash(request, message)?;
        Ok(true)
    }

    fn list_folder(
        &mut self,
        tip: ObjectId,
        folder: &str,
    ) -> Result<Option<Vec<super::RemoteEntry>>> {
        let Some((endpoint, repo)) = &self.hub_api else {
            return self
                .with_reader(|remote, reader| remote.plain_listing(reader, tip, folder))
                .map_err(|e| match e {
                    Error::Moved => Error::Moved,
                    e => Error::Context {
                        what: format!("could not read the remote folder `{folder}`"),
                        source: Box::new(e),
                    },
                });
        };
        self.listed.push(folder.to_string());
        let what = format!("list the remote folder `{folder}`");
        let mut url = format!("{endpoint}/api/datasets/{repo}/tree/{tip}");
        if !folder.is_empty() {
            url.push('/');
            url.push_str(&super::tree_api::encode_path(folder));
        }
        let mut entries = Vec::new();
        loop {
            let response = self
                .api_authorized(self.client.get(&url))
                .send()
                .map_err(|e| request_error(&what, e))?;
            if response.status() == reqwest::StatusCode::NOT_FOUND && entries.is_empty() {
                return Ok(None);
            }
            if !response.status().is_success() {
                return Err(status_error(&what, response));
            }
            let next = response
                .headers()
                .get(reqwest::header::LINK)
                .and_then(|v| v.to_str().ok())
                .and_then(super::tree_api::next_page);
            let body = response.bytes().map_err(|e| request_error(&what, e))?;
            entries.extend(
                super::tree_api::parse_page(&body).map_err(|e| Error::Context {
                    what: what.clone(),
                    source: Box::new(e),
                })?,
            );
            match next {
                Some(next) => url = next,
                None => break,
            }
        }
        Ok(Some(entries))
    }

    fn tip_message(&mut self, tip: ObjectId) -> Result<Option<String>> {
        let Some((endpoint, repo)) = &self.hub_api else {
            return self
                .with_reader(|remote, reader| remote.plain_tip_message(reader, tip))
                .map(Some);
        };
        let what = "read the remote's last commit";
        let url = format!("{endpoint}/api/datasets/{repo}/commits/{tip}");
        let response = self
            .api_authorized(self.client.get(&url))
            .send()
            .map_err(|e| request_error(what, e))?;
        if !response.status().is_success() {
            return Err(status_error(what, response));
        }
        let body = response.bytes().map_err(|e| request_error(what, e))?;
        super::tree_api::parse_commit_message(&body, tip).map_err(|e| Error::Context {
            what: what.into(),
            source: Box::new(e),
        })
    }

    fn read_blob(&mut self, tip: ObjectId, path: &str, id: ObjectId) -> Result<Vec<u8>> {
        let Some((endpoint, repo)) = &self.hub_api else {
            return self.with_reader(|remote, reader| remote.plain_blob(reader, tip, id));
        };
        let what = format!("read the remote's {path}");
        let url = format!(
            "{endpoint}/datasets/{repo}/raw/{tip}/{}",
            super::tree_api::encode_path(path)
        );
        let response = self
            .api_authorized(self.client.get(&url))
            .send()
            .map_err(|e| request_error(&what, e))?;
        if !response.status().is_success() {
            return Err(status_error(&what, response));
        }
        let data = response
            .bytes()
            .map_err(|e| request_error(&what, e))?
            .to_vec();
        // The raw file is what the tree names, or the answer is not to be trusted.
        super::verify(id, gix::objs::Kind::Blob, &data, "the Hub").map_err(|_| {
            Error::Transient {
                message: format!("{what}: the content does not hash to {id}"),
                retry_after: None,
            }
        })?;
        Ok(data)
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

    fn fetch(&mut self, tip: ObjectId) -> Result<&gix::Repository> {
        self.with_reader(|remote, reader| remote.plain_fetch(reader, tip))?;
        Ok(self
            .reader
            .as_ref()
            .expect("made by with_reader")
            .scratch()
            .repo())
    }

    fn send(
        &mut self,
        source: &dyn ObjectSource,
        outgoing: &super::Outgoing,
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
        body.extend(build_pack(source, outgoing)?);
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

        report_status(&answer, sideband)?;
        Ok(SendStats {
            objects: outgoing.len(),
            bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(lines: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for line in lines {
            pkt(line, &mut out);
        }
        out.extend_from_slice(b"0000");
        out
    }

    /// A report-status inside side-band 1, with `remote:` text on band 2.
    fn in_sideband(report: &[u8], remote: &[u8]) -> Vec<u8> {
        let mut band1 = vec![1];
        band1.extend_from_slice(report);
        let mut band2 = vec![2];
        band2.extend_from_slice(remote);
        lines(&[&band2, &band1])
    }

    #[test]
    fn an_accepted_update_is_ok_with_or_without_side_band() {
        let report = lines(&[b"unpack ok\n", b"ok refs/heads/main\n"]);
        assert!(report_status(&report, false).is_ok());
        assert!(report_status(&in_sideband(&report, b"Processing\n"), true).is_ok());
    }

    #[test]
    fn a_branch_that_moved_is_told_apart_from_a_refusal() {
        let moved = lines(&[b"unpack ok\n", b"ng refs/heads/main non-fast-forward\n"]);
        assert!(matches!(report_status(&moved, false), Err(Error::Moved)));
        let refused = lines(&[
            b"unpack ok\n",
            b"ng refs/heads/main pre-receive hook declined\n",
        ]);
        let answer = in_sideband(&refused, b"files larger than 10 MiB: big.jsonl\n");
        match report_status(&answer, true) {
            Err(Error::Rejected {
                reason,
                remote_lines,
            }) => {
                assert_eq!(reason, "pre-receive hook declined");
                assert_eq!(remote_lines, vec!["files larger than 10 MiB: big.jsonl"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_answer_without_the_update_confirmed_is_a_refusal() {
        let unpack_failed = lines(&[b"unpack index-pack abnormal exit\n"]);
        match report_status(&unpack_failed, false) {
            Err(Error::Rejected { reason, .. }) => assert!(reason.contains("unpack failed")),
            other => panic!("{other:?}"),
        }
        let silent = lines(&[b"unpack ok\n"]);
        assert!(matches!(
            report_status(&silent, false),
            Err(Error::Rejected { .. })
        ));
    }
}
