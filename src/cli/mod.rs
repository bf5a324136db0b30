//! The command line: clap definitions, one file per command, one dispatch `match`.
//!
//! This is the only module that prints. Data goes to stdout, messages to stderr. Every command
//! is `run(args, &mut Context, &mut Io)`: what the run works with (store, settings, signature,
//! scrubber, tokens) comes from the [`Context`] built once here, and it writes through [`Io`],
//! so tests can drive it.

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

use crate::context::Context;
use crate::env::Env;

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
    // The store is located and opened only when a command asks: `completions` needs no store
    // and works without HOME.
    // `--quiet` says nothing of a wait; reaching the bound is still an error.
    let notice = (!io.ui.quiet).then(lock_notice);
    let mut context = Context::new(io.env, cli.store, notice);
    let ctx = &mut context;
    let code = match cli.command {
        Command::Commit(args) => commit::run(args, ctx, io)?,
        Command::Completions(args) => completions::run(args, ctx, io)?,
        Command::Config(command) => config::run(command, ctx, io)?,
        Command::Forget(args) => forget::run(args, ctx, io)?,
        Command::Fsck(args) => fsck::run(args, ctx, io)?,
        Command::Gc(args) => gc::run(args, ctx, io)?,
        Command::Ignore(command) => ignore::run(command, ctx, io)?,
        Command::Init(args) => init::run(args, ctx, io)?,
        Command::Lint(args) => lint::run(args, ctx, io)?,
        Command::Log(args) => log::run(args, ctx, io)?,
        Command::Login(args) => login::login(args, ctx, io)?,
        Command::Logout(args) => login::logout(args, ctx, io)?,
        Command::Push(args) => push::run(args, ctx, io)?,
        Command::Remote(command) => remote::run(command, ctx, io)?,
        Command::Scan(args) => scan::run(args, ctx, io)?,
        Command::Show(args) => show::run(args, ctx, io)?,
        Command::Source(command) => source::run(command, ctx, io)?,
        Command::Sync(args) => sync::run(args, ctx, io)?,
        Command::Status(args) => status::run(args, ctx, io)?,
        Command::Visibility(args) => visibility::run(args, ctx, io)?,
        Command::Watch(args) => watch::run(args, ctx, io)?,
        Command::Whoami(args) => login::whoami(args, ctx, io)?,
    };
    io.out.flush()?;
    Ok(code)
}

/// How a wait for a lock another process holds is told: after a second, with the holder and
/// the bound (`lock_wait_secs`). The store's lock is taken deep inside library calls that have
/// no `Io`: stderr directly, escaped like every other message.
fn lock_notice() -> crate::context::LockNotice {
    std::sync::Arc::new(move |file, holder, give_up_after| {
        let text = format!(
            "waiting for {}, held by {holder} (up to {}s, traces.lockWaitSecs)",
            file.display(),
            give_up_after.as_secs()
        );
        eprintln!("{}", escape::message(&text));
    })
}

/// `--branch` / `--format` values: a rendering by its name or its branch.
fn parse_branch(name: &str) -> Result<crate::formats::Rendering, String> {
    crate::formats::Rendering::parse(name)
        .ok_or_else(|| format!("unknown branch {name:?}: expected claude-code or row"))
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
