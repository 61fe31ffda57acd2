//! sea-orm entities, one file per table. They never leave the server: pages get `model` DTOs.

pub mod audit_log;
pub mod backing;
pub mod clause_node;
pub mod clause_version;
pub mod conference;
pub mod delegation;
pub mod edition;
pub mod edition_clause;
pub mod organisation;
pub mod package;
pub mod password_reset_token;
pub mod pledge;
pub mod rule_change;
pub mod rule_change_author;
pub mod rule_change_edit;
pub mod session;
pub mod status_event;
pub mod support_revision;
pub mod user;
