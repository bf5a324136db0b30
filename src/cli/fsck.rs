//! `traces fsck [--repair]`: check the store, and rebuild what the sources can rebuild.

use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Context, Io, escape};
use crate::ingest::{self, sources};
use crate::store::{self, Damage, Problem, Store};
use gix::ObjectId;

/// Check the store's objects, refs, input cache and push state; --repair rebuilds from sources
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  traces fsck
  traces fsck --repair
  traces fsck --repair ~/old-session-logs   also rebuild from these paths

Every object reachable from a branch, a remote's state or the push records is read and
checked against its id, and every pack entry against its index. --repair sets damaged objects
aside (traces/lost-found/), rewrites a damaged pack without its damaged entries (the old pack
goes to traces/lost-found/ too), commits the
sources (and PATHs) into a scratch store with the same scrub rules and copies back every
damaged object that comes out the same, drops the input cache, removes temporary files of
killed writers, and says what it could not recover.")]
pub struct Args {
    /// Rebuild what can be rebuilt
    #[arg(long)]
    repair: bool,

    /// Extra session files or directories to rebuild from (besides the sources)
    #[arg(value_name = "PATH", requires = "repair")]
    paths: Vec<std::path::PathBuf>,

    /// Print the result as JSON on stdout
    #[arg(long)]
    json: bool,
}

