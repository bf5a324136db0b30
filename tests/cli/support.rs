//! The test environment: temporary directories, running `traces` and `git`, session builders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub(crate) const FIXED_NOW: &str = "2025-06-02T12:00:00+02:00";

pub(crate) struct TestEnv {
    pub dir: tempfile::TempDir,
}

impl TestEnv {
    pub(crate) fn new() -> TestEnv {
        let env = TestEnv {
            dir: tempfile::tempdir().expect("temporary directory"),
        };
        std::fs::create_dir_all(env.home()).unwrap();
        env
    }

    pub(crate) fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    pub(crate) fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// Turn the store's packs into loose objects (as stores written before packs hold them), so
    /// a test can damage or remove one object's file.
    pub(crate) fn unpack_objects(&self) {
        let pack_dir = self.store().join("objects/pack");
        for entry in std::fs::read_dir(&pack_dir).unwrap().flatten() {
            let pack = entry.path();
            if pack.extension().is_none_or(|e| e != "pack") {
                continue;
            }
            let bytes = std::fs::read(&pack).unwrap();
            std::fs::remove_file(pack.with_extension("idx")).unwrap();
            std::fs::remove_file(&pack).unwrap();
            let status = Command::new("git")
                .arg("--git-dir")
                .arg(self.store())
                .args(["unpack-objects", "-q"])
                .stdin(std::process::Stdio::piped())
                .spawn()
                .and_then(|mut child| {
                    use std::io::Write as _;
                    child.stdin.take().unwrap().write_all(&bytes)?;
                    child.wait()
                })
                .unwrap();
            assert!(status.success(), "git unpack-objects");
        }
    }

    pub(crate) fn inputs(&self) -> PathBuf {
        let dir = self.dir.path().join("inputs");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// `traces` with a clean environment, the test store and a fixed clock and author.
    pub(crate) fn traces(&self) -> Command {
        self.command(env!("CARGO_BIN_EXE_traces"))
    }

    /// Any program with the same hermetic environment as [`TestEnv::traces`].
    pub(crate) fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .env("HOME", self.home())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TRACES_HOME", self.store())
            .env("TRACES_NOW", FIXED_NOW)
            .env("TRACES_AUTHOR_NAME", "Test Author")
            .env("TRACES_AUTHOR_EMAIL", "test@example.com")
            .current_dir(self.dir.path());
        cmd
    }

    pub(crate) fn run(&self, args: &[&str]) -> Run {
        Run::from(self.traces().args(args).output().expect("run traces"))
    }

    pub(crate) fn commit(&self, paths: &[&Path]) -> Run {
        let mut cmd = self.traces();
        cmd.arg("commit").args(paths);
        Run::from(cmd.output().expect("run traces commit"))
    }

    /// The remote's tip as the store recorded it after the last successful push, with a
    /// newline like [`git`]'s output.
    pub(crate) fn recorded_remote_tip(&self, remote: &str) -> String {
        let file = self.store().join(format!("traces/remotes/{remote}.json"));
        let state: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        format!("{}\n", state["remote_tip"].as_str().unwrap_or(""))
    }

    /// Run git against the store; panics when git fails.
    pub(crate) fn git(&self, args: &[&str]) -> String {
        git(&self.store(), args)
    }

    pub(crate) fn assert_fsck_clean(&self) {
        assert_fsck_clean(&self.store());
    }

    pub(crate) fn object_count(&self) -> usize {
        object_count(&self.store())
    }
}

