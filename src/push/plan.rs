//! What a push sends: one new commit on top of the remote's tip holding the remote's tree plus
//! the files that changed locally since the last successful push.
//!
//! The remote branch is its own line of history (a Hub repository starts with its own
//! `.gitattributes` commit, and other machines push to it too), so a push never needs the
//! remote tip to be an ancestor of ours: it replays our changed files onto it. Files we do not
//! manage are kept. A file changed on both sides keeps the newer version (the later last
//! timestamp, on a tie the longer file); `.gitattributes` is merged line by line; a dataset card
//! someone else wrote is left alone.
//!
//! Planning reads the remote's folder listings (names, modes, ids) along the paths the push
//! changes, never the remote's files: untouched folders are reused by id, and the one remote
//! file of a path changed on both sides is the only content read. What it builds (trees, the
//! commit, LFS pointers) stays in memory in the plan; nothing is written into the store, so a
//! dry run leaves the store as it was and a real push keeps no foreign object.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use gix::ObjectId;
use gix::bstr::BString;
use gix::objs::tree::EntryKind;

use super::layout::{self, Layout};
use crate::formats;
use crate::store::{self, Signature, Store};
use crate::transport::{
    self, BuiltObject, Connection, FileCommit, LfsObject, Outgoing, RemoteEntry,
};

/// The most entries the Hub accepts in one folder.
pub const MAX_FOLDER_ENTRIES: usize = 10_000;

/// The files per repository the Hub advises staying under.
pub const MAX_REPOSITORY_FILES: usize = 100_000;

/// A push the Hub's commit call carries instead of a pack sends its files inline, base64 and
/// uncompressed (about four times a pack's bytes), and lists no folder (on a remote big enough
/// to have a full one, only the folders its new files join). The listings it saves
/// cost about this much per entry (the Hub's JSON, compressed: ids do not compress), so it is
/// chosen when the files weigh less than listing a remote of that many files would; a remote
/// holding few files is cheaper to list and gets a pack.
const LISTING_BYTES_PER_ENTRY: u64 = 32;
/// And only for small pushes: a few sessions, never a first upload of a whole history.
const FILE_COMMIT_MAX_BYTES: u64 = 256 * 1024;
const FILE_COMMIT_MAX_FILES: usize = 64;

/// Trailers of the commits a push writes: how many files, and sessions (subagent transcripts
/// not counted), the remote holds after it. A push onto a remote whose tip carries them knows
/// the remote's size without listing it.
const FILES_TRAILER: &str = "Traces-Files";
const SESSIONS_TRAILER: &str = "Traces-Sessions";

/// How many files and sessions a remote tree holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub files: usize,
    pub sessions: usize,
}

impl Counts {
    /// The counts recorded in a commit message by an earlier push.
    pub(super) fn from_message(message: &str) -> Option<Counts> {
        let value = |name: &str| {
            message.lines().rev().find_map(|line| {
                let (key, value) = line.split_once(':')?;
                (key.trim() == name).then(|| value.trim().parse::<usize>().ok())?
            })
        };
        Some(Counts {
            files: value(FILES_TRAILER)?,
            sessions: value(SESSIONS_TRAILER)?,
        })
    }

    pub(super) fn trailers(&self) -> String {
        format!(
            "{FILES_TRAILER}: {}\n{SESSIONS_TRAILER}: {}\n",
            self.files, self.sessions
        )
    }
}

/// A session counted by the remote's session count: not a subagent's transcript.
fn is_counted_session(path: &str) -> bool {
    is_session(path) && !path.contains("/subagents/")
}

/// The result of planning a push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The local commit whose content this push carries.
    pub source: ObjectId,
    /// The commit to send, `None` when the remote already has everything.
    pub commit: Option<ObjectId>,
    /// Session files this push adds or updates on the remote.
    pub sessions: usize,
    /// Their paths, sorted.
    pub sent: Vec<String>,
    /// The same files by their paths in the store (the layout may place them elsewhere).
    pub carried: Vec<String>,
    /// Session files taken off the branch since the last push (`traces forget`) that this
    /// push removes from the remote, sorted.
    pub removed: Vec<String>,
    /// What the remote lacks: the commit, the trees it introduces, the new blobs.
    pub outgoing: Outgoing,
    /// The changes for the server to commit itself instead of a pack (the Hub's commit call),
    /// when the remote takes them and the push is small: `commit` is then `None`, and no
    /// folder was listed to plan it.
    pub files: Option<FileCommit>,
    /// Large files to upload through LFS first.
    pub lfs: Vec<LfsObject>,
    /// What the remote holds once this plan landed (as it is, when there is nothing to send);
    /// `None` when it cannot be told without listing the whole remote (its tip was written by
    /// something other than `traces`).
    pub counts: Option<Counts>,
}

/// Session files changed on `branch` since `pushed_source` (the local commit of the last
/// successful push): what `traces status` calls not yet pushed.
pub fn unpushed_sessions(
    store: &Store,
    branch: &str,
    pushed_source: Option<ObjectId>,
) -> store::Result<usize> {
    let Some(local) = store.tip(branch)? else {
        return Ok(0);
    };
    if pushed_source == Some(local) {
        return Ok(0);
    }
    let old = pushed_source.map(|p| store.commit_tree(p)).transpose()?;
    let new = store.commit_tree(local)?;
    let changed = store
        .changed_paths(old, new)?
        .iter()
        .filter(|c| !c.is_tree && is_session(&c.path))
        .count();
    // Forgotten since: their removal is what the next push carries.
    Ok(changed + removed_since(store, old, new)?.len())
}

/// Session files the tree `old` has and `new` no longer has, sorted.
fn removed_since(
    store: &Store,
    old: Option<ObjectId>,
    new: ObjectId,
) -> store::Result<Vec<String>> {
    let Some(old) = old else {
        return Ok(Vec::new());
    };
    let new_tree = store
        .repo()
        .find_tree(new)
        .map_err(store.git_error("read the local tree"))?;
    let mut removed = Vec::new();
    // The reverse diff: entries of `old` that `new` lacks or changed.
    for gone in store.changed_paths(Some(new), old)? {
        if !gone.is_tree
            && is_session(&gone.path)
            && new_tree
                .lookup_entry_by_path(&gone.path)
                .map_err(store.git_error("look up a local file"))?
                .is_none()
        {
            removed.push(gone.path);
        }
    }
    removed.sort();
    Ok(removed)
}

