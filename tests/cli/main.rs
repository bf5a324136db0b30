//! End-to-end tests through the built binary, one test binary for the whole CLI.
//!
//! Every run gets a hermetic environment ([`TestEnv`]): a temporary HOME and store, a fixed
//! clock and author, and no inherited variables. Real `git` checks what we write.

mod account;
mod agents;
mod commit;
mod concurrency;
mod config;
mod control;
mod fsck_packs;
mod generated;
mod gitleaks;
mod golden;
mod hub;
mod lint;
mod output;
mod packs;
mod purge;
mod push;
mod push_trees;
mod quiet;
mod read;
mod real_trees;
mod recovery;
mod remembered;
mod roles;
mod scan;
mod schema;
mod support;
mod sync;
mod trees;
mod watch;
