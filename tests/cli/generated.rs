//! Generated files are committed and must match the CLI: completions, man page, reference.
//! After changing the CLI: `TRACES_UPDATE_GENERATED=1 cargo test --test cli generated`.

use std::path::Path;

use clap::CommandFactory;
use traces::cli::{Cli, generate};

fn check(relative: &str, actual: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("TRACES_UPDATE_GENERATED").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == actual,
        "{relative} is out of date: run TRACES_UPDATE_GENERATED=1 cargo test --test cli generated"
    );
}

#[test]
fn the_cli_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn generated_completions_are_committed() {
    for (shell, file) in generate::SHELLS {
        check(
            &format!("completions/{file}"),
            &generate::completions(shell),
        );
    }
}

#[test]
fn generated_man_page_is_committed() {
    check("docs/traces.1", &generate::man_page());
}

#[test]
fn generated_cli_reference_is_committed() {
    check("docs/cli.md", generate::markdown().as_bytes());
}

#[test]
fn every_command_help_carries_an_example() {
    let mut command = Cli::command();
    command.build();
    let mut missing = Vec::new();
    fn walk(command: &mut clap::Command, path: String, missing: &mut Vec<String>) {
        let help = command.render_long_help().to_string();
        if !help.contains("Example") {
            missing.push(path.clone());
        }
        let names: Vec<String> = command
            .get_subcommands()
            .filter(|c| c.get_name() != "help")
            .map(|c| c.get_name().to_string())
            .collect();
        for name in names {
            // Subcommands of a command group share the group's examples.
            if command.get_name() != "traces" {
                continue;
            }
            let sub = command.find_subcommand_mut(&name).unwrap();
            walk(sub, format!("{path} {name}"), missing);
        }
    }
    walk(&mut command, "traces".into(), &mut missing);
    assert!(missing.is_empty(), "no example in the help of: {missing:?}");
}

#[test]
fn completions_print_for_every_shell() {
    let env = crate::support::TestEnv::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = env.run(&["completions", shell]).success();
        assert!(run.stdout.contains("traces"), "{shell}");
    }
    env.run(&["completions", "tcsh"]).code(2);
}
