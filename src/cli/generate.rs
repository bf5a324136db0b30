//! Files generated from the clap definitions: shell completions, the man page and the
//! markdown CLI reference. They are committed (`completions/`, `docs/traces.1`,
//! `docs/cli.md`) and a test fails when they drift from the CLI.

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;

/// The shells `traces completions` knows, with the file name each one's script is committed as.
pub const SHELLS: [(Shell, &str); 5] = [
    (Shell::Bash, "traces.bash"),
    (Shell::Zsh, "_traces"),
    (Shell::Fish, "traces.fish"),
    (Shell::PowerShell, "_traces.ps1"),
    (Shell::Elvish, "traces.elv"),
];

pub fn completions(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "traces", &mut out);
    out
}

pub fn man_page() -> Vec<u8> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .expect("rendering into memory");
    out
}

/// `docs/cli.md`: every command's `--help`, in order.
pub fn markdown() -> String {
    let mut command = Cli::command();
    command.build();
    let mut out = String::from(
        "# `traces` command reference\n\nGenerated from the CLI definitions; `cargo test` fails when it drifts \
         (`TRACES_UPDATE_GENERATED=1 cargo test --test cli generated` rewrites it).\n\n",
    );
    section(&mut out, &mut command, "traces");
    out
}

fn section(out: &mut String, command: &mut clap::Command, path: &str) {
    let help = command.render_long_help().to_string();
    out.push_str(&format!(
        "## `{path}`\n\n```text\n{}\n```\n\n",
        help.trim_end()
    ));
    let names: Vec<String> = command
        .get_subcommands()
        .filter(|c| c.get_name() != "help")
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let sub = command.find_subcommand_mut(&name).expect("listed above");
        section(out, sub, &format!("{path} {name}"));
    }
}
