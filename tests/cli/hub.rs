//! A local test hub on 127.0.0.1, started and stopped by the tests themselves: the Hub API
//! subset `traces` uses (whoami-v2, repos/create, dataset info, settings, super-squash, tree
//! listing, commits, paths-info, preupload and the commit call) and, for git, the
//! real `git http-backend` behind Basic-auth token checks, with a pre-receive hook that rejects
//! plain files over 10 MiB, a seeded `.gitattributes` commit on create, and fault injection.

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tiny_http::{Header, Method, Request, Response, Server};

/// The `.gitattributes` the Hub seeds new repositories with (abridged).
pub(crate) const SEEDED_GITATTRIBUTES: &str =
    "*.parquet filter=lfs diff=lfs merge=lfs -text\n*.zip filter=lfs diff=lfs merge=lfs -text\n";

/// Rejects plain (non-LFS) files over 10 MiB, and LFS pointers whose object was not uploaded,
/// like the Hub. `@LFS_DIR@` is replaced by the hub's LFS object directory.
const PRE_RECEIVE: &str = r#"#!/bin/sh
while read old new ref; do
  git rev-list --objects "$new" --not --all | while read oid path; do
    [ "$(git cat-file -t "$oid")" = blob ] || continue
    size=$(git cat-file -s "$oid")
    if [ "$size" -gt 10485760 ]; then
      echo "Your push was rejected because it contains files larger than 10 MiB: $path" >&2
      echo "Please use https://git-lfs.github.com/ to store large files." >&2
      exit 1
    fi
    if [ "$size" -lt 1024 ] && git cat-file -p "$oid" | head -n 1 | grep -q '^version https://git-lfs.github.com/spec/v1'; then
      lfs=$(git cat-file -p "$oid" | sed -n 's/^oid sha256://p')
      if [ ! -f "@LFS_DIR@/$lfs" ]; then
        echo "Your push was rejected because an LFS pointer refers to a missing object: $path" >&2
        exit 1
      fi
    fi
  done || exit 1
done
"#;

#[derive(Debug, Clone)]
pub(crate) enum Fault {
    /// Answer requests whose path contains the text with this status (and Retry-After).
    Status {
        path: &'static str,
        status: u16,
        retry_after: Option<u64>,
    },
    /// Read part of the request body, then never answer (the client's timeout must notice).
    Drop { path: &'static str },
}

#[derive(Default)]
struct State {
    url: String,
    tokens: HashMap<String, String>,
    private: HashMap<String, bool>,
    faults: VecDeque<Fault>,
    /// Super-squash calls answered.
    squashes: usize,
    /// Bytes of request bodies sent to git-receive-pack.
    receive_pack_bytes: Vec<u64>,
    /// Bytes of answers sent: git, tree listings and raw files.
    sent_bytes: u64,
    /// Raw file requests answered, by path.
    raw_reads: Vec<String>,
    /// Request bodies of the API calls that write (preupload, paths-info, commit), in bytes.
    api_received_bytes: u64,
    /// Commits made through the commit API.
    api_commits: usize,
    /// Folders whose listing was asked for (first pages), in order.
    listed: Vec<String>,
}

pub(crate) struct TestHub {
    pub url: String,
    pub root: tempfile::TempDir,
    server: Arc<Server>,
    state: Arc<Mutex<State>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestHub {
    pub(crate) fn start() -> TestHub {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("bind the test hub"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let root = tempfile::tempdir().unwrap();
        let state = Arc::new(Mutex::new(State {
            url: format!("http://127.0.0.1:{port}"),
            ..State::default()
        }));
        let thread = {
            let (server, state, root) = (server.clone(), state.clone(), root.path().to_path_buf());
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    let (state, root) = (state.clone(), root.clone());
                    std::thread::spawn(move || handle(request, &state, &root));
                }
            })
        };
        TestHub {
            url: format!("http://127.0.0.1:{port}"),
            root,
            server,
            state,
            thread: Some(thread),
        }
    }

    pub(crate) fn add_user(&self, name: &str, token: &str) {
        self.state
            .lock()
            .unwrap()
            .tokens
            .insert(token.into(), name.into());
    }

    pub(crate) fn repo_path(&self, owner: &str, name: &str) -> PathBuf {
        repo_dir(self.root.path(), owner, name)
    }

    pub(crate) fn create_repo(&self, owner: &str, name: &str, private: bool) {
        create_repo(self.root.path(), &self.state, owner, name, private).unwrap();
    }

