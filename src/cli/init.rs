//! `traces init`: create the store.

use std::path::Path;
use std::process::ExitCode;

use super::{CommandError, Io, open_or_init_store};

/// Create an empty store (commit also creates it on first use)
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  traces init --store /tmp/traces-store")]
pub struct Args {}

pub fn run(_args: Args, store_path: &Path, io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    let (store, created) = open_or_init_store(store_path)?;
    let what = if created {
        "created an empty store at"
    } else {
        "a store already exists at"
    };
    io.note(format!("{what} {}", store.path().display()))?;
    Ok(ExitCode::SUCCESS)
}
