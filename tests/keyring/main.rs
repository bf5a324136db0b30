//! `traces login` / `logout` / `whoami` against a real Secret Service: gnome-keyring under
//! `dbus-run-session`, checked with `secret-tool`.
//!
//! A test binary of its own, so the keyring daemon does not start under the load of the CLI
//! suite's parallel tests (a freshly created keyring is slow to come up then).

#[allow(dead_code)]
#[path = "../cli/hub.rs"]
mod hub;
#[allow(dead_code)]
#[path = "../cli/support.rs"]
mod support;

use std::process::Stdio;

use hub::TestHub;
use support::*;

const TOKEN: &str = "hf_test_keyring_token_abcdefghijklmnop";

#[test]
fn login_stores_the_token_in_the_secret_service_and_push_and_whoami_use_it() {
    let hub = TestHub::start();
    hub.add_user("alice", TOKEN);
    let env = TestEnv::new();
    commit_one(&env);
    let out = env.dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // The token reaches the script through the environment and login through stdin.
    let script = r#"
        set -u
        # A fresh keyring home whose default collection is "login" from the start, as on a
        # desktop; --unlock then creates that keyring with a known password.
        mkdir -p "$HOME/.local/share/keyrings"
        printf login >"$HOME/.local/share/keyrings/default"
        # In the foreground the daemon closes its stdout only once it has unlocked the keyring
        # and owns its bus name; daemonized, it returns before that, and an early D-Bus call
        # would start a second daemon through bus activation.
        mkfifo "$HOME/ready"
        (echo -n unlock | gnome-keyring-daemon --foreground --unlock --components=secrets \
            >"$HOME/ready" 2>"$OUT/daemon.err" &)
        cat "$HOME/ready" >/dev/null
        dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
            org.freedesktop.Secret.Service.ReadAlias string:default >"$OUT/alias" 2>&1
        printf '%s' "$TEST_TOKEN" | "$TRACES" login --token-stdin 2>"$OUT/login.err"; echo $? >"$OUT/login.rc"
        secret-tool lookup service traces:127.0.0.1 username alice >"$OUT/lookup" 2>/dev/null
        "$TRACES" whoami --json >"$OUT/whoami.json" 2>"$OUT/whoami.err"
        "$TRACES" push personal -v >"$OUT/push.out" 2>"$OUT/push.err"; echo $? >"$OUT/push.rc"
        "$TRACES" logout 2>"$OUT/logout.err"; echo $? >"$OUT/logout.rc"
        secret-tool lookup service traces:127.0.0.1 username alice >"$OUT/after-logout" 2>/dev/null
        "$TRACES" whoami >/dev/null 2>"$OUT/whoami-after.err"; echo $? >"$OUT/whoami-after.rc"
    "#;
    let status = env
        .command("dbus-run-session")
        .args(["--", "sh", "-c", script])
        .env("TRACES", env!("CARGO_BIN_EXE_traces"))
        .env("TEST_TOKEN", TOKEN)
        .env("OUT", &out)
        .env("HF_ENDPOINT", &hub.url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("dbus-run-session runs (Debian packages dbus, gnome-keyring, libsecret-tools)");
    assert!(status.success());
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap_or_default();
    assert!(
        read("alias").contains("object path \"/org/freedesktop/secrets/collection/login\""),
        "the keyring daemon came up with its login collection as default: {}{}",
        read("alias"),
        read("daemon.err")
    );
    assert_eq!(read("login.rc").trim(), "0", "{}", read("login.err"));
    assert!(
        read("login.err").contains("logged in to"),
        "{}",
        read("login.err")
    );
    assert!(read("login.err").contains(
        "as alice (token role: write); token stored in the OS keyring (service traces:127.0.0.1)"
    ));
    assert_eq!(read("lookup"), TOKEN, "secret-tool sees what login stored");
    let whoami: serde_json::Value =
        serde_json::from_str(&read("whoami.json")).expect("whoami JSON");
    assert_eq!(whoami["user"], "alice");
    assert_eq!(whoami["role"], "write");
    assert_eq!(whoami["orgs"][0], "smolagents");
    assert!(
        whoami["source"]
            .as_str()
            .unwrap()
            .starts_with("the OS keyring (traces:127.0.0.1")
    );
    assert_eq!(read("push.rc").trim(), "0", "{}", read("push.err"));
    assert!(
        read("push.err").contains("personal: token from the OS keyring"),
        "{}",
        read("push.err")
    );
    assert_eq!(read("logout.rc").trim(), "0", "{}", read("logout.err"));
    assert!(read("after-logout").is_empty(), "logout removed the entry");
    assert_eq!(read("whoami-after.rc").trim(), "1");
    for file in [
        "login.err",
        "whoami.json",
        "push.out",
        "push.err",
        "logout.err",
    ] {
        assert!(!read(file).contains(TOKEN), "{file} shows the token");
    }
    assert_eq!(
        git(
            &hub.repo_path("alice", "ml-intern-sessions"),
            &["ls-tree", "-r", "--name-only", "main"]
        )
        .lines()
        .count(),
        3
    );
}
