//! `traces gc`: gather small packs and loose objects into one pack.

use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Context, Io};

/// Gather the store's small packs and loose objects into one pack
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  traces gc
  traces gc --json

Every commit writes its new objects as one pack. gc gathers the loose objects and every pack
under 64 MiB into a single pack, then removes what it replaced; larger packs are left as they
are. The store stays readable (also by plain git) throughout.")]
pub struct Args {
    /// Print the result as JSON on stdout
    #[arg(long)]
    json: bool,
}

pub(super) fn run(
    args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let store = ctx.store()?;
    let summary = store.repack()?;
    if args.json {
        let value = json!({
            "objects": summary.objects,
            "packs_removed": summary.packs_removed,
            "loose_removed": summary.loose_removed,
            "packs_after": summary.packs_after,
            "bytes_before": summary.bytes_before,
            "bytes_after": summary.bytes_after,
        });
        writeln!(io.out, "{value}")?;
    } else if summary.pack.is_none() {
        writeln!(
            io.out,
            "nothing to repack ({} pack(s), no loose objects)",
            summary.packs_after
        )?;
    } else {
        writeln!(
            io.out,
            "packed {} objects from {} pack(s) and {} loose object(s) into one pack \
             ({} -> {} bytes); {} pack(s) now",
            summary.objects,
            summary.packs_removed,
            summary.loose_removed,
            summary.bytes_before,
            summary.bytes_after,
            summary.packs_after
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
