//! Black-box tests of the real `redline` binary: over HTTP against a server on port 0
//! (`helpers::TestServer`, `helpers::Client`), and its command line (`helpers::redline`).

mod accounts;
mod bad_input;
mod drafting;
mod faults;
mod import;
mod page_cache;
mod reading;
mod security;
mod skeleton;
mod wording;
