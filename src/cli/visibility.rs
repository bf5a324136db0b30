//! `traces visibility [public|private]`: show or change a Hub dataset's visibility, scanning
//! what is on the remote before it goes public.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use serde_json::json;

use super::report::secret_rules;
use super::{CommandError, Context, Io};
use crate::push::Connector;
use crate::push::scan::scan_remote;
use crate::remote::{self, Target};
use crate::transport::hub::HubClient;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Visibility {
    Public,
    Private,
}

/// Show a Hub dataset's visibility, or make it public or private
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  traces visibility                    URL and visibility of the personal dataset, from the Hub
  traces visibility public             scan what is on the remote, then make it public
  traces visibility private --remote org

Before a dataset goes public every session file on its main branch is scanned with the current
scrub rules; if anything would be redacted, nothing changes and the files and rules are listed
(re-commit the sessions, push, try again). --force makes it public anyway (asking on a
terminal; without one it also needs --yes).")]
pub struct Args {
    /// The visibility to set; none shows the current one
    #[arg(value_enum)]
    visibility: Option<Visibility>,

    /// The remote whose dataset this is
    #[arg(long, default_value = "personal", add = super::dynamic::remote())]
    remote: String,

    /// Make it public even though the scan found something
    #[arg(long)]
    force: bool,

    /// Confirm --force without a terminal
    #[arg(long)]
    yes: bool,

    /// Print as JSON on stdout
    #[arg(long)]
    json: bool,
}

pub(super) fn run(
    args: Args,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let store = ctx.store()?;
    let def = remote::find(store, &args.remote)?;
    let mut connector = ctx.connector(None)?;
    let target = connector
        .target(store, &def)
        .map_err(|reason| CommandError::failure(format!("remote {}: {reason}", def.name)))?;
    let Some(Target::Hub {
        endpoint,
        owner,
        name,
    }) = target.clone()
    else {
        return Err(CommandError::usage(format!(
            "remote {} is not a Hugging Face dataset; visibility applies to hf:// remotes",
            def.name
        )));
    };
    let url = format!("{endpoint}/datasets/{owner}/{name}");
    let token = connector.token(&def);
    let hub = HubClient::new(&endpoint, token, connector.timeout())
        .map_err(|e| CommandError::from_error(&e))?;
    let info = hub.dataset(&owner, &name).map_err(hub_error)?;

    let Some(wanted) = args.visibility else {
        let state = match &info {
            Some(info) if info.private => "private",
            Some(_) => "public",
            None => "not created yet",
        };
        if args.json {
            writeln!(io.out, "{}", json!({"url": url, "visibility": state}))?;
        } else {
            writeln!(io.out, "{url}: {state}")?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    if info.is_none() {
        hub.create_private_dataset(&owner, &name)
            .map_err(|e| CommandError::from_error(&e))?;
        io.note(format!("created {url} (private)"))?;
    }
    if wanted == Visibility::Public {
        let scrubber = ctx.scrubber()?;
        let findings: Vec<_> = scan_remote(
            store,
            &def,
            &target.expect("resolved above"),
            &mut connector,
            &scrubber,
        )
        .map_err(|e| CommandError::failure(format!("could not read the remote to scan it: {e}")))?
        // A remote with nothing on it holds no secret.
        .unwrap_or_default()
        .into_iter()
        .filter(|file| file.report.secrets() > 0)
        .collect();
        if !findings.is_empty() {
            let mut lines = String::new();
            for file in &findings {
                lines.push_str(&format!(
                    "  {}: {}\n",
                    super::escape::name(&file.name),
                    secret_rules(&file.report).join(", ")
                ));
            }
            if !args.force {
                io.err.write_all(
                    format!("{} session file(s) on {url} hold text the scrub rules would redact:\n{lines}", findings.len())
                        .as_bytes(),
                )?;
                return Err(CommandError::failure(format!("refusing to make {url} public"))
                    .hint("re-commit the affected sessions (`traces commit PATH`) and push, then try again; or pass --force"));
            }
            if !confirm(&args, io, &url, &lines)? {
                return Err(CommandError::failure("not confirmed; nothing changed"));
            }
        }
    }
    hub.set_private(&owner, &name, wanted == Visibility::Private)
        .map_err(hub_error)?;
    let state = if wanted == Visibility::Private {
        "private"
    } else {
        "public"
    };
    if args.json {
        writeln!(io.out, "{}", json!({"url": url, "visibility": state}))?;
    } else {
        writeln!(io.out, "{url}: {state}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A refused token (HTTP 401 or 403, by the status kept in the error) gets the hint to log in.
fn hub_error(error: crate::transport::Error) -> CommandError {
    let refused = error.is_refused_credentials();
    let out = CommandError::from_error(&error);
    if refused {
        out.hint("log in with `traces login` with a token that has write access to the dataset")
    } else {
        out
    }
}

/// `--force`: on a terminal ask; without one, `--yes` is the answer.
fn confirm(args: &Args, io: &mut Io<'_>, url: &str, lines: &str) -> Result<bool, CommandError> {
    if !std::io::stdin().is_terminal() {
        if args.yes {
            return Ok(true);
        }
        return Err(CommandError::usage(
            "--force needs --yes when there is no terminal to ask on",
        ));
    }
    io.err.write_all(
        format!("these files would be redacted:\n{lines}make {url} public anyway? [y/N] ")
            .as_bytes(),
    )?;
    io.err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}
