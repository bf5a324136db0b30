//! The local store: a bare git repository written with `gix`.
//!
//! This module owns the object database and the refs. Every write keeps the repository valid at
//! every moment (`git fsck --strict` clean): objects are written before anything points to them,
//! and a branch only moves through a compare-and-swap ref transaction taken under the store's
//! writer lock. It knows nothing of session formats beyond "files at paths on a branch".

mod commit;
mod lock;
mod read;

use std::path::{Path, PathBuf};

pub use commit::{BranchResult, BranchUpdate, FileOutcome, Signature};
pub use read::{CommitInfo, SessionEntry};

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
        })
    }

    /// Open the store, creating it first if it does not exist. Returns whether it was created.
    ///
    /// Creation happens in a sibling temporary directory that is renamed into place, so a crash
    /// never leaves a half-made store and concurrent first uses agree on one store.
    pub fn open_or_init(path: &Path) -> Result<(Store, bool)> {
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

    /// A handle that writes blobs from any thread.
    pub fn blob_writer(&self) -> BlobWriter {
        BlobWriter {
            loose: gix::odb::loose::Store::at(self.path.join("objects"), self.repo.object_hash()),
            store_path: self.path.clone(),
        }
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

/// Writes loose blobs; `Send + Sync`, so rendering workers can store what they render and drop
/// it at once instead of holding every session in memory.
pub struct BlobWriter {
    loose: gix::odb::loose::Store,
    store_path: PathBuf,
}

impl BlobWriter {
    /// Write a blob unless it is already stored, and return its id.
    pub fn write(&self, bytes: &[u8]) -> Result<gix::ObjectId> {
        use gix::objs::Write as _;
        let git_error = |what: &str, source: gix::Error| Error::Git {
            path: self.store_path.clone(),
            what: what.to_string(),
            source,
        };
        let kind = gix::objs::Kind::Blob;
        let id = gix::objs::compute_hash(self.loose.object_hash(), kind, bytes)
            .map_err(|e| git_error("hash a blob", e))?;
        if !self.loose.contains(&id) {
            self.loose
                .write_buf_with_known_id(kind, bytes, id)
                .map_err(|e| git_error("write a blob", e))?;
        }
        Ok(id)
    }
}
