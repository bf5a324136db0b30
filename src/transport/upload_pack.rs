//! Reading a plain git server (smart HTTP, not the Hub) without downloading its files:
//! protocol v2 `fetch` (`Git-Protocol: version=2`), asking for exactly the objects a plan needs.
//!
//! A server that offers `filter` on `fetch` (git's `uploadpack.allowFilter`) is asked for one
//! object at a time with `filter tree:0`: only the wanted object comes back, so a folder's
//! listing costs that folder's tree and nothing under it. Protocol v2 takes a `want` of any
//! object the server holds, not only ref tips. A server that refuses such a want is asked once
//! for the tip's commits and trees (`filter blob:none`); one without `filter`, or without
//! protocol v2, is fetched whole, once, and the connection says so for `-v`.
//!
//! Whatever comes back is indexed into a temporary object directory that lives as long as the
//! connection: nothing of the remote's enters the store, which stays `git fsck --strict` clean
//! without promisor packs. The request and answer formats are plain functions over bytes, so
//! they are tested with canned answers.

use std::sync::atomic::AtomicBool;

use gix::ObjectId;
use gix::protocol::transport::packetline;

use super::http::{HttpRemote, pkt, pkt_lines};
use super::hub::{request_error, status_error};
use super::{Error, RemoteEntry, Result};

const REQUEST_TYPE: &str = "application/x-git-upload-pack-request";
const RESULT_TYPE: &str = "application/x-git-upload-pack-result";

/// What a protocol v2 server says it can do (`GET info/refs?service=git-upload-pack`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Advertisement {
    /// The features of the `fetch` command (`shallow`, `filter`, ...).
    pub fetch_features: Vec<String>,
    /// The `object-format` it named, if any.
    pub object_format: Option<String>,
}

impl Advertisement {
    pub fn allows_filter(&self) -> bool {
        self.fetch_features.iter().any(|f| f == "filter")
    }
}

/// The capability advertisement of a protocol v2 server; `None` when the server answered in
/// protocol v0/v1 (a ref advertisement) instead.
pub fn parse_advertisement(body: &[u8]) -> Result<Option<Advertisement>> {
    let mut lines = pkt_lines(body)?
        .into_iter()
        .flatten()
        .map(|line| String::from_utf8_lossy(line).trim_end().to_string())
        // Smart HTTP puts `# service=...` and a flush before the answer proper.
        .filter(|line| !line.starts_with("# service="));
    if lines.next().as_deref() != Some("version 2") {
        return Ok(None);
    }
    let mut advertised = Advertisement::default();
    for line in lines {
        let (name, value) = line.split_once('=').unwrap_or((line.as_str(), ""));
        match name {
            "fetch" => {
                advertised.fetch_features = value.split(' ').map(str::to_string).collect();
            }
            "object-format" => advertised.object_format = Some(value.to_string()),
            _ => {}
        }
    }
    Ok(Some(advertised))
}

/// A protocol v2 `fetch` of `wants` (with `filter` when given), with no haves: the answer is
/// one pack holding the wanted objects and, filter permitting, what they reach.
pub fn fetch_request(wants: &[ObjectId], filter: Option<&str>, object_format: bool) -> Vec<u8> {
    let mut body = Vec::new();
    pkt(b"command=fetch\n", &mut body);
    if object_format {
        pkt(b"object-format=sha1\n", &mut body);
    }
    packetline::blocking_io::encode::delim_to_write(&mut body).expect("writing to memory");
    pkt(b"no-progress\n", &mut body);
    pkt(b"ofs-delta\n", &mut body);
    if let Some(filter) = filter {
        pkt(format!("filter {filter}\n").as_bytes(), &mut body);
    }
    for want in wants {
        pkt(format!("want {want}\n").as_bytes(), &mut body);
    }
    pkt(b"done\n", &mut body);
    packetline::blocking_io::encode::flush_to_write(&mut body).expect("writing to memory");
    body
}