    /// A second repository identical to an existing one (same commits), for a baseline push.
    #[allow(dead_code)] // used by benches/push.rs, which includes this file
    pub(crate) fn copy_repo(&self, owner: &str, name: &str, to_name: &str) {
        let status = Command::new("cp")
            .arg("-a")
            .arg(self.repo_path(owner, name))
            .arg(self.repo_path(owner, to_name))
            .status()
            .unwrap();
        assert!(status.success());
        let mut state = self.state.lock().unwrap();
        let private = state.private[&format!("{owner}/{name}")];
        state.private.insert(format!("{owner}/{to_name}"), private);
    }

    pub(crate) fn is_private(&self, owner: &str, name: &str) -> Option<bool> {
        self.state
            .lock()
            .unwrap()
            .private
            .get(&format!("{owner}/{name}"))
            .copied()
    }

    pub(crate) fn inject(&self, fault: Fault) {
        self.state.lock().unwrap().faults.push_back(fault);
    }

    /// The content of an uploaded LFS object.
    pub(crate) fn lfs_object(&self, oid: &str) -> Option<Vec<u8>> {
        std::fs::read(self.root.path().join("lfs").join(oid)).ok()
    }

    /// Bytes the hub has sent to clients (git answers, tree listings, raw files).
    #[allow(dead_code)]
    pub(crate) fn sent_bytes(&self) -> u64 {
        self.state.lock().unwrap().sent_bytes
    }

    /// The paths of raw files read, in order.
    #[allow(dead_code)]
    pub(crate) fn raw_reads(&self) -> Vec<String> {
        self.state.lock().unwrap().raw_reads.clone()
    }

    /// How many super-squash calls the hub answered.
    pub(crate) fn squashes(&self) -> usize {
        self.state.lock().unwrap().squashes
    }

    pub(crate) fn receive_pack_bytes(&self) -> Vec<u64> {
        self.state.lock().unwrap().receive_pack_bytes.clone()
    }

    /// Bytes clients sent: git-receive-pack bodies and the commit API's calls.
    #[allow(dead_code)]
    pub(crate) fn received_bytes(&self) -> u64 {
        let state = self.state.lock().unwrap();
        state.receive_pack_bytes.iter().sum::<u64>() + state.api_received_bytes
    }

    /// How many commits the commit API made.
    #[allow(dead_code)]
    pub(crate) fn api_commits(&self) -> usize {
        self.state.lock().unwrap().api_commits
    }

    /// The folders listed through the tree API (`""` for the root), in order.
    #[allow(dead_code)]
    pub(crate) fn listed(&self) -> Vec<String> {
        self.state.lock().unwrap().listed.clone()
    }
}

impl Drop for TestHub {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn repo_dir(root: &Path, owner: &str, name: &str) -> PathBuf {
    root.join("datasets")
        .join(owner)
        .join(format!("{name}.git"))
}

fn git(dir: &Path, args: &[&str], input: Option<&[u8]>) -> String {
    git_with(dir, args, input).unwrap_or_else(|| panic!("git {args:?} failed"))
}

/// Run git on the repository `dir`, `None` when it fails.
fn git_with(dir: &Path, args: &[&str], input: Option<&[u8]>) -> Option<String> {
    let mut command = Command::new("git");
    command
        .arg("--git-dir")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "hub")
        .env("GIT_AUTHOR_EMAIL", "hub@example.com")
        .env("GIT_COMMITTER_NAME", "hub")
        .env("GIT_COMMITTER_EMAIL", "hub@example.com")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let mut child = command.spawn().unwrap();
    if let Some(input) = input {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).unwrap().trim().to_string())
}

/// Run git, `None` when it fails.
fn git_try(dir: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let out = Command::new("git")
        .arg("--git-dir")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stderr(Stdio::null())
        .output()
        .unwrap();
    out.status.success().then_some(out.stdout)
}

/// The most entries the Hub holds in one folder.
const FOLDER_LIMIT: usize = 10_000;

/// Entries per page of the tree listing, like the Hub.
const TREE_PAGE: usize = 1000;

