//! The command line: clap definitions, one file per command, one dispatch `match`.
//!
//! This is the only module that prints. Data goes to stdout, messages to stderr; every command
//! gets its environment through [`Env`] and writes through [`Io`], so tests can drive it.

mod commit;
mod completions;
mod config;
mod dynamic;
mod error;
mod escape;
mod forget;
mod fsck;
mod gc;
pub mod generate;
mod ignore;
mod init;
mod lint;
mod log;
mod login;
mod progress;
mod push;
mod remote;
mod report;
mod scan;
mod show;
mod source;
mod status;
mod sync;
mod ui;
mod visibility;
mod watch;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::env::Env;
use crate::store::Store;

pub use error::{CommandError, Kind};

const EXAMPLES: &str = "\
Examples:
  traces commit ~/.ml-intern/session_logs     scrub, render and commit every session there
  traces log -n 5                             the last five commits of the claude-code branch
  traces show 0b6f...-4c2e --format row       print one session's org row
  traces status --json                        store, sessions per branch, last commits";

/// Keep AI agent sessions scrubbed, versioned and shareable, fully offline.
#[derive(Debug, Parser)]
#[command(name = "traces", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Store directory (default: $TRACES_HOME, else $XDG_DATA_HOME/traces, else ~/.local/share/traces)
    #[arg(long, global = true, value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// Print only errors and warnings on stderr (stdout is unchanged)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Say more on stderr (each session's outcome, where tokens came from)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Colour messages on stderr: auto (a terminal, without NO_COLOR), always or never
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ui::ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    Commit(commit::Args),
    Completions(completions::Args),
    #[command(subcommand)]
    Config(config::Command),
    Forget(forget::Args),
    Fsck(fsck::Args),
    Gc(gc::Args),
    #[command(subcommand)]
    Ignore(ignore::Command),
    Lint(lint::Args),
    Log(log::Args),
    Login(login::LoginArgs),
    Logout(login::LogoutArgs),
    Push(push::Args),
    #[command(subcommand)]
    Remote(remote::Command),
    Scan(scan::Args),
    Show(show::Args),
    #[command(subcommand)]
    Source(source::Command),
    Status(status::Args),
    Sync(sync::Args),
    Visibility(visibility::Args),
    Watch(watch::Args),
    Whoami(login::WhoamiArgs),
}

/// Where a command writes, and what it knows of its environment.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub env: &'a Env,
    pub ui: ui::Ui,
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    // `COMPLETE=<shell> traces` answers the shell's dynamic completion requests, then exits.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command).complete();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Kind::Usage.exit_code()
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let env = Env::from_process();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // Not locked for the whole run: the progress spinner's thread writes to stderr too.
    let mut err = std::io::stderr();
    let ui = ui::Ui::new(
        cli.quiet,
        cli.verbose,
        cli.color,
        &env,
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
    );
    let mut io = Io {
        out: &mut out,
        err: &mut err,
        env: &env,
        ui,
    };
    match run(cli, &mut io) {
        Ok(code) => code,
        Err(error) => {
            if error.kind != Kind::BrokenPipe {
                let _ = io.error(&error);
            }
            error.kind.exit_code()
        }
    }
}

/// Run one parsed command.
pub fn run(cli: Cli, io: &mut Io<'_>) -> Result<ExitCode, CommandError> {
    // Located per command: `completions` needs no store and works without HOME.
    let flag = cli.store;
    let store = |env: &Env| store_path(flag.clone(), env);
    let code = match cli.command {
        Command::Commit(args) => commit::run(args, &store(io.env)?, io)?,
        Command::Completions(args) => completions::run(args, io)?,
        Command::Config(command) => config::run(command, &store(io.env)?, io)?,
        Command::Forget(args) => forget::run(args, &store(io.env)?, io)?,
        Command::Fsck(args) => fsck::run(args, &store(io.env)?, io)?,
        Command::Gc(args) => gc::run(args, &store(io.env)?, io)?,
        Command::Ignore(command) => ignore::run(command, &store(io.env)?, io)?,
        Command::Init(args) => init::run(args, &store(io.env)?, io)?,
        Command::Lint(args) => lint::run(args, &store(io.env)?, io)?,
        Command::Log(args) => log::run(args, &store(io.env)?, io)?,
        Command::Login(args) => login::login(args, &store(io.env)?, io)?,
        Command::Logout(args) => login::logout(args, &store(io.env)?, io)?,
        Command::Push(args) => push::run(args, &store(io.env)?, io)?,
        Command::Remote(command) => remote::run(command, &store(io.env)?, io)?,
        Command::Scan(args) => scan::run(args, &store(io.env)?, io)?,
        Command::Show(args) => show::run(args, &store(io.env)?, io)?,
        Command::Source(command) => source::run(command, &store(io.env)?, io)?,
        Command::Sync(args) => sync::run(args, &store(io.env)?, io)?,
        Command::Status(args) => status::run(args, &store(io.env)?, io)?,
        Command::Visibility(args) => visibility::run(args, &store(io.env)?, io)?,
        Command::Watch(args) => watch::run(args, &store(io.env)?, io)?,
        Command::Whoami(args) => login::whoami(args, &store(io.env)?, io)?,
    };
    io.out.flush()?;
    Ok(code)
}

