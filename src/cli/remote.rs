//! `traces remote`: list and edit the remotes kept in the store's git config.

use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Context, Io};
use crate::auth::TokenChain;
use crate::formats::Rendering;
use crate::remote::{self, Role};

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text)
        .ok_or_else(|| format!("unknown role {text:?}: expected personal, org or none"))
}

/// List, add, remove and re-point remotes
#[derive(Debug, clap::Subcommand)]
#[command(after_help = "\
Examples:
  traces remote list
  traces remote add backup /srv/git/sessions.git
  traces remote add team hf://datasets/my-org/agent-sessions --format row --role org
  traces remote add mine hf://datasets/alice/sessions --token-chain 'MY_HF_TOKEN login'
  traces remote set-url personal hf://datasets/alice/my-sessions")]
pub enum Command {
    /// Show the remotes, their URLs and formats
    List {
        /// Print the remotes as a JSON array on stdout
        #[arg(long)]
        json: bool,
    },
    /// Add a remote: hf://datasets/OWNER/NAME, an https:// git URL, or a local bare repository
    Add {
        name: String,
        url: String,
        /// Which rendering the remote receives
        #[arg(long, default_value = "claude_code", value_parser = super::parse_branch)]
        format: Rendering,
        /// What the remote is for: personal (your own dataset: skipped when sharing is off or
        /// you have no token), org (the shared dataset: the org token chain) or none
        #[arg(long, default_value = "none", value_parser = parse_role)]
        role: Role,
        /// Where its token comes from, in order: environment variable names, `login` (the
        /// `traces login` entry) and `hf-cache` (the huggingface-cli token file); default:
        /// the role's chain
        // Parsed in `run`, not by clap: clap's error would quote a pasted token back.
        #[arg(long, value_name = "SOURCES")]
        token_chain: Option<String>,
    },
    /// Remove a remote and its push state
    Remove {
        #[arg(add = super::dynamic::remote())]
        name: String,
    },
    /// Mark a remote public (true) or not (false): a public remote never receives the
    /// sessions of a source marked private
    SetPublic {
        #[arg(add = super::dynamic::remote())]
        name: String,
        #[arg(value_name = "BOOL", default_value = "true", action = clap::ArgAction::Set)]
        public: bool,
    },
    /// Change a remote's URL
    SetUrl {
        #[arg(add = super::dynamic::remote())]
        name: String,
        url: String,
    },
}

pub(super) fn run(
    command: Command,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    match command {
        Command::List { json } => {
            let remotes = remote::list(ctx.read_store()?)?;
            if json {
                let items: Vec<_> = remotes
                    .iter()
                    .map(|r| {
                        json!({
                            "name": r.name,
                            "url": r.display_url().to_string(),
                            "format": r.format.as_str(),
                            "role": r.role.as_str(),
                            "token_chain": r.token.to_string(),
                        })
                    })
                    .collect();
                writeln!(io.out, "{}", serde_json::Value::Array(items))?;
            } else {
                for r in &remotes {
                    writeln!(
                        io.out,
                        "{:<10} {:<12} {}",
                        r.name,
                        r.format.as_str(),
                        r.display_url()
                    )?;
                }
            }
        }
        Command::Add {
            name,
            url,
            format,
            role,
            token_chain,
        } => {
            let token_chain = token_chain
                .as_deref()
                .map(TokenChain::parse)
                .transpose()
                .map_err(|e| CommandError::usage(format!("--token-chain: {e}")))?;
            // Adding a remote is often the first thing done on a new machine.
            let (store, _) = ctx.store_or_init()?;
            let new = remote::NewRemote {
                name: &name,
                url: &url,
                format,
                role,
                token: token_chain,
            };
            let def = remote::add(store, new)?;
            io.note(format!(
                "added remote {name} ({}, role {}, token from {}) -> {}",
                format.as_str(),
                role.as_str(),
                def.token,
                def.display_url()
            ))?;
        }
        Command::Remove { name } => {
            remote::remove(ctx.store()?, &name)?;
            io.note(format!("removed remote {name}"))?;
        }
        Command::SetUrl { name, url } => {
            remote::set_url(ctx.store()?, &name, &url)?;
            io.note(format!("remote {name} -> {url}"))?;
        }
        Command::SetPublic { name, public } => {
            use crate::ingest::sources::routes;
            routes::set_public(ctx.store()?, &name, public).map_err(|e| match e {
                routes::Error::Store(e) => CommandError::from(e),
                routes::Error::Remote(e) => e.into(),
                other => CommandError::from_error(&other),
            })?;
            let what = if public { "public" } else { "not public" };
            io.note(format!("remote {name} is {what}"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