/// Why a fetch gave no pack: the server refused it (`ERR`, or an error on band 3), or the
/// answer was not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchRefused {
    Server(String),
    Malformed(String),
}

/// The pack in a protocol v2 `fetch` answer (its `packfile` section, side-band 1).
pub fn parse_fetch_response(body: &[u8]) -> Result<std::result::Result<Vec<u8>, FetchRefused>> {
    let mut pack = Vec::new();
    let mut in_pack = false;
    for line in pkt_lines(body)? {
        let Some(line) = line else {
            if in_pack {
                break;
            }
            continue;
        };
        if !in_pack {
            if let Some(message) = line.strip_prefix(b"ERR ") {
                let message = String::from_utf8_lossy(message).trim_end().to_string();
                return Ok(Err(FetchRefused::Server(message)));
            }
            in_pack = line == b"packfile\n";
            continue;
        }
        match line.split_first() {
            Some((1, data)) => pack.extend_from_slice(data),
            Some((2, _)) => {}
            Some((3, message)) => {
                let message = String::from_utf8_lossy(message).trim_end().to_string();
                return Ok(Err(FetchRefused::Server(message)));
            }
            _ => {
                return Ok(Err(FetchRefused::Malformed(
                    "a pack line without a side-band number".into(),
                )));
            }
        }
    }
    if !in_pack {
        return Ok(Err(FetchRefused::Malformed(
            "the answer has no packfile section".into(),
        )));
    }
    Ok(Ok(pack))
}

/// A temporary bare repository that holds what was fetched from a remote, removed with it.
pub struct Scratch {
    dir: tempfile::TempDir,
    repo: gix::Repository,
}

impl Scratch {
    pub fn new() -> Result<Scratch> {
        let fail = |e: &dyn std::fmt::Display| {
            Error::Other(format!(
                "could not make a temporary repository for the remote's trees: {e}"
            ))
        };
        let dir = tempfile::Builder::new()
            .prefix("traces-remote-trees-")
            .tempdir()
            .map_err(|e| fail(&e))?;
        gix::init_bare(dir.path()).map_err(|e| fail(&e))?;
        let repo =
            gix::open_opts(dir.path(), gix::open::Options::isolated()).map_err(|e| fail(&e))?;
        Ok(Scratch { dir, repo })
    }

    pub fn repo(&self) -> &gix::Repository {
        &self.repo
    }

    pub fn has(&self, id: ObjectId) -> bool {
        self.repo.has_object(id)
    }

    /// Index `pack` (self-contained, as a fetch without haves sends) beside what is here.
    pub fn add_pack(&mut self, pack: &[u8]) -> Result<()> {
        let fail = |e: &dyn std::fmt::Display| {
            Error::Other(format!("the pack the remote sent is unusable: {e}"))
        };
        let directory = self.dir.path().join("objects").join("pack");
        let mut reader: &[u8] = pack;
        gix_pack::Bundle::write_to_directory(
            &mut reader,
            Some(&directory),
            &mut gix::progress::Discard,
            &AtomicBool::new(false),
            None::<gix::objs::find::Never>,
            gix::hash::Kind::Sha1,
            gix_pack::bundle::write::Options::default(),
        )
        .map_err(|e| fail(&e))?;
        // Opened again so the new pack is seen at once.
        self.repo = gix::open_opts(self.dir.path(), gix::open::Options::isolated())
            .map_err(|e| fail(&e))?;
        Ok(())
    }

    /// The object `id`, checked against its id.
    pub fn object(&self, id: ObjectId) -> Result<(gix::objs::Kind, Vec<u8>)> {
        let object = self.repo.find_object(id).map_err(|e| {
            Error::Other(format!(
                "could not read object {id} fetched from the remote: {e}"
            ))
        })?;
        super::verify(id, object.kind, &object.data, "the remote")?;
        Ok((object.kind, object.detach().data))
    }
}

