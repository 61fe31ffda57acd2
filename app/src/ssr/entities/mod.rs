//! sea-orm entities, one file per table. They never leave the server: pages get `model` DTOs.

pub mod audit_log;
pub mod clause_node;
pub mod clause_version;
pub mod edition;
pub mod edition_clause;
pub mod organisation;
pub mod password_reset_token;
pub mod session;
pub mod user;
