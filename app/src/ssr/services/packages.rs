//! Packages: rule changes that belong together (a campaign's package against unjust
//! suspensions touching the membership and the disciplinary chapters), with a combined preview,
//! and the option to split a rule change out again. A package is its owner's to arrange; a rule
//! change can join only if the owner is one of its authors.

use chrono::Utc;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionSession,
    TransactionTrait,
    sea_query::{Expr, ExprTrait},
};

use crate::model::drafts::{PackageSummary, PackageView};
use crate::ssr::entities::{package, rule_change};
use crate::ssr::error::ServiceError;
use crate::ssr::services::audit::{self, Target};
use crate::ssr::services::drafts::{authored, view};

/// Creates a package owned by `owner_id`; returns its id.
pub async fn create_package(
    db: &impl TransactionTrait,
    owner_id: i32,
    title: &str,
    summary: &str,
) -> Result<i32, ServiceError> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(ServiceError::Invalid(
            "Give the package a title of at most 200 characters.".into(),
        ));
    }
    if summary.chars().count() > 5_000 {
        return Err(ServiceError::Invalid(
            "The summary is too long (5,000 characters at most).".into(),
        ));
    }
    let txn = super::begin_write(db).await?;
    let now = Utc::now();
    let id = package::Entity::insert(package::ActiveModel {
        id: NotSet,
        title: Set(title.to_owned()),
        summary: Set(summary.trim().to_owned()),
        owner_id: Set(owner_id),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    audit::record(
        &txn,
        Some(owner_id),
        "create_package",
        Target::RuleChange,
        None,
        Some(title.to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

async fn owned(
    db: &impl ConnectionTrait,
    user_id: i32,
    id: i32,
) -> Result<package::Model, ServiceError> {
    package::Entity::find_by_id(id)
        .filter(package::Column::OwnerId.eq(user_id))
        .one(db)
        .await?
        .ok_or_else(|| {
            ServiceError::NotFound(format!("There is no package {id} that you can edit."))
        })
}

/// The packages `user_id` owns, newest first.
pub async fn list_packages(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<PackageSummary>, ServiceError> {
    let packages = package::Entity::find()
        .filter(package::Column::OwnerId.eq(user_id))
        .order_by_desc(package::Column::UpdatedAt)
        .all(db)
        .await?;
    let members = rule_change::Entity::find()
        .filter(rule_change::Column::PackageId.is_in(packages.iter().map(|p| p.id)))
        .all(db)
        .await?;
    Ok(packages
        .into_iter()
        .map(|p| PackageSummary {
            rule_changes: members
                .iter()
                .filter(|m| m.package_id == Some(p.id))
                .count() as u64,
            id: p.id,
            title: p.title,
        })
        .collect())
}

/// Puts a rule change into a package (moving it out of any other).
pub async fn add_to_package(
    db: &impl TransactionTrait,
    user_id: i32,
    package_id: i32,
    rule_change_id: i32,
) -> Result<(), ServiceError> {
    let txn = super::begin_write(db).await?;
    owned(&txn, user_id, package_id).await?;
    authored(&txn, user_id, rule_change_id).await?;
    set_package(&txn, rule_change_id, Some(package_id)).await?;
    audit::record(
        &txn,
        Some(user_id),
        "add_to_package",
        Target::RuleChange,
        Some(rule_change_id.to_string()),
        Some(format!("package {package_id}")),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Takes a rule change out of its package again (any of its authors may).
pub async fn split_out(
    db: &impl TransactionTrait,
    user_id: i32,
    rule_change_id: i32,
) -> Result<(), ServiceError> {
    let txn = super::begin_write(db).await?;
    authored(&txn, user_id, rule_change_id).await?;
    set_package(&txn, rule_change_id, None).await?;
    audit::record(
        &txn,
        Some(user_id),
        "split_from_package",
        Target::RuleChange,
        Some(rule_change_id.to_string()),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn set_package(
    db: &impl ConnectionTrait,
    rule_change_id: i32,
    package_id: Option<i32>,
) -> Result<(), ServiceError> {
    rule_change::Entity::update_many()
        .col_expr(rule_change::Column::PackageId, Expr::value(package_id))
        .col_expr(
            rule_change::Column::Revision,
            Expr::col(rule_change::Column::Revision).add(1),
        )
        .filter(rule_change::Column::Id.eq(rule_change_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The package with every rule change in it, in Rule Book order of their first amended clause.
pub async fn package_view(
    db: &impl ConnectionTrait,
    user_id: i32,
    id: i32,
) -> Result<PackageView, ServiceError> {
    let package = owned(db, user_id, id).await?;
    let members = rule_change::Entity::find()
        .filter(rule_change::Column::PackageId.eq(id))
        .order_by_asc(rule_change::Column::Id)
        .all(db)
        .await?;
    let mut rule_changes = Vec::with_capacity(members.len());
    for member in members {
        rule_changes.push(view(db, member).await?);
    }
    // Rule Book order of each rule change's first amended clause; empty ones last.
    rule_changes.sort_by_key(|d| d.edits.first().map_or(i32::MAX, |e| e.position));
    Ok(PackageView {
        id: package.id,
        title: package.title,
        summary: package.summary,
        rule_changes,
    })
}
