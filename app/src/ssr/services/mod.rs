//! Services: free functions over `&impl ConnectionTrait`, one file per aggregate, so the same
//! code runs on a pool or inside a transaction.

pub mod accounts;
pub mod audit;
pub mod drafts;
pub mod packages;
pub mod rulebook;
