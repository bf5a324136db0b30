//! The objects of one write gathered into one pack (with its version 2 index), the way git
//! stores what a fetch brings, instead of one loose file (and often one directory) per object.
//!
//! Workers compress their objects on their own threads and append the compressed entries to a
//! temporary `objects/pack/tmp_pack_*` file under a short lock. [`PackSink::publish`] writes the
//! pack's checksum and index and renames both into place, pack first: git only sees a pack
//! through its index, so a reader finds either nothing or a complete pack, and a killed writer
//! leaves at most a temporary file (removed by a later writer, see
//! [`super::remove_stale_temporaries`]). Refs must only point to the objects after `publish`.
//! Entries are whole objects (no deltas): the pack is written at the speed of zlib.

use std::cell::RefCell;
use std::collections::HashSet;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use gix::ObjectId;
use sha1::Digest as _;

use super::{Error, Result};

/// Prefix of the temporary pack files, the one git uses (so `git gc` cleans them up as well).
pub(super) const TEMPORARY_PREFIX: &str = "tmp_pack_";

/// Where new packs go, and what is already in the store's packs.
pub(super) struct PackSink {
    dir: PathBuf,
    /// The store's pack indexes when the writer was made: objects found there are not written.
    existing: Vec<gix::odb::pack::index::File>,
    pending: Mutex<Option<Pending>>,
}

/// A pack being written: the file so far and where each entry starts.
struct Pending {
    file: tempfile::NamedTempFile,
    /// Bytes written so far (the next entry's offset).
    len: u64,
    entries: Vec<IndexEntry>,
    ids: HashSet<ObjectId>,
}

struct IndexEntry {
    id: ObjectId,
    offset: u64,
    crc32: u32,
}

/// One object's pack entry (header and zlib stream), compressed outside the lock.
pub(super) struct Compressed {
    id: ObjectId,
    bytes: Vec<u8>,
}

impl PackSink {
    pub(super) fn new(objects: &Path) -> PackSink {
        let dir = objects.join("pack");
        let existing = existing_indexes(&dir);
        PackSink {
            dir,
            existing,
            pending: Mutex::new(None),
        }
    }

    /// A sink that writes every object it is given, whatever the store holds (for repacking).
    pub(super) fn new_empty(objects: &Path) -> PackSink {
        PackSink {
            dir: objects.join("pack"),
            existing: Vec::new(),
            pending: Mutex::new(None),
        }
    }

