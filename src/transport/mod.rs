//! The only code that talks to other repositories: local bare repositories written directly,
//! and (in `http`) git smart HTTP and the Hub API.
//!
//! A [`Connection`] is one remote repository's `main` branch: read its tip and its folder
//! listings, read one file, and send objects plus a compare-and-swap move of the branch. It
//! takes and returns bytes and object ids; the local objects it sends come through an
//! [`ObjectSource`], never the store itself.

pub mod delta;
pub mod http;
pub mod hub;
pub mod lfs;
pub mod local;
pub mod tree_api;
pub mod upload_pack;

use gix::ObjectId;
use gix::objs::tree::EntryKind;

use crate::store;
pub use lfs::LfsObject;

/// The branch every remote dataset repository publishes.
pub const REMOTE_BRANCH: &str = "refs/heads/main";

/// A cause kept under a transport error: the HTTP client's, hf-hub's or a decoder's.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The remote branch moved between reading it and updating it: plan again.
    #[error("the remote branch moved while pushing (another push landed first)")]
    Moved,
    /// The server answered with a failure status. `message` says what was being done and
    /// carries the server's own words; the status decides what happens next (401/403: refused
    /// credentials, 429/5xx: worth retrying), never the text.
    #[error("{message}")]
    Http {
        status: u16,
        message: String,
        retry_after: Option<std::time::Duration>,
        #[source]
        source: Option<Cause>,
    },
    /// The request did not get an answer (refused, timed out, reset, DNS, TLS): worth retrying.
    #[error("{message}")]
    Network {
        message: String,
        #[source]
        source: Cause,
    },
    #[error("the remote rejected the push: {reason}")]
    Rejected {
        reason: String,
        /// The server's `remote:` lines.
        remote_lines: Vec<String>,
    },
    /// A history rewrite (the squash after a purge) refused by the remote's policy while its
    /// branch was still where we left it: trying again changes nothing.
    #[error("the remote refuses history rewrites: {reason}")]
    RewriteRefused {
        reason: String,
        remote_lines: Vec<String>,
    },
    /// A failure worth retrying: connection reset, timeout, 5xx, 429.
    #[error("{message}")]
    Transient {
        message: String,
        retry_after: Option<std::time::Duration>,
    },
    /// An answer or an object we could not use, with the error that said so.
    #[error("{what}: {source}")]
    Invalid {
        what: String,
        #[source]
        source: Cause,
    },
    #[error("{0}")]
    Other(String),
    /// What was being done when `source` failed; keeps the source's kind for hints.
    #[error("{what}: {source}")]
    Context { what: String, source: Box<Error> },
    #[error(transparent)]
    Store(#[from] store::Error),
}

impl Error {
    pub fn is_retryable(&self) -> bool {
        match self.innermost() {
            Error::Moved | Error::Transient { .. } | Error::Network { .. } => true,
            Error::Http { status, .. } => matches!(status, 429 | 500..=599),
            _ => false,
        }
    }

    /// The error below any [`Error::Context`].
    pub fn innermost(&self) -> &Error {
        match self {
            Error::Context { source, .. } => source.innermost(),
            other => other,
        }
    }

