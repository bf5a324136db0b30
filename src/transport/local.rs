//! A bare repository on this machine (a path or `file://` URL), written directly with gix:
//! objects first, then a compare-and-swap move of `refs/heads/main`.

use std::path::{Path, PathBuf};

use gix::ObjectId;
use gix::refs::Target;
use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};

use super::{Connection, Error, REMOTE_BRANCH, Result, SendStats};
use crate::store::{self, ObjectWriter, Store};

pub struct LocalRepo {
    path: PathBuf,
    repo: gix::Repository,
}

impl LocalRepo {
    /// Open the bare repository at `path`, creating it (HEAD on `main`) when it does not exist.
    pub fn open_or_create(path: &Path) -> Result<LocalRepo> {
        let other = |what: &str, e: &dyn std::fmt::Display| {
            Error::Other(format!("{what} {}: {e}", path.display()))
        };
        if !path.exists() {
            gix::init_bare(path).map_err(|e| other("could not create a bare repository at", &e))?;
            std::fs::write(path.join("HEAD"), "ref: refs/heads/main\n")
                .map_err(|e| other("could not write HEAD of", &e))?;
        }
        let repo = gix::open_opts(path, gix::open::Options::isolated())
            .map_err(|e| other("not a git repository:", &e))?;
        if !repo.is_bare() {
            return Err(Error::Other(format!(
                "{} is not a bare repository (pushing into a checked-out branch would desync its work tree)",
                path.display()
            )));
        }
        Ok(LocalRepo {
            path: path.to_path_buf(),
            repo,
        })
    }
}

impl Connection for LocalRepo {
    fn tip(&mut self) -> Result<Option<ObjectId>> {
        let reference = self.repo.try_find_reference(REMOTE_BRANCH).map_err(|e| {
            Error::Other(format!(
                "could not read {REMOTE_BRANCH} of {}: {e}",
                self.path.display()
            ))
        })?;
        Ok(reference.and_then(|r| r.try_id().map(|id| id.detach())))
    }

    fn fetch(&mut self, store: &Store, tip: ObjectId) -> Result<()> {
        let missing = store::missing_closure(&self.repo, &self.path, tip, |id| {
            store.repo().has_object(id)
        })?;
        store.copy_objects_from(&self.repo, &missing)?;
        Ok(())
    }

    fn send(
        &mut self,
        store: &Store,
        objects: &[ObjectId],
        _bases: &std::collections::HashMap<ObjectId, ObjectId>,
        old: Option<ObjectId>,
        new: ObjectId,
        _sending: &mut dyn FnMut(u64),
    ) -> Result<SendStats> {
        let bytes = store::copy_objects(
            store.repo(),
            &ObjectWriter::at(&self.path),
            objects,
            store.path(),
        )?;
        let edit = RefEdit {
            change: Change::Update {
                log: LogChange {
                    mode: RefLog::AndReference,
                    force_create_reflog: false,
                    message: "traces push".into(),
                },
                expected: match old {
                    Some(old) => PreviousValue::MustExistAndMatch(Target::Object(old)),
                    None => PreviousValue::MustNotExist,
                },
                new: Target::Object(new),
            },
            name: REMOTE_BRANCH.try_into().expect("a valid ref name"),
            deref: false,
        };
        match self.repo.edit_reference(edit) {
            Ok(_) => Ok(SendStats {
                objects: objects.len(),
                bytes,
            }),
            // Another writer moved `main` (or holds its lock): plan again on the new tip.
            Err(_) if self.tip()? != old => Err(Error::Moved),
            Err(e) => Err(Error::Transient {
                message: format!(
                    "could not update {REMOTE_BRANCH} of {}: {e}",
                    self.path.display()
                ),
                retry_after: None,
            }),
        }
    }
}