    /// Whether `id` is in one of the store's packs or in the pack being written.
    pub(super) fn contains(&self, id: &ObjectId) -> bool {
        self.existing.iter().any(|index| index.lookup(id).is_some())
            || self
                .lock()
                .as_ref()
                .is_some_and(|pending| pending.ids.contains(id))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Pending>> {
        // A worker that panicked while appending leaves a pack that is never published.
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Append one compressed object unless the pack already holds it.
    pub(super) fn append(&self, object: Compressed) -> Result<()> {
        let mut guard = self.lock();
        if guard.is_none() {
            *guard = Some(self.start().map_err(|e| self.io("start a pack in", e))?);
        }
        let pending = guard.as_mut().expect("started above");
        if !pending.ids.insert(object.id) {
            return Ok(());
        }
        pending
            .file
            .write_all(&object.bytes)
            .map_err(|e| self.io("write a pack in", e))?;
        pending.entries.push(IndexEntry {
            id: object.id,
            offset: pending.len,
            crc32: crc32fast::hash(&object.bytes),
        });
        pending.len += object.bytes.len() as u64;
        Ok(())
    }

    /// Compress one object into the pack: a small one on the caller's thread, then appended
    /// under the lock; one over [`COMPRESS_IN_PLACE_ABOVE`] straight into the pack under the
    /// lock, so its compressed entry is never held in memory (other workers wait meanwhile).
    pub(super) fn add(
        &self,
        id: ObjectId,
        kind: gix::objs::Kind,
        size: u64,
        effort: Effort,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        if size <= COMPRESS_IN_PLACE_ABOVE {
            let entry =
                compress(id, kind, size, effort, write).map_err(|e| self.io("compress into", e))?;
            return self.append(entry);
        }
        let mut guard = self.lock();
        if guard.is_none() {
            *guard = Some(self.start().map_err(|e| self.io("start a pack in", e))?);
        }
        let pending = guard.as_mut().expect("started above");
        if pending.ids.contains(&id) {
            return Ok(());
        }
        let offset = pending.len;
        let written = (|| {
            let mut out = CountedCrc {
                out: std::io::BufWriter::with_capacity(256 << 10, pending.file.as_file()),
                len: 0,
                crc: crc32fast::Hasher::new(),
            };
            let mut header = Vec::with_capacity(10);
            entry_header(kind, size, &mut header);
            out.write_all(&header)?;
            let mut out = with_compressor(effort, |compressor| {
                let mut deflate = Deflate { compressor, out };
                write(&mut deflate)?;
                deflate.finish()
            })?;
            out.out.flush()?;
            Ok::<_, std::io::Error>((out.len, out.crc.finalize()))
        })();
        match written {
            Ok((len, crc32)) => {
                pending.ids.insert(id);
                pending.entries.push(IndexEntry { id, offset, crc32 });
                pending.len += len;
                Ok(())
            }
            Err(e) => {
                // Cut what was written of the entry, so the pack stays whole for the others.
                let file = pending.file.as_file_mut();
                let _ = file.set_len(offset);
                let _ = file.seek(SeekFrom::Start(offset));
                Err(self.io("compress into", e))
            }
        }
    }

    fn start(&self) -> std::io::Result<Pending> {
        std::fs::create_dir_all(&self.dir)?;
        let mut file = tempfile::Builder::new()
            .prefix(TEMPORARY_PREFIX)
            .tempfile_in(&self.dir)?;
        // The object count is filled in when the pack is published.
        file.write_all(b"PACK\0\0\0\x02\0\0\0\0")?;
        Ok(Pending {
            file,
            len: 12,
            entries: Vec::new(),
            ids: HashSet::new(),
        })
    }

    /// Finish the pack written so far and put it in place; returns its path (None: nothing was
    /// written). Later objects start a new pack.
    pub(super) fn publish(&self) -> Result<Option<PathBuf>> {
        let Some(pending) = self.lock().take() else {
            return Ok(None);
        };
        self.finish(pending)
            .map(Some)
            .map_err(|e| self.io("publish a pack in", e))
    }

    fn finish(&self, mut pending: Pending) -> std::io::Result<PathBuf> {
        let count = u32::try_from(pending.entries.len())
            .map_err(|_| std::io::Error::other("too many objects for one pack"))?;
        let file = pending.file.as_file_mut();
        file.seek(SeekFrom::Start(8))?;
        file.write_all(&count.to_be_bytes())?;
        file.seek(SeekFrom::Start(0))?;
        let mut hasher = sha1::Sha1::new();
        let mut buf = vec![0; 256 << 10];
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        let checksum: [u8; 20] = hasher.finalize().into();
        file.seek(SeekFrom::End(0))?;
        file.write_all(&checksum)?;

        pending.entries.sort_unstable_by_key(|entry| entry.id);
        let index = encode_index(&pending.entries, &checksum);
        let hex = ObjectId::from_bytes_or_panic(&checksum).to_string();
        let pack_path = self.dir.join(format!("pack-{hex}.pack"));
        let index_path = self.dir.join(format!("pack-{hex}.idx"));
        let mut index_file = tempfile::Builder::new()
            .prefix(TEMPORARY_PREFIX)
            .tempfile_in(&self.dir)?;
        index_file.write_all(&index)?;
        for file in [pending.file.as_file(), index_file.as_file()] {
            read_only(file)?;
        }
        // The pack before its index: git finds packs through their indexes.
        pending.file.persist(&pack_path).map_err(|e| e.error)?;
        index_file.persist(&index_path).map_err(|e| e.error)?;
        Ok(pack_path)
    }

    fn io(&self, what: &'static str, source: std::io::Error) -> Error {
        Error::Io {
            what,
            file: self.dir.clone(),
            source,
        }
    }
}

/// Pack files are never changed once written; git makes them read-only too.
fn read_only(file: &std::fs::File) -> std::io::Result<()> {
    let mut permissions = file.metadata()?.permissions();
    permissions.set_readonly(true);
    file.set_permissions(permissions)
}

/// The pack indexes in `dir`; one that cannot be opened only means its objects may be written
/// again (git reads duplicates across packs).
fn existing_indexes(dir: &Path) -> Vec<gix::odb::pack::index::File> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "idx"))
        .filter_map(|p| gix::odb::pack::index::File::at(&p, gix::hash::Kind::Sha1).ok())
        .collect()
}

