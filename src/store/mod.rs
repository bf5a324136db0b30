//! The local store: a bare git repository written with `gix`.
//!
//! This module owns the object database and the refs. Every write keeps the repository valid at
//! every moment (`git fsck --strict` clean): objects are written before anything points to them,
//! and a branch only moves through a compare-and-swap ref transaction taken under the store's
//! writer lock. It knows nothing of session formats beyond "files at paths on a branch".

mod check;
mod commit;
mod config;
mod gc;
pub use gc::{AUTO_REPACK_PACKS, ObjectFiles, RepackSummary, SMALL_PACK_BYTES};
mod lock;
pub use lock::{FileLock, LockWait, WaitingFn};
mod pack;
mod purge;
pub use purge::PurgeSummary;
mod read;
mod refs;
mod remove;
mod repair;
pub use repair::PackDamage;
mod streamed;

use std::path::{Path, PathBuf};

pub use check::{Damage, Problem};
pub use commit::{BranchResult, BranchUpdate, Clock, FileOutcome, RefUpdate, Signature};
pub use read::{ChangedPath, CommitInfo, SessionEntry};
pub use refs::compare_and_swap;
pub use remove::{BranchRemoval, RemovalResult};

/// Store errors. Each carries the store path so the CLI can name it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no store at {path}")]
    NotFound { path: PathBuf },
    #[error("{path} exists but is not a traces store (not a bare git repository)")]
    NotAStore {
        path: PathBuf,
        #[source]
        source: Option<gix::Error>,
    },
    #[error("could not create the store at {path}")]
    Init {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("git operation failed in store {path}: {what}")]
    Git {
        path: PathBuf,
        what: String,
        #[source]
        source: gix::Error,
    },
    #[error("could not {what} {file}")]
    Io {
        what: &'static str,
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An object whose content does not hash to its id: damaged on disk.
    #[error("object {id} is corrupt ({file}): its content hashes to {actual}")]
    Corrupt {
        id: gix::ObjectId,
        /// The loose object file, or the repository when the object is packed.
        file: PathBuf,
        actual: gix::ObjectId,
    },
    #[error("gave up after {waited_secs}s waiting for {file}, held by {holder}")]
    LockTimeout {
        file: PathBuf,
        holder: String,
        waited_secs: u64,
    },
    #[error("branch {branch} in store {path} kept moving; gave up after {attempts} attempts")]
    Contended {
        path: PathBuf,
        branch: String,
        attempts: u32,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An open store.
pub struct Store {
    path: PathBuf,
    repo: gix::Repository,
    /// How long to wait for a lock another process holds, and whom to tell.
    lock_wait: LockWait,
}

/// The branch `HEAD` names, so `git log` in the store shows the viewer rendering.
const HEAD_BRANCH: &str = "claude-code";

impl Store {
    /// Open an existing store.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::NotFound {
                path: path.to_path_buf(),
            });
        }
        let repo = gix::open_opts(path, gix::open::Options::isolated()).map_err(|source| {
            Error::NotAStore {
                path: path.to_path_buf(),
                source: Some(source),
            }
        })?;
        if !repo.is_bare() {
            return Err(Error::NotAStore {
                path: path.to_path_buf(),
                source: None,
            });
        }
        Ok(Store {
            path: path.to_path_buf(),
            repo,
            lock_wait: LockWait::default(),
        })
    }

    /// Open the store, creating it first if it does not exist. Returns whether it was created.
    ///
    /// Creation happens in a sibling temporary directory that is renamed into place, so a crash
    /// never leaves a half-made store and concurrent first uses agree on one store. `prepare`
    /// runs on the new store before it is published (default configuration goes there).
    pub fn open_or_init(
        path: &Path,
        prepare: impl FnOnce(
            &Store,
        )
            -> std::result::Result<(), Box<dyn std::error::Error + Send + Sync>>,
    ) -> Result<(Store, bool)> {
        if path.exists() {
            return Store::open(path).map(|s| (s, false));
        }
        let init_error = |source: Box<dyn std::error::Error + Send + Sync>| Error::Init {
            path: path.to_path_buf(),
            source,
        };
        let parent = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| init_error(e.into()))?;
        let staging = tempfile::Builder::new()
            .prefix(".traces-init-")
            .tempdir_in(parent)
            .map_err(|e| init_error(e.into()))?;
        gix::init_bare(staging.path()).map_err(|e| init_error(e.into()))?;
        std::fs::write(
            staging.path().join("HEAD"),
            format!("ref: refs/heads/{HEAD_BRANCH}\n"),
        )
        .map_err(|e| init_error(e.into()))?;
        prepare(&Store::open(staging.path())?).map_err(init_error)?;
        let staged = staging.keep();
        match std::fs::rename(&staged, path) {
            Ok(()) => Store::open(path).map(|s| (s, true)),
            Err(_) if path.exists() => {
                // Another process created it first: use theirs.
                let _ = std::fs::remove_dir_all(&staged);
                Store::open(path).map(|s| (s, false))
            }
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staged);
                Err(init_error(e.into()))
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Wait for held locks this long, telling `lock_wait.waiting` after a while.
    pub fn set_lock_wait(&mut self, lock_wait: LockWait) {
        self.lock_wait = lock_wait;
    }

    pub fn lock_wait(&self) -> &LockWait {
        &self.lock_wait
    }

    pub fn repo(&self) -> &gix::Repository {
        &self.repo
    }

    /// Where `traces` keeps its own files inside the store (locks, later push state).
    pub(crate) fn state_dir(&self) -> PathBuf {
        self.path.join("traces")
    }

    pub(crate) fn git_error(&self, what: impl Into<String>) -> impl FnOnce(gix::Error) -> Error {
        let path = self.path.clone();
        let what = what.into();
        move |source| Error::Git { path, what, source }
    }

    /// A handle that writes objects into the store from any thread, each as a loose object.
    pub fn blob_writer(&self) -> ObjectWriter {
        ObjectWriter::at(&self.path)
    }

    /// A handle that writes objects from any thread into one new pack, for writes of many
    /// objects: nothing is visible until [`ObjectWriter::publish`], which must come before
    /// any ref points to them ([`Store::commit_with`] does it).
    pub fn pack_writer(&self) -> ObjectWriter {
        ObjectWriter::packing(&self.path)
    }

    /// Copy objects from another repository into the store, skipping those already here.
    pub fn copy_objects_from(&self, from: &gix::Repository, ids: &[gix::ObjectId]) -> Result<u64> {
        copy_objects(from, &self.blob_writer(), ids, &self.path)
    }

    /// The commit a branch points to, if the branch exists.
    pub fn tip(&self, branch: &str) -> Result<Option<gix::ObjectId>> {
        let name = format!("refs/heads/{branch}");
        let reference = self
            .repo
            .try_find_reference(name.as_str())
            .map_err(self.git_error(format!("read {name}")))?;
        Ok(reference.and_then(|r| r.try_id().map(|id| id.detach())))
    }
}