/// How a plain git server is read, learned from its first answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadMode {
    /// One object per request, `filter tree:0`.
    PerObject,
    /// The tip's commits and trees once (`filter blob:none`), blobs one by one.
    Trees,
    /// Everything reachable from the tip, once.
    Whole,
}

/// What a connection to a plain git server has read so far.
pub struct Reader {
    scratch: Scratch,
    mode: Option<ReadMode>,
    /// Protocol v2 is spoken (else the whole fetch goes through gix's client).
    v2: Option<Advertisement>,
    details: Vec<String>,
}

impl Reader {
    pub fn new() -> Result<Reader> {
        Ok(Reader {
            scratch: Scratch::new()?,
            mode: None,
            v2: None,
            details: Vec::new(),
        })
    }

    pub fn scratch(&self) -> &Scratch {
        &self.scratch
    }

    pub fn mode(&self) -> Option<ReadMode> {
        self.mode
    }

    pub fn take_details(&mut self) -> Vec<String> {
        std::mem::take(&mut self.details)
    }

    fn fall_back(&mut self, mode: ReadMode, why: &str) {
        self.mode = Some(mode);
        let what = match mode {
            ReadMode::PerObject => "reading the remote's folders one tree at a time",
            ReadMode::Trees => "fetching the remote's trees without files (`filter blob:none`)",
            ReadMode::Whole => "fetching it whole to plan the commit",
        };
        self.details.push(format!("{why}: {what}"));
    }
}

/// The entries of the tree object `data`.
pub fn tree_entries(data: &[u8]) -> Result<Vec<RemoteEntry>> {
    let tree = gix::objs::TreeRef::from_bytes(data, gix::hash::Kind::Sha1)
        .map_err(|e| Error::Other(format!("the remote sent a malformed tree: {e}")))?;
    Ok(tree
        .entries
        .iter()
        .map(|entry| RemoteEntry {
            name: entry.filename.to_string(),
            kind: entry.mode.kind(),
            id: entry.oid.to_owned(),
        })
        .collect())
}

impl HttpRemote {
    /// Ask the server what it can do, once, and choose how to read it.
    fn choose_mode(&self, reader: &mut Reader) -> Result<ReadMode> {
        if let Some(mode) = reader.mode {
            return Ok(mode);
        }
        let what = "ask the remote what it can send";
        let url = format!("{}/info/refs?service=git-upload-pack", self.url);
        let response = self
            .authorized(self.client.get(&url).header("Git-Protocol", "version=2"))
            .send()
            .map_err(|e| request_error(what, e))?;
        if !response.status().is_success() {
            return Err(status_error(what, response));
        }
        let body = response.bytes().map_err(|e| request_error(what, e))?;
        reader.v2 = parse_advertisement(&body)?;
        match &reader.v2 {
            Some(advertised) if advertised.allows_filter() => {
                reader.mode = Some(ReadMode::PerObject);
                reader.details.push(
                    "reading the remote's folders with protocol v2 `fetch` and `filter tree:0`: no files downloaded"
                        .into(),
                );
            }
            Some(_) => reader.fall_back(
                ReadMode::Whole,
                "the remote does not offer `filter` (git's uploadpack.allowFilter)",
            ),
            None => reader.fall_back(ReadMode::Whole, "the remote does not speak protocol v2"),
        }
        Ok(reader.mode.expect("chosen above"))
    }

