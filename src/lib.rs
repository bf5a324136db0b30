//! `traces`: an offline-first, git-style store for AI agent sessions.
//!
//! Layering (nothing calls upward):
//! - [`cli`] parses arguments, calls down, and is the only module that prints;
//! - [`formats`] and [`scrub`] are pure: bytes in, bytes and reports out;
//! - [`store`] owns the git object database and refs;
//! - [`env`] is the one place the process environment is read.

pub mod auth;
pub mod cli;
pub mod context;
pub mod env;
pub mod formats;
pub mod ingest;
pub mod push;
pub mod remote;
pub mod scrub;
pub mod settings;
pub mod store;
pub mod transport;
