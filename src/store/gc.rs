//! Repacking: every commit adds a pack, so small packs and the few loose objects other writers
//! leave (push planning, recovery) are gathered into one pack now and then (`traces gc`).
//!
//! The store stays readable and `git fsck --strict` clean throughout: the new pack is published
//! before any pack or loose object it replaces is removed, and only what was read into it is
//! removed. Large packs are left as they are, so a repack costs about what recent commits wrote.

use std::path::{Path, PathBuf};

use gix::ObjectId;

use super::lock::WriteLock;
use super::pack::{self, PackSink};
use super::{Error, Result, Store};

/// Packs at least this large are kept as they are.
pub const SMALL_PACK_BYTES: u64 = 64 << 20;

/// A commit that leaves this many small packs gathers them (see [`Store::repack`]).
pub const AUTO_REPACK_PACKS: usize = 50;

/// What a repack found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepackSummary {
    /// Packs gathered into the new one (and removed).
    pub packs_removed: usize,
    /// Loose objects gathered into the new one (and removed).
    pub loose_removed: usize,
    /// Objects in the new pack.
    pub objects: usize,
    /// Packs in the store afterwards.
    pub packs_after: usize,
    /// The new pack, when one was written.
    pub pack: Option<PathBuf>,
    /// Bytes of the packs and loose objects replaced, and of the pack replacing them.
    pub bytes_before: u64,
    pub bytes_after: u64,
}

/// Packs and loose objects of the store, as a repack sees them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectFiles {
    pub packs: usize,
    pub small_packs: usize,
    pub loose: usize,
}

impl Store {
    /// Count the store's packs (and those under [`SMALL_PACK_BYTES`]) and loose objects.
    pub fn object_files(&self) -> Result<ObjectFiles> {
        let objects = self.path.join("objects");
        let packs = packs(&objects.join("pack")).map_err(|e| io_error(&objects, e))?;
        Ok(ObjectFiles {
            packs: packs.len(),
            small_packs: packs.iter().filter(|p| p.1 < SMALL_PACK_BYTES).count(),
            loose: loose_objects(&objects).len(),
        })
    }

    /// Gather the loose objects and the packs under [`SMALL_PACK_BYTES`] into one pack; does
    /// nothing when that would only rewrite a single pack.
    pub fn repack(&self) -> Result<RepackSummary> {
        let _lock = WriteLock::acquire(&self.state_dir(), &self.lock_wait)?;
        let objects = self.path.join("objects");
        let pack_dir = objects.join("pack");
        let all_packs = packs(&pack_dir).map_err(|e| io_error(&pack_dir, e))?;
        let (small, large): (Vec<_>, Vec<_>) = all_packs.into_iter().partition(|(index, bytes)| {
            // A `.keep` file asks every repack to leave its pack alone.
            *bytes < SMALL_PACK_BYTES && !index.with_extension("keep").exists()
        });
        let loose: Vec<(ObjectId, PathBuf)> = loose_objects(&objects);
        let mut summary = RepackSummary {
            packs_after: small.len() + large.len(),
            ..RepackSummary::default()
        };
        if loose.is_empty() && small.len() < 2 {
            return Ok(summary);
        }

        let mut ids: Vec<ObjectId> = loose.iter().map(|(id, _)| *id).collect();
        for (index_path, bytes) in &small {
            let index = gix::odb::pack::index::File::at(index_path, gix::hash::Kind::Sha1)
                .map_err(|e| self.git_error("read a pack index")(gix::Error::from_error(e)))?;
            ids.extend(index.iter().map(|entry| entry.oid));
            summary.bytes_before += bytes;
        }
        for (_, path) in &loose {
            summary.bytes_before += std::fs::metadata(path).map_or(0, |m| m.len());
        }
        ids.sort_unstable();
        ids.dedup();

        let new_pack = self.pack_objects(&ids, |e| io_error(&pack_dir, e))?;
        summary.objects = ids.len();
        summary.bytes_after = new_pack.as_ref().map_or(0, |p| pack_bytes(p).unwrap_or(0));

        // Only now that the new pack is in place do the objects it holds leave their old files.
        for (index_path, _) in &small {
            if new_pack.as_deref() == Some(index_path.with_extension("pack").as_path()) {
                continue;
            }
            remove_pack(index_path).map_err(|e| io_error(index_path, e))?;
            summary.packs_removed += 1;
        }
        for (_, path) in &loose {
            if remove_loose(path).map_err(|e| io_error(path, e))? {
                summary.loose_removed += 1;
            }
        }
        summary.pack = new_pack;
        summary.packs_after = packs(&pack_dir).map_err(|e| io_error(&pack_dir, e))?.len();
        Ok(summary)
    }
}

