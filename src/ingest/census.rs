//! Which agents the committed sessions come from: the harness the Hub would name for each
//! session file, told from its first line (see [`formats::harness_of`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use gix::ObjectId;

use crate::formats;
use crate::store::{self, Store};

/// Sessions per harness in a commit's tree. `memo` keeps each blob's harness across calls,
/// so walking a branch's history reads every version of a session once.
pub fn sessions_per_agent(
    store: &Store,
    commit: ObjectId,
    memo: &mut HashMap<ObjectId, &'static str>,
) -> Result<BTreeMap<&'static str, usize>, store::Error> {
    let mut counts = BTreeMap::new();
    let entries = store.sessions_at(commit)?;
    // A session counts once: by its main transcript, or by its first subagent's when its
    // main transcript is not committed (yet).
    let mains: HashSet<&str> = entries
        .iter()
        .map(|e| e.session_id.as_str())
        .filter(|name| formats::transcript::split_name(name).1.is_none())
        .collect();
    let mut counted = HashSet::new();
    for entry in &entries {
        let (session, agent) = formats::transcript::split_name(&entry.session_id);
        if agent.is_some() && (mains.contains(session) || !counted.insert(session)) {
            continue;
        }
        let harness: &'static str = match memo.get(&entry.blob) {
            Some(harness) => harness,
            None => {
                let harness = formats::harness_of(&store.read_blob(entry.blob)?);
                memo.insert(entry.blob, harness);
                harness
            }
        };
        *counts.entry(harness).or_insert(0) += 1;
    }
    Ok(counts)
}