/// `GET /api/datasets/{id}/tree/{rev}/{path}`: the folder's entries with their git ids, a page
/// at a time (`?cursor=<offset>`, the next page in a `Link` header).
fn tree_listing(
    dir: &Path,
    base: &str,
    id: &str,
    rev: &str,
    path: &str,
    query: &str,
    gzip: bool,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let spec = format!("{rev}:{path}");
    let Some(out) = git_try(dir, &["ls-tree", "-l", &spec]) else {
        return json_response(404, &json!({"error": "Entry not found"}));
    };
    let start: usize = query
        .split('&')
        .find_map(|p| p.strip_prefix("cursor="))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
    let page: Vec<Value> = lines
        .iter()
        .skip(start)
        .take(TREE_PAGE)
        .map(|line| {
            let (meta, name) = line.split_once('\t').unwrap();
            let fields: Vec<&str> = meta.split_whitespace().collect();
            let full = if path.is_empty() {
                name.to_string()
            } else {
                format!("{path}/{name}")
            };
            let kind = if fields[1] == "tree" {
                "directory"
            } else {
                "file"
            };
            let size: u64 = fields[3].parse().unwrap_or(0);
            json!({"type": kind, "oid": fields[2], "size": size, "path": full})
        })
        .collect();
    let mut response = json_answer(200, &Value::Array(page), gzip);
    if start + TREE_PAGE < lines.len() {
        let next = format!(
            "<{base}/api/datasets/{id}/tree/{rev}/{path}?cursor={}>; rel=\"next\"",
            start + TREE_PAGE
        );
        response = response.with_header(Header::from_bytes("Link", next).unwrap());
    }
    response
}

/// `GET /api/datasets/{id}/commits/{rev}`: the commits reachable from `rev`, newest first, a
/// page of 50 (the Hub's size; later pages are never asked for here).
fn commit_list(dir: &Path, rev: &str, gzip: bool) -> Response<std::io::Cursor<Vec<u8>>> {
    let Some(out) = git_try(
        dir,
        &["log", "-50", "--format=%H%x00%s%x00%B%x00%aI%x1e", rev],
    ) else {
        return json_response(404, &json!({"error": "Revision not found"}));
    };
    let commits: Vec<Value> = String::from_utf8_lossy(&out)
        .split('\x1e')
        .filter_map(|record| {
            let mut fields = record.trim_start_matches('\n').split('\0');
            let (id, title, message, date) = (
                fields.next()?,
                fields.next()?,
                fields.next()?,
                fields.next()?,
            );
            Some(
                json!({"id": id, "title": title, "message": message, "date": date,
                        "authors": [{"user": "someone"}]}),
            )
        })
        .collect();
    json_answer(200, &Value::Array(commits), gzip)
}

/// A repository as the Hub creates it: one commit holding `.gitattributes` on `main`.
fn create_repo(
    root: &Path,
    state: &Mutex<State>,
    owner: &str,
    name: &str,
    private: bool,
) -> Result<(), ()> {
    let id = format!("{owner}/{name}");
    {
        let mut state = state.lock().unwrap();
        if state.private.contains_key(&id) {
            return Err(());
        }
        state.private.insert(id, private);
    }
    let dir = repo_dir(root, owner, name);
    std::fs::create_dir_all(&dir).unwrap();
    git(
        &dir,
        &["init", "--bare", "-q", "--initial-branch=main"],
        None,
    );
    let blob = git(
        &dir,
        &["hash-object", "-w", "--stdin"],
        Some(SEEDED_GITATTRIBUTES.as_bytes()),
    );
    let tree = git(
        &dir,
        &["mktree"],
        Some(format!("100644 blob {blob}\t.gitattributes\n").as_bytes()),
    );
    let commit = git(&dir, &["commit-tree", &tree, "-m", "initial commit"], None);
    git(&dir, &["update-ref", "refs/heads/main", &commit], None);
    let hook = dir.join("hooks/pre-receive");
    let lfs_dir = root.join("lfs");
    std::fs::create_dir_all(&lfs_dir).unwrap();
    std::fs::write(
        &hook,
        PRE_RECEIVE.replace("@LFS_DIR@", lfs_dir.to_str().unwrap()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    Ok(())
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str().to_string())
}

fn json_response(status: u16, value: &Value) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(value.to_string().into_bytes())
        .with_status_code(status)
        .with_header(Header::from_bytes("Content-Type", "application/json").unwrap())
}

/// Whether the client asked for compressed responses.
fn accepts_gzip(request: &Request) -> bool {
    header(request, "Accept-Encoding").is_some_and(|v| v.contains("gzip"))
}

/// A JSON answer, gzip-compressed when the client accepts it, as the Hub's CDN sends its API
/// answers (`Content-Encoding: gzip`, `Vary: accept-encoding`).
fn json_answer(status: u16, value: &Value, gzip: bool) -> Response<std::io::Cursor<Vec<u8>>> {
    if !gzip {
        return json_response(status, value);
    }
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(value.to_string().as_bytes()).unwrap();
    Response::from_data(encoder.finish().unwrap())
        .with_status_code(status)
        .with_header(Header::from_bytes("Content-Type", "application/json").unwrap())
        .with_header(Header::from_bytes("Content-Encoding", "gzip").unwrap())
}

