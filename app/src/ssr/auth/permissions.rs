//! Who may call which server function: the one table to review.
//!
//! Every server function names its [`Action`] and calls [`super::authorize`] first thing. The
//! integration tests generate the authorization matrix (every action × every role and
//! anonymous) from [`TABLE`], so an entry here is both the rule and its test.

use crate::model::accounts::Role;

/// Who is calling: nobody signed in, or a user with a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Anonymous,
    User(Role),
}

/// Who an action is open to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Anyone, signed in or not.
    Everyone,
    /// Only callers who are not signed in (signing up).
    AnonymousOnly,
    /// Signed-in users whose role is one of these.
    Roles(&'static [Role]),
}

/// Every server function, by what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    // Reading the Rule Book (api::rulebook).
    ListEditions,
    ResolveCitation,
    LoadToc,
    LoadRule,
    LoadHistory,
    CompareEditions,
    SearchRules,
    // Accounts (api::accounts).
    CurrentUser,
    ListOrganisations,
    SignUp,
    SignIn,
    SignOut,
    ChangePassword,
    ResetPassword,
    ListUsers,
    SetUserRole,
    IssueResetToken,
    TakeIssuedToken,
    ListAuditLog,
    // Drafting rule changes (api::drafts): authors only, checked again by the service.
    ListDrafts,
    CreateDraft,
    LoadDraft,
    OpenDraftClause,
    SaveDraftEdit,
    SaveStructuralEdit,
    RemoveDraftEdit,
    RebaseDraftEdit,
    ListPackages,
    CreatePackage,
    LoadPackage,
    AddToPackage,
    SplitFromPackage,
    UpdateDraftDetails,
    AddCoAuthor,
    // Tracking support and the procedure (api::support).
    SupportAccess,
    WhipBoard,
    RecordBacking,
    RecordPledge,
    Procedure,
    RecordStep,
    ConferenceOverview,
    ConferenceOrganisations,
    ImportOrganisations,
    AssignDelegate,
    // Publication (api::publication).
    PublishedRuleChange,
    ReadingPack,
    ClauseProposals,
    AsItWouldRead,
    CreateNextEdition,
    Conferences,
    PublishedPackage,
}

/// Every signed-in role.
const ANY_USER: &[Role] = &[Role::Member, Role::Delegate, Role::Organiser, Role::Admin];
/// Admins only.
const ADMINS: &[Role] = &[Role::Admin];
/// Organisers and admins.
const ORGANISERS: &[Role] = &[Role::Organiser, Role::Admin];
/// Those who may pledge: delegates (their own), organisers and admins (collected).
const PLEDGERS: &[Role] = &[Role::Delegate, Role::Organiser, Role::Admin];

/// One row of the permission table.
#[derive(Debug, Clone, Copy)]
pub struct Permission {
    pub action: Action,
    /// The server function's endpoint under `/api/`.
    pub endpoint: &'static str,
    pub audience: Audience,
}