    /// One protocol v2 fetch into the scratch repository; `Ok(Err(..))` when the server
    /// refused it.
    fn fetch_v2(
        &self,
        reader: &mut Reader,
        wants: &[ObjectId],
        filter: Option<&str>,
    ) -> Result<std::result::Result<(), FetchRefused>> {
        let what = "fetch from the remote";
        let object_format = reader
            .v2
            .as_ref()
            .is_some_and(|a| a.object_format.is_some());
        let url = format!("{}/git-upload-pack", self.url);
        let response = self
            .authorized(
                self.client
                    .post(&url)
                    .header("Git-Protocol", "version=2")
                    .header("Content-Type", REQUEST_TYPE)
                    .header("Accept", RESULT_TYPE)
                    .body(fetch_request(wants, filter, object_format)),
            )
            .send()
            .map_err(|e| request_error(what, e))?;
        if !response.status().is_success() {
            return Err(status_error(what, response));
        }
        let body = response.bytes().map_err(|e| request_error(what, e))?;
        match parse_fetch_response(&body)? {
            Ok(pack) => {
                reader.scratch.add_pack(&pack)?;
                Ok(Ok(()))
            }
            Err(refused) => Ok(Err(refused)),
        }
    }

    /// Everything reachable from `tip` in the scratch repository.
    fn fetch_whole(&self, reader: &mut Reader, tip: ObjectId) -> Result<()> {
        if reader.scratch.has(tip) && reader.mode == Some(ReadMode::Whole) {
            return Ok(());
        }
        if reader.v2.is_some() {
            if let Err(refused) = self.fetch_v2(reader, &[tip], None)? {
                return Err(refused_error(refused));
            }
        } else {
            self.fetch_with_gix(reader.scratch.repo(), tip)?;
        }
        if !reader.scratch.has(tip) {
            return Err(Error::Moved);
        }
        Ok(())
    }

    /// The object `id` of the remote commit `tip`, fetched as the server allows.
    fn remote_object(
        &self,
        reader: &mut Reader,
        tip: ObjectId,
        id: ObjectId,
        is_blob: bool,
    ) -> Result<(gix::objs::Kind, Vec<u8>)> {
        if !reader.scratch.has(id) {
            let mode = self.choose_mode(reader)?;
            if mode == ReadMode::PerObject {
                let filter = (!is_blob).then_some("tree:0");
                if let Err(refused) = self.fetch_v2(reader, &[id], filter)? {
                    reader.fall_back(
                        ReadMode::Trees,
                        &format!(
                            "the remote refused a fetch of one object ({})",
                            describe(&refused)
                        ),
                    );
                }
            }
            if reader.mode == Some(ReadMode::Trees) && !reader.scratch.has(id) {
                let (wants, filter) = if is_blob {
                    (id, None)
                } else {
                    (tip, Some("blob:none"))
                };
                if let Err(refused) = self.fetch_v2(reader, &[wants], filter)? {
                    reader.fall_back(
                        ReadMode::Whole,
                        &format!(
                            "the remote refused a fetch without files ({})",
                            describe(&refused)
                        ),
                    );
                }
            }
            if reader.mode == Some(ReadMode::Whole) && !reader.scratch.has(id) {
                self.fetch_whole(reader, tip)?;
            }
            if !reader.scratch.has(id) {
                // Not reachable from the tip any more: the branch moved.
                return Err(Error::Moved);
            }
        }
        reader.scratch.object(id)
    }

    /// A folder of the remote commit `tip`, read from its trees alone.
    pub(super) fn plain_listing(
        &self,
        reader: &mut Reader,
        tip: ObjectId,
        folder: &str,
    ) -> Result<Option<Vec<RemoteEntry>>> {
        let (kind, commit) = self.remote_object(reader, tip, tip, false)?;
        if kind != gix::objs::Kind::Commit {
            return Err(Error::Other(format!(
                "the remote's main points to a {kind}, not a commit"
            )));
        }
        let commit = gix::objs::CommitRef::from_bytes(&commit, gix::hash::Kind::Sha1)
            .map_err(|e| Error::Other(format!("the remote sent a malformed commit: {e}")))?;
        let mut tree = commit.tree();
        for segment in folder.split('/').filter(|s| !s.is_empty()) {
            let (_, data) = self.remote_object(reader, tip, tree, false)?;
            match tree_entries(&data)?
                .into_iter()
                .find(|e| e.name == segment && e.kind == gix::objs::tree::EntryKind::Tree)
            {
                Some(entry) => tree = entry.id,
                None => return Ok(None),
            }
        }
        let (_, data) = self.remote_object(reader, tip, tree, false)?;
        Ok(Some(tree_entries(&data)?))
    }

