//! Carrying a `traces forget --purge` to a remote: once a push has taken the purged files off
//! the remote's tip, its history is squashed into one commit of that tip's tree, so no commit
//! a fresh clone gets holds them. The Hub squashes with its own call (super-squash); any other
//! git remote gets the squashed commit force-pushed with a lease on the tip we just recorded,
//! so a remote that moved meanwhile is never overwritten (the push plans again on it).

use gix::ObjectId;
use gix::bstr::BString;

use super::plan::Counts;
use crate::store::{Signature, Store};
use crate::transport::{self, BuiltObject, Connection, Outgoing};

/// The message of the squashed commit (no session id: nothing of them may be left).
pub(super) const SQUASH_MESSAGE: &str = "Squash history (traces forget --purge)";

/// Squash the remote's history whose tip is `lease`; returns the new tip. `counts`, what the
/// tip holds, go into the squashed commit's trailers as into every push's, so the next push
/// still knows the remote's size without listing it.
pub(super) fn squash(
    store: &Store,
    connection: &mut dyn Connection,
    lease: ObjectId,
    counts: Option<Counts>,
    signature: &Signature,
) -> transport::Result<ObjectId> {
    let message = match counts {
        Some(counts) => format!("{SQUASH_MESSAGE}\n\n{}", counts.trailers()),
        None => format!("{SQUASH_MESSAGE}\n"),
    };
    if connection.super_squash(&message)? {
        return connection.tip()?.ok_or_else(|| {
            transport::Error::Other("the remote has no main branch after squashing it".into())
        });
    }
    let tree = connection.commit_tree(lease)?;
    let commit = gix::objs::Commit {
        tree,
        parents: Default::default(),
        author: signature.to_gix(),
        committer: signature.to_gix(),
        encoding: None,
        message: BString::from(message),
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
    let error = match connection.send(store, &outgoing, Some(lease), new, &mut |_| {}) {
        Ok(_) => return Ok(new),
        Err(error) => error,
    };
    let refused = match error.innermost() {
        transport::Error::Moved => Some(("non-fast-forward".to_string(), Vec::new())),
        transport::Error::Rejected {
            reason,
            remote_lines,
        } => Some((reason.clone(), remote_lines.clone())),
        _ => None,
    };
    let Some((reason, remote_lines)) = refused else {
        return Err(transport::Error::Context {
            what: "force push of the squashed history".into(),
            source: Box::new(error),
        });
    };
    // A server says "non-fast-forward" both when the lease failed and when it refuses any
    // rewrite; only the tip tells them apart. Still at the lease, the refusal is its policy
    // (receive.denyNonFastForwards, a protected branch) and no retry gets past it.
    match connection.tip() {
        Ok(Some(tip)) if tip == lease => Err(transport::Error::Context {
            what: "force push of the squashed history".into(),
            source: Box::new(transport::Error::RewriteRefused {
                reason,
                remote_lines,
            }),
        }),
        Ok(_) => Err(transport::Error::Context {
            what: format!(
                "force push with lease {}: refused, the remote moved since our last push",
                &lease.to_string()[..12]
            ),
            source: Box::new(transport::Error::Moved),
        }),
        Err(tip_error) => Err(transport::Error::Context {
            what: format!(
                "force push of the squashed history refused ({error}); reading the remote's tip to tell why"
            ),
            source: Box::new(tip_error),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::SendStats;

    /// How a git remote answers the force push.
    #[derive(Clone, Copy, PartialEq)]
    enum Answer {
        Ok,
        /// Another push landed first: `main` moved on.
        Moved,
        /// Refused by policy, `main` left where it was.
        Refused,
    }

    /// A git remote with no squash call of its own, whose `main` is at `tip`.
    struct Remote {
        tip: ObjectId,
        tree: ObjectId,
        answer: Answer,
        sent: Vec<(Option<ObjectId>, ObjectId, Vec<BuiltObject>)>,
    }

    impl Connection for Remote {
        fn tip(&mut self) -> transport::Result<Option<ObjectId>> {
            Ok(Some(self.tip))
        }
        fn list_folder(
            &mut self,
            _tip: ObjectId,
            _folder: &str,
        ) -> transport::Result<Option<Vec<transport::RemoteEntry>>> {
            unreachable!("a squash lists no folder")
        }
        fn read_blob(
            &mut self,
            _tip: ObjectId,
            _path: &str,
            _id: ObjectId,
        ) -> transport::Result<Vec<u8>> {
            unreachable!("a squash reads no file")
        }
        fn fetch(&mut self, _tip: ObjectId) -> transport::Result<&gix::Repository> {
            unreachable!("a squash fetches nothing")
        }
        fn commit_tree(&mut self, _tip: ObjectId) -> transport::Result<ObjectId> {
            Ok(self.tree)
        }
        fn send(
            &mut self,
            _source: &dyn transport::ObjectSource,
            outgoing: &Outgoing,
            old: Option<ObjectId>,
            new: ObjectId,
            _sending: &mut dyn FnMut(u64),
        ) -> transport::Result<SendStats> {
            self.sent.push((old, new, outgoing.built.clone()));
            match self.answer {
                Answer::Ok => {
                    self.tip = new;
                    Ok(SendStats::default())
                }
                Answer::Moved => {
                    self.tip =
                        ObjectId::from_hex(b"3333333333333333333333333333333333333333").unwrap();
                    // What a git server answers then, as transport::http reads it.
                    Err(transport::Error::Moved)
                }
                Answer::Refused => Err(transport::Error::Moved),
            }
        }
    }

    fn signature() -> Signature {
        Signature {
            name: "Test".into(),
            email: "test@example.com".into(),
            seconds: 1_750_000_000,
            offset: 0,
        }
    }

    fn remote(answer: Answer) -> Remote {
        let id = |hex: &str| ObjectId::from_hex(hex.as_bytes()).unwrap();
        Remote {
            tip: id("1111111111111111111111111111111111111111"),
            tree: id("2222222222222222222222222222222222222222"),
            answer,
            sent: Vec::new(),
        }
    }

    #[test]
    fn a_git_remote_gets_one_parentless_commit_of_its_tip_tree_leased_on_the_tip() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open_or_init(&dir.path().join("store"), |_| Ok(())).unwrap();
        let mut remote = remote(Answer::Ok);
        let lease = remote.tip;
        let counts = Counts {
            files: 3,
            sessions: 2,
        };
        let new = squash(&store, &mut remote, lease, Some(counts), &signature()).unwrap();
        let (old, sent_new, built) = &remote.sent[0];
        assert_eq!((*old, *sent_new), (Some(lease), new));
        let commit =
            gix::objs::CommitRef::from_bytes(&built[0].data, gix::hash::Kind::Sha1).unwrap();
        assert_eq!(commit.tree(), remote.tree);
        assert_eq!(commit.parents().count(), 0);
        let message = commit.message.to_string();
        assert!(message.starts_with(SQUASH_MESSAGE), "{message}");
        assert_eq!(Counts::from_message(&message), Some(counts), "{message}");
    }

    #[test]
    fn a_remote_that_moved_since_the_lease_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open_or_init(&dir.path().join("store"), |_| Ok(())).unwrap();
        let mut remote = remote(Answer::Moved);
        let lease = remote.tip;
        let error = squash(&store, &mut remote, lease, None, &signature()).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("refused, the remote moved since our last push"),
            "{error}"
        );
        // Retryable: the push plans again on the remote's new tip, then leases that.
        assert!(error.is_retryable());
        assert_ne!(remote.tip, remote.sent[0].1, "not overwritten");
    }

    #[test]
    fn a_remote_that_refuses_rewrites_at_the_lease_is_not_retried() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open_or_init(&dir.path().join("store"), |_| Ok(())).unwrap();
        let mut remote = remote(Answer::Refused);
        let lease = remote.tip;
        let error = squash(&store, &mut remote, lease, None, &signature()).unwrap_err();
        assert!(
            matches!(error.innermost(), transport::Error::RewriteRefused { .. }),
            "{error:?}"
        );
        assert!(!error.is_retryable());
        assert!(
            error.to_string().contains("refuses history rewrites"),
            "{error}"
        );
    }
}
