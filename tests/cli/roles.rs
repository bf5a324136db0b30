//! A remote's role and token chain live in its config: what a remote is for never depends on
//! its name.

use crate::hub::TestHub;
use crate::support::*;

const BOT_TOKEN: &str = "hf_test_role_bot_token_0123456789abcdef";
const OTHER_TOKEN: &str = "hf_test_role_unknown_token_0123456789ab";

fn with_hub(env: &TestEnv, hub: &TestHub, args: &[&str], extra: &[(&str, &str)]) -> Run {
    let mut cmd = env.traces();
    cmd.env("HF_ENDPOINT", &hub.url).args(args);
    for (k, v) in extra {
        cmd.env(k, v);
    }
    Run::from(cmd.output().unwrap())
}

fn commit_one(env: &TestEnv) {
    write_json(&env.inputs().join("a.json"), &ml_session("a", 3));
    env.commit(&[&env.inputs()]).success();
}

fn remote<'a>(list: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no remote {name} in {list}"))
}

#[test]
fn the_default_remotes_carry_their_role_and_token_chain_in_the_config() {
    let env = TestEnv::new();
    env.run(&["init"]).success();
    assert_eq!(env.git(&["config", "remote.org.role"]).trim(), "org");
    assert_eq!(
        env.git(&["config", "remote.org.token"]).trim(),
        "HF_SESSION_UPLOAD_TOKEN HF_TOKEN HF_ADMIN_TOKEN HUGGING_FACE_HUB_TOKEN login hf-cache"
    );
    assert_eq!(
        env.git(&["config", "remote.personal.role"]).trim(),
        "personal"
    );
    let list = env.run(&["remote", "list", "--json"]).success().json();
    assert_eq!(remote(&list, "personal")["role"], "personal");
    assert_eq!(
        remote(&list, "personal")["token_chain"],
        "HF_TOKEN HUGGING_FACE_HUB_TOKEN login hf-cache"
    );
    assert_eq!(remote(&list, "org")["role"], "org");

    // A store written before roles were stored: the defaults are known by their names.
    for key in ["role", "token"] {
        for name in ["org", "personal"] {
            env.git(&["config", "--unset", &format!("remote.{name}.{key}")]);
        }
    }
    let old = env.run(&["remote", "list", "--json"]).success().json();
    assert_eq!(old, list);

    env.run(&["remote", "add", "backup", "/srv/none.git"])
        .success();
    let list = env.run(&["remote", "list", "--json"]).success().json();
    assert_eq!(remote(&list, "backup")["role"], "none");
    assert_eq!(env.git(&["config", "remote.backup.role"]).trim(), "none");

    // A value that is not a role names the remote and the value, and changes nothing.
    env.git(&["config", "remote.backup.role", "boss"]);
    let run = env.run(&["remote", "list", "--json"]).code(1);
    assert!(
        run.stderr.contains("remote backup: unknown role \"boss\""),
        "{}",
        run.stderr
    );
    let run = env
        .run(&["remote", "add", "x", "/srv/x.git", "--token-chain", "$HOME"])
        .code(2);
    assert!(run.stderr.contains("token chain"), "{}", run.stderr);
}

