//! `redline`: the web server and its command-line tools.
//!
//! `redline serve` (the default) connects to the database, runs the migrations and serves the
//! app. Other sub-commands import and export Rule Book editions and check rule-change wording
//! without the web UI. Every start-up failure ends in one line that says what to fix.

mod accounts;
mod api_v1;
mod cli;
mod config;
mod db;
mod demo;
mod docx;
mod exports;
mod import;
mod live;
mod page_cache;
mod security;
mod web;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    config::init_tracing(&args.global.log);
    // Several worker threads even on a small machine: out-of-order streaming with a resource has
    // been seen to hang on a single worker.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(args)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
