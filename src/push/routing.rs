//! Which session files a remote receives: a session from a source routed to other remotes,
//! or from a private source when the remote is public, is left out of its plan. Sessions
//! whose source is unknown (committed from a path outside every source) go everywhere.

use std::path::PathBuf;

use crate::ingest::origins::Origins;
use crate::ingest::sources::routes::{self, Route};
use crate::store::{self, Store};

pub struct Routing {
    remote: String,
    public: bool,
    routes: Vec<(PathBuf, Route)>,
    origins: Origins,
}

impl Routing {
    pub fn for_remote(store: &Store, remote: &str) -> store::Result<Routing> {
        Ok(Routing {
            remote: remote.to_string(),
            public: routes::is_public(store, remote)?,
            routes: routes::all(store)?,
            origins: Origins::load(store),
        })
    }

    /// Whether the file at `tree_path` goes to this remote.
    pub fn allows(&self, tree_path: &str) -> bool {
        let Some(source) = self.origins.source_of(tree_path) else {
            return true;
        };
        routes::route_of(&self.routes, source)
            .is_none_or(|route| route.allows(&self.remote, self.public))
    }
}
