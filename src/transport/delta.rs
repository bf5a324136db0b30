//! Git delta encoding for pushes: a file that changed in one place (a session that grew, a
//! tree that gained an entry) is sent as a delta against the version the remote already has.
//!
//! The encoder is deliberately simple: copy the common prefix, insert the differing middle,
//! copy the common suffix. That is exactly the shape of an appended session or a tree with one
//! entry added or replaced. The receiving `git index-pack` checks every result against its id.

/// Largest size one copy instruction carries here (git's own encoder uses the same bound).
const MAX_COPY: usize = 0x10000;
/// Largest literal one insert instruction carries.
const MAX_INSERT: usize = 0x7f;

/// A delta that rebuilds `target` from `base`.
pub fn encode(base: &[u8], target: &[u8]) -> Vec<u8> {
    let prefix = base.iter().zip(target).take_while(|(a, b)| a == b).count();
    let room = base.len().min(target.len()) - prefix;
    let suffix = base
        .iter()
        .rev()
        .zip(target.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = Vec::with_capacity(target.len() - prefix - suffix + 32);
    write_size(&mut out, base.len());
    write_size(&mut out, target.len());
    copy(&mut out, 0, prefix);
    for chunk in target[prefix..target.len() - suffix].chunks(MAX_INSERT) {
        out.push(chunk.len() as u8);
        out.extend_from_slice(chunk);
    }
    copy(&mut out, base.len() - suffix, suffix);
    out
}

/// Sizes in the delta header: 7 bits per byte, least significant first, high bit = more.
fn write_size(out: &mut Vec<u8>, mut size: usize) {
    loop {
        let byte = (size & 0x7f) as u8;
        size >>= 7;
        if size == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Copy instructions for `len` bytes of the base from `offset`: a flag byte saying which
/// offset and size bytes follow (only the non-zero ones are written).
fn copy(out: &mut Vec<u8>, mut offset: usize, mut len: usize) {
    while len > 0 {
        let size = len.min(MAX_COPY);
        let mut flags = 0x80u8;
        let mut tail = Vec::with_capacity(7);
        for i in 0..4 {
            let byte = ((offset >> (8 * i)) & 0xff) as u8;
            if byte != 0 {
                flags |= 1 << i;
                tail.push(byte);
            }
        }
        // A size of exactly 0x10000 is written as no size bytes at all.
        if size != MAX_COPY {
            for i in 0..3 {
                let byte = ((size >> (8 * i)) & 0xff) as u8;
                if byte != 0 {
                    flags |= 0x10 << i;
                    tail.push(byte);
                }
            }
        }
        out.push(flags);
        out.extend(tail);
        offset += size;
        len -= size;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A straightforward reading of the delta format, to check the encoder against.
    fn apply(base: &[u8], delta: &[u8]) -> Vec<u8> {
        fn size(delta: &[u8], pos: &mut usize) -> usize {
            let (mut value, mut shift) = (0usize, 0);
            loop {
                let byte = delta[*pos];
                *pos += 1;
                value |= ((byte & 0x7f) as usize) << shift;
                shift += 7;
                if byte & 0x80 == 0 {
                    return value;
                }
            }
        }
        let mut pos = 0;
        assert_eq!(size(delta, &mut pos), base.len());
        let target_len = size(delta, &mut pos);
        let mut out = Vec::new();
        while pos < delta.len() {
            let op = delta[pos];
            pos += 1;
            if op & 0x80 != 0 {
                let (mut offset, mut len) = (0usize, 0usize);
                for i in 0..4 {
                    if op & (1 << i) != 0 {
                        offset |= (delta[pos] as usize) << (8 * i);
                        pos += 1;
                    }
                }
                for i in 0..3 {
                    if op & (0x10 << i) != 0 {
                        len |= (delta[pos] as usize) << (8 * i);
                        pos += 1;
                    }
                }
                if len == 0 {
                    len = 0x10000;
                }
                out.extend_from_slice(&base[offset..offset + len]);
            } else {
                let n = op as usize;
                out.extend_from_slice(&delta[pos..pos + n]);
                pos += n;
            }
        }
        assert_eq!(out.len(), target_len);
        out
    }

    #[test]
    fn deltas_rebuild_their_targets() {
        let big: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut grown = big.clone();
        grown.extend_from_slice(b"{\"type\":\"user\"}\n");
        let mut middle = big.clone();
        middle.splice(70_000..70_010, b"replaced".iter().copied());
        let cases: Vec<(&[u8], &[u8])> = vec![
            (b"", b"new content"),
            (b"old content", b""),
            (b"same", b"same"),
            (b"abcabc", b"abcXabc"),
            (&big, &grown),
            (&big, &middle),
            (&grown, &big),
        ];
        for (base, target) in cases {
            let delta = encode(base, target);
            assert_eq!(apply(base, &delta), target);
        }
        assert!(
            encode(&big, &grown).len() < 100,
            "an append costs about its own size"
        );
    }
}
