//! `traces config get|set|unset|list`: the settings of the store.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Io, open_or_init_store};
use crate::settings::{self, Setting};
use crate::store::Store;

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

fn current(store: &Store, setting: &Setting) -> Result<Option<String>, CommandError> {
    let value = store
        .config()?
        .string_by(
            setting.section,
            setting.subsection.map(gix::bstr::BStr::new),
            setting.name,
        )
        .map(|v| setting.to_shown(&v.to_string()));
    Ok(value)
}

fn write(store: &Store, setting: &Setting, value: Option<String>) -> Result<(), CommandError> {
    let result = store.edit_config(|file| match &value {
        Some(value) => file
            .set_raw_value_by(
                setting.section,
                setting.subsection.map(gix::bstr::BStr::new),
                setting.name,
                value.as_str(),
            )
            .map(|_| ())
            .map_err(|e| e.to_string()),
        None => {
            if let Ok(mut section) = file.section_mut(
                setting.section,
                setting.subsection.map(gix::bstr::BStr::new),
            ) {
                section.remove(setting.name);
            }
            Ok(())
        }
    })?;
    result
        .map_err(|e| CommandError::failure(format!("could not change {}: {e}", setting.git_key())))
}

pub fn run(command: Command, store_path: &Path, io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    let (store, _) = open_or_init_store(store_path)?;
    match command {
        Command::Get { key } => {
            let setting = setting(&key)?;
            let value =
                current(&store, setting)?.or_else(|| setting.default.map(|d| setting.to_shown(d)));
            match value {
                Some(value) => writeln!(io.out, "{value}")?,
                None => return Err(CommandError::failure(format!("{key} is not set"))),
            }
        }
        Command::Set { key, value } => {
            let setting = setting(&key)?;
            let stored = setting.to_stored(&value).map_err(CommandError::usage)?;
            write(&store, setting, Some(stored))?;
        }
        Command::Unset { key } => {
            let setting = setting(&key)?;
            // Remote URLs have a default that must stay written (plain git reads it).
            let value = match setting.subsection {
                Some(_) => setting.default.map(str::to_string),
                None => None,
            };
            write(&store, setting, value)?;
        }
        Command::List { json } => {
            let mut rows = Vec::new();
            for setting in settings::SETTINGS {
                let value = current(&store, setting)?;
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
