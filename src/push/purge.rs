//! Carrying a `traces forget --purge` to a remote: once a push has taken the purged files off
//! the remote's tip, its history is squashed into one commit of that tip's tree, so no commit
//! a fresh clone gets holds them. The Hub squashes with its own call (super-squash); any other
//! git remote gets the squashed commit force-pushed with a lease on the tip we just recorded,
//! so a remote that moved meanwhile is never overwritten (the push plans again on it).

use gix::ObjectId;
use gix::bstr::BString;

use crate::store::{Signature, Store};
use crate::transport::{self, BuiltObject, Connection, Outgoing};

/// The message of the squashed commit (no session id: nothing of them may be left).
pub const SQUASH_MESSAGE: &str = "Squash history (traces forget --purge)";

/// Squash the remote's history whose tip is `lease`; returns the new tip.
pub(super) fn squash(
    store: &Store,
    connection: &mut dyn Connection,
    lease: ObjectId,
    signature: &Signature,
) -> transport::Result<ObjectId> {
    if connection.super_squash(SQUASH_MESSAGE)? {
        return connection.tip()?.ok_or_else(|| {
            transport::Error::Other("the remote has no main branch after squashing it".into())
        });
    }
    let tree = connection.commit_tree(store, lease)?;
    let commit = gix::objs::Commit {
        tree,
        parents: Default::default(),
        author: signature.to_gix(),
        committer: signature.to_gix(),
        encoding: None,
        message: BString::from(format!("{SQUASH_MESSAGE}\n")),
        extra_headers: Vec::new(),
    };
    let mut data = Vec::new();
    gix::objs::WriteTo::write_to(&commit, &mut data)
        .expect("writing an object to memory does not fail");
    let commit = BuiltObject::new(gix::objs::Kind::Commit, data);
    let new = commit.id;
    let outgoing = Outgoing {
        built: vec![commit],
        ..Outgoing::default()
    };
    match connection.send(store, &outgoing, Some(lease), new, &mut |_| {}) {
        Ok(_) => Ok(new),
        Err(error) => {
            let what = match error.innermost() {
                transport::Error::Moved | transport::Error::Rejected { .. } => format!(
                    "force push with lease {}: refused, the remote moved since our last push",
                    &lease.to_string()[..12]
                ),
                _ => "force push of the squashed history".to_string(),
            };
            Err(transport::Error::Context {
                what,
                source: Box::new(error),
            })
        }
    }
}