fn user_of(request: &Request, state: &Mutex<State>) -> Option<String> {
    let auth = header(request, "Authorization")?;
    let token = if let Some(bearer) = auth.strip_prefix("Bearer ") {
        bearer.to_string()
    } else {
        use base64::Engine;
        let basic = auth.strip_prefix("Basic ")?;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(basic)
            .ok()?;
        String::from_utf8(decoded)
            .ok()?
            .split_once(':')?
            .1
            .to_string()
    };
    state.lock().unwrap().tokens.get(&token).cloned()
}

/// The largest file the Hub takes without LFS.
const REGULAR_LIMIT: u64 = 10 * 1024 * 1024;

/// `POST /api/datasets/{id}/preupload/{rev}`: which files must go through LFS.
fn preupload(body: &[u8]) -> Response<std::io::Cursor<Vec<u8>>> {
    let body: Value = serde_json::from_slice(body).unwrap_or_default();
    let files: Vec<Value> = body["files"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|f| {
            let lfs = f["size"].as_u64().unwrap_or(0) > REGULAR_LIMIT;
            json!({"path": f["path"], "uploadMode": if lfs { "lfs" } else { "regular" },
                   "shouldIgnore": false})
        })
        .collect();
    json_response(200, &json!({"files": files}))
}

/// `POST /api/datasets/{id}/paths-info/{rev}` (`{"paths": [...]}`): the entries at those
/// paths that exist, in the tree listing's shape; missing paths are left out.
fn paths_info(
    dir: &Path,
    rev: &str,
    body: &[u8],
    gzip: bool,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let body: Value = serde_json::from_slice(body).unwrap_or_default();
    let paths: Vec<String> = body["paths"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|p| p.as_str().map(str::to_string))
        .collect();
    // Each path on its own, as the Hub answers (`ls-tree` would not descend into a folder
    // also named).
    let queries: String = paths.iter().map(|p| format!("{rev}:{p}\n")).collect();
    if git_try(
        dir,
        &["rev-parse", "--verify", &format!("{rev}^{{commit}}")],
    )
    .is_none()
    {
        return json_response(404, &json!({"error": "Revision not found"}));
    }
    let out = git_with(
        dir,
        &[
            "cat-file",
            "--batch-check=%(objectname) %(objecttype) %(objectsize)",
        ],
        Some(queries.as_bytes()),
    )
    .unwrap();
    let entries: Vec<Value> = out
        .lines()
        .zip(&paths)
        .filter_map(|(line, path)| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            match fields[..] {
                [oid, "tree", _] => Some(json!({"type": "directory", "oid": oid, "path": path})),
                [oid, "blob", size] => Some(json!({"type": "file", "oid": oid,
                    "size": size.parse::<u64>().unwrap_or(0), "path": path})),
                _ => None,
            }
        })
        .collect();
    json_answer(200, &Value::Array(entries), gzip)
}

