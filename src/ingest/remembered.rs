//! The store's memory of found secrets: salted digests in `traces/remembered-secrets`, loaded
//! into the scrubber and extended after each commit, so a secret found once is redacted in
//! every later session too. The file never holds a secret's text.

use std::path::PathBuf;

use crate::scrub::{Remembered, Report};
use crate::store::{self, Store};

/// The memory file, relative to the store's state directory.
pub const FILE: &str = "remembered-secrets";

fn path(store: &Store) -> PathBuf {
    store.state_dir().join(FILE)
}

/// The remembered secrets (an empty set with a fresh salt when there is no file yet).
/// A memory that cannot be read stops commits: the secrets it holds would otherwise be
/// published.
pub fn load(store: &Store) -> store::Result<Remembered> {
    let file = path(store);
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Remembered::new(fresh_salt(store)));
        }
        Err(source) => {
            return Err(store::Error::Io {
                what: "read",
                file,
                source,
            });
        }
    };
    Remembered::parse(&text).map_err(|e| store::Error::Io {
        what: "read the remembered secrets in",
        file,
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })
}

/// Add what these reports found; writes the file (atomically) only when something is new.
pub fn learn<'a>(
    store: &Store,
    reports: impl IntoIterator<Item = &'a Report>,
) -> store::Result<()> {
    let mut remembered = load(store)?;
    let mut changed = false;
    for report in reports {
        changed |= remembered.learn(report.found_secrets());
    }
    if !changed {
        return Ok(());
    }
    let file = path(store);
    let io = |what, source| store::Error::Io {
        what,
        file: file.clone(),
        source,
    };
    let dir = store.state_dir();
    std::fs::create_dir_all(&dir).map_err(|e| io("create the directory of", e))?;
    let mut temp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| io("write", e))?;
    std::io::Write::write_all(&mut temp, remembered.to_text().as_bytes())
        .map_err(|e| io("write", e))?;
    temp.persist(&file).map_err(|e| io("write", e.error))?;
    Ok(())
}

/// A salt that differs between stores (it need not be secret, only unshared).
fn fresh_salt(store: &Store) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let mut hasher = Sha256::new();
    hasher.update(now.as_nanos().to_le_bytes());
    hasher.update(std::process::id().to_le_bytes());
    hasher.update(store.path().as_os_str().as_encoded_bytes());
    let digest = hasher.finalize();
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&digest[..16]);
    salt
}