    /// The HTTP status the server answered with, if it answered with a failure.
    pub fn status(&self) -> Option<u16> {
        match self.innermost() {
            Error::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server refused the credentials (HTTP 401 or 403).
    pub fn is_refused_credentials(&self) -> bool {
        matches!(self.status(), Some(401 | 403))
    }

    /// How long the server asked to wait (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self.innermost() {
            Error::Http { retry_after, .. } | Error::Transient { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// An answer or object we could not use, keeping the error that said so.
    pub fn invalid(what: impl Into<String>, source: impl Into<Cause>) -> Error {
        Error::Invalid {
            what: what.into(),
            source: source.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod error_tests;

/// What a send moved over the wire (or into the local repository).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SendStats {
    pub objects: usize,
    pub bytes: u64,
}

/// One entry of a folder on the remote: what planning a commit needs (never the content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteEntry {
    pub name: String,
    pub kind: EntryKind,
    pub id: ObjectId,
}

/// An object built for a push that lives only in memory (trees, the commit, LFS pointers, a
/// merged `.gitattributes`): it is sent, never written into the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltObject {
    pub id: ObjectId,
    pub kind: gix::objs::Kind,
    pub data: Vec<u8>,
}

impl BuiltObject {
    pub fn new(kind: gix::objs::Kind, data: Vec<u8>) -> BuiltObject {
        let id = gix::objs::compute_hash(gix::hash::Kind::Sha1, kind, &data)
            .expect("SHA-1 hashing of memory does not fail");
        BuiltObject { id, kind, data }
    }
}

/// What a push sends: blobs the store holds, objects built in memory, and for some objects a
/// version the remote has at the same path (a delta base, used when the store has it or it is
/// in `known`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outgoing {
    pub stored: Vec<ObjectId>,
    pub built: Vec<BuiltObject>,
    pub bases: std::collections::HashMap<ObjectId, ObjectId>,
    /// Objects the remote has, rebuilt here (a folder's tree from its listing): delta bases
    /// only, never sent.
    pub known: Vec<BuiltObject>,
}

impl Outgoing {
    pub fn len(&self) -> usize {
        self.stored.len() + self.built.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The content of the blob `id`, built here or read from `source`, checked against its id.
    pub fn blob(&self, id: ObjectId, source: &dyn ObjectSource) -> Result<Vec<u8>> {
        match self.built.iter().find(|object| object.id == id) {
            Some(object) => Ok(object.data.clone()),
            None => required_object(source, id).map(|(_, data)| data),
        }
    }
}

/// A commit the server builds from file changes (the Hub's commit API): the message, and each
/// path with the blob it gets (`None`: removed), the blobs being the push's [`Outgoing`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileCommit {
    pub message: String,
    pub changes: Vec<(String, Option<ObjectId>)>,
}

/// The local side's objects, as a push reads them: the transport never sees the store.
pub trait ObjectSource {
    /// The kind and content of `id`, `None` when the source does not hold it.
    fn object(&self, id: ObjectId) -> Result<Option<(gix::objs::Kind, Vec<u8>)>>;
}

/// Objects held in memory (tests, and a source built for one push).
impl ObjectSource for std::collections::HashMap<ObjectId, (gix::objs::Kind, Vec<u8>)> {
    fn object(&self, id: ObjectId) -> Result<Option<(gix::objs::Kind, Vec<u8>)>> {
        Ok(self.get(&id).cloned())
    }
}

/// Check that `data` of `kind` hashes to `id`, so nothing damaged is sent or trusted; `whence`
/// names where it came from for the error.
pub fn verify(id: ObjectId, kind: gix::objs::Kind, data: &[u8], whence: &str) -> Result<()> {
    let actual = gix::objs::compute_hash(id.kind(), kind, data)
        .map_err(|e| Error::Other(format!("could not hash object {id} from {whence}: {e}")))?;
    if actual == id {
        Ok(())
    } else {
        Err(Error::Other(format!(
            "object {id} from {whence} is damaged: its content hashes to {actual}"
        )))
    }
}

/// The object `id` from `source`, checked against its id; missing is an error.
pub fn required_object(
    source: &dyn ObjectSource,
    id: ObjectId,
) -> Result<(gix::objs::Kind, Vec<u8>)> {
    let (kind, data) = source
        .object(id)?
        .ok_or_else(|| Error::Other(format!("object {id} to send is not in the store")))?;
    verify(id, kind, &data, "the store")?;
    Ok((kind, data))
}

/// The entries at `paths` in `tip`, each found in its folder's listing: how a remote without
/// a path lookup answers [`Connection::entries_at`].
fn entries_by_listing<C: Connection + ?Sized>(
    connection: &mut C,
    tip: ObjectId,
    paths: &[String],
) -> Result<Vec<(String, RemoteEntry)>> {
    let mut found = Vec::new();
    for path in paths {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        if let Some(entry) = connection
            .list_folder(tip, folder)?
            .and_then(|entries| entries.into_iter().find(|e| e.name == name))
        {
            found.push((path.clone(), entry));
        }
    }
    Ok(found)
}

pub trait Connection {
    /// Whether [`Connection::list_folder`] reads listings without downloading the remote's
    /// files. Known for sure only after the first listing (a git server tells what it allows
    /// when asked).
    fn lists_trees(&self) -> bool {
        false
    }
    /// The entries of `folder` (`""` for the root) in the remote commit `tip`, `None` when
    /// the folder does not exist there.
    fn list_folder(&mut self, tip: ObjectId, folder: &str) -> Result<Option<Vec<RemoteEntry>>>;
    /// The content of the remote blob `id` found at `path` in `tip`, checked against `id`.
    fn read_blob(&mut self, tip: ObjectId, path: &str, id: ObjectId) -> Result<Vec<u8>>;
    /// The message of the remote commit `tip` (where a push records how many files the
    /// remote holds); `None` when the remote cannot tell it cheaply.
    fn tip_message(&mut self, _tip: ObjectId) -> Result<Option<String>> {
        Ok(None)
    }

    /// Whether the remote builds a commit itself from file changes ([`Connection::commit_files`]),
    /// and tells the entries at given paths ([`Connection::entries_at`]) without listing their
    /// folders: a push then needs no listing of the folders it writes into.
    fn commits_files(&self) -> bool {
        false
    }
    /// The entries at `paths` in `tip` that exist there, by path: the Hub's paths-info; on a
    /// remote without a lookup, each path's folder listed.
    fn entries_at(
        &mut self,
        tip: ObjectId,
        paths: &[String],
    ) -> Result<Vec<(String, RemoteEntry)>> {
        entries_by_listing(self, tip, paths)
    }
    /// Make the commit `commit` on top of `parent` with the server's own call, its blobs from
    /// `outgoing` (the stored ones read from `source`); returns the new commit's id, or fails
    /// with [`Error::Moved`] when `main` is no longer at `parent`.
    fn commit_files(
        &mut self,
        _parent: ObjectId,
        _commit: &FileCommit,
        _outgoing: &Outgoing,
        _source: &dyn ObjectSource,
    ) -> Result<(ObjectId, SendStats)> {
        Err(Error::Other(
            "this remote does not build commits from files".into(),
        ))
    }

    /// Files above this size must go through LFS (`None`: no limit, no LFS).
    fn lfs_threshold(&self) -> Option<u64> {
        None
    }
    /// Upload large files through the Git LFS batch API, their content read from `source`.
    fn upload_lfs(&mut self, objects: &[LfsObject], _source: &dyn ObjectSource) -> Result<()> {
        if objects.is_empty() {
            Ok(())
        } else {
            Err(Error::Other(
                "this remote does not take Git LFS uploads".into(),
            ))
        }
    }
    /// What the connection cleaned up or noticed on the way (a stale lock it removed), for the
    /// caller to tell the user; taken once.
    fn take_notices(&mut self) -> Vec<String> {
        Vec::new()
    }
    /// Squash the remote's `main` into one commit of its tip's tree with the server's own
    /// call (the Hub's super-squash); `Ok(false)` when the remote has none, and the caller
    /// force-pushes a squashed commit with lease instead.
    fn super_squash(&mut self, _message: &str) -> Result<bool> {
        Ok(false)
    }
    /// The root tree of the remote commit `tip` (by default read from a fetch of the whole
    /// remote; connections that can read one commit override it).
    fn commit_tree(&mut self, tip: ObjectId) -> Result<ObjectId> {
        let repo = self.fetch(tip)?;
        repo.find_commit(tip)
            .and_then(|c| c.tree_id())
            .map(|id| id.detach())
            .map_err(|e| Error::Other(format!("could not read the tree of {tip}: {e}")))
    }
    /// How the connection went about reading the remote (which protocol, a fallback to a full
    /// download), for `-v`; taken once.
    fn take_details(&mut self) -> Vec<String> {
        Vec::new()
    }
    /// The tip of the remote's `main`, if it has one.
    fn tip(&mut self) -> Result<Option<ObjectId>>;
    /// Every object reachable from `tip`, in a repository the caller reads from (the remote
    /// itself when it is on this machine, else a temporary copy that lives as long as the
    /// connection). Only a scan of the whole remote needs this; a push never does.
    fn fetch(&mut self, tip: ObjectId) -> Result<&gix::Repository>;
    /// Send `outgoing` (its stored objects read from `source`) and move `main` from `old` to
    /// `new`, or fail with [`Error::Moved`]. `sending` hears the byte count once it is known,
    /// before the transfer.
    fn send(
        &mut self,
        source: &dyn ObjectSource,
        outgoing: &Outgoing,
        old: Option<ObjectId>,
        new: ObjectId,
        sending: &mut dyn FnMut(u64),
    ) -> Result<SendStats>;
}

/// A folder listing read from trees in `repo` (the store, or a bare remote on this machine).
pub fn repo_listing(
    repo: &gix::Repository,
    tip: ObjectId,
    folder: &str,
) -> std::result::Result<Option<Vec<RemoteEntry>>, String> {
    let commit = repo.find_commit(tip).map_err(|e| e.to_string())?;
    let root = commit.tree().map_err(|e| e.to_string())?;
    let tree = if folder.is_empty() {
        root
    } else {
        match root
            .lookup_entry_by_path(folder)
            .map_err(|e| e.to_string())?
        {
            Some(entry) if entry.mode().is_tree() => entry
                .object()
                .map_err(|e| e.to_string())?
                .try_into_tree()
                .map_err(|e| e.to_string())?,
            _ => return Ok(None),
        }
    };
    let decoded = tree.decode().map_err(|e| e.to_string())?;
    Ok(Some(
        decoded
            .entries
            .iter()
            .map(|entry| RemoteEntry {
                name: entry.filename.to_string(),
                kind: entry.mode.kind(),
                id: entry.oid.to_owned(),
            })
            .collect(),
    ))
}