/// How hard to compress: commits write at zlib's fastest level (as gix writes loose objects),
/// a repack, which runs now and then, at zlib's default for a smaller store.
#[derive(Debug, Clone, Copy)]
pub(super) enum Effort {
    Fast,
    Small,
}

/// Objects larger than this are compressed straight into the pack (see [`PackSink::add`]).
pub(super) const COMPRESS_IN_PLACE_ABOVE: u64 = 8 << 20;

fn level_of(effort: Effort) -> gix::zlib::Compression {
    match effort {
        Effort::Fast => gix::zlib::Compression::BEST_SPEED,
        Effort::Small => gix::zlib::Compression::default(),
    }
}

/// Passes bytes on, counting them and taking their CRC-32 (the index's check of an entry).
struct CountedCrc<W: Write> {
    out: W,
    len: u64,
    crc: crc32fast::Hasher,
}

impl<W: Write> Write for CountedCrc<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.len += n as u64;
        self.crc.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Compress one object into its pack entry: the type-and-size header, then the zlib stream.
pub(super) fn compress(
    id: ObjectId,
    kind: gix::objs::Kind,
    size: u64,
    effort: Effort,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<Compressed> {
    let mut bytes = Vec::with_capacity(64 + (size as usize) / 4);
    entry_header(kind, size, &mut bytes);
    let bytes = with_compressor(effort, |compressor| {
        let mut deflate = Deflate {
            compressor,
            out: bytes,
        };
        write(&mut deflate)?;
        deflate.finish()
    })?;
    Ok(Compressed { id, bytes })
}

/// A zlib compressor and the buffer its output passes through.
struct Compressor {
    zlib: gix::zlib::stream::deflate::Compress,
    buf: Box<[u8]>,
    /// Whether its last stream was ended. Only such a compressor is reused: zlib-rs 0.6's
    /// reset leaves a level-1 block open after a stream that was abandoned half way (the next
    /// stream then fails its check), not after one that was ended.
    ended: bool,
}

/// Output is written on in pieces of at most this size.
const DEFLATE_BUFFER: usize = 32 << 10;

thread_local! {
    /// Each thread's compressors, one per [`Effort`], reset between objects instead of made
    /// anew: making one allocates and zeroes some 300 KB, which costs more than compressing
    /// a small object (a tree, a commit) at level 1.
    static COMPRESSORS: RefCell<[Option<Box<Compressor>>; 2]> = const { RefCell::new([None, None]) };
}

/// Run `f` with this thread's compressor for `effort`, ready for a new stream. Taken out of
/// the cache meanwhile, so a nested call gets a compressor of its own.
fn with_compressor<T>(effort: Effort, f: impl FnOnce(&mut Compressor) -> T) -> T {
    let slot = match effort {
        Effort::Fast => 0,
        Effort::Small => 1,
    };
    let mut compressor = match COMPRESSORS.with(|cache| cache.borrow_mut()[slot].take()) {
        Some(mut used) => {
            used.zlib.reset();
            used
        }
        None => Box::new(Compressor {
            zlib: gix::zlib::stream::deflate::Compress::new(level_of(effort)),
            buf: vec![0; DEFLATE_BUFFER].into_boxed_slice(),
            ended: false,
        }),
    };
    compressor.ended = false;
    let result = f(&mut compressor);
    if compressor.ended {
        COMPRESSORS.with(|cache| cache.borrow_mut()[slot] = Some(compressor));
    }
    result
}

/// Writes what it is given as one zlib stream into `out`; [`Deflate::finish`] ends the stream.
struct Deflate<'c, W: Write> {
    compressor: &'c mut Compressor,
    out: W,
}