/// `POST /api/datasets/{id}/commit/{rev}` (NDJSON: a header, then `file` lines with base64
/// content and `deletedFile` lines): the commit made on the branch's tip, with the Hub's
/// compare-and-swap on `parentCommit` (412 when the branch moved) and its 10 MiB limit for
/// files sent inline.
fn commit_api(dir: &Path, rev: &str, body: &[u8]) -> Response<std::io::Cursor<Vec<u8>>> {
    use base64::Engine;
    let branch = format!("refs/heads/{rev}");
    let Some(tip) = git_try(dir, &["rev-parse", "--verify", &branch]) else {
        return json_response(404, &json!({"error": "Revision not found"}));
    };
    let tip = String::from_utf8(tip).unwrap().trim().to_string();
    let (mut summary, mut description, mut parent) = (String::new(), String::new(), None);
    // Path -> the blob it gets (`None`: deleted).
    let mut changes: Vec<(String, Option<String>)> = Vec::new();
    for line in body.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let Ok(line) = serde_json::from_slice::<Value>(line) else {
            return json_response(400, &json!({"error": "malformed NDJSON line"}));
        };
        let value = &line["value"];
        match line["key"].as_str() {
            Some("header") => {
                summary = value["summary"].as_str().unwrap_or("").to_string();
                description = value["description"].as_str().unwrap_or("").to_string();
                parent = value["parentCommit"].as_str().map(str::to_string);
            }
            Some("file") => {
                let path = value["path"].as_str().unwrap_or("");
                let Ok(content) = base64::engine::general_purpose::STANDARD
                    .decode(value["content"].as_str().unwrap_or(""))
                else {
                    return json_response(400, &json!({"error": "content is not base64"}));
                };
                if content.len() as u64 > REGULAR_LIMIT {
                    return json_response(
                        400,
                        &json!({"error": format!("{path} is larger than 10 MiB: upload it through LFS")}),
                    );
                }
                let oid = git_with(dir, &["hash-object", "-w", "--stdin"], Some(&content)).unwrap();
                changes.push((path.to_string(), Some(oid)));
            }
            Some("deletedFile") => {
                let path = value["path"].as_str().unwrap_or("");
                if git_try(dir, &["cat-file", "-e", &format!("{tip}:{path}")]).is_none() {
                    return json_response(404, &json!({"error": format!("{path} does not exist")}));
                }
                changes.push((path.to_string(), None));
            }
            _ => return json_response(400, &json!({"error": "unknown operation"})),
        }
    }
    if parent.as_deref().is_some_and(|p| p != tip) {
        return json_response(
            412,
            &json!({"error": "A commit has happened since. Please refresh and try again."}),
        );
    }
    let tree = match rebuilt_tree(dir, &tip, &changes) {
        Ok(tree) => tree,
        Err(error) => return json_response(400, &json!({"error": error})),
    };
    let message = if description.is_empty() {
        summary
    } else {
        format!("{summary}\n\n{description}")
    };
    let commit = git_with(
        dir,
        &["commit-tree", &tree, "-p", &tip, "-F", "-"],
        Some(message.as_bytes()),
    )
    .unwrap();
    // Compare-and-swap: another commit landing meanwhile fails this one.
    if git_with(dir, &["update-ref", &branch, &commit, &tip], None).is_none() {
        return json_response(
            412,
            &json!({"error": "A commit has happened since. Please refresh and try again."}),
        );
    }
    json_response(
        200,
        &json!({"success": true, "commitOid": commit,
                               "commitUrl": format!("/datasets/commit/{commit}")}),
    )
}

/// The root tree of `tip` with `changes` applied, rebuilding only the folders on their paths
/// (deepest first), as a server does; every other folder is kept by id. Refuses a folder over
/// the Hub's limit.
fn rebuilt_tree(
    dir: &Path,
    tip: &str,
    changes: &[(String, Option<String>)],
) -> Result<String, String> {
    use std::collections::BTreeMap;
    // Folder -> name -> (mode, type, id) of what goes there (`None`: removed).
    type Entries = BTreeMap<String, Option<(String, String, String)>>;
    let mut folders: BTreeMap<String, Entries> = BTreeMap::new();
    for (path, blob) in changes {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        let entry = blob
            .as_ref()
            .map(|id| ("100644".to_string(), "blob".to_string(), id.clone()));
        folders
            .entry(folder.to_string())
            .or_default()
            .insert(name.to_string(), entry);
        let mut parent = folder;
        while !parent.is_empty() {
            parent = parent.rsplit_once('/').map_or("", |(p, _)| p);
            folders.entry(parent.to_string()).or_default();
        }
    }
    let mut order: Vec<String> = folders.keys().cloned().collect();
    order.sort_by_key(|f| {
        std::cmp::Reverse(if f.is_empty() {
            0
        } else {
            f.matches('/').count() + 1
        })
    });
    let mut built: BTreeMap<String, Option<String>> = BTreeMap::new();
    for folder in order {
        let mut entries: BTreeMap<String, (String, String, String)> = BTreeMap::new();
        if let Some(out) = git_try(dir, &["ls-tree", "-z", &format!("{tip}:{folder}")]) {
            for record in out.split(|&b| b == 0).filter(|r| !r.is_empty()) {
                let record = String::from_utf8(record.to_vec()).unwrap();
                let (meta, name) = record.split_once('\t').unwrap();
                let mut fields = meta.split(' ').map(str::to_string);
                let (mode, kind, id) = (
                    fields.next().unwrap(),
                    fields.next().unwrap(),
                    fields.next().unwrap(),
                );
                entries.insert(name.to_string(), (mode, kind, id));
            }
        }
        for (name, change) in &folders[&folder] {
            match change {
                Some(entry) => entries.insert(name.clone(), entry.clone()),
                None => entries.remove(name),
            };
        }
        for (child, id) in &built {
            let (parent, name) = child.rsplit_once('/').unwrap_or(("", child));
            if parent == folder && !child.is_empty() {
                match id {
                    Some(id) => entries.insert(
                        name.to_string(),
                        ("040000".to_string(), "tree".to_string(), id.clone()),
                    ),
                    None => entries.remove(name),
                };
            }
        }
        if entries.len() > FOLDER_LIMIT {
            return Err(format!("too many entries in the folder {folder:?}"));
        }
        if entries.is_empty() && !folder.is_empty() {
            // Git keeps no empty folders.
            built.insert(folder, None);
            continue;
        }
        let listing: Vec<u8> = entries
            .iter()
            .flat_map(|(name, (mode, kind, id))| {
                format!("{mode} {kind} {id}\t{name}\0").into_bytes()
            })
            .collect();
        let id = git_with(dir, &["mktree", "-z"], Some(&listing)).unwrap();
        built.insert(folder, Some(id));
    }
    Ok(built[""].clone().expect("the root is always built"))
}

