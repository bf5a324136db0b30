//! `traces login`, `traces logout` and `traces whoami`: the Hub token in the OS keyring.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use serde_json::json;

use super::{CommandError, Context, Io};
use crate::auth::{LoginEntry, Token, TokenChain, keyring};
use crate::transport::hub::{DEFAULT_TIMEOUT, HubClient};
use crate::transport::{self};

/// Log in to the Hugging Face Hub: check a token and keep it in the OS keyring
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  traces login                               asks for the token (not echoed)
  printenv MY_TOKEN | traces login --token-stdin
  traces login --insecure-storage            no keyring here: keep it in a 0600 file

The token is checked with the Hub's whoami, stored under the service traces:<hub host> with
your user name as account, and used by `traces push` after HF_TOKEN and before the
huggingface-cli token file.")]
pub struct LoginArgs {
    /// Read the token from standard input
    #[arg(long)]
    token_stdin: bool,

    /// Store the token in a file readable only by you (~/.config/traces/tokens) instead of the
    /// OS keyring
    #[arg(long)]
    insecure_storage: bool,
}

/// Forget the token `traces login` stored
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  traces logout")]
pub struct LogoutArgs {}

/// Show who the Hub token belongs to, its role and where it came from (never the token)
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  traces whoami\n  traces whoami --json")]
pub struct WhoamiArgs {
    /// Print as JSON on stdout
    #[arg(long)]
    json: bool,
}

fn hub_error(error: transport::Error) -> CommandError {
    let auth = error.is_refused_credentials();
    let this = CommandError::from_error(&error);
    if auth {
        this.hint("the Hub did not accept the token: create one at https://huggingface.co/settings/tokens (OAuth tokens from `hf auth login` expire; log in again)")
    } else {
        this
    }
}

fn read_token(args: &LoginArgs) -> Result<Token, CommandError> {
    let text = if args.token_stdin {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| {
            CommandError::failure(format!("could not read the token from stdin: {e}"))
        })?;
        text
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Hugging Face token (input hidden): ")
            .map_err(|e| CommandError::failure(format!("could not read the token: {e}")))?
    } else {
        return Err(CommandError::usage("no terminal to ask for the token on")
            .hint("pipe it in with `traces login --token-stdin`"));
    };
    let token = Token::new(text);
    if token.expose().is_empty() {
        return Err(CommandError::usage("the token is empty"));
    }
    Ok(token)
}

pub(super) fn login(
    args: LoginArgs,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let token = read_token(&args)?;
    let endpoint = ctx.endpoint();
    let hub = HubClient::new(&endpoint, Some(token.clone()), DEFAULT_TIMEOUT).map_err(hub_error)?;
    let who = hub.whoami().map_err(hub_error)?;
    let entry = LoginEntry::new(&endpoint, &who.name);
    let place = if args.insecure_storage {
        let config = io.env.config_dir().ok_or_else(|| {
            CommandError::usage("cannot tell where the config directory is: HOME is not set")
        })?;
        let path = keyring::insecure_file(&config, &entry);
        keyring::store_insecure(&path, &token).map_err(|e| CommandError::from_error(&e))?;
        format!("{} (mode 0600)", path.display())
    } else {
        keyring::store(&entry, &token).map_err(|e| {
            CommandError::failure(format!("could not store the token: {e}"))
                .hint("use `traces login --insecure-storage` to keep it in a file readable only by you, or set HF_TOKEN")
        })?;
        format!("the OS keyring (service {})", entry.service)
    };
    let (store, _) = ctx.store_or_init()?;
    store
        .edit_config(|file| {
            file.set_raw_value_by("traces", None, "hfUser", who.name.as_str())
                .map(|_| ())
        })?
        .map_err(|e| CommandError::failure(format!("could not cache the user name: {e}")))?;
    let role = hub
        .token_role()
        .map_err(hub_error)?
        .unwrap_or_else(|| "unknown".into());
    io.note(format!(
        "logged in to {endpoint} as {} (token role: {role}); token stored in {place}",
        who.name
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The user name the store cached; none without a store (reading never creates one).
fn cached_user(ctx: &Context<'_>) -> Option<String> {
    ctx.existing_store().ok()??;
    ctx.settings().ok()?.hf_user
}

pub(super) fn logout(
    _args: LogoutArgs,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let endpoint = ctx.endpoint();
    let Some(user) = cached_user(ctx) else {
        return Err(
            CommandError::failure(format!("not logged in to {endpoint}"))
                .hint("`traces login` stores a token"),
        );
    };
    let entry = LoginEntry::new(&endpoint, &user);
    let mut removed = Vec::new();
    let keyring_result = keyring::delete(&entry);
    if let Ok(true) = keyring_result {
        removed.push(format!("the OS keyring entry {}", entry.service));
    }
    if let Some(config) = io.env.config_dir() {
        let path = keyring::insecure_file(&config, &entry);
        if std::fs::remove_file(&path).is_ok() {
            removed.push(path.display().to_string());
        }
    }
    if removed.is_empty() {
        let mut error = CommandError::failure(format!("no stored token for {user} on {endpoint}"));
        if let Err(e) = keyring_result {
            error.causes.push(e.to_string());
        }
        return Err(error);
    }
    io.note(format!(
        "logged out {user} from {endpoint}: removed {}",
        removed.join(" and ")
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn whoami(
    args: WhoamiArgs,
    ctx: &mut Context<'_>,
    io: &mut Io<'_>,
) -> Result<ExitCode, CommandError> {
    let endpoint = ctx.endpoint();
    let login = cached_user(ctx).map(|user| LoginEntry::new(&endpoint, &user));
    let resolved = ctx
        .credentials()
        .resolve(io.env, &TokenChain::personal(), None, login.as_ref());
    let Some(resolved) = resolved else {
        return Err(CommandError::failure("no Hugging Face token found")
            .hint("run `traces login`, or set HF_TOKEN"));
    };
    let hub = HubClient::new(&endpoint, Some(resolved.token.clone()), DEFAULT_TIMEOUT)
        .map_err(hub_error)?;
    let who = hub.whoami().map_err(hub_error)?;
    let role = hub.token_role().map_err(hub_error)?;
    let orgs: Vec<&str> = who.orgs.iter().map(String::as_str).collect();
    if args.json {
        let value = json!({
            "user": who.name,
            "orgs": orgs,
            "role": role,
            "source": resolved.source.to_string(),
            "endpoint": endpoint,
        });
        writeln!(io.out, "{value}")?;
    } else {
        writeln!(io.out, "{}", who.name)?;
        writeln!(
            io.out,
            "orgs: {}",
            if orgs.is_empty() {
                "none".into()
            } else {
                orgs.join(", ")
            }
        )?;
        writeln!(
            io.out,
            "token role: {}",
            role.as_deref().unwrap_or("unknown")
        )?;
        writeln!(io.out, "token source: {}", resolved.source)?;
    }
    Ok(ExitCode::SUCCESS)
}