impl<W: Write> Deflate<'_, W> {
    /// Compress `input` (all of it unless zlib stops making progress) and pass on what zlib
    /// gives back; returns how much of `input` was taken.
    fn compress(
        &mut self,
        mut input: &[u8],
        flush: gix::zlib::stream::deflate::FlushCompress,
    ) -> std::io::Result<usize> {
        let zlib = &mut self.compressor.zlib;
        let start = zlib.total_in();
        loop {
            let (taken, given) = (zlib.total_in(), zlib.total_out());
            let status = zlib
                .compress(input, &mut self.compressor.buf, flush)
                .map_err(std::io::Error::other)?;
            let given = (zlib.total_out() - given) as usize;
            if given > 0 {
                self.out.write_all(&self.compressor.buf[..given])?;
            }
            let taken = (zlib.total_in() - taken) as usize;
            input = &input[taken..];
            match status {
                gix::zlib::Status::StreamEnd => {
                    self.compressor.ended = true;
                    break;
                }
                _ if given > 0 || taken > 0 => {}
                _ => break,
            }
        }
        Ok((zlib.total_in() - start) as usize)
    }

    /// End the stream; returns where it was written.
    fn finish(mut self) -> std::io::Result<W> {
        self.compress(&[], gix::zlib::stream::deflate::FlushCompress::Finish)?;
        match self.compressor.ended {
            true => Ok(self.out),
            false => Err(std::io::Error::other(
                "zlib stopped before ending the stream",
            )),
        }
    }
}

impl<W: Write> Write for Deflate<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.compress(buf, gix::zlib::stream::deflate::FlushCompress::None)
    }

    /// Nothing to do: the stream is flushed once, when it ends.
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A pack entry's header: the type in bits 4-6 of the first byte, the size in 4 bits there
/// and 7 bits in each following byte, least significant first.
fn entry_header(kind: gix::objs::Kind, size: u64, out: &mut Vec<u8>) {
    let type_id: u8 = match kind {
        gix::objs::Kind::Commit => 1,
        gix::objs::Kind::Tree => 2,
        gix::objs::Kind::Blob => 3,
        gix::objs::Kind::Tag => 4,
    };
    let mut byte = (type_id << 4) | (size & 0x0f) as u8;
    let mut rest = size >> 4;
    while rest != 0 {
        out.push(byte | 0x80);
        byte = (rest & 0x7f) as u8;
        rest >>= 7;
    }
    out.push(byte);
}