/// The permission table: every server function, its endpoint, and who may call it.
pub const TABLE: &[Permission] = &[
    row(Action::ListEditions, "editions", Audience::Everyone),
    row(
        Action::ResolveCitation,
        "resolve_citation",
        Audience::Everyone,
    ),
    row(Action::LoadToc, "edition_toc", Audience::Everyone),
    row(Action::LoadRule, "rule", Audience::Everyone),
    row(Action::LoadHistory, "history", Audience::Everyone),
    row(Action::CompareEditions, "compare", Audience::Everyone),
    row(Action::SearchRules, "search", Audience::Everyone),
    row(Action::CurrentUser, "current_user", Audience::Everyone),
    row(
        Action::ListOrganisations,
        "organisations",
        Audience::Everyone,
    ),
    row(Action::SignUp, "sign_up", Audience::AnonymousOnly),
    // Signing in while signed in switches account; allowed to everyone.
    row(Action::SignIn, "sign_in", Audience::Everyone),
    row(Action::SignOut, "sign_out", Audience::Roles(ANY_USER)),
    row(
        Action::ChangePassword,
        "change_password",
        Audience::Roles(ANY_USER),
    ),
    // The one-time token is the credential: whoever holds it may use it.
    row(Action::ResetPassword, "reset_password", Audience::Everyone),
    row(Action::ListUsers, "users", Audience::Roles(ADMINS)),
    row(
        Action::SetUserRole,
        "set_user_role",
        Audience::Roles(ADMINS),
    ),
    row(
        Action::IssueResetToken,
        "issue_reset_token",
        Audience::Roles(ADMINS),
    ),
    row(
        Action::TakeIssuedToken,
        "take_issued_token",
        Audience::Roles(ADMINS),
    ),
    row(Action::ListAuditLog, "audit_log", Audience::Roles(ADMINS)),
    row(Action::ListDrafts, "drafts", Audience::Roles(ANY_USER)),
    row(
        Action::CreateDraft,
        "create_draft",
        Audience::Roles(ANY_USER),
    ),
    row(Action::LoadDraft, "draft", Audience::Roles(ANY_USER)),
    row(
        Action::OpenDraftClause,
        "draft_clause",
        Audience::Roles(ANY_USER),
    ),
    row(
        Action::SaveDraftEdit,
        "save_draft_edit",
        Audience::Roles(ANY_USER),
    ),
    row(
        Action::SaveStructuralEdit,
        "save_structural_edit",
        Audience::Roles(ANY_USER),
    ),
    row(
        Action::RemoveDraftEdit,
        "remove_draft_edit",
        Audience::Roles(ANY_USER),
    ),
    row(
        Action::RebaseDraftEdit,
        "rebase_draft_edit",
        Audience::Roles(ANY_USER),
    ),
    row(Action::ListPackages, "packages", Audience::Roles(ANY_USER)),
    row(
        Action::CreatePackage,
        "create_package",
        Audience::Roles(ANY_USER),
    ),
    row(Action::LoadPackage, "package", Audience::Roles(ANY_USER)),
    row(
        Action::AddToPackage,
        "add_to_package",
        Audience::Roles(ANY_USER),
    ),
    row(
        Action::SplitFromPackage,
        "split_from_package",
        Audience::Roles(ANY_USER),
    ),
    row(
        Action::UpdateDraftDetails,
        "update_draft_details",
        Audience::Roles(ANY_USER),
    ),
    row(
        Action::AddCoAuthor,
        "add_co_author",
        Audience::Roles(ANY_USER),
    ),
    row(
        Action::SupportAccess,
        "support_access",
        Audience::Roles(ANY_USER),
    ),
    row(Action::WhipBoard, "whip_board", Audience::Roles(ORGANISERS)),
    row(
        Action::RecordBacking,
        "record_backing",
        Audience::Roles(ORGANISERS),
    ),
    row(
        Action::RecordPledge,
        "record_pledge",
        Audience::Roles(PLEDGERS),
    ),
    row(Action::Procedure, "procedure", Audience::Roles(ANY_USER)),
    row(Action::RecordStep, "record_step", Audience::Roles(ANY_USER)),
    row(
        Action::ConferenceOverview,
        "conference_overview",
        Audience::Roles(ORGANISERS),
    ),
    row(
        Action::ConferenceOrganisations,
        "conference_organisations",
        Audience::Roles(ORGANISERS),
    ),
    row(
        Action::ImportOrganisations,
        "import_organisations",
        Audience::Roles(ADMINS),
    ),
    row(
        Action::AssignDelegate,
        "assign_delegate",
        Audience::Roles(ADMINS),
    ),
    row(
        Action::PublishedRuleChange,
        "published_rule_change",
        Audience::Everyone,
    ),
    row(Action::ReadingPack, "reading_pack", Audience::Everyone),
    row(
        Action::ClauseProposals,
        "clause_proposals",
        Audience::Everyone,
    ),
    row(
        Action::AsItWouldRead,
        "as_it_would_read",
        Audience::Everyone,
    ),
    row(
        Action::CreateNextEdition,
        "create_next_edition",
        Audience::Roles(ADMINS),
    ),
    row(Action::Conferences, "conferences", Audience::Everyone),
    row(
        Action::PublishedPackage,
        "published_package",
        Audience::Everyone,
    ),
];

const fn row(action: Action, endpoint: &'static str, audience: Audience) -> Permission {
    Permission {
        action,
        endpoint,
        audience,
    }
}

impl Audience {
    /// Whether `caller` may perform an action open to this audience.
    pub fn admits(self, caller: Caller) -> bool {
        match (self, caller) {
            (Audience::Everyone, _) | (Audience::AnonymousOnly, Caller::Anonymous) => true,
            (Audience::AnonymousOnly, Caller::User(_))
            | (Audience::Roles(_), Caller::Anonymous) => false,
            (Audience::Roles(roles), Caller::User(role)) => roles.contains(&role),
        }
    }
}

/// The table's row for an action.
pub fn permission(action: Action) -> Option<&'static Permission> {
    TABLE.iter().find(|permission| permission.action == action)
}

/// Whether `caller` may perform `action`; an action missing from the table is denied.
pub fn allows(action: Action, caller: Caller) -> bool {
    permission(action).is_some_and(|permission| permission.audience.admits(caller))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_and_endpoint_appears_once() {
        let mut endpoints: Vec<_> = TABLE.iter().map(|p| p.endpoint).collect();
        endpoints.sort_unstable();
        endpoints.dedup();
        assert_eq!(endpoints.len(), TABLE.len(), "duplicate endpoint");
        for (i, p) in TABLE.iter().enumerate() {
            assert!(
                TABLE[i + 1..].iter().all(|q| q.action != p.action),
                "{:?} twice",
                p.action
            );
        }
    }

    #[test]
    fn every_server_function_is_in_the_table() {
        let mut missing: Vec<String> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
            .filter(|endpoint| TABLE.iter().all(|p| p.endpoint != endpoint))
            .collect();
        missing.sort();
        assert!(
            missing.is_empty(),
            "server functions without a row in the permission table: {missing:?}"
        );
        let registered = leptos::server_fn::axum::server_fn_paths().count();
        assert!(
            registered >= TABLE.len(),
            "the table names functions that do not exist"
        );
    }

    #[test]
    fn admin_actions_are_admin_only() {
        assert!(allows(Action::ListUsers, Caller::User(Role::Admin)));
        for role in [Role::Member, Role::Delegate, Role::Organiser] {
            assert!(!allows(Action::ListUsers, Caller::User(role)));
        }
        assert!(!allows(Action::ListUsers, Caller::Anonymous));
        assert!(allows(Action::LoadRule, Caller::Anonymous));
        assert!(!allows(Action::SignUp, Caller::User(Role::Member)));
    }
}
