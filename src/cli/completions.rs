//! `traces completions SHELL`: print a shell completion script.

use std::process::ExitCode;

use super::{CommandError, Context, Io};

/// Print the completion script for a shell
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  traces completions bash > ~/.local/share/bash-completion/completions/traces
  traces completions zsh > \"${fpath[1]}/_traces\"
  traces completions fish > ~/.config/fish/completions/traces.fish")]
pub struct Args {
    shell: clap_complete::Shell,
}

pub(super) fn run(
    args: Args,
    _ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    io.out
        .write_all(&super::generate::completions(args.shell))?;
    Ok(ExitCode::SUCCESS)
}
