//! `traces config get|set|unset|list`: the settings of the store.

use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Context, Io};
use crate::settings::{self, Setting};

/// Read and change the store's settings (kept in its git config)
#[derive(Debug, clap::Subcommand)]
#[command(after_help = "\
Examples:
  traces config list
  traces config set share_traces false
  traces config set personal_repo_template '{hf_user}/agent-sessions'
  traces config unset push_attempts")]
pub enum Command {
    /// Print one setting's value (its default when unset)
    Get { key: String },
    /// Change a setting
    Set { key: String, value: String },
    /// Return a setting to its default
    Unset { key: String },
    /// Every setting with its value and default
    List {
        /// Print as JSON on stdout
        #[arg(long)]
        json: bool,
    },
}

fn setting(key: &str) -> Result<&'static Setting, CommandError> {
    settings::find(key).ok_or_else(|| {
        CommandError::usage(format!("unknown setting {key:?}"))
            .hint(format!("valid settings: {}", settings::keys()))
    })
}

pub(super) fn run(
    command: Command,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    match command {
        Command::Get { key } => {
            let setting = setting(&key)?;
            let store = ctx.read_store()?;
            let value = setting
                .read(store)?
                .or_else(|| setting.default.map(|d| setting.to_shown(d)));
            match value {
                Some(value) => writeln!(io.out, "{value}")?,
                None => return Err(CommandError::failure(format!("{key} is not set"))),
            }
        }
        Command::Set { key, value } => {
            let setting = setting(&key)?;
            let stored = setting.to_stored(&value).map_err(CommandError::usage)?;
            setting.write(ctx.store_or_init()?.0, Some(&stored))?;
        }
        Command::Unset { key } => {
            let setting = setting(&key)?;
            // Remote URLs have a default that must stay written (plain git reads it).
            let value = match setting.subsection {
                Some(_) => setting.default.map(str::to_string),
                None => None,
            };
            setting.write(ctx.store_or_init()?.0, value.as_deref())?;
        }
        Command::List { json } => {
            let store = ctx.read_store()?;
            let mut rows = Vec::new();
            for setting in settings::SETTINGS {
                let value = setting.read(store)?;
                let default = setting.default.map(|d| setting.to_shown(d));
                rows.push((setting, value, default));
            }
            if json {
                let items: Vec<_> = rows
                    .iter()
                    .map(|(s, value, default)| {
                        json!({"key": s.key, "value": value.clone().or_else(|| default.clone()),
                               "default": default, "git_key": s.git_key(), "about": s.about})
                    })
                    .collect();
                writeln!(io.out, "{}", serde_json::Value::Array(items))?;
            } else {
                for (s, value, default) in rows {
                    let shown = value.or(default).unwrap_or_else(|| "(unset)".into());
                    writeln!(io.out, "{:<24} {shown}", s.key)?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