fn is_session(path: &str) -> bool {
    path.starts_with("sessions/") && path.ends_with(".jsonl")
}

/// The remote side of a plan: its tip and the folder listings read so far.
struct Remote<'a> {
    tip: Option<ObjectId>,
    connection: &'a mut dyn Connection,
    listings: HashMap<String, Option<Vec<RemoteEntry>>>,
    /// Entries looked up path by path (`None`: nothing there), before any listing.
    looked_up: HashMap<String, Option<RemoteEntry>>,
}

impl Remote<'_> {
    /// Learn the entries at `paths` in one request, so that planning a small push onto a
    /// remote that tells them needs no folder listing.
    fn look_up(&mut self, paths: Vec<String>) -> transport::Result<()> {
        let Some(tip) = self.tip else {
            return Ok(());
        };
        let mut found: HashMap<String, RemoteEntry> = self
            .connection
            .entries_at(tip, &paths)?
            .into_iter()
            .collect();
        for path in paths {
            let entry = found.remove(&path);
            self.looked_up.insert(path, entry);
        }
        Ok(())
    }

    fn listing(&mut self, folder: &str) -> transport::Result<Option<&Vec<RemoteEntry>>> {
        let Some(tip) = self.tip else {
            return Ok(None);
        };
        if !self.listings.contains_key(folder) {
            let listing = self.connection.list_folder(tip, folder)?;
            self.listings.insert(folder.to_string(), listing);
        }
        Ok(self.listings[folder].as_ref())
    }

    /// The remote's entry at `path`.
    fn entry(&mut self, path: &str) -> transport::Result<Option<RemoteEntry>> {
        if let Some(entry) = self.looked_up.get(path) {
            return Ok(entry.clone());
        }
        let (folder, name) = split(path);
        Ok(self
            .listing(folder)?
            .and_then(|entries| entries.iter().find(|e| e.name == name).cloned()))
    }

    /// The id of the remote file at `path`.
    fn file(&mut self, path: &str) -> transport::Result<Option<ObjectId>> {
        Ok(self
            .entry(path)?
            .filter(|e| e.kind != EntryKind::Tree)
            .map(|e| e.id))
    }

    fn read(&mut self, path: &str, id: ObjectId) -> transport::Result<Vec<u8>> {
        let tip = self
            .tip
            .expect("a remote file exists only in a remote commit");
        self.connection.read_blob(tip, path, id)
    }
}

/// Where the remote holds the store's `local_path` (`sessions/<date>/<file>`) under either
/// layout, whichever the remote has now: the daily path, and the hour folder of `hour` or, the
/// hour unknown (a purged session's went with its history), the first of the day's hour
/// folders that has it. Only the day's folder and those hour folders are listed.
fn copies(
    remote: &mut Remote<'_>,
    local_path: &str,
    hour: Option<u32>,
) -> transport::Result<Vec<String>> {
    let mut found = Vec::new();
    if remote.file(local_path)?.is_some() {
        found.push(local_path.to_string());
    }
    let Some((date, file)) = local_path
        .strip_prefix("sessions/")
        .and_then(|rest| rest.split_once('/'))
    else {
        return Ok(found);
    };
    let day = format!("sessions/{date}");
    let hours: Vec<String> = match remote.listing(&day)? {
        Some(entries) => entries
            .iter()
            .filter(|e| {
                e.kind == EntryKind::Tree
                    && e.name.len() == 2
                    && e.name.bytes().all(|b| b.is_ascii_digit())
                    && hour.is_none_or(|hour| e.name == format!("{hour:02}"))
            })
            .map(|e| e.name.clone())
            .collect(),
        None => return Ok(found),
    };
    for hour in hours {
        let candidate = format!("{day}/{hour}/{file}");
        if remote.file(&candidate)?.is_some() {
            found.push(candidate);
            break;
        }
    }
    Ok(found)
}

/// Where the store's `local_path` goes on the remote (a daily layout needs no hour); `None`
/// for a session file that belongs to other remotes.
fn placement(
    local_path: &str,
    layout: Layout,
    routed: &dyn Fn(&str) -> bool,
    hour_of: &mut dyn FnMut(&str) -> transport::Result<Option<u32>>,
) -> transport::Result<Option<String>> {
    if is_session(local_path) && !routed(local_path) {
        return Ok(None);
    }
    Ok(Some(match layout {
        Layout::Daily => local_path.to_string(),
        Layout::Hourly => layout.place(local_path, hour_of(local_path)?),
    }))
}

/// The folders `path` lies in, the root left out: `a` and `a/b` for `a/b/c`.
fn folders_above(path: &str) -> impl Iterator<Item = String> + '_ {
    path.match_indices('/')
        .map(|(at, _)| path[..at].to_string())
}