    /// The message of the remote commit `tip` (fetched alone, as for a listing).
    pub(super) fn plain_tip_message(&self, reader: &mut Reader, tip: ObjectId) -> Result<String> {
        let (_, data) = self.remote_object(reader, tip, tip, false)?;
        let commit = gix::objs::CommitRef::from_bytes(&data, gix::hash::Kind::Sha1)
            .map_err(|e| Error::Other(format!("the remote sent a malformed commit: {e}")))?;
        Ok(commit.message.to_string())
    }

    /// The root tree of the remote commit `tip` (the commit fetched alone).
    pub(super) fn plain_commit_tree(&self, reader: &mut Reader, tip: ObjectId) -> Result<ObjectId> {
        let (_, data) = self.remote_object(reader, tip, tip, false)?;
        let commit = gix::objs::CommitRef::from_bytes(&data, gix::hash::Kind::Sha1)
            .map_err(|e| Error::Other(format!("the remote sent a malformed commit: {e}")))?;
        Ok(commit.tree())
    }

    /// One remote file, read by id.
    pub(super) fn plain_blob(
        &self,
        reader: &mut Reader,
        tip: ObjectId,
        id: ObjectId,
    ) -> Result<Vec<u8>> {
        let (kind, data) = self.remote_object(reader, tip, id, true)?;
        if kind != gix::objs::Kind::Blob {
            return Err(Error::Other(format!(
                "{id} on the remote is a {kind}, not a file"
            )));
        }
        Ok(data)
    }

    /// Everything reachable from `tip`, for a scan of the whole remote.
    pub(super) fn plain_fetch(&self, reader: &mut Reader, tip: ObjectId) -> Result<()> {
        if reader.mode.is_none() {
            self.choose_mode(reader)?;
        }
        reader.mode = Some(ReadMode::Whole);
        self.fetch_whole(reader, tip)
    }
}

fn describe(refused: &FetchRefused) -> String {
    match refused {
        FetchRefused::Server(message) => format!("it said: {message}"),
        FetchRefused::Malformed(what) => what.clone(),
    }
}

