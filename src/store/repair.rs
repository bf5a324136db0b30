//! Damage inside packs, for `traces fsck --repair`: every entry of every pack is decoded from
//! that pack alone and hashed against the id its index gives it; a pack with damaged entries
//! is rewritten without them (the good entries into a new pack, published first), and the old
//! pack moves into `traces/lost-found/`. What was dropped is then missing, so a rebuild from
//! the sources can write it again (writers skip ids the store already has).

use std::path::{Path, PathBuf};

use gix::ObjectId;

use super::lock::WriteLock;
use super::pack::{self, PackSink};
use super::{Error, Result, Store};

/// A pack with entries that do not decode to their ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackDamage {
    /// The pack's index file.
    pub index: PathBuf,
    pub damaged: Vec<ObjectId>,
    /// Entries that are sound.
    pub sound: usize,
}

/// A pack opened on its own, so an entry is read from this pack and no other copy.
struct OpenPack {
    bundle: gix::odb::pack::Bundle,
}

impl OpenPack {
    fn open(index: &Path) -> std::result::Result<OpenPack, String> {
        gix::odb::pack::Bundle::at(index, gix::hash::Kind::Sha1)
            .map(|bundle| OpenPack { bundle })
            .map_err(|e| e.to_string())
    }

    fn ids(&self) -> Vec<(u32, ObjectId)> {
        (0..self.bundle.index.num_objects())
            .map(|i| (i, self.bundle.index.oid_at_index(i).to_owned()))
            .collect()
    }

    /// The entry's kind and content when it decodes and hashes to `id`.
    fn read(&self, at: u32, id: ObjectId) -> Option<(gix::objs::Kind, Vec<u8>)> {
        let decoded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut out = Vec::new();
            let mut inflate = gix::zlib::Inflate::default();
            let kind = self
                .bundle
                .get_object_by_index(
                    at,
                    &mut out,
                    &mut inflate,
                    &mut gix::odb::pack::cache::Never,
                )
                .ok()
                .map(|(data, _)| data.kind)?;
            Some((kind, out))
        }))
        .ok()
        .flatten()?;
        let actual = gix::objs::compute_hash(gix::hash::Kind::Sha1, decoded.0, &decoded.1).ok()?;
        (actual == id).then_some(decoded)
    }
}

impl Store {
    /// Every pack with entries that fail to decode or hash to another id.
    pub fn check_packs(&self) -> Result<Vec<PackDamage>> {
        let dir = self.path.join("objects/pack");
        let packs = super::gc::packs(&dir).map_err(|e| io_error(&dir, e))?;
        let mut out = Vec::new();
        for (index, _) in packs {
            let Ok(pack) = OpenPack::open(&index) else {
                // An index or pack that does not even open: every object in it is lost.
                out.push(PackDamage {
                    index,
                    damaged: Vec::new(),
                    sound: 0,
                });
                continue;
            };
            let mut damaged = Vec::new();
            let mut sound = 0;
            for (at, id) in pack.ids() {
                match pack.read(at, id) {
                    Some(_) => sound += 1,
                    None => damaged.push(id),
                }
            }
            if !damaged.is_empty() {
                out.push(PackDamage {
                    index,
                    damaged,
                    sound,
                });
            }
        }
        Ok(out)
    }

    /// Rewrite each damaged pack without its damaged entries and move the old pack aside;
    /// returns where each old pack went. Under the writer lock; the new pack is published
    /// before the old one leaves, so every sound object stays readable throughout.
    pub fn drop_damaged_pack_entries(&self, damage: &[PackDamage]) -> Result<Vec<PathBuf>> {
        let _lock = WriteLock::acquire(&self.state_dir(), &self.lock_wait)?;
        let objects = self.path.join("objects");
        let lost_found = self.state_dir().join("lost-found");
        std::fs::create_dir_all(&lost_found).map_err(|e| io_error(&lost_found, e))?;
        let mut moved = Vec::new();
        for pack_damage in damage {
            if let Ok(pack) = OpenPack::open(&pack_damage.index) {
                let sink = PackSink::new_empty(&objects);
                for (at, id) in pack.ids() {
                    let Some((kind, data)) = pack.read(at, id) else {
                        continue;
                    };
                    let entry =
                        pack::compress(id, kind, data.len() as u64, pack::Effort::Small, |out| {
                            out.write_all(&data)
                        })
                        .map_err(|e| io_error(&pack_damage.index, e))?;
                    sink.append(entry)?;
                }
                sink.publish()?;
            }
            // Index first, so no reader finds an index without its pack.
            for extension in ["idx", "pack", "rev", "bitmap"] {
                let from = pack_damage.index.with_extension(extension);
                if !from.exists() {
                    continue;
                }
                let name = from.file_name().expect("a pack file has a name");
                let to = lost_found.join(name);
                std::fs::rename(&from, &to).map_err(|e| io_error(&from, e))?;
                if extension == "pack" {
                    moved.push(to);
                }
            }
        }
        Ok(moved)
    }
}

fn io_error(file: &Path, source: std::io::Error) -> Error {
    Error::Io {
        what: "repair the packs in",
        file: file.to_path_buf(),
        source,
    }
}