/// A version 2 pack index of `entries` (sorted by id): fan-out table, ids, CRC-32s, offsets
/// (large ones in a second table), the pack's checksum, then the index's own.
fn encode_index(entries: &[IndexEntry], pack_checksum: &[u8; 20]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1072 + entries.len() * 28);
    out.extend_from_slice(b"\xfftOc\0\0\0\x02");
    let mut fanout = [0u32; 256];
    for entry in entries {
        fanout[entry.id.as_bytes()[0] as usize] += 1;
    }
    let mut total = 0;
    for count in fanout {
        total += count;
        out.extend_from_slice(&total.to_be_bytes());
    }
    for entry in entries {
        out.extend_from_slice(entry.id.as_bytes());
    }
    for entry in entries {
        out.extend_from_slice(&entry.crc32.to_be_bytes());
    }
    let mut large = Vec::new();
    for entry in entries {
        let small = match u32::try_from(entry.offset) {
            Ok(offset) if offset < 0x8000_0000 => offset,
            _ => {
                large.push(entry.offset);
                0x8000_0000 | (large.len() as u32 - 1)
            }
        };
        out.extend_from_slice(&small.to_be_bytes());
    }
    for offset in large {
        out.extend_from_slice(&offset.to_be_bytes());
    }
    out.extend_from_slice(pack_checksum);
    let checksum: [u8; 20] = sha1::Sha1::digest(&out).into();
    out.extend_from_slice(&checksum);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ObjectWriter;

    fn git(dir: &Path, args: &[&str]) -> std::process::Output {
        let out = std::process::Command::new("git")
            .arg("--git-dir")
            .arg(dir)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn git_reads_and_verifies_the_pack_and_nothing_shows_before_it_is_published() {
        let dir = tempfile::tempdir().unwrap();
        gix::init_bare(dir.path()).unwrap();
        let writer = ObjectWriter::packing(dir.path());
        let large: Vec<u8> = (0..300_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let small = writer.write(b"hello\n").unwrap();
        let streamed = writer
            .write_streamed(&|out: &mut dyn Write| {
                large.chunks(999).try_for_each(|c| out.write_all(c))
            })
            .unwrap();
        assert_eq!(writer.write(b"hello\n").unwrap(), small, "written once");
        assert!(writer.contains(&small) && writer.contains(&streamed));
        let pack_dir = dir.path().join("objects/pack");
        assert!(
            files_in(&pack_dir)
                .iter()
                .all(|f| f.starts_with(TEMPORARY_PREFIX)),
            "only a temporary file before publishing: {:?}",
            files_in(&pack_dir)
        );

        let pack = writer.publish().unwrap().expect("a pack was written");
        assert_eq!(writer.publish().unwrap(), None, "nothing new to publish");
        let names = files_in(&pack_dir);
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.iter().all(|n| n.starts_with("pack-")), "{names:?}");
        let verify = git(dir.path(), &["verify-pack", "-v", pack.to_str().unwrap()]);
        let listing = String::from_utf8(verify.stdout).unwrap();
        assert!(listing.contains(&small.to_string()) && listing.contains(&streamed.to_string()));
        assert!(listing.contains("non delta: 2 objects"), "{listing}");
        let shown = git(dir.path(), &["cat-file", "blob", &streamed.to_string()]);
        assert_eq!(shown.stdout, large);
        assert_eq!(
            git(dir.path(), &["cat-file", "blob", &small.to_string()]).stdout,
            b"hello\n"
        );
        git(dir.path(), &["fsck", "--strict", "--no-dangling"]);

        // A new writer sees the published objects and writes nothing for them.
        let again = ObjectWriter::packing(dir.path());
        again.write(b"hello\n").unwrap();
        assert_eq!(again.publish().unwrap(), None);
    }

    #[test]
    fn a_large_object_is_compressed_into_the_pack_and_a_failed_one_leaves_no_trace() {
        let dir = tempfile::tempdir().unwrap();
        gix::init_bare(dir.path()).unwrap();
        let writer = ObjectWriter::packing(dir.path());
        let size = COMPRESS_IN_PLACE_ABOVE as usize + 12_345;
        // Pseudo-random, so that compressing half of it already writes to the pack file.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let large: Vec<u8> = (0..size)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        let small = writer.write(b"before\n").unwrap();
        let calls = std::cell::Cell::new(0);
        let failed = writer.write_streamed(&|out: &mut dyn Write| {
            calls.set(calls.get() + 1);
            out.write_all(&large[..size / 2])?;
            // Sized and hashed whole (calls 1 and 2); storing it, the renderer fails half way.
            if calls.get() == 3 {
                return Err(std::io::Error::other("the renderer failed"));
            }
            out.write_all(&large[size / 2..])
        });
        assert_eq!(calls.get(), 3);
        assert!(failed.is_err());
        let id = writer.write(&large).unwrap();
        let after = writer.write(b"after\n").unwrap();
        assert!(writer.contains(&id) && writer.contains(&after));
        let pack = writer.publish().unwrap().expect("a pack was written");
        let verify = git(dir.path(), &["verify-pack", "-v", pack.to_str().unwrap()]);
        let listing = String::from_utf8(verify.stdout).unwrap();
        assert!(listing.contains("non delta: 3 objects"), "{listing}");
        assert_eq!(
            git(dir.path(), &["cat-file", "blob", &id.to_string()]).stdout,
            large
        );
        for (id, text) in [(small, "before\n"), (after, "after\n")] {
            assert_eq!(
                git(dir.path(), &["cat-file", "blob", &id.to_string()]).stdout,
                text.as_bytes()
            );
        }
        git(dir.path(), &["fsck", "--strict", "--no-dangling"]);
    }

    #[test]
    fn a_writer_dropped_before_publishing_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        gix::init_bare(dir.path()).unwrap();
        let writer = ObjectWriter::packing(dir.path());
        writer.write(b"never published").unwrap();
        drop(writer);
        assert!(files_in(&dir.path().join("objects/pack")).is_empty());
    }

    #[test]
    fn sizes_are_encoded_the_way_git_reads_them() {
        let mut out = Vec::new();
        entry_header(gix::objs::Kind::Blob, 15, &mut out);
        assert_eq!(out, [0x3f]);
        out.clear();
        entry_header(gix::objs::Kind::Commit, 16, &mut out);
        assert_eq!(out, [0x90, 0x01]);
        out.clear();
        entry_header(gix::objs::Kind::Tree, 200_000, &mut out);
        // 200000 = 0b110000110101_0000: low nibble 0, then 0x35 (continued), then 0x30 ... .
        let mut size = (out[0] & 0x0f) as u64;
        let mut shift = 4;
        for byte in &out[1..] {
            size |= ((byte & 0x7f) as u64) << shift;
            shift += 7;
        }
        assert_eq!(size, 200_000);
        assert_eq!(out[0] >> 4 & 0x07, 2);
        assert!(out[..out.len() - 1].iter().all(|b| b & 0x80 != 0));
        assert_eq!(out.last().unwrap() & 0x80, 0);
    }

    #[test]
    fn an_offset_past_two_gib_goes_to_the_large_offset_table() {
        let id = |b: u8| ObjectId::from_bytes_or_panic(&[b; 20]);
        let entries = [
            IndexEntry {
                id: id(1),
                offset: 12,
                crc32: 7,
            },
            IndexEntry {
                id: id(2),
                offset: 5 << 30,
                crc32: 8,
            },
        ];
        let index = encode_index(&entries, &[9; 20]);
        let offsets = 8 + 1024 + 2 * 20 + 2 * 4;
        assert_eq!(&index[offsets..offsets + 4], &12u32.to_be_bytes());
        assert_eq!(
            &index[offsets + 4..offsets + 8],
            &0x8000_0000u32.to_be_bytes()
        );
        assert_eq!(
            &index[offsets + 8..offsets + 16],
            &(5u64 << 30).to_be_bytes()
        );
        assert_eq!(index.len(), offsets + 16 + 40);
    }

    /// Compresses `data` with a compressor of its own, as gix does, in pieces of 777 bytes.
    fn deflated_by_a_new_compressor(data: &[u8], effort: Effort) -> Vec<u8> {
        let mut deflate = gix::zlib::stream::deflate::Write::new(Vec::new(), level_of(effort));
        for piece in data.chunks(777) {
            deflate.write_all(piece).unwrap();
        }
        deflate.flush().unwrap();
        deflate.into_inner()
    }

    #[test]
    fn a_reused_compressor_writes_what_a_new_one_writes_also_after_an_abandoned_stream() {
        // Text with repeats (so there are matches to find) and noise, larger than the window.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut data = Vec::new();
        while data.len() < 3_000_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            match state % 4 {
                0 => data.extend_from_slice(&state.to_le_bytes()),
                _ => data.extend_from_slice(b"the loss fell after the warmup; "),
            }
        }
        for effort in [Effort::Fast, Effort::Small] {
            for (abandoned, size) in [
                (None, 10),
                (None, 3_000_000),
                (Some(2_000_000), 100),
                (None, 70_000),
                (Some(100), 0),
                (Some(2_000_000), 3_000_000),
                (None, 1),
            ] {
                if let Some(abandoned) = abandoned {
                    let failed = with_compressor(effort, |compressor| {
                        let mut deflate = Deflate {
                            compressor,
                            out: Vec::new(),
                        };
                        deflate.write_all(&data[..abandoned])?;
                        Err::<(), _>(std::io::Error::other("the renderer failed"))
                    });
                    assert!(failed.is_err());
                }
                let reused = with_compressor(effort, |compressor| {
                    let mut deflate = Deflate {
                        compressor,
                        out: Vec::new(),
                    };
                    // In pieces, as a renderer writes.
                    for piece in data[..size].chunks(777) {
                        deflate.write_all(piece)?;
                    }
                    deflate.finish()
                })
                .unwrap();
                assert!(
                    reused == deflated_by_a_new_compressor(&data[..size], effort),
                    "{effort:?}: {size} bytes after {abandoned:?}"
                );
            }
        }
    }
}
