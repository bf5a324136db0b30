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
fn read_commands_on_a_missing_store_suggest_init() {
    let env = TestEnv::new();
    for args in [&["status"][..], &["log"], &["show", "x"]] {
        let run = env.run(args).code(1);
        assert!(
            run.stderr.starts_with("error: no store at "),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("hint: create it with `traces init`"),
            "{}",
            run.stderr
        );
    }
    assert!(
        !env.store().exists(),
        "read commands never create the store"
    );
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