/// Copy objects by id from `from` into the object directory behind `to`; returns the bytes of
/// object content copied.
pub fn copy_objects(
    from: &gix::Repository,
    to: &ObjectWriter,
    ids: &[gix::ObjectId],
    from_path: &Path,
) -> Result<u64> {
    let mut bytes = 0;
    for id in ids {
        let object = from.find_object(*id).map_err(|source| Error::Git {
            path: from_path.to_path_buf(),
            what: format!("read object {id}"),
            source,
        })?;
        bytes += object.data.len() as u64;
        let written = to.write_object(object.kind, &object.data)?;
        if written != *id {
            // Written under the id its content has: unreachable, and harmless.
            return Err(corrupt(from_path, *id, written));
        }
    }
    Ok(bytes)
}

/// A temporary object file this old belongs to a writer that was killed: live writers finish
/// one in well under a second, even for the largest session.
pub const STALE_TEMPORARY_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Remove the temporary files of killed writers that are older than [`STALE_TEMPORARY_AGE`]:
/// the `.tmp*` files gix writes loose objects through (directly in `objects/`), unfinished
/// packs and indexes (`objects/pack/tmp_pack_*`) and packs whose index was never put beside
/// them. Returns how many. Writers of the store write objects outside the writer lock, so a
/// young one may be live and is left alone.
pub fn remove_stale_temporaries(objects: &Path) -> std::io::Result<usize> {
    let mut removed = 0;
    let packs = std::fs::read_dir(objects.join("pack"))
        .into_iter()
        .flatten()
        .flatten();
    let candidates = std::fs::read_dir(objects)?.flatten().chain(packs);
    for entry in candidates {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let path = entry.path();
        let temporary = name.starts_with(".tmp")
            || name.starts_with(pack::TEMPORARY_PREFIX)
            || (name.ends_with(".pack") && !path.with_extension("idx").exists());
        if !temporary {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMPORARY_AGE);
        if meta.is_file() && old && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// Check that `data` of `kind` is the object `id`: nothing leaves the store damaged.
pub fn verify_object(
    repo_path: &Path,
    id: gix::ObjectId,
    kind: gix::objs::Kind,
    data: &[u8],
) -> Result<()> {
    let actual = gix::objs::compute_hash(id.kind(), kind, data).map_err(|source| Error::Git {
        path: repo_path.to_path_buf(),
        what: format!("hash object {id}"),
        source,
    })?;
    if actual == id {
        Ok(())
    } else {
        Err(corrupt(repo_path, id, actual))
    }
}

fn corrupt(repo_path: &Path, id: gix::ObjectId, actual: gix::ObjectId) -> Error {
    let hex = id.to_string();
    let loose = repo_path.join("objects").join(&hex[..2]).join(&hex[2..]);
    Error::Corrupt {
        id,
        file: if loose.exists() {
            loose
        } else {
            repo_path.to_path_buf()
        },
        actual,
    }
}

/// Writes objects into an object directory (ours or a local remote's), loose or into one new
/// pack; `Send + Sync`, so rendering workers can store what they render and drop it at once
/// instead of holding every session in memory.
pub struct ObjectWriter {
    loose: gix::odb::loose::Store,
    store_path: PathBuf,
    /// Where new objects go when packing (None: each is written loose).
    pack: Option<pack::PackSink>,
}

impl ObjectWriter {
    /// A writer of loose objects for the bare repository at `git_dir`.
    pub fn at(git_dir: &Path) -> ObjectWriter {
        ObjectWriter {
            loose: gix::odb::loose::Store::at(git_dir.join("objects"), gix::hash::Kind::Sha1),
            store_path: git_dir.to_path_buf(),
            pack: None,
        }
    }

    /// A writer into one new pack for the bare repository at `git_dir` (see
    /// [`Store::pack_writer`]).
    pub fn packing(git_dir: &Path) -> ObjectWriter {
        ObjectWriter {
            pack: Some(pack::PackSink::new(&git_dir.join("objects"))),
            ..ObjectWriter::at(git_dir)
        }
    }

    /// Whether the object is stored already, or written by this writer and not yet published.
    pub fn contains(&self, id: &gix::ObjectId) -> bool {
        self.loose.contains(id) || self.pack.as_ref().is_some_and(|p| p.contains(id))
    }

    /// Put the pack written so far in place, so refs may point to its objects; returns its
    /// path (None when nothing was written, and always for a loose writer). Objects written
    /// afterwards start a new pack. A writer dropped before this leaves nothing behind.
    pub fn publish(&self) -> Result<Option<PathBuf>> {
        match &self.pack {
            Some(pack) => pack.publish(),
            None => Ok(None),
        }
    }

    /// Write a blob unless it is already stored, and return its id.
    pub fn write(&self, bytes: &[u8]) -> Result<gix::ObjectId> {
        self.write_object(gix::objs::Kind::Blob, bytes)
    }

    /// Write an object of any kind unless it is already stored.
    pub fn write_object(&self, kind: gix::objs::Kind, bytes: &[u8]) -> Result<gix::ObjectId> {
        use gix::objs::Write as _;
        let git_error = |what: &str, source: gix::Error| Error::Git {
            path: self.store_path.clone(),
            what: what.to_string(),
            source,
        };
        let id = gix::objs::compute_hash(self.loose.object_hash(), kind, bytes)
            .map_err(|e| git_error("hash an object", e))?;
        if self.contains(&id) {
            return Ok(id);
        }
        match &self.pack {
            Some(pack) => {
                pack.add(id, kind, bytes.len() as u64, pack::Effort::Fast, |out| {
                    out.write_all(bytes)
                })?;
            }
            None => {
                self.loose
                    .write_buf_with_known_id(kind, bytes, id)
                    .map_err(|e| git_error("write an object", e))?;
            }
        }
        Ok(id)
    }
}

/// Objects reachable from `tip` in `repo` for which `have` says no, children before parents.
/// An object `have` accepts is assumed to come with everything it reaches (true of any
/// repository whose writers store objects before they point to them).
pub fn missing_closure(
    repo: &gix::Repository,
    repo_path: &Path,
    tip: gix::ObjectId,
    have: impl Fn(&gix::ObjectId) -> bool,
) -> Result<Vec<gix::ObjectId>> {
    let git_error = |id: gix::ObjectId| {
        let path = repo_path.to_path_buf();
        move |source| Error::Git {
            path,
            what: format!("read object {id}"),
            source,
        }
    };
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // (id, children pushed): a node is emitted after its children.
    let mut stack = vec![(tip, false)];
    while let Some((id, expanded)) = stack.pop() {
        if expanded {
            out.push(id);
            continue;
        }
        if !seen.insert(id) || have(&id) {
            continue;
        }
        stack.push((id, true));
        let object = repo.find_object(id).map_err(git_error(id))?;
        match object.kind {
            gix::objs::Kind::Commit => {
                let commit = object.into_commit();
                let decoded = commit.decode().map_err(git_error(id))?;
                stack.push((decoded.tree(), false));
                stack.extend(decoded.parents().map(|p| (p, false)));
            }
            gix::objs::Kind::Tree => {
                let tree = object.into_tree();
                let decoded = tree.decode().map_err(git_error(id))?;
                for entry in &decoded.entries {
                    if !entry.mode.is_commit() {
                        stack.push((entry.oid.to_owned(), false));
                    }
                }
            }
            gix::objs::Kind::Blob | gix::objs::Kind::Tag => {}
        }
    }
    Ok(out)
}