#[test]
fn a_remote_with_role_org_under_another_name_reads_the_org_chain() {
    let hub = TestHub::start();
    hub.add_user("bot", BOT_TOKEN);
    hub.create_repo("team", "shared", true);
    hub.create_repo("team", "plain", true);
    let env = TestEnv::new();
    commit_one(&env);
    let url = "hf://datasets/team/shared";
    env.run(&[
        "remote", "add", "shared", url, "--format", "row", "--role", "org",
    ])
    .success();
    env.run(&["remote", "add", "plain", "hf://datasets/team/plain"])
        .success();
    // HF_TOKEN is refused by this hub; the org chain asks HF_SESSION_UPLOAD_TOKEN first.
    let tokens = [
        ("HF_TOKEN", OTHER_TOKEN),
        ("HF_SESSION_UPLOAD_TOKEN", BOT_TOKEN),
    ];
    let run = with_hub(&env, &hub, &["push", "shared", "-v"], &tokens).success();
    assert!(
        run.stderr
            .contains("shared: token from $HF_SESSION_UPLOAD_TOKEN"),
        "{}",
        run.stderr
    );
    assert_eq!(
        git(
            &hub.repo_path("team", "shared"),
            &["show", "main:sessions/2025-06-01/a.jsonl"]
        ),
        env.git(&["show", "row:sessions/2025-06-01/a.jsonl"])
    );
    // A remote without a role reads the user's own chain: HF_TOKEN, refused.
    let run = with_hub(&env, &hub, &["push", "plain"], &tokens).code(1);
    assert!(
        run.stderr.contains("error: push to plain failed"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_remote_with_role_personal_is_gated_by_share_traces_and_a_chain_can_be_chosen() {
    let hub = TestHub::start();
    hub.add_user("bot", BOT_TOKEN);
    hub.create_repo("bot", "mine", true);
    let env = TestEnv::new();
    commit_one(&env);
    env.run(&[
        "remote",
        "add",
        "mine",
        "hf://datasets/bot/mine",
        "--role",
        "personal",
        "--token-chain",
        "MY_UPLOAD_TOKEN",
    ])
    .success();
    env.run(&["config", "set", "share_traces", "false"])
        .success();
    let run = with_hub(
        &env,
        &hub,
        &["push", "mine"],
        &[("MY_UPLOAD_TOKEN", BOT_TOKEN)],
    )
    .success();
    assert!(
        run.stderr.contains("mine: skipped: sharing is turned off"),
        "{}",
        run.stderr
    );
    env.run(&["config", "set", "share_traces", "true"])
        .success();
    // Its chain is only MY_UPLOAD_TOKEN: HF_TOKEN is not asked, so it is skipped for want
    // of the user's token.
    let run = with_hub(&env, &hub, &["push", "mine"], &[("HF_TOKEN", BOT_TOKEN)]).success();
    assert!(
        run.stderr.contains("mine: skipped: no Hugging Face token"),
        "{}",
        run.stderr
    );
    let run = with_hub(
        &env,
        &hub,
        &["push", "mine", "-v"],
        &[("MY_UPLOAD_TOKEN", BOT_TOKEN)],
    )
    .success();
    assert!(
        run.stderr.contains("mine: token from $MY_UPLOAD_TOKEN"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(BOT_TOKEN));
}

#[test]
fn a_pasted_token_as_chain_is_refused_and_stored_and_printed_nowhere() {
    let env = TestEnv::new();
    let token = "hf_PastedByMistake0123456789abcdefXYZ";
    let run = env
        .run(&[
            "remote",
            "add",
            "mine",
            "hf://datasets/alice/sessions",
            "--token-chain",
            token,
        ])
        .code(2);
    assert!(run.stderr.contains("looks like a token"), "{}", run.stderr);
    assert!(!run.stderr.contains(token) && !run.stdout.contains(token));
    if env.store().exists() {
        let config = std::fs::read_to_string(env.store().join("config")).unwrap();
        assert!(!config.contains(token), "{config}");
    }
    let list = env.run(&["remote", "list", "--json"]).success();
    assert!(!list.stdout.contains(token));
    assert!(!list.stdout.contains("\"mine\""), "{}", list.stdout);
}

#[test]
fn what_a_custom_chain_variable_holds_is_redacted_like_any_token() {
    let env = TestEnv::new();
    env.run(&[
        "remote",
        "add",
        "mine",
        "hf://datasets/alice/sessions",
        "--token-chain",
        "UPLOAD_CRED login",
    ])
    .success();
    // No vendor shape and no telling name around it: only the chain says it is a token.
    let value = "plain-words-upload-credential-42";
    let mut session = ml_session("cred", 1);
    session["messages"][1]["content"] = format!("I will use {value} to upload.").into();
    write_json(&env.inputs().join("cred.json"), &session);
    let mut cmd = env.traces();
    cmd.args(["commit"])
        .arg(env.inputs())
        .env("UPLOAD_CRED", value);
    Run::from(cmd.output().unwrap()).success();
    let objects = env.git(&["cat-file", "--batch-all-objects", "--batch"]);
    assert!(objects.contains("I will use "), "the session is committed");
    assert!(
        !objects.contains(value),
        "the chain's token reached the store"
    );
}