pub(super) fn run(
    args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let mut fresh: Option<Store> = None;
    let mut store = ctx.store()?;
    let packs_damaged = store.check_packs()?;
    let found = store.check_objects()?;
    let debris = store.debris();
    let mut restored = Vec::new();
    let mut set_aside = Vec::new();
    let mut notes = Vec::new();
    let repairing = !found.is_empty() || !debris.is_empty() || !packs_damaged.is_empty();
    let remaining =
        if args.repair && repairing {
            for damage in &found {
                if let Some(to) = store.set_aside(damage)? {
                    set_aside.push(to);
                }
            }
            if !packs_damaged.is_empty() {
                let moved = store.drop_damaged_pack_entries(&packs_damaged)?;
                for (damage, to) in packs_damaged.iter().zip(&moved) {
                    notes.push(format!(
                    "rewrote a pack without its {} damaged entr{} ({} kept); the old pack is in {}",
                    damage.damaged.len(),
                    if damage.damaged.len() == 1 { "y" } else { "ies" },
                    damage.sound,
                    to.display()
                ));
                }
                // A fresh handle: the old one may still read the packs it had open.
                store = fresh.insert(Store::open(ctx.store_path()?)?);
            }
            // Damaged pack entries no ref reaches still come back when the sources give them.
            let mut lost = found.clone();
            for damage in &packs_damaged {
                for id in &damage.damaged {
                    if !lost.iter().any(|d| d.id == *id) {
                        lost.push(Damage {
                            id: *id,
                            problem: Problem::Corrupt,
                            reached_from: "no ref".into(),
                            file: None,
                        });
                    }
                }
            }
            if !lost.is_empty() {
                restored = rebuild(ctx, store, &lost, &args.paths, io)?;
                // Entries may name what was lost: everything is read again next time.
                let cache = store.state_dir().join("input-cache");
                if cache.exists() {
                    std::fs::remove_dir_all(&cache).map_err(|e| {
                        CommandError::failure(format!("could not remove {}: {e}", cache.display()))
                    })?;
                    notes.push("dropped the input cache: the next commit reads every file".into());
                }
            }
            let removed =
                store::remove_stale_temporaries(&store.path().join("objects")).unwrap_or(0);
            if removed > 0 {
                notes.push(format!(
                    "removed {removed} temporary object file(s) of killed writers"
                ));
            }
            store.check_objects()?
        } else {
            found.clone()
        };
    let debris_left = store.debris();
    // What is damaged in packs and reached from no ref (reached damage is in `found`).
    let unreached_pack_damage: Vec<(String, ObjectId)> = if args.repair {
        Vec::new()
    } else {
        packs_damaged
            .iter()
            .flat_map(|p| {
                p.damaged
                    .iter()
                    .map(move |id| (p.index.display().to_string(), *id))
            })
            .filter(|(_, id)| !found.iter().any(|d| d.id == *id))
            .collect()
    };

    if args.json {
        let damage_json = |d: &Damage| {
            json!({
                "id": d.id.to_string(),
                "problem": problem_name(d.problem),
                "reached_from": d.reached_from,
                "file": d.file.as_ref().map(|f| f.display().to_string()),
            })
        };
        let value = json!({
            "damaged": found.iter().map(damage_json).collect::<Vec<_>>(),
            "restored": restored.iter().map(|id| id.to_string()).collect::<Vec<_>>(),
            "unrecoverable": remaining.iter().map(damage_json).collect::<Vec<_>>(),
            "debris": debris_left.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "damaged_pack_entries": packs_damaged.iter().flat_map(|p| p.damaged.iter().map(|id| json!({
                "pack": p.index.with_extension("pack").display().to_string(),
                "id": id.to_string(),
            }))).collect::<Vec<_>>(),
            "ok": remaining.is_empty() && unreached_pack_damage.is_empty(),
        });
        writeln!(io.out, "{value}")?;
    } else {
        for damage in &found {
            writeln!(io.out, "{}", describe(damage))?;
        }
        for (pack, id) in &unreached_pack_damage {
            writeln!(
                io.out,
                "corrupt object {id} (reached from no ref, in the pack {})",
                escape::name(pack)
            )?;
        }
        for file in &set_aside {
            io.note(format!("set aside {}", file.display()))?;
        }
        for id in &restored {
            io.note(format!("restored {id} from the sources"))?;
        }
        for note in &notes {
            io.note(note)?;
        }
        for path in &debris_left {
            io.note(format!(
                "left by a killed writer (the next commit removes it): {}",
                escape::name(&path.display().to_string())
            ))?;
        }
    }
    if remaining.is_empty() && unreached_pack_damage.is_empty() {
        if !args.json {
            io.note(
                match (found.is_empty() && packs_damaged.is_empty(), args.repair) {
                    (true, _) => "the store is sound".to_string(),
                    (false, true) => "the store is sound again".to_string(),
                    (false, false) => unreachable!("remaining holds what was found"),
                },
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let what = remaining.len() + unreached_pack_damage.len();
    let mut error = CommandError::failure(if args.repair {
        format!("{what} damaged object(s) could not be recovered from the sources")
    } else {
        format!("{what} damaged object(s) in the store")
    });
    if args.repair {
        for damage in &remaining {
            error.causes.push(describe(damage));
        }
        error = error.hint(
            "the sessions under them are not in any source: commit their files again with `traces fsck --repair PATH`",
        );
    } else {
        error = error.hint("`traces fsck --repair` rebuilds what the sources can rebuild");
    }
    Err(error)
}

fn problem_name(problem: Problem) -> &'static str {
    match problem {
        Problem::Missing => "missing",
        Problem::Corrupt => "corrupt",
    }
}

fn describe(damage: &Damage) -> String {
    let file = damage
        .file
        .as_ref()
        .map(|f| format!(", {}", f.display()))
        .unwrap_or_default();
    format!(
        "{} object {} (reached from {}{file})",
        problem_name(damage.problem),
        damage.id,
        damage.reached_from
    )
}

/// Commit the sources and `paths` into a scratch store with this store's scrub rules, and
/// copy back every damaged object that came out the same. Renderings are deterministic, so
/// a session's blob, and a tree whose sessions are all in the sources, get their old ids.
fn rebuild(
    ctx: &Context<'_>,
    store: &Store,
    damaged: &[Damage],
    paths: &[std::path::PathBuf],
    io: &mut Io<'_>,
) -> Result<Vec<gix::ObjectId>, CommandError> {
    let scrubber = ctx.scrubber()?;
    let signature = ctx.signature()?;
    let (mut files, mut rejected) =
        sources::collect(&sources::list(store).map_err(|e| CommandError::from_error(&e))?);
    let (more_files, more_rejected) = ingest::collect_inputs(paths);
    files.extend(more_files);
    rejected.extend(more_rejected);
    let scratch_dir = tempfile::Builder::new()
        .prefix("fsck-")
        .tempdir_in(store.state_dir())
        .map_err(|e| CommandError::failure(format!("could not make a scratch store: {e}")))?;
    let scratch_path = scratch_dir.path().join("store");
    let (scratch, _) = Store::open_or_init(&scratch_path, |_| Ok(()))?;
    let summary = ingest::commit_inputs(&scratch, (files, rejected), &scrubber, &signature)?;
    io.detail(format!(
        "rebuilt {} session(s) from the sources ({} refused)",
        summary.sessions.len(),
        summary.rejected.len()
    ))?;
    let back: Vec<_> = damaged
        .iter()
        .map(|d| d.id)
        .filter(|id| scratch.repo().has_object(*id))
        .collect();
    store::copy_objects(scratch.repo(), &store.blob_writer(), &back, scratch.path())?;
    Ok(back)
}
