//! The audit log: an append-only record of who did what to which rule change, support record,
//! edition or account, and when. Writers call [`record`] inside the same transaction as the
//! change, so a change and its entry are stored together or not at all.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::model::accounts::AuditEntry;
use crate::ssr::entities::{audit_log, user};
use crate::ssr::error::ServiceError;

/// How many entries the admin page shows.
pub const PAGE_SIZE: u64 = 200;

/// What was acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    User,
    RuleChange,
    SupportRecord,
    Edition,
}

impl Target {
    fn as_str(self) -> &'static str {
        match self {
            Target::User => "user",
            Target::RuleChange => "rule_change",
            Target::SupportRecord => "support_record",
            Target::Edition => "edition",
        }
    }
}

/// Appends one entry.
pub async fn record(
    db: &impl ConnectionTrait,
    actor_id: Option<i32>,
    action: &str,
    target: Target,
    target_id: Option<String>,
    detail: Option<String>,
) -> Result<(), ServiceError> {
    audit_log::Entity::insert(audit_log::ActiveModel {
        actor_id: Set(actor_id),
        action: Set(action.to_owned()),
        target_kind: Set(target.as_str().to_owned()),
        target_id: Set(target_id),
        detail: Set(detail),
        at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// The newest entries first, with the actor's name and e-mail address.
pub async fn recent(db: &impl ConnectionTrait) -> Result<Vec<AuditEntry>, ServiceError> {
    let rows = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let mut actor_ids: Vec<i32> = rows.iter().filter_map(|row| row.actor_id).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let actors: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(actor_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, format!("{} <{}>", u.name, u.email)))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| AuditEntry {
            id: row.id,
            at: row.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor: row.actor_id.and_then(|id| actors.get(&id).cloned()),
            action: row.action,
            target_kind: row.target_kind,
            target_id: row.target_id,
            detail: row.detail,
        })
        .collect())
}