fn handle(mut request: Request, state: &Mutex<State>, root: &Path) {
    let url = request.url().to_string();
    let path = url.split('?').next().unwrap_or("").to_string();
    let fault = {
        let mut state = state.lock().unwrap();
        let index = state.faults.iter().position(|f| match f {
            Fault::Status { path: p, .. } | Fault::Drop { path: p } => path.contains(p),
        });
        index.and_then(|i| state.faults.remove(i))
    };
    match fault {
        Some(Fault::Status {
            status,
            retry_after,
            ..
        }) => {
            let mut response = json_response(status, &json!({"error": "injected fault"}));
            if let Some(after) = retry_after {
                response = response
                    .with_header(Header::from_bytes("Retry-After", after.to_string()).unwrap());
            }
            let _ = request.respond(response);
            return;
        }
        Some(Fault::Drop { .. }) => {
            let mut partial = vec![0; 64];
            let _ = request.as_reader().read(&mut partial);
            // Take the socket away from the server and never answer on it.
            drop(request.into_writer());
            return;
        }
        None => {}
    }

    let user = user_of(&request, state);
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let response = match (request.method(), segments.as_slice()) {
        (Method::Get, ["api", "whoami-v2"]) => match &user {
            Some(name) => json_response(
                200,
                &json!({"type": "user", "name": name, "fullname": name, "orgs": [{"name": "smolagents"}],
                        "auth": {"type": "access_token", "accessToken": {"displayName": "test", "role": "write"}}}),
            ),
            None => json_response(
                401,
                &json!({"error": "Invalid credentials in Authorization header"}),
            ),
        },
        (Method::Post, ["api", "repos", "create"]) => {
            let Some(user) = user else {
                let _ = request.respond(json_response(401, &json!({"error": "Unauthorized"})));
                return;
            };
            let mut body = String::new();
            let _ = request.as_reader().read_to_string(&mut body);
            let body: Value = serde_json::from_str(&body).unwrap_or_default();
            let owner = body["organization"].as_str().unwrap_or(&user).to_string();
            let name = body["name"].as_str().unwrap_or("").to_string();
            // hf-hub 1.0 semantics: no `private` means public; traces must always send it.
            let private = body["private"].as_bool().unwrap_or(false);
            match create_repo(root, state, &owner, &name, private) {
                Ok(()) => json_response(200, &json!({"url": format!("/datasets/{owner}/{name}")})),
                Err(()) => json_response(
                    409,
                    &json!({"error": "You already created this dataset repo"}),
                ),
            }
        }
        (method, ["api", "datasets", owner, name, rest @ ..]) => {
            let id = format!("{owner}/{name}");
            let private = state.lock().unwrap().private.get(&id).copied();
            match (method, rest, private) {
                (_, _, None) => json_response(404, &json!({"error": "Repository not found"}))
                    .with_header(Header::from_bytes("X-Error-Code", "RepoNotFound").unwrap()),
                (_, _, Some(_)) if user.is_none() => {
                    json_response(401, &json!({"error": "Unauthorized"}))
                        .with_header(Header::from_bytes("X-Error-Code", "RepoNotFound").unwrap())
                }
                (Method::Get, [], Some(private)) => {
                    json_response(200, &json!({"id": id, "private": private}))
                }
                (Method::Get, ["tree", rev, folder @ ..], Some(_)) => {
                    let base = state.lock().unwrap().url.clone();
                    let query = url.split_once('?').map_or("", |(_, q)| q);
                    let folder = percent_decode(&folder.join("/"));
                    if !query.contains("cursor=") {
                        state.lock().unwrap().listed.push(folder.clone());
                    }
                    let response = tree_listing(
                        &repo_dir(root, owner, name),
                        &base,
                        &id,
                        rev,
                        &folder,
                        query,
                        accepts_gzip(&request),
                    );
                    state.lock().unwrap().sent_bytes += response.data_length().unwrap_or(0) as u64;
                    response
                }
                // Like the Hub: the branch becomes one commit of its tip's tree, and what
                // only the old commits reached leaves the repository.
                (Method::Post, ["super-squash", branch], Some(_)) if user.is_some() => {
                    let mut body = String::new();
                    let _ = request.as_reader().read_to_string(&mut body);
                    let body: Value = serde_json::from_str(&body).unwrap_or_default();
                    let message = body["message"]
                        .as_str()
                        .unwrap_or("Super-squash branch")
                        .to_string();
                    let dir = repo_dir(root, owner, name);
                    let branch_ref = format!("refs/heads/{branch}");
                    let tree = git(
                        &dir,
                        &["rev-parse", &format!("{branch_ref}^{{tree}}")],
                        None,
                    );
                    let squashed = git(&dir, &["commit-tree", &tree, "-m", &message], None);
                    git(&dir, &["update-ref", &branch_ref, &squashed], None);
                    git(&dir, &["reflog", "expire", "--expire=now", "--all"], None);
                    git(&dir, &["gc", "--quiet", "--prune=now"], None);
                    state.lock().unwrap().squashes += 1;
                    json_response(200, &json!({"success": true}))
                }
                (Method::Post, [call @ ("preupload" | "paths-info" | "commit"), rev], Some(_))
                    if user.is_some() =>
                {
                    let mut body = Vec::new();
                    let _ = request.as_reader().read_to_end(&mut body);
                    let dir = repo_dir(root, owner, name);
                    let response = match *call {
                        "preupload" => preupload(&body),
                        "paths-info" => paths_info(&dir, rev, &body, accepts_gzip(&request)),
                        _ => commit_api(&dir, rev, &body),
                    };
                    let mut state = state.lock().unwrap();
                    state.api_received_bytes += body.len() as u64;
                    state.sent_bytes += response.data_length().unwrap_or(0) as u64;
                    if *call == "commit" && response.status_code().0 == 200 {
                        state.api_commits += 1;
                    }
                    response
                }
                (Method::Get, ["commits", rev], Some(_)) => {
                    let response =
                        commit_list(&repo_dir(root, owner, name), rev, accepts_gzip(&request));
                    state.lock().unwrap().sent_bytes += response.data_length().unwrap_or(0) as u64;
                    response
                }
                (Method::Put, ["settings"], Some(_)) => {
                    let mut body = String::new();
                    let _ = request.as_reader().read_to_string(&mut body);
                    let body: Value = serde_json::from_str(&body).unwrap_or_default();
                    let private = body["private"]
                        .as_bool()
                        .or_else(|| body["visibility"].as_str().map(|v| v == "private"));
                    match private {
                        Some(p) => {
                            state.lock().unwrap().private.insert(id, p);
                            json_response(200, &json!({}))
                        }
                        None => json_response(400, &json!({"error": "bad settings"})),
                    }
                }
                _ => json_response(404, &json!({"error": "not found"})),
            }
        }
        (Method::Post, ["datasets", _, _, "info", "lfs", "objects", "batch"]) if user.is_some() => {
            let mut body = String::new();
            let _ = request.as_reader().read_to_string(&mut body);
            let body: Value = serde_json::from_str(&body).unwrap_or_default();
            let base = state.lock().unwrap().url.clone();
            let objects: Vec<Value> = body["objects"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|o| {
                    let oid = o["oid"].as_str().unwrap_or("").to_string();
                    if root.join("lfs").join(&oid).exists() {
                        json!({"oid": oid, "size": o["size"]})
                    } else {
                        json!({"oid": oid, "size": o["size"], "actions": {
                            "upload": {"href": format!("{base}/lfs-upload/{oid}")},
                            "verify": {"href": format!("{base}/lfs-verify")},
                        }})
                    }
                })
                .collect();
            json_response(200, &json!({"transfer": "basic", "objects": objects}))
        }
        (Method::Put, ["lfs-upload", oid]) if user.is_some() => {
            use sha2::{Digest, Sha256};
            let mut body = Vec::new();
            let _ = request.as_reader().read_to_end(&mut body);
            if format!("{:x}", Sha256::digest(&body)) == *oid {
                std::fs::create_dir_all(root.join("lfs")).unwrap();
                std::fs::write(root.join("lfs").join(oid), &body).unwrap();
                json_response(200, &json!({}))
            } else {
                json_response(422, &json!({"error": "content does not match its oid"}))
            }
        }
        (Method::Post, ["lfs-verify"]) if user.is_some() => {
            let mut body = String::new();
            let _ = request.as_reader().read_to_string(&mut body);
            let body: Value = serde_json::from_str(&body).unwrap_or_default();
            let oid = body["oid"].as_str().unwrap_or("");
            if !oid.is_empty() && root.join("lfs").join(oid).exists() {
                json_response(200, &json!({}))
            } else {
                json_response(404, &json!({"error": "object not found"}))
            }
        }
        (Method::Get, ["datasets", owner, name, "raw", rev, file @ ..]) if user.is_some() => {
            let file = percent_decode(&file.join("/"));
            let spec = format!("{rev}:{file}");
            match git_try(&repo_dir(root, owner, name), &["cat-file", "blob", &spec]) {
                Some(data) => {
                    let mut state = state.lock().unwrap();
                    state.sent_bytes += data.len() as u64;
                    state.raw_reads.push(file);
                    Response::from_data(data)
                }
                None => json_response(404, &json!({"error": "Entry not found"})),
            }
        }
        (_, ["datasets", owner, name, ..]) => {
            let name = name.trim_end_matches(".git");
            if user.is_none() {
                let _ = request.respond(
                    Response::from_string("Unauthorized")
                        .with_status_code(401)
                        .with_header(
                            Header::from_bytes("WWW-Authenticate", "Basic realm=\"test hub\"")
                                .unwrap(),
                        ),
                );
                return;
            }
            if !repo_dir(root, owner, name).exists() {
                json_response(404, &json!({"error": "Repository not found"}))
            } else {
                return git_http_backend(
                    request,
                    state,
                    root,
                    owner,
                    name,
                    user.as_deref().unwrap(),
                );
            }
        }
        _ => json_response(404, &json!({"error": "not found"})),
    };
    let _ = request.respond(response);
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Hand a git request to `git http-backend` as CGI.
fn git_http_backend(
    mut request: Request,
    state: &Mutex<State>,
    root: &Path,
    owner: &str,
    name: &str,
    user: &str,
) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let tail = path.split(&format!("/{name}")).nth(1).unwrap_or("");
    let tail = tail.strip_prefix(".git").unwrap_or(tail);
    let path_info = format!("/datasets/{owner}/{name}.git{tail}");
    let mut body = Vec::new();
    let _ = request.as_reader().read_to_end(&mut body);
    if path.ends_with("git-receive-pack") {
        state
            .lock()
            .unwrap()
            .receive_pack_bytes
            .push(body.len() as u64);
    }
    let mut cmd = Command::new("git");
    cmd.arg("http-backend")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_PROJECT_ROOT", root)
        .env("GIT_HTTP_EXPORT_ALL", "1")
        .env("PATH_INFO", &path_info)
        .env("QUERY_STRING", query)
        .env("REQUEST_METHOD", request.method().as_str())
        .env("REMOTE_USER", user)
        .env("REMOTE_ADDR", "127.0.0.1")
        .env("CONTENT_LENGTH", body.len().to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(content_type) = header(&request, "Content-Type") {
        cmd.env("CONTENT_TYPE", content_type);
    }
    if let Some(encoding) = header(&request, "Content-Encoding") {
        cmd.env("HTTP_CONTENT_ENCODING", encoding);
    }
    if let Some(protocol) = header(&request, "Git-Protocol") {
        cmd.env("GIT_PROTOCOL", protocol);
    }
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&body);
    });
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    let split = out
        .stdout
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, 4))
        .or_else(|| {
            out.stdout
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|p| (p, 2))
        });
    let Some((end, gap)) = split else {
        let _ = request.respond(Response::from_string("bad CGI answer").with_status_code(500));
        return;
    };
    state.lock().unwrap().sent_bytes += (out.stdout.len() - end - gap) as u64;
    let head = String::from_utf8_lossy(&out.stdout[..end]).to_string();
    let mut response = Response::from_data(out.stdout[end + gap..].to_vec());
    for line in head.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if key.eq_ignore_ascii_case("Status") {
            let code = value
                .trim()
                .split(' ')
                .next()
                .and_then(|c| c.parse().ok())
                .unwrap_or(500);
            response = response.with_status_code(code);
        } else {
            response = response.with_header(Header::from_bytes(key.trim(), value.trim()).unwrap());
        }
    }
    let _ = request.respond(response);
}
