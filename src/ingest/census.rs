//! Which agents the committed sessions come from: the harness the Hub would name for each
//! session file, told from its first line (see [`formats::harness_of`]).

use std::collections::{BTreeMap, HashMap};

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
    for entry in store.sessions_at(commit)? {
        // A subagent's transcript is part of its session, counted there.
        if formats::transcript::split_name(&entry.session_id)
            .1
            .is_some()
        {
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