fn refused_error(refused: FetchRefused) -> Error {
    match refused {
        FetchRefused::Server(message) => Error::Rejected {
            reason: format!("the remote refused the fetch: {message}"),
            remote_lines: Vec::new(),
        },
        FetchRefused::Malformed(what) => Error::Transient {
            message: format!("malformed fetch answer from the remote: {what}"),
            retry_after: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkt_text(lines: &[Option<&[u8]>]) -> Vec<u8> {
        let mut out = Vec::new();
        for line in lines {
            match line {
                Some(data) => pkt(data, &mut out),
                None => out.extend_from_slice(b"0000"),
            }
        }
        out
    }

    #[test]
    fn a_v2_advertisement_tells_whether_fetch_filters() {
        let body = pkt_text(&[
            Some(b"# service=git-upload-pack\n"),
            None,
            Some(b"version 2\n"),
            Some(b"agent=git/2.47.3\n"),
            Some(b"ls-refs=unborn\n"),
            Some(b"fetch=shallow wait-for-done filter\n"),
            Some(b"object-format=sha1\n"),
            None,
        ]);
        let advertised = parse_advertisement(&body).unwrap().unwrap();
        assert!(advertised.allows_filter());
        assert_eq!(advertised.object_format.as_deref(), Some("sha1"));

        let without = pkt_text(&[Some(b"version 2\n"), Some(b"fetch=shallow\n"), None]);
        assert!(
            !parse_advertisement(&without)
                .unwrap()
                .unwrap()
                .allows_filter()
        );
    }

    #[test]
    fn a_v0_ref_advertisement_is_not_v2() {
        let body = pkt_text(&[
            Some(b"# service=git-upload-pack\n"),
            None,
            Some(b"4b825dc642cb6eb9a060e54bf8d69288fbee4904 HEAD\0multi_ack side-band-64k\n"),
            None,
        ]);
        assert_eq!(parse_advertisement(&body).unwrap(), None);
    }

    #[test]
    fn a_fetch_request_names_the_filter_and_each_want() {
        let id = ObjectId::empty_tree(gix::hash::Kind::Sha1);
        let body = fetch_request(&[id], Some("tree:0"), true);
        let text = String::from_utf8(body).unwrap();
        assert_eq!(
            text,
            format!(
                "0012command=fetch\n0017object-format=sha1\n0001\
                 0010no-progress\n000eofs-delta\n0012filter tree:0\n\
                 0032want {id}\n0009done\n0000"
            )
        );
    }

    #[test]
    fn the_pack_comes_from_side_band_one_of_the_packfile_section() {
        let body = pkt_text(&[
            Some(b"packfile\n"),
            Some(b"\x02counting objects\n"),
            Some(b"\x01PACK"),
            Some(b"\x01rest"),
            None,
        ]);
        assert_eq!(
            parse_fetch_response(&body).unwrap(),
            Ok(b"PACKrest".to_vec())
        );
    }

    #[test]
    fn a_refusal_is_told_apart_from_a_broken_answer() {
        let refused = pkt_text(&[Some(b"ERR upload-pack: not our ref 1234\n")]);
        assert_eq!(
            parse_fetch_response(&refused).unwrap(),
            Err(FetchRefused::Server("upload-pack: not our ref 1234".into()))
        );
        let failed = pkt_text(&[Some(b"packfile\n"), Some(b"\x03out of memory\n"), None]);
        assert_eq!(
            parse_fetch_response(&failed).unwrap(),
            Err(FetchRefused::Server("out of memory".into()))
        );
        let no_pack = pkt_text(&[Some(b"acknowledgments\n"), Some(b"NAK\n"), None]);
        assert!(matches!(
            parse_fetch_response(&no_pack).unwrap(),
            Err(FetchRefused::Malformed(_))
        ));
        assert!(parse_fetch_response(b"00").is_err(), "a cut-off answer");
    }

    #[test]
    fn a_fetched_pack_is_read_from_the_scratch_repository() {
        // A pack written by git itself, of one tree and one blob.
        let dir = tempfile::tempdir().unwrap();
        let git = |args: &[&str], input: &[u8]| {
            use std::io::Write;
            let mut child = std::process::Command::new("git")
                .arg("--git-dir")
                .arg(dir.path())
                .args(args)
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(input).unwrap();
            child.wait_with_output().unwrap().stdout
        };
        git(&["init", "-q", "--bare"], b"");
        let blob = String::from_utf8(git(&["hash-object", "-w", "--stdin"], b"hello\n")).unwrap();
        let tree = String::from_utf8(git(
            &["mktree"],
            format!("100644 blob {}\tgreeting.txt\n", blob.trim()).as_bytes(),
        ))
        .unwrap();
        let pack = git(
            &["pack-objects", "--stdout", "-q"],
            format!("{}\n{}\n", tree.trim(), blob.trim()).as_bytes(),
        );
        let mut scratch = Scratch::new().unwrap();
        let tree_id = ObjectId::from_hex(tree.trim().as_bytes()).unwrap();
        assert!(!scratch.has(tree_id));
        scratch.add_pack(&pack).unwrap();
        let (kind, data) = scratch.object(tree_id).unwrap();
        assert_eq!(kind, gix::objs::Kind::Tree);
        let entries = tree_entries(&data).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].name, "greeting.txt");
        assert_eq!(entries[0].id.to_string(), blob.trim());
        assert!(scratch.add_pack(b"PACK broken").is_err());
    }
}
