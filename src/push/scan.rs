//! What a remote holds, checked with the scrubber: every session file on its `main` branch
//! that scrubbing would change (`traces scan --remote`, and `traces visibility public`, which
//! refuses to publish when anything would be redacted).

use super::Connector;
use super::connect::HubConnector;
use crate::remote::{RemoteDef, Target};
use crate::scrub::{Report, Scrubber};
use crate::store::Store;
use crate::transport;

/// One scanned file's findings.
pub struct Scanned {
    pub name: String,
    pub report: Report,
}

/// Every session file on the remote's main branch with a finding, with its report. `None`:
/// the remote has no `main` yet.
pub fn scan_remote(
    store: &Store,
    def: &RemoteDef,
    target: &Target,
    connector: &mut HubConnector<'_>,
    scrubber: &Scrubber,
) -> transport::Result<Option<Vec<Scanned>>> {
    let mut connection = connector.connect(store, def, target)?;
    let Some(tip) = connection.tip()? else {
        return Ok(None);
    };
    if !store.repo().has_object(tip) {
        // Read where the transport put it, then copied in: the scan reads the store.
        let remote = connection.fetch(tip)?;
        let missing = crate::store::missing_closure(remote, remote.path(), tip, |id| {
            store.repo().has_object(id)
        })?;
        store.copy_objects_from(remote, &missing)?;
    }
    let mut scanned = Vec::new();
    for entry in store.sessions_at(tip)? {
        let report = scrubber.scan_jsonl(&store.read_blob(entry.blob)?);
        if !report.is_empty() {
            scanned.push(Scanned {
                name: entry.path(),
                report,
            });
        }
    }
    Ok(Some(scanned))
}
