//! `traces log`, `show`, `status`, `init` and the error paths of the CLI.

use crate::support::*;

#[test]
fn log_and_status_describe_the_store() {
    let env = TestEnv::new();
    let dir = env.inputs();
    write_json(&dir.join("a.json"), &ml_session("a", 1));
    env.commit(&[&dir]).success();
    write_json(&dir.join("b.json"), &ml_session("b", 1));
    env.commit(&[&dir]).success();

    let log = env.run(&["log", "--json"]).success().json();
    let commits = log.as_array().unwrap();
    assert_eq!(commits.len(), 2);
    assert_eq!(commits[0]["message"], "Add 1 session\n");
    assert_eq!(commits[0]["time"], FIXED_NOW);
    assert_eq!(commits[0]["author"]["email"], "test@example.com");
    assert_eq!(
        commits[0]["id"].as_str().unwrap(),
        env.git(&["rev-parse", "claude-code"]).trim()
    );

    let limited = env.run(&["log", "-n", "1", "--branch", "row"]).success();
    assert_eq!(limited.stdout.lines().count(), 1);
    assert!(limited.stdout.contains("Add 1 session"));

    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["store"], env.store().display().to_string());
    assert_eq!(status["branches"][0]["branch"], "claude-code");
    assert_eq!(status["branches"][0]["sessions"], 2);
    assert_eq!(status["branches"][1]["sessions"], 2);
    let human = env.run(&["status"]).success().stdout;
    assert!(human.contains("claude-code       2 sessions"), "{human}");
}

#[test]
fn show_of_an_unknown_session_fails_with_a_hint() {
    let env = TestEnv::new();
    let input = env.inputs().join("a.json");
    write_json(&input, &ml_session("a", 1));
    env.commit(&[&input]).success();
    let run = env.run(&["show", "nope"]).code(1);
    assert!(
        run.stderr
            .starts_with("error: no session nope on branch claude-code\nhint: "),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn read_commands_on_a_missing_store_answer_with_the_defaults() {
    let env = TestEnv::new();
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["store"], env.store().display().to_string());
    assert_eq!(status["exists"], false);
    for branch in status["branches"].as_array().unwrap() {
        assert_eq!(branch["sessions"], 0, "{status}");
        assert!(branch["last_commit"].is_null(), "{status}");
    }
    let names: Vec<&str> = status["remotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["personal", "org"]);
    assert!(
        env.run(&["status"])
            .success()
            .stdout
            .contains("(not created yet)")
    );

    let remotes = env.run(&["remote", "list", "--json"]).success().json();
    assert_eq!(remotes[0]["name"], "personal");
    assert_eq!(
        remotes[1]["url"],
        "hf://datasets/smolagents/ml-intern-sessions"
    );
    assert_eq!(
        env.run(&["log", "--json"]).success().json(),
        serde_json::json!([])
    );
    let settings = env.run(&["config", "list", "--json"]).success().json();
    assert!(
        settings
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["key"] == "share_traces")
    );
    assert_eq!(
        env.run(&["config", "get", "push_attempts"])
            .success()
            .stdout,
        "5\n"
    );

    // `show` has nothing to show: still an error, with the hint to create the store.
    let run = env.run(&["show", "x"]).code(1);
    assert!(
        run.stderr.starts_with("error: no store at "),
        "{}",
        run.stderr
    );
    assert!(
        !env.store().exists(),
        "read commands never create the store"
    );

    // Writes create it.
    env.run(&["remote", "add", "backup", "/tmp/nowhere.git"])
        .success();
    assert!(env.store().exists());
}

#[test]
fn init_creates_a_valid_empty_store_once() {
    let env = TestEnv::new();
    let run = env.run(&["init"]).success();
    assert!(run.stderr.contains("created an empty store at"));
    env.assert_fsck_clean();
    let again = env.run(&["init"]).success();
    assert!(again.stderr.contains("a store already exists at"));
    let status = env.run(&["status", "--json"]).success().json();
    assert_eq!(status["branches"][0]["sessions"], 0);
}

#[test]
fn the_default_store_follows_xdg_then_home() {
    let env = TestEnv::new();
    let input = env.inputs().join("a.json");
    write_json(&input, &ml_session("a", 1));
    let xdg = env.dir.path().join("xdg");
    let mut cmd = env.traces();
    cmd.env_remove("TRACES_HOME")
        .env("XDG_DATA_HOME", &xdg)
        .arg("commit")
        .arg(&input);
    Run::from(cmd.output().unwrap()).success();
    assert!(xdg.join("traces/HEAD").exists());

    let mut cmd = env.traces();
    cmd.env_remove("TRACES_HOME").arg("commit").arg(&input);
    Run::from(cmd.output().unwrap()).success();
    assert!(env.home().join(".local/share/traces/HEAD").exists());

    let other = env.dir.path().join("flag-store");
    env.run(&["--store", other.to_str().unwrap(), "init"])
        .success();
    assert!(other.join("HEAD").exists());
}

#[test]
fn usage_errors_exit_2() {
    let env = TestEnv::new();
    env.run(&["commit"]).code(2);
    env.run(&["log", "--branch", "main"]).code(2);
    env.run(&["no-such-command"]).code(2);
    let bad_clock = {
        let input = env.inputs().join("a.json");
        write_json(&input, &ml_session("a", 1));
        let mut cmd = env.traces();
        cmd.env("TRACES_NOW", "tomorrow").arg("commit").arg(&input);
        Run::from(cmd.output().unwrap())
    };
    let bad_clock = bad_clock.code(2);
    assert!(
        bad_clock.stderr.contains("TRACES_NOW"),
        "{}",
        bad_clock.stderr
    );
}
