//! The only code that talks to other repositories: local bare repositories written directly,
//! and (in `http`) git smart HTTP and the Hub API.
//!
//! A [`Connection`] is one remote repository's `main` branch: read its tip, bring its objects
//! into the store, and send objects plus a compare-and-swap move of the branch.

pub mod delta;
pub mod http;
pub mod hub;
pub mod local;

use gix::ObjectId;

use crate::push::plan::LfsObject;
use crate::store::{self, Store};

/// The branch every remote dataset repository publishes.
pub const REMOTE_BRANCH: &str = "refs/heads/main";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The remote branch moved between reading it and updating it: plan again.
    #[error("the remote branch moved while pushing (another push landed first)")]
    Moved,
    #[error("authentication failed: {0}")]
    Auth(String),
    #[error("the remote rejected the push: {reason}")]
    Rejected {
        reason: String,
        /// The server's `remote:` lines.
        remote_lines: Vec<String>,
    },
    /// A failure worth retrying: connection reset, timeout, 5xx, 429.
    #[error("{message}")]
    Transient {
        message: String,
        retry_after: Option<std::time::Duration>,
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
        match self {
            Error::Context { source, .. } => source.is_retryable(),
            _ => matches!(self, Error::Moved | Error::Transient { .. }),
        }
    }

    /// The error below any [`Error::Context`].
    pub fn innermost(&self) -> &Error {
        match self {
            Error::Context { source, .. } => source.innermost(),
            other => other,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a send moved over the wire (or into the local repository).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SendStats {
    pub objects: usize,
    pub bytes: u64,
}

pub trait Connection {
    /// Files above this size must go through LFS (`None`: no limit, no LFS).
    fn lfs_threshold(&self) -> Option<u64> {
        None
    }
    /// Upload large files through the Git LFS batch API.
    fn upload_lfs(&mut self, _store: &Store, objects: &[LfsObject]) -> Result<()> {
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
    /// The tip of the remote's `main`, if it has one.
    fn tip(&mut self) -> Result<Option<ObjectId>>;
    /// Make every object reachable from `tip` available in the store.
    fn fetch(&mut self, store: &Store, tip: ObjectId) -> Result<()>;
    /// Send `objects` and move `main` from `old` to `new`, or fail with [`Error::Moved`].
    /// `bases` names, for some objects, an object the remote has that they may be sent as a
    /// delta against. `sending` hears the byte count once it is known, before the transfer.
    fn send(
        &mut self,
        store: &Store,
        objects: &[ObjectId],
        bases: &std::collections::HashMap<ObjectId, ObjectId>,
        old: Option<ObjectId>,
        new: ObjectId,
        sending: &mut dyn FnMut(u64),
    ) -> Result<SendStats>;
}
