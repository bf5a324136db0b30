//! `traces push [NAME...]`: send committed sessions to remotes.

use std::process::ExitCode;

use super::report::{PushRun, any_failed, outcomes_json, push_remotes};
use super::{CommandError, Context, Io};
use crate::push;

/// Push committed sessions to every enabled remote, or to those named
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  traces push                   every enabled remote
  traces push personal
  traces push backup --dry-run  what would be sent
  traces push org --token-env MY_UPLOAD_TOKEN --json

Each push adds one commit on top of the remote's branch `main` holding the sessions committed
since the last successful push. A remote's state moves only after it accepted the push.")]
pub struct Args {
    /// Remotes to push (default: all)
    #[arg(value_name = "NAME", add = super::dynamic::remote())]
    names: Vec<String>,

    /// Show what would be sent without sending it
    #[arg(long)]
    dry_run: bool,

    /// Print the results as JSON on stdout
    #[arg(long)]
    json: bool,

    /// Read the token from this environment variable instead of the usual chain
    #[arg(long, value_name = "VAR")]
    token_env: Option<String>,
}

pub(super) fn run(
    args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let store = ctx.store()?;
    let remotes = push::select(store, &args.names)?;
    let run = PushRun {
        dry_run: args.dry_run,
        json: args.json,
        token_env: args.token_env,
        only_if_new: false,
    };
    let outcomes = push_remotes(ctx, &remotes, &run, io)?;
    if args.json {
        writeln!(io.out, "{}", outcomes_json(&outcomes))?;
    }
    Ok(if any_failed(&outcomes) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
