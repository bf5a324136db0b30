//! `traces login` / `logout` / `whoami` without a keyring (the real Secret Service test is
//! its own test binary, `tests/keyring`), and `traces visibility` against the test hub.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::hub::TestHub;
use crate::support::*;

const TOKEN: &str = "hf_test_keyring_token_abcdefghijklmnop";

#[test]
fn without_a_session_bus_login_fails_fast_and_insecure_storage_works() {
    let hub = TestHub::start();
    hub.add_user("alice", TOKEN);
    let env = TestEnv::new();
    commit_one(&env);
    let login = |extra: &[&str]| {
        let started = Instant::now();
        let mut child = env
            .traces()
            .env("HF_ENDPOINT", &hub.url)
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/traces-test-bus",
            )
            .args(["login", "--token-stdin"])
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(TOKEN.as_bytes())
            .unwrap();
        // A hang is a failure: give up on the process after 10 s.
        while child.try_wait().unwrap().is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "login hangs without a keyring"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Run::from(child.wait_with_output().unwrap())
    };
    let refused = login(&[]).code(1);
    assert!(
        refused
            .stderr
            .contains("could not store the token: the OS keyring is not available"),
        "{}",
        refused.stderr
    );
    assert!(
        refused
            .stderr
            .contains("hint: use `traces login --insecure-storage`"),
        "{}",
        refused.stderr
    );

    let stored = login(&["--insecure-storage"]).success();
    assert!(stored.stderr.contains("(mode 0600)"), "{}", stored.stderr);
    let file = env
        .home()
        .join(".config/traces/tokens/alice@traces_127.0.0.1");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), TOKEN);

    let mut whoami = env.traces();
    whoami
        .env("HF_ENDPOINT", &hub.url)
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/traces-test-bus",
        )
        .args(["whoami", "--json"]);
    let who = Run::from(whoami.output().unwrap()).success().json();
    assert!(
        who["source"]
            .as_str()
            .unwrap()
            .contains("--insecure-storage"),
        "{who}"
    );
    let mut logout = env.traces();
    logout.env("HF_ENDPOINT", &hub.url).arg("logout");
    Run::from(logout.output().unwrap()).success();
    assert!(!file.exists());
}

fn plant_secret(repo: &Path, work: &Path) -> String {
    let secret = fake_secret("hf_", 34);
    let clone = work.join("plant");
    let git_in = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&clone)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "x")
            .env("GIT_AUTHOR_EMAIL", "x@example.com")
            .env("GIT_COMMITTER_NAME", "x")
            .env("GIT_COMMITTER_EMAIL", "x@example.com")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let out = std::process::Command::new("git")
        .arg("clone")
        .arg("-q")
        .arg(repo)
        .arg(&clone)
        .output()
        .unwrap();
    assert!(out.status.success());
    let line = serde_json::json!({"type": "user", "sessionId": "planted", "message": {"role": "user", "content": format!("my key is {secret}")}});
    std::fs::write(
        clone.join("sessions/2025-06-01/planted.jsonl"),
        format!("{line}\n"),
    )
    .unwrap();
    git_in(&["add", "-A"]);
    git_in(&["commit", "-q", "-m", "someone else pushed"]);
    git_in(&["push", "-q", "origin", "HEAD:main"]);
    secret
}

#[test]
fn visibility_round_trip_and_the_public_check() {
    let hub = TestHub::start();
    hub.add_user("alice", TOKEN);
    let env = TestEnv::new();
    commit_one(&env);
    let run = |args: &[&str]| {
        let mut cmd = env.traces();
        cmd.env("HF_ENDPOINT", &hub.url)
            .env("HF_TOKEN", TOKEN)
            .args(args);
        Run::from(cmd.stdin(Stdio::null()).output().unwrap())
    };
    run(&["push", "personal"]).success();
    let url = format!("{}/datasets/alice/ml-intern-sessions", hub.url);
    assert_eq!(
        run(&["visibility"]).success().stdout,
        format!("{url}: private\n")
    );
    assert_eq!(
        run(&["visibility", "public"]).success().stdout,
        format!("{url}: public\n")
    );
    assert_eq!(hub.is_private("alice", "ml-intern-sessions"), Some(false));
    run(&["visibility", "private"]).success();
    run(&["visibility", "private"]).success();
    assert_eq!(hub.is_private("alice", "ml-intern-sessions"), Some(true));
    assert_eq!(
        run(&["visibility", "--json"]).success().json()["visibility"],
        "private"
    );

    let secret = plant_secret(
        &hub.repo_path("alice", "ml-intern-sessions"),
        env.dir.path(),
    );
    // `traces scan --remote` sees what the public check sees.
    let scan = run(&["scan", "--remote", "personal"]).code(1);
    assert!(
        scan.stdout
            .contains("sessions/2025-06-01/planted.jsonl:1: hf-token at $.message.content"),
        "{}",
        scan.stdout
    );
    assert!(!scan.stdout.contains(&secret) && !scan.stderr.contains(&secret));
    let refused = run(&["visibility", "public"]).code(1);
    assert!(
        refused
            .stderr
            .contains("sessions/2025-06-01/planted.jsonl: hf-token (1)"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("error: refusing to make"),
        "{}",
        refused.stderr
    );
    assert!(!refused.stderr.contains(&secret) && !refused.stdout.contains(&secret));
    assert_eq!(
        hub.is_private("alice", "ml-intern-sessions"),
        Some(true),
        "nothing changed"
    );
    run(&["visibility", "public", "--force"]).code(2);
    assert_eq!(hub.is_private("alice", "ml-intern-sessions"), Some(true));
    run(&["visibility", "public", "--force", "--yes"]).success();
    assert_eq!(hub.is_private("alice", "ml-intern-sessions"), Some(false));
}

#[test]
fn visibility_creates_a_missing_dataset_private_first() {
    let hub = TestHub::start();
    hub.add_user("alice", TOKEN);
    let env = TestEnv::new();
    env.run(&["init"]).success();
    let mut cmd = env.traces();
    cmd.env("HF_ENDPOINT", &hub.url)
        .env("HF_TOKEN", TOKEN)
        .args(["visibility", "private"]);
    let run = Run::from(cmd.output().unwrap()).success();
    assert!(run.stderr.contains("(private)"), "{}", run.stderr);
    assert_eq!(hub.is_private("alice", "ml-intern-sessions"), Some(true));
}