fn store_path(flag: Option<PathBuf>, env: &Env) -> Result<PathBuf, CommandError> {
    flag.or_else(|| env.default_store()).ok_or_else(|| {
        CommandError::usage("cannot tell where the store is: HOME is not set")
            .hint("pass `--store DIR` or set TRACES_HOME")
    })
}

/// Open the store a read command works on.
fn open_store(path: &std::path::Path) -> Result<Store, CommandError> {
    Ok(with_lock_wait(Store::open(path)?))
}

/// The store a read command that must answer before the first write works on: the real one,
/// or, where none exists yet, a blank store holding exactly what a new one would start with
/// (the default remotes and settings, no sessions). The blank one lives in a temporary
/// directory for this run only, so reading never creates the store.
struct ReadStore {
    store: Store,
    exists: bool,
    _blank: Option<tempfile::TempDir>,
}

impl std::ops::Deref for ReadStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

fn open_for_reading(path: &std::path::Path) -> Result<ReadStore, CommandError> {
    if path.exists() {
        return Ok(ReadStore {
            store: Store::open(path)?,
            exists: true,
            _blank: None,
        });
    }
    let dir = tempfile::tempdir()?;
    let (store, _) = open_or_init_store(&dir.path().join("store"))?;
    Ok(ReadStore {
        store,
        exists: false,
        _blank: Some(dir),
    })
}

/// Open the store, creating it with the default remotes on first use.
fn open_or_init_store(path: &std::path::Path) -> Result<(Store, bool), CommandError> {
    let (store, created) = Store::open_or_init(path, |store| {
        crate::remote::add_defaults(store).map_err(Into::into)
    })?;
    Ok((with_lock_wait(store), created))
}

/// Waiting on a lock another process holds is said after a second, with the holder, and
/// bounded by `lock_wait_secs`.
fn with_lock_wait(mut store: Store) -> Store {
    let give_up_after = crate::settings::Settings::load(&store).lock_wait;
    store.set_lock_wait(crate::store::LockWait {
        notice_after: std::time::Duration::from_secs(1),
        give_up_after,
        // The store's lock is taken deep inside library calls that have no `Io`: stderr
        // directly, escaped like every other message.
        waiting: Some(std::sync::Arc::new(move |file, holder| {
            let text = format!(
                "waiting for {}, held by {holder} (up to {}s, traces.lockWaitSecs)",
                file.display(),
                give_up_after.as_secs()
            );
            eprintln!("{}", escape::message(&text));
        })),
    });
    store
}

/// `--branch` / `--format` values: a rendering by its name or its branch.
fn parse_branch(name: &str) -> Result<crate::formats::Rendering, String> {
    crate::formats::Rendering::parse(name)
        .ok_or_else(|| format!("unknown branch {name:?}: expected claude-code or row"))
}

/// The scrubber every command uses ([`crate::context::scrubber`]); a broken rules file says
/// how to find the fault.
fn scrubber(env: &Env, store: Option<&Store>) -> Result<crate::scrub::Scrubber, CommandError> {
    crate::context::scrubber(env, store).map_err(|e| match e {
        crate::context::ScrubberError::Rules(_) => CommandError::failure(e.to_string())
            .hint("fix or remove that rule; `traces scan --check-rules` checks the rules files"),
        crate::context::ScrubberError::Store(e) => e.into(),
    })
}

/// A commit id as printed in human output.
fn short_id(id: &gix::ObjectId) -> String {
    id.to_hex_with_len(10).to_string()
}

/// Seconds and offset as RFC 3339 in the author's own offset.
fn format_time(seconds: i64, offset: i32) -> String {
    let offset = chrono::FixedOffset::east_opt(offset)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset"));
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.with_timezone(&offset).to_rfc3339())
        .unwrap_or_else(|| format!("@{seconds}"))
}