pub(crate) fn git(git_dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Lossy: `cat-file --batch` prints binary tree objects.
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn assert_fsck_clean(git_dir: &Path) {
    let out = Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args(["fsck", "--strict", "--no-progress"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git fsck runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && !stderr.contains("error") && !stdout.contains("missing"),
        "git fsck --strict failed:\n{stdout}\n{stderr}"
    );
}

/// Loose and packed objects in a repository, as `git count-objects` sees them.
pub(crate) fn object_count(git_dir: &Path) -> usize {
    let text = git(git_dir, &["count-objects", "-v"]);
    text.lines()
        .filter_map(|l| l.split_once(": "))
        .filter(|(k, _)| *k == "count" || *k == "in-pack")
        .map(|(_, v)| v.trim().parse::<usize>().unwrap())
        .sum()
}

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    pub(crate) fn success(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub(crate) fn code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "unexpected exit code\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
}

/// A fake secret assembled at run time, so no secret-shaped literal sits in the repository.
pub(crate) fn fake_secret(prefix: &str, len: usize) -> String {
    let alphabet = "Zq7Xw3Rt9Lm2Np5Ks8Jd4Hf6Gb1Vc0Ya";
    let body: String = alphabet.chars().cycle().take(len).collect();
    format!("{prefix}{body}")
}

/// A realistic ml-intern session with `turns` user/assistant/tool rounds.
pub(crate) fn ml_session(session_id: &str, turns: usize) -> Value {
    let mut messages =
        vec![json!({"role": "system", "content": "You are a helpful ML engineering agent."})];
    for turn in 0..turns {
        messages.push(json!({
            "role": "user",
            "content": format!("Step {turn}: inspect the training logs and report the loss."),
            "timestamp": format!("2025-06-01T10:{:02}:00+02:00", turn % 60),
        }));
        messages.push(json!({
            "role": "assistant",
            "content": format!("Looking at run {turn}."),
            "tool_calls": [{
                "id": format!("call_{turn}"),
                "type": "function",
                "function": {"name": "bash", "arguments": format!("{{\"command\": \"tail -n 20 logs/run_{turn}.txt\"}}")},
            }],
            "timestamp": format!("2025-06-01T10:{:02}:05+02:00", turn % 60),
        }));
        messages.push(json!({
            "role": "tool",
            "tool_call_id": format!("call_{turn}"),
            "name": "bash",
            "content": format!("epoch {turn} loss=0.{turn:03}"),
        }));
    }
    json!({
        "session_id": session_id,
        "user_id": "user-1",
        "hf_username": "alice",
        "session_start_time": "2025-06-01T10:00:00+02:00",
        "session_end_time": "2025-06-01T11:00:00+02:00",
        "last_save_time": "2025-06-01T11:00:00+02:00",
        "model_name": "anthropic/claude-sonnet-4",
        "total_cost_usd": 0.25,
        "usage_metrics": {"input_tokens": 1000 * turns, "output_tokens": 100 * turns},
        "messages": messages,
        "events": [{"event_type": "llm_call", "data": {"cost_usd": 0.01}}],
        "tools": [{"name": "bash", "description": "Run a shell command"}],
        "upload_status": "pending",
        "personal_upload_status": "pending",
    })
}

/// Commit one small ml-intern session (`a`) into the test store.
pub(crate) fn commit_one(env: &TestEnv) {
    let input = env.inputs().join("a.json");
    write_json(&input, &ml_session("a", 2));
    env.commit(&[&input]).success();
}

pub(crate) fn write_json(path: &Path, value: &Value) {
    std::fs::write(path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
}

/// Session file paths on a branch of the store.
pub(crate) fn tree_paths(git_dir: &Path, branch: &str) -> Vec<String> {
    git(git_dir, &["ls-tree", "-r", "--name-only", branch])
        .lines()
        .map(str::to_string)
        .collect()
}

/// A store whose only remote is a local bare repository.
pub(crate) fn with_backup(env: &TestEnv) -> PathBuf {
    let backup = env.dir.path().join("backup.git");
    env.run(&["init"]).success();
    for name in ["personal", "org"] {
        env.run(&["remote", "remove", name]).success();
    }
    env.run(&["remote", "add", "backup", backup.to_str().unwrap()])
        .success();
    backup
}

pub(crate) fn remote_files(repo: &Path) -> Vec<String> {
    let listing = std::process::Command::new("git")
        .arg("--git-dir")
        .arg(repo)
        .args(["ls-tree", "-r", "--name-only", "main"])
        .output()
        .unwrap();
    String::from_utf8(listing.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("sessions/"))
        .map(str::to_string)
        .collect()
}

pub(crate) fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A file under `tests/fixtures/`.
pub(crate) fn fixture_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `traces source add DIR --format FORMAT`.
pub(crate) fn add_source(env: &TestEnv, dir: &Path, format: &str) {
    env.run(&["source", "add", dir.to_str().unwrap(), "--format", format])
        .success();
}