fn io_error(file: &Path, source: std::io::Error) -> Error {
    Error::Io {
        what: "repack",
        file: file.to_path_buf(),
        source,
    }
}

/// The pack indexes in `dir` with the size of their pack (index plus pack file).
pub(super) fn packs(dir: &Path) -> std::io::Result<Vec<(PathBuf, u64)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("pack-") && name.ends_with(".idx") {
            let bytes = pack_bytes(&path.with_extension("pack"))?;
            out.push((path, bytes));
        }
    }
    out.sort();
    Ok(out)
}

fn pack_bytes(pack: &Path) -> std::io::Result<u64> {
    let index = std::fs::metadata(pack.with_extension("idx")).map_or(0, |m| m.len());
    Ok(std::fs::metadata(pack)?.len() + index)
}

impl Store {
    /// Write the objects `ids` (each read from the store and checked against its id) into one
    /// new pack, compressed as `traces gc` does, and publish it; `io_error` names the failure.
    pub(super) fn pack_objects(
        &self,
        ids: &[ObjectId],
        io_error: impl Fn(std::io::Error) -> Error,
    ) -> Result<Option<PathBuf>> {
        let sink = PackSink::new_empty(&self.path.join("objects"));
        for id in ids {
            let object = self
                .repo
                .find_object(*id)
                .map_err(self.git_error(format!("read object {id}")))?;
            super::verify_object(&self.path, *id, object.kind, &object.data)?;
            let entry = pack::compress(
                *id,
                object.kind,
                object.data.len() as u64,
                pack::Effort::Small,
                |out| out.write_all(&object.data),
            )
            .map_err(&io_error)?;
            sink.append(entry)?;
        }
        sink.publish()
    }
}

/// Remove a loose object file, then its fan-out directory once that is empty; `false` when
/// the file was already gone.
pub(super) fn remove_loose(path: &Path) -> std::io::Result<bool> {
    let removed = match std::fs::remove_file(path) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    if let Some(parent) = path.parent() {
        // Only succeeds once the directory is empty.
        let _ = std::fs::remove_dir(parent);
    }
    Ok(removed)
}

/// Remove a pack: its index first, so no reader finds the index without its pack, then the
/// pack and whatever else git keeps beside it (reverse indexes, bitmaps).
pub(super) fn remove_pack(index: &Path) -> std::io::Result<()> {
    std::fs::remove_file(index)?;
    for extension in ["pack", "rev", "bitmap", "promisor", "mtimes"] {
        match std::fs::remove_file(index.with_extension(extension)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Every loose object file under `objects/xx/`.
pub(super) fn loose_objects(objects: &Path) -> Vec<(ObjectId, PathBuf)> {
    let mut out = Vec::new();
    let Ok(dirs) = std::fs::read_dir(objects) else {
        return out;
    };
    for dir in dirs.flatten() {
        let prefix = dir.file_name().to_string_lossy().into_owned();
        if prefix.len() != 2 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            continue;
        }
        let Ok(files) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        for file in files.flatten() {
            let rest = file.file_name().to_string_lossy().into_owned();
            if let Ok(id) = ObjectId::from_hex(format!("{prefix}{rest}").as_bytes()) {
                out.push((id, file.path()));
            }
        }
    }
    out
}
