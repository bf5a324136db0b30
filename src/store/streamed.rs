//! Blobs written from a renderer instead of a buffer, so a large rendering is never held whole.

use std::io::Write;

use super::{Error, ObjectWriter, Result};

impl ObjectWriter {
    /// Write a blob produced by `render` without holding it in memory, unless it is already
    /// stored. `render` must write the same bytes each time it is called: it runs once to size
    /// the blob, once to hash it and, when the blob is new, once more to store it, each time
    /// into a small buffer.
    pub fn write_streamed(
        &self,
        render: &dyn Fn(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<gix::ObjectId> {
        let kind = gix::objs::Kind::Blob;
        let stream_error = |what: &'static str, source: std::io::Error| Error::Io {
            what,
            file: self.store_path.clone(),
            source,
        };
        let mut counter = CountingWriter::default();
        render(&mut counter).map_err(|e| stream_error("size a rendering for", e))?;
        let size = counter.0;

        let mut hasher = gix::hash::io::Write::new(std::io::sink(), self.loose.object_hash());
        Write::write_all(&mut hasher, &gix::objs::encode::loose_header(kind, size))
            .and_then(|()| render_buffered(render, &mut hasher))
            .map_err(|e| stream_error("hash a rendering for", e))?;
        let id = hasher.hash.try_finalize().map_err(|source| Error::Git {
            path: self.store_path.clone(),
            what: "hash an object".to_string(),
            source,
        })?;
        if self.contains(&id) {
            return Ok(id);
        }
        if let Some(pack) = &self.pack {
            // Compressed on this worker and appended under the pack's lock, so workers
            // compress in parallel; a very large one is compressed straight into the pack.
            pack.add(id, kind, size, super::pack::Effort::Fast, |out| {
                let mut checked = SizeChecked { out, left: size };
                render_buffered(render, &mut checked)?;
                checked.finished()
            })?;
            return Ok(id);
        }

        use gix::objs::Write as _;
        let written = self
            .loose
            .write(&Streamed { kind, size, render })
            .map_err(|source| Error::Git {
                path: self.store_path.clone(),
                what: "write an object".to_string(),
                source,
            })?;
        debug_assert_eq!(written, id, "a rendering changed between two passes");
        Ok(written)
    }
}

/// Renderers write many small pieces; hashing and compressing go faster in larger ones.
fn render_buffered(
    render: &dyn Fn(&mut dyn Write) -> std::io::Result<()>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut buffered = std::io::BufWriter::with_capacity(64 << 10, out);
    render(&mut buffered)?;
    Write::flush(&mut buffered)
}

/// An `io::Write` that only counts what goes through it.
#[derive(Default)]
struct CountingWriter(u64);

impl Write for CountingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A blob gix writes by calling back into the renderer. The loose header is written from
/// `size` before the data, so the data must come out exactly that long: anything else is an
/// error, which leaves the temporary file unpublished instead of storing a corrupt object.
struct Streamed<'a> {
    kind: gix::objs::Kind,
    size: u64,
    render: &'a dyn Fn(&mut dyn Write) -> std::io::Result<()>,
}

impl gix::objs::WriteTo for Streamed<'_> {
    fn write_to(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut checked = SizeChecked {
            out,
            left: self.size,
        };
        render_buffered(self.render, &mut checked)?;
        checked.finished()
    }

    fn kind(&self) -> gix::objs::Kind {
        self.kind
    }

    fn size(&self) -> u64 {
        self.size
    }
}

struct SizeChecked<'a> {
    out: &'a mut dyn Write,
    left: u64,
}

impl SizeChecked<'_> {
    fn finished(&self) -> std::io::Result<()> {
        if self.left != 0 {
            return Err(std::io::Error::other(
                "a rendering came out shorter than sized",
            ));
        }
        Ok(())
    }
}

impl Write for SizeChecked<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let len = buf.len() as u64;
        if len > self.left {
            return Err(std::io::Error::other(
                "a rendering came out longer than sized",
            ));
        }
        self.out.write_all(buf)?;
        self.left -= len;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn new_writer() -> (tempfile::TempDir, ObjectWriter) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("objects")).unwrap();
        let writer = ObjectWriter::at(dir.path());
        (dir, writer)
    }

    /// Files under `objects/`, temporary ones included.
    fn object_files(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir.join("objects"))
            .unwrap()
            .map(|entry| {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    std::fs::read_dir(path).unwrap().count()
                } else {
                    1
                }
            })
            .sum()
    }

    fn content() -> Vec<u8> {
        (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect()
    }

    #[test]
    fn a_streamed_blob_is_the_blob_written_from_memory() {
        let (dir, writer) = new_writer();
        let bytes = content();
        let streamed = writer
            .write_streamed(&|out: &mut dyn Write| {
                // In uneven pieces, as a renderer writes.
                bytes.chunks(7777).try_for_each(|c| out.write_all(c))
            })
            .unwrap();
        let (other_dir, other) = new_writer();
        assert_eq!(streamed, other.write(&bytes).unwrap());
        let loose = gix::odb::loose::Store::at(dir.path().join("objects"), gix::hash::Kind::Sha1);
        let mut buf = Vec::new();
        let object = loose.try_find(&streamed, &mut buf).unwrap().unwrap();
        assert_eq!(object.data, bytes.as_slice());
        drop(other_dir);
    }

    #[test]
    fn a_stored_blob_is_not_rendered_a_third_time() {
        let (dir, writer) = new_writer();
        let bytes = content();
        writer.write(&bytes).unwrap();
        let calls = Cell::new(0);
        writer
            .write_streamed(&|out: &mut dyn Write| {
                calls.set(calls.get() + 1);
                out.write_all(&bytes)
            })
            .unwrap();
        assert_eq!(calls.get(), 2, "sized and hashed, not stored again");
        assert_eq!(object_files(dir.path()), 1);
    }

    #[test]
    fn a_rendering_that_changes_length_stores_nothing() {
        for extra in [1usize, 0] {
            let (dir, writer) = new_writer();
            let bytes = content();
            let calls = Cell::new(0);
            let error = writer
                .write_streamed(&|out: &mut dyn Write| {
                    calls.set(calls.get() + 1);
                    let len = if calls.get() < 3 {
                        bytes.len()
                    } else {
                        bytes.len() - 1 + 2 * extra
                    };
                    out.write_all(&bytes[..len.min(bytes.len())])?;
                    out.write_all(&vec![b'x'; len.saturating_sub(bytes.len())])
                })
                .unwrap_err();
            assert!(matches!(error, Error::Git { .. }), "{error:?}");
            assert_eq!(
                object_files(dir.path()),
                0,
                "no object, no temporary file left"
            );
        }
    }
}
