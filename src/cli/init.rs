//! `traces init`: create the store.

use std::process::ExitCode;

use super::{CommandError, Context, Io};

/// Create an empty store (commit also creates it on first use)
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  traces init --store /tmp/traces-store")]
pub struct Args {}

pub(super) fn run(
    _args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let (store, created) = ctx.store_or_init()?;
    let what = if created {
        "created an empty store at"
    } else {
        "a store already exists at"
    };
    io.note(format!("{what} {}", store.path().display()))?;
    Ok(ExitCode::SUCCESS)
}