/// Whether the remote's folders that the new files at `added` join stay within the Hub's
/// limit. A new file joins its folder when the remote has it, else the nearest folder above
/// that it has (where the new folders go); only those folders are listed, on paths already
/// looked up.
fn folders_have_room(remote: &mut Remote<'_>, added: &[String]) -> transport::Result<bool> {
    let mut joining: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in added {
        let (mut folder, mut name) = split(path);
        while !folder.is_empty()
            && remote
                .entry(folder)?
                .is_none_or(|entry| entry.kind != EntryKind::Tree)
        {
            (folder, name) = split(folder);
        }
        joining
            .entry(folder.to_string())
            .or_default()
            .insert(name.to_string());
    }
    for (folder, names) in joining {
        let held = remote.listing(&folder)?.map_or(0, Vec::len);
        if held + names.len() > MAX_FOLDER_ENTRIES {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `("a/b", "c")` for `"a/b/c"`, `("", "c")` for `"c"`.
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

/// What goes at one path of the new commit.
enum Chosen {
    Stored(ObjectId),
    Built(BuiltObject),
}

/// What a remote takes: the size above which files go through LFS (`None`: no LFS), and
/// which session files are routed to it.
#[derive(Clone, Copy)]
pub struct Policy<'a> {
    pub lfs_threshold: Option<u64>,
    pub routed: &'a dyn Fn(&str) -> bool,
    /// Files purged from the store's history (`traces forget --purge`) that the remote may
    /// still hold: the history no longer shows them as removed, so they are named here.
    pub purged: &'a [String],
    /// The dataset's forgotten list to write, when it gains ids (see `push::forgotten`).
    pub forgotten_list: Option<&'a [u8]>,
    /// Refuse a push that would take the remote over this many files (the Hub's advice).
    pub max_files: Option<usize>,
    /// Where session files go on the remote.
    pub layout: Layout,
}

/// Plan a push of `branch` onto `remote_tip`, reading the remote through `connection`.
/// Files larger than `lfs_threshold` (when given) are replaced by LFS pointers; session files
/// `routed` refuses belong to other remotes and are left out; session files forgotten since
/// the last push are removed from the remote. Returns `None` when the branch has no commit yet.
pub fn plan(
    store: &Store,
    branch: &str,
    pushed_source: Option<ObjectId>,
    remote_tip: Option<ObjectId>,
    connection: &mut dyn Connection,
    signature: &Signature,
    policy: &Policy<'_>,
) -> transport::Result<Option<Plan>> {
    let Policy {
        lfs_threshold,
        routed,
        purged,
        forgotten_list,
        max_files,
        layout,
    } = *policy;
    let Some(local) = store.tip(branch)? else {
        return Ok(None);
    };
    let base_tree = pushed_source.map(|p| store.commit_tree(p)).transpose()?;
    let local_tree = store.commit_tree(local)?;
    let changed: Vec<_> = store
        .changed_paths(base_tree, local_tree)?
        .into_iter()
        .filter(|c| !c.is_tree)
        .collect();
    let repo = store.repo();
    let git = |what: &str| store.git_error(what.to_string());
    let base = base_tree
        .map(|t| repo.find_tree(t))
        .transpose()
        .map_err(git("read the last pushed tree"))?;
    let commits_files = connection.commits_files();
    let mut remote = Remote {
        tip: remote_tip,
        connection,
        listings: HashMap::new(),
        looked_up: HashMap::new(),
    };
    let before = remote_counts(&mut remote)?;
    // A small push onto a remote that builds commits from files, big enough that listing its
    // folders costs more than sending the files inline, is planned path by path.
    let listing_cost = before.map_or(0, |c| c.files as u64 * LISTING_BYTES_PER_ENTRY);
    // Only a remote that could end up above the Hub's folder limit in total may have a full
    // folder; then the folders a commit from files adds to are looked up too, and listed.
    let may_fill_a_folder = before.is_some_and(|c| {
        // The changed files, `.gitattributes` and the forgotten list.
        c.files + changed.len() + 2 > MAX_FOLDER_ENTRIES
    });
    let by_files = remote_tip.is_some()
        && commits_files
        && changed.len() <= FILE_COMMIT_MAX_FILES
        // Below this, no session file is small enough to be worth a lookup first.
        && listing_cost > 4096;
    let local_root = repo
        .find_tree(local_tree)
        .map_err(git("read the local tree"))?;
    // The start hour of the session a store path belongs to, which the hourly layout places
    // it by; read once, from the local tree or (for a session forgotten since) the last
    // pushed one.
    let mut hours: HashMap<String, Option<u32>> = HashMap::new();
    let mut hour_of = |path: &str| -> transport::Result<Option<u32>> {
        let Some(anchor) = Layout::Hourly.anchor(path) else {
            return Ok(None);
        };
        if !hours.contains_key(&anchor) {
            let mut hour = None;
            for tree in std::iter::once(&local_root).chain(base.as_ref()) {
                if let Some(entry) = tree
                    .lookup_entry_by_path(&anchor)
                    .map_err(git("look up a session file"))?
                {
                    hour = layout::start_hour(&store.read_blob(entry.object_id())?);
                    break;
                }
            }
            hours.insert(anchor.clone(), hour);
        }
        Ok(hours[&anchor])
    };
    if by_files {
        let mut paths = vec![".gitattributes".to_string()];
        if forgotten_list.is_some() {
            paths.push(super::forgotten::PATH.to_string());
        }
        for change in &changed {
            if let Some(path) = placement(&change.path, layout, routed, &mut hour_of)? {
                paths.push(path);
            }
        }
        if may_fill_a_folder {
            let folders: Vec<String> = paths.iter().flat_map(|p| folders_above(p)).collect();
            paths.extend(folders);
        }
        paths.sort();
        paths.dedup();
        remote.look_up(paths)?;
    }
    // What the files placed weigh, sent inline by a commit from files.
    let mut inline_bytes = 0u64;
    let (mut new_sessions, mut updated_sessions) = (0, 0);
    let mut lfs = Vec::new();
    let mut attributes: Option<Vec<u8>> = None;
    let mut outgoing = Outgoing::default();
    // Paths and the ids they get (`None`: removed), in the order decided.
    let mut placed: Vec<(String, Option<ObjectId>)> = Vec::new();
    let mut sent = Vec::new();
    let mut carried = Vec::new();
    // Files and sessions this push adds that the remote does not have at all, and their paths.
    let mut added = Counts::default();
    let mut added_paths = Vec::new();
    for change in &changed {
        let local_path = change.path.as_str();
        let Some(placed_at) = placement(local_path, layout, routed, &mut hour_of)? else {
            continue;
        };
        let path = placed_at.as_str();
        let theirs = remote.file(path)?;
        let before = match &base {
            Some(tree) => tree
                .lookup_entry_by_path(local_path)
                .map_err(git("look up a pushed file"))?
                .map(|e| e.object_id()),
            None => None,
        };
        let chosen = match theirs {
            None => Some(Chosen::Stored(change.id)),
            Some(t) if t == change.id => None,
            // The remote still has what we pushed last: ours is the next version.
            Some(t) if Some(t) == before => Some(Chosen::Stored(change.id)),
            // Changed on both sides: only now is a remote file read.
            Some(t) => resolve_conflict(store, &mut remote, path, change.id, t)?,
        };
        let Some(chosen) = chosen else { continue };
        if path == ".gitattributes" {
            // Placed last, once the LFS lines it needs are known.
            attributes = Some(match chosen {
                Chosen::Stored(id) => store.read_blob(id)?,
                Chosen::Built(object) => object.data,
            });
            continue;
        }
        let Chosen::Stored(id) = chosen else {
            unreachable!("only .gitattributes is merged")
        };
        let size = repo
            .find_header(id)
            .map_err(git("read a file's size"))?
            .size();
        if lfs_threshold.is_some_and(|limit| size > limit) {
            let object = lfs_object(store, id, size)?;
            let pointer = BuiltObject::new(gix::objs::Kind::Blob, object.pointer().into_bytes());
            placed.push((path.to_string(), Some(pointer.id)));
            outgoing.built.push(pointer);
            lfs.push((path.to_string(), object));
        } else {
            inline_bytes += size;
            placed.push((path.to_string(), Some(id)));
            outgoing.stored.push(id);
            if let Some(theirs) = theirs {
                outgoing.bases.insert(id, theirs);
            }
        }
        if theirs.is_none() {
            added.files += 1;
            added.sessions += usize::from(is_counted_session(path));
            added_paths.push(path.to_string());
        }
        if is_session(path) {
            sent.push(path.to_string());
            carried.push(local_path.to_string());
            if theirs.is_none() {
                new_sessions += 1;
            } else {
                updated_sessions += 1;
            }
        }
    }
    if !lfs.is_empty() || attributes.is_some() {
        let theirs = remote.file(".gitattributes")?;
        let remote_text = match theirs {
            Some(id) => Some(remote.read(".gitattributes", id)?),
            None => None,
        };
        let current = match attributes {
            Some(text) => text,
            None => remote_text.clone().unwrap_or_default(),
        };
        let lines: String = lfs
            .iter()
            .map(|(path, _)| format!("{path} filter=lfs diff=lfs merge=lfs -text\n"))
            .collect();
        let merged = merge_lines(&current, lines.as_bytes());
        if remote_text.as_deref() != Some(merged.as_slice()) {
            if theirs.is_none() {
                added.files += 1;
                added_paths.push(".gitattributes".to_string());
            }
            inline_bytes += merged.len() as u64;
            let object = BuiltObject::new(gix::objs::Kind::Blob, merged);
            placed.push((".gitattributes".to_string(), Some(object.id)));
            outgoing.built.push(object);
        }
    }
    if let Some(list) = forgotten_list {
        let object = BuiltObject::new(gix::objs::Kind::Blob, list.to_vec());
        let theirs = remote.file(super::forgotten::PATH)?;
        if theirs != Some(object.id) {
            if theirs.is_none() {
                added.files += 1;
                added_paths.push(super::forgotten::PATH.to_string());
            }
            inline_bytes += list.len() as u64;
            placed.push((super::forgotten::PATH.to_string(), Some(object.id)));
            outgoing.built.push(object);
        }
    }
    sent.sort();
    // Forgotten since the last push: taken off the remote too, whatever version it holds.
    let mut removed = Vec::new();
    let mut gone = removed_since(store, base_tree, local_tree)?;
    let local_files = repo
        .find_tree(local_tree)
        .map_err(git("read the local tree"))?;
    for path in purged {
        let held = local_files
            .lookup_entry_by_path(path)
            .map_err(git("look up a local file"))?;
        if held.is_none() && !gone.contains(path) {
            gone.push(path.clone());
        }
    }
    gone.sort();
    for local_path in gone {
        // Under either layout: the remote's may have changed since it was sent.
        let hour = hour_of(&local_path)?;
        for path in copies(&mut remote, &local_path, hour)? {
            placed.push((path.clone(), None));
            removed.push(path);
        }
    }
    removed.sort();
    let lfs: Vec<LfsObject> = lfs.into_iter().map(|(_, object)| object).collect();
    let after = before.map(|before| Counts {
        files: (before.files + added.files).saturating_sub(removed.len()),
        sessions: (before.sessions + added.sessions).saturating_sub(
            removed
                .iter()
                .filter(|path| is_counted_session(path))
                .count(),
        ),
    });
    if placed.is_empty() {
        return Ok(Some(Plan {
            source: local,
            commit: None,
            sessions: 0,
            sent: Vec::new(),
            carried: Vec::new(),
            removed: Vec::new(),
            outgoing: Outgoing::default(),
            files: None,
            lfs: Vec::new(),
            counts: before,
        }));
    }
    if let (Some(limit), Some(before), Some(after)) = (max_files, before, after)
        && after.files > limit
        && after.files > before.files
    {
        return Err(transport::Error::Rejected {
            reason: format!(
                "the push would bring the remote to {} files, over the {limit} files per repository the Hub advises; nothing was sent: push new sessions to another dataset (`traces remote add`, then `traces source set <dir> --remote <name>`), or point this remote at a new dataset (`traces remote set-url`)",
                after.files
            ),
            remote_lines: Vec::new(),
        });
    }
    let mut title = formats::commit_title(new_sessions, updated_sessions);
    if !removed.is_empty() {
        let n = removed.len();
        title = match new_sessions + updated_sessions {
            0 => format!("Remove {n} session{}", if n == 1 { "" } else { "s" }),
            _ => format!("{title}, remove {n}"),
        };
    }
    let trailers = after.map(|c| c.trailers()).unwrap_or_default();
    let message = format!("{title}\n\nTraces-Source: {local}\n{trailers}");
    // The server builds the commit when it can (no LFS upload to go first) and no folder
    // crosses the Hub's limit: none can while the whole remote stays under it; above it, the
    // folders the new files join are listed to tell (a pack's plan lists them too). A full one
    // goes the pack's way, which refuses the push naming it.
    if by_files
        && lfs.is_empty()
        && inline_bytes <= FILE_COMMIT_MAX_BYTES
        && inline_bytes < listing_cost
        && placed.len() <= FILE_COMMIT_MAX_FILES
        && (!may_fill_a_folder || folders_have_room(&mut remote, &added_paths)?)
    {
        outgoing.stored.sort();
        outgoing.stored.dedup();
        return Ok(Some(Plan {
            source: local,
            commit: None,
            sessions: new_sessions + updated_sessions,
            sent,
            carried,
            removed,
            outgoing,
            files: Some(FileCommit {
                message,
                changes: placed,
            }),
            lfs,
            counts: after,
        }));
    }
    let root = build_trees(&mut remote, &placed, &mut outgoing)?;
    let commit = gix::objs::Commit {
        tree: root,
        parents: remote_tip.into_iter().collect(),
        author: signature.to_gix(),
        committer: signature.to_gix(),
        encoding: None,
        message: BString::from(message),
        extra_headers: Vec::new(),
    };
    let commit = BuiltObject::new(gix::objs::Kind::Commit, encode(&commit));
    let commit_id = commit.id;
    outgoing.built.push(commit);
    outgoing.stored.sort();
    outgoing.stored.dedup();
    Ok(Some(Plan {
        source: local,
        commit: Some(commit_id),
        sessions: new_sessions + updated_sessions,
        sent,
        carried,
        removed,
        outgoing,
        files: None,
        lfs,
        counts: after,
    }))
}

/// What the remote holds now: from its tip's trailers, or counted when its tree is small
/// enough to hold no folder (a new Hub repository: `.gitattributes` alone).
fn remote_counts(remote: &mut Remote<'_>) -> transport::Result<Option<Counts>> {
    let Some(tip) = remote.tip else {
        return Ok(Some(Counts::default()));
    };
    let message = match remote.connection.tip_message(tip) {
        Ok(message) => message,
        // A server that is down or refuses us fails the push as any request would; one that
        // answers something unexpected only costs the count.
        Err(e) if e.is_retryable() || e.is_refused_credentials() => {
            return Err(e);
        }
        Err(_) => None,
    };
    if let Some(counts) = message.as_deref().and_then(Counts::from_message) {
        return Ok(Some(counts));
    }
    let Some(root) = remote.listing("")? else {
        return Ok(Some(Counts::default()));
    };
    if root.iter().any(|e| e.kind == EntryKind::Tree) {
        return Ok(None);
    }
    Ok(Some(Counts {
        files: root.len(),
        sessions: 0,
    }))
}

fn encode(object: &impl gix::objs::WriteTo) -> Vec<u8> {
    let mut data = Vec::new();
    object
        .write_to(&mut data)
        .expect("writing an object to memory does not fail");
    data
}

/// The remote's folders on the paths of `placed`, rebuilt with the new files (deepest first,
/// so each folder knows its subfolders' new ids); every other folder is reused by id.
/// Returns the new root tree.
fn build_trees(
    remote: &mut Remote<'_>,
    placed: &[(String, Option<ObjectId>)],
    outgoing: &mut Outgoing,
) -> transport::Result<ObjectId> {
    // Folder -> name -> what goes there (`None`: removed).
    let mut changes: BTreeMap<String, BTreeMap<String, Option<(EntryKind, ObjectId)>>> =
        BTreeMap::new();
    for (path, id) in placed {
        let (folder, name) = split(path);
        changes
            .entry(folder.to_string())
            .or_default()
            .insert(name.to_string(), id.map(|id| (EntryKind::Blob, id)));
        let mut parent = folder;
        while !parent.is_empty() {
            parent = split(parent).0;
            changes.entry(parent.to_string()).or_default();
        }
    }
    let mut folders: Vec<String> = changes.keys().cloned().collect();
    folders.sort_by_key(|f| {
        std::cmp::Reverse(if f.is_empty() {
            0
        } else {
            f.matches('/').count() + 1
        })
    });
    // Each rebuilt folder's new id; `None` when it ended up empty (it is dropped).
    let mut built: HashMap<String, Option<ObjectId>> = HashMap::new();
    for folder in folders {
        let mut entries: BTreeMap<String, (EntryKind, ObjectId)> = remote
            .listing(&folder)?
            .map(|listing| {
                listing
                    .iter()
                    .map(|e| (e.name.clone(), (e.kind, e.id)))
                    .collect()
            })
            .unwrap_or_default();
        let before = entries.len();
        let remote_entries = entries.clone();
        for (name, change) in &changes[&folder] {
            let Some((kind, id)) = change else {
                entries.remove(name);
                continue;
            };
            // A placed file keeps the remote's mode when it replaces one (an executable stays one).
            let kind = match entries.get(name) {
                Some((EntryKind::BlobExecutable, _)) => EntryKind::BlobExecutable,
                _ => *kind,
            };
            entries.insert(name.clone(), (kind, *id));
        }
        for (child, id) in &built {
            let (parent, name) = split(child);
            if parent == folder && !child.is_empty() {
                match id {
                    Some(id) => entries.insert(name.to_string(), (EntryKind::Tree, *id)),
                    None => entries.remove(name),
                };
            }
        }
        if entries.is_empty() && !folder.is_empty() {
            // Everything in it was removed: git keeps no empty folders.
            built.insert(folder.clone(), None);
            continue;
        }
        if entries.len() > MAX_FOLDER_ENTRIES && entries.len() > before {
            return Err(transport::Error::Rejected {
                reason: format!(
                    "the push would put {} entries in the folder `{}` of the remote, and the Hub holds at most {MAX_FOLDER_ENTRIES} per folder; nothing was sent: push these sessions to another dataset (`traces remote add`), or move older sessions out of that folder on the remote",
                    entries.len(),
                    if folder.is_empty() {
                        "/"
                    } else {
                        folder.as_str()
                    },
                ),
                remote_lines: Vec::new(),
            });
        }
        let original = (before > 0).then(|| tree_object(&remote_entries));
        let object = tree_object(&entries);
        if !folder.is_empty()
            && let Some(entry) = remote.entry(&folder)?
            && entry.kind == EntryKind::Tree
        {
            outgoing.bases.insert(object.id, entry.id);
            // The remote's version, rebuilt from its listing: a delta base without a download
            // when it hashes to the listed id (modes the listing does not carry would not).
            if let Some(original) = original
                && original.id == entry.id
            {
                outgoing.known.push(original);
            }
        }
        built.insert(folder.clone(), Some(object.id));
        outgoing.built.push(object);
    }
    Ok(built[""].expect("the root tree is always built"))
}

fn tree_object(entries: &BTreeMap<String, (EntryKind, ObjectId)>) -> BuiltObject {
    let mut tree = gix::objs::Tree {
        entries: entries
            .iter()
            .map(|(name, (kind, id))| gix::objs::tree::Entry {
                mode: (*kind).into(),
                filename: name.as_str().into(),
                oid: *id,
            })
            .collect(),
    };
    tree.entries.sort();
    BuiltObject::new(gix::objs::Kind::Tree, encode(&tree))
}

fn lfs_object(store: &Store, blob: ObjectId, size: u64) -> store::Result<LfsObject> {
    use sha2::{Digest, Sha256};
    let data = store.read_blob(blob)?;
    let oid = format!("{:x}", Sha256::digest(&data));
    Ok(LfsObject { oid, size, blob })
}

/// Which version of a file changed on both sides survives; `None` keeps the remote's.
fn resolve_conflict(
    store: &Store,
    remote: &mut Remote<'_>,
    path: &str,
    ours: ObjectId,
    theirs: ObjectId,
) -> transport::Result<Option<Chosen>> {
    if !is_session(path) && path != ".gitattributes" {
        // A dataset card or other file someone edited on the remote: theirs stays.
        return Ok(None);
    }
    let theirs_text = remote.read(path, theirs)?;
    let ours_text = store.read_blob(ours)?;
    if path == ".gitattributes" {
        let merged = merge_lines(&theirs_text, &ours_text);
        if merged == theirs_text {
            return Ok(None);
        }
        return Ok(Some(Chosen::Built(BuiltObject::new(
            gix::objs::Kind::Blob,
            merged,
        ))));
    }
    let (ours_time, theirs_time) = (last_timestamp(&ours_text), last_timestamp(&theirs_text));
    let ours_wins = match ours_time.cmp(&theirs_time) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => ours_text.len() > theirs_text.len(),
    };
    Ok(ours_wins.then_some(Chosen::Stored(ours)))
}

/// Lines of `theirs`, then the lines of `ours` it lacks.
fn merge_lines(theirs: &[u8], ours: &[u8]) -> Vec<u8> {
    let mut merged = theirs.to_vec();
    if !merged.is_empty() && !merged.ends_with(b"\n") {
        merged.push(b'\n');
    }
    let have: Vec<&[u8]> = theirs.split(|&b| b == b'\n').collect();
    for line in ours.split(|&b| b == b'\n') {
        if !line.is_empty() && !have.contains(&line) {
            merged.extend_from_slice(line);
            merged.push(b'\n');
        }
    }
    merged
}

/// The latest `timestamp` (Claude Code lines) or `session_end_time` (rows) in a session file,
/// as a UTC instant; `None` when there is none.
fn last_timestamp(text: &[u8]) -> Option<chrono::DateTime<chrono::Utc>> {
    let text = std::str::from_utf8(text).ok()?;
    text.lines()
        .rev()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find_map(|value| {
            ["timestamp", "session_end_time"]
                .iter()
                .find_map(|key| value.get(key)?.as_str())
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        })
        .map(|t| t.with_timezone(&chrono::Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A remote answering folder listings from canned entries, recording what was asked; with
    /// `files`, one that commits files itself, looks up `existing` path by path (recorded in
    /// `looked_up`) and whose tip's trailers say it holds that many files.
    #[derive(Default)]
    struct CannedRemote {
        folders: HashMap<String, Vec<RemoteEntry>>,
        asked: Vec<String>,
        files: Option<usize>,
        existing: Vec<(String, RemoteEntry)>,
        looked_up: Vec<String>,
    }

    impl Connection for CannedRemote {
        fn lists_trees(&self) -> bool {
            true
        }
        fn commits_files(&self) -> bool {
            self.files.is_some()
        }
        fn entries_at(
            &mut self,
            _tip: ObjectId,
            paths: &[String],
        ) -> transport::Result<Vec<(String, RemoteEntry)>> {
            self.looked_up.extend(paths.iter().cloned());
            Ok(self
                .existing
                .iter()
                .filter(|(path, _)| paths.contains(path))
                .cloned()
                .collect())
        }
        fn tip_message(&mut self, _tip: ObjectId) -> transport::Result<Option<String>> {
            Ok(self.files.map(|files| {
                format!(
                    "Add\n\nTraces-Files: {files}\nTraces-Sessions: {}\n",
                    files - 1
                )
            }))
        }
        fn list_folder(
            &mut self,
            _tip: ObjectId,
            folder: &str,
        ) -> transport::Result<Option<Vec<RemoteEntry>>> {
            self.asked.push(folder.to_string());
            Ok(self.folders.get(folder).cloned())
        }
        fn tip(&mut self) -> transport::Result<Option<ObjectId>> {
            unreachable!("not asked while planning")
        }
        fn read_blob(
            &mut self,
            _tip: ObjectId,
            path: &str,
            _id: ObjectId,
        ) -> transport::Result<Vec<u8>> {
            unreachable!("no conflict here: {path}")
        }
        fn fetch(&mut self, _tip: ObjectId) -> transport::Result<&gix::Repository> {
            panic!("planning from listings never fetches")
        }
        fn send(
            &mut self,
            _source: &dyn transport::ObjectSource,
            _outgoing: &Outgoing,
            _old: Option<ObjectId>,
            _new: ObjectId,
            _sending: &mut dyn FnMut(u64),
        ) -> transport::Result<transport::SendStats> {
            unreachable!("not sent while planning")
        }
    }

    fn id(hex_digit: char) -> ObjectId {
        ObjectId::from_hex(hex_digit.to_string().repeat(40).as_bytes()).unwrap()
    }

    fn entry(name: &str, kind: EntryKind, id: ObjectId) -> RemoteEntry {
        RemoteEntry {
            name: name.into(),
            kind,
            id,
        }
    }

    #[test]
    fn folders_off_the_changed_path_are_reused_by_id_without_being_listed() {
        let mut connection = CannedRemote {
            folders: HashMap::from([
                (
                    String::new(),
                    vec![
                        entry("README.md", EntryKind::Blob, id('a')),
                        entry("sessions", EntryKind::Tree, id('b')),
                    ],
                ),
                (
                    "sessions".to_string(),
                    vec![entry("2025-01-01", EntryKind::Tree, id('c'))],
                ),
            ]),
            ..CannedRemote::default()
        };
        let mut remote = Remote {
            tip: Some(id('f')),
            connection: &mut connection,
            listings: HashMap::new(),
            looked_up: HashMap::new(),
        };
        let mut outgoing = Outgoing::default();
        let placed = vec![("sessions/2025-06-01/new.jsonl".to_string(), Some(id('d')))];
        let root = build_trees(&mut remote, &placed, &mut outgoing).unwrap();

        let trees: HashMap<ObjectId, &BuiltObject> =
            outgoing.built.iter().map(|o| (o.id, o)).collect();
        assert_eq!(trees.len(), 3, "root, sessions/ and the new day");
        let decode = |id: ObjectId| {
            let object = trees[&id];
            assert_eq!(object.kind, gix::objs::Kind::Tree);
            gix::objs::TreeRef::from_bytes(&object.data, gix::hash::Kind::Sha1)
                .unwrap()
                .entries
                .iter()
                .map(|e| (e.filename.to_string(), e.mode.kind(), e.oid.to_owned()))
                .collect::<Vec<_>>()
        };
        let root_entries = decode(root);
        assert_eq!(
            root_entries[0],
            ("README.md".into(), EntryKind::Blob, id('a'))
        );
        assert_eq!(root_entries[1].0, "sessions");
        let sessions = decode(root_entries[1].2);
        assert_eq!(sessions[0], ("2025-01-01".into(), EntryKind::Tree, id('c')));
        assert_eq!(sessions[1].0, "2025-06-01");
        assert_eq!(
            decode(sessions[1].2),
            vec![("new.jsonl".into(), EntryKind::Blob, id('d'))]
        );
        connection.asked.sort();
        assert_eq!(
            connection.asked,
            vec!["", "sessions", "sessions/2025-06-01"],
            "the untouched day is never listed"
        );
    }

    #[test]
    fn a_removed_file_is_found_under_either_layout_listing_only_its_day() {
        let day = "sessions/2025-06-01";
        let mut connection = CannedRemote {
            folders: HashMap::from([
                (
                    day.to_string(),
                    vec![
                        entry("daily.jsonl", EntryKind::Blob, id('a')),
                        entry("08", EntryKind::Tree, id('b')),
                        entry("09", EntryKind::Tree, id('c')),
                    ],
                ),
                (
                    format!("{day}/09"),
                    vec![entry("hourly.jsonl", EntryKind::Blob, id('d'))],
                ),
            ]),
            ..CannedRemote::default()
        };
        let mut remote = Remote {
            tip: Some(id('f')),
            connection: &mut connection,
            listings: HashMap::new(),
            looked_up: HashMap::new(),
        };
        // Placed daily before a switch to hourly: the daily copy, and no hour folder but
        // the session's own is listed.
        assert_eq!(
            copies(&mut remote, &format!("{day}/daily.jsonl"), Some(8)).unwrap(),
            [format!("{day}/daily.jsonl")]
        );
        // Placed hourly, its hour unknown (purged): looked for in the day's hour folders.
        assert_eq!(
            copies(&mut remote, &format!("{day}/hourly.jsonl"), None).unwrap(),
            [format!("{day}/09/hourly.jsonl")]
        );
        assert_eq!(
            copies(&mut remote, "sessions/2025-06-02/none.jsonl", None).unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(
            connection.asked,
            [
                day.to_string(),
                format!("{day}/08"),
                format!("{day}/09"),
                "sessions/2025-06-02".to_string()
            ],
            "only the day folders and their hour folders are listed"
        );
    }

    #[test]
    fn a_new_forgotten_list_counts_as_a_file_the_remote_gains() {
        let (_dir, store, signature) = store_with(&[("sessions/2025-06-01/a.jsonl", b"{}\n")]);
        let mut connection = CannedRemote::default();
        let list = b"0000000000000000000000000000000000000000000000000000000000000000\n";
        let plan = plan(
            &store,
            "claude-code",
            None,
            None,
            &mut connection,
            &signature,
            &Policy {
                lfs_threshold: None,
                routed: &|_| true,
                purged: &[],
                forgotten_list: Some(list),
                max_files: None,
                layout: Layout::Daily,
            },
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            plan.counts,
            Some(Counts {
                files: 2,
                sessions: 1
            }),
            "the session and .traces/forgotten"
        );
    }

    fn store_with(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Store, Signature) {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open_or_init(&dir.path().join("store"), |_| Ok(())).unwrap();
        let files = files
            .iter()
            .map(|(path, data)| (path.to_string(), store.blob_writer().write(data).unwrap()))
            .collect();
        let signature = Signature {
            name: "Test".into(),
            email: "test@example.com".into(),
            seconds: 1_750_000_000,
            offset: 0,
        };
        let update = store::BranchUpdate {
            branch: "claude-code".into(),
            files,
        };
        store
            .commit(&[update], &signature, |_, _| "Add\n".into())
            .unwrap();
        (dir, store, signature)
    }

    fn plan_onto(store: &Store, signature: &Signature, remote: &mut CannedRemote) -> Plan {
        plan(
            store,
            "claude-code",
            None,
            Some(id('f')),
            remote,
            signature,
            &Policy {
                lfs_threshold: Some(10 << 20),
                routed: &|_| true,
                purged: &[],
                forgotten_list: None,
                max_files: None,
                layout: Layout::Daily,
            },
        )
        .unwrap()
        .unwrap()
    }

    #[test]
    fn a_small_push_onto_a_big_remote_is_looked_up_path_by_path_and_committed_from_files() {
        let (_dir, store, signature) = store_with(&[("sessions/2025-06-01/a.jsonl", b"{}\n")]);
        let mut remote = CannedRemote {
            files: Some(2_000),
            ..CannedRemote::default()
        };
        let plan = plan_onto(&store, &signature, &mut remote);
        assert!(remote.asked.is_empty(), "listed {:?}", remote.asked);
        assert!(
            remote
                .looked_up
                .contains(&"sessions/2025-06-01/a.jsonl".to_string())
        );
        assert_eq!(plan.commit, None, "no pack");
        let files = plan.files.expect("committed from files");
        assert_eq!(files.changes.len(), 1);
        assert_eq!(files.changes[0].0, "sessions/2025-06-01/a.jsonl");
        assert!(
            files.message.contains("Traces-Files: 2001"),
            "{}",
            files.message
        );
        assert_eq!(plan.sent, ["sessions/2025-06-01/a.jsonl"]);

        // Already there with the same content: nothing to send, still no listing.
        let blob = files.changes[0].1.unwrap();
        let mut remote = CannedRemote {
            files: Some(2_000),
            existing: vec![(
                "sessions/2025-06-01/a.jsonl".into(),
                entry("a.jsonl", EntryKind::Blob, blob),
            )],
            ..CannedRemote::default()
        };
        let plan = plan_onto(&store, &signature, &mut remote);
        assert!(plan.files.is_none() && plan.commit.is_none());
        assert!(remote.asked.is_empty());
    }

    #[test]
    fn a_remote_too_small_or_too_big_for_a_commit_from_files_gets_a_pack() {
        let (_dir, store, signature) = store_with(&[("sessions/2025-06-01/a.jsonl", b"{}\n")]);
        // Ten files: listing them costs less than a lookup saves.
        let mut remote = CannedRemote {
            files: Some(10),
            ..CannedRemote::default()
        };
        let plan = plan_onto(&store, &signature, &mut remote);
        assert!(plan.files.is_none() && plan.commit.is_some());
        assert!(remote.looked_up.is_empty());
        // A file too big to go inline for what a listing costs.
        let big = vec![b'x'; 100_000];
        let (_dir, store, signature) = store_with(&[("sessions/2025-06-01/a.jsonl", &big)]);
        let mut remote = CannedRemote {
            files: Some(2_000),
            ..CannedRemote::default()
        };
        let plan = plan_onto(&store, &signature, &mut remote);
        assert!(plan.files.is_none() && plan.commit.is_some());
    }

    /// A remote of 50,000 files holding `sessions/` and, when `day` is given, the day folder
    /// `sessions/2025-06-01` with that many files.
    fn remote_over_the_folder_limit(day: Option<usize>) -> CannedRemote {
        let mut remote = CannedRemote {
            files: Some(50_000),
            existing: vec![(
                "sessions".into(),
                entry("sessions", EntryKind::Tree, id('1')),
            )],
            ..CannedRemote::default()
        };
        remote.folders.insert(
            "sessions".into(),
            vec![entry("2025-05-31", EntryKind::Tree, id('3'))],
        );
        if let Some(count) = day {
            remote.existing.push((
                "sessions/2025-06-01".into(),
                entry("2025-06-01", EntryKind::Tree, id('2')),
            ));
            let files = (0..count)
                .map(|i| entry(&format!("other-{i}.jsonl"), EntryKind::Blob, id('4')))
                .collect();
            remote.folders.insert("sessions/2025-06-01".into(), files);
        }
        remote
    }

    #[test]
    fn above_the_folder_limit_a_commit_from_files_lists_only_the_folder_it_joins() {
        let (_dir, store, signature) = store_with(&[("sessions/2025-06-01/a.jsonl", b"{}\n")]);
        let mut remote = remote_over_the_folder_limit(Some(500));
        let plan = plan_onto(&store, &signature, &mut remote);
        assert!(plan.files.is_some() && plan.commit.is_none());
        assert_eq!(remote.asked, ["sessions/2025-06-01"]);
        for folder in ["sessions", "sessions/2025-06-01"] {
            assert!(remote.looked_up.contains(&folder.to_string()), "{folder}");
        }
        // A new day folder joins `sessions/`, the one listed then.
        let mut remote = remote_over_the_folder_limit(None);
        let plan = plan_onto(&store, &signature, &mut remote);
        assert!(plan.files.is_some());
        assert_eq!(remote.asked, ["sessions"]);
    }

    #[test]
    fn a_full_folder_on_a_big_remote_refuses_the_push_before_anything_is_sent() {
        let (_dir, store, signature) = store_with(&[("sessions/2025-06-01/a.jsonl", b"{}\n")]);
        let mut remote = remote_over_the_folder_limit(Some(MAX_FOLDER_ENTRIES));
        let refused = plan(
            &store,
            "claude-code",
            None,
            Some(id('f')),
            &mut remote,
            &signature,
            &Policy {
                lfs_threshold: None,
                routed: &|_| true,
                purged: &[],
                forgotten_list: None,
                max_files: None,
                layout: Layout::Daily,
            },
        )
        .unwrap_err();
        assert!(
            refused.to_string().contains("`sessions/2025-06-01`"),
            "{refused}"
        );
        // Room for exactly one more: it goes.
        let mut remote = remote_over_the_folder_limit(Some(MAX_FOLDER_ENTRIES - 1));
        assert!(plan_onto(&store, &signature, &mut remote).files.is_some());
    }

    #[test]
    fn counts_come_from_the_last_trailers_and_need_both() {
        let message =
            "Add 2 sessions\n\nTraces-Source: abc\nTraces-Files: 12\nTraces-Sessions: 10\n";
        assert_eq!(
            Counts::from_message(message),
            Some(Counts {
                files: 12,
                sessions: 10
            })
        );
        let written = Counts {
            files: 3,
            sessions: 1,
        };
        assert_eq!(Counts::from_message(&written.trailers()), Some(written));
        assert_eq!(Counts::from_message("Traces-Files: 12\n"), None);
        assert_eq!(Counts::from_message("Initial commit"), None);
        assert_eq!(
            Counts::from_message("Traces-Files: many\nTraces-Sessions: 1\n"),
            None
        );
    }

    #[test]
    fn gitattributes_merge_keeps_theirs_and_adds_ours() {
        let merged = merge_lines(
            b"*.bin filter=lfs\n*.zip filter=lfs",
            b"sessions/**/*.jsonl -text\n*.bin filter=lfs\n",
        );
        assert_eq!(
            merged,
            b"*.bin filter=lfs\n*.zip filter=lfs\nsessions/**/*.jsonl -text\n"
        );
    }

    #[test]
    fn last_timestamp_compares_instants_not_text() {
        let a = br#"{"timestamp":"2025-06-01T10:00:00+02:00"}"#;
        let b = br#"{"timestamp":"2025-06-01T09:30:00+00:00"}"#;
        assert!(last_timestamp(a) < last_timestamp(b));
    }
}
