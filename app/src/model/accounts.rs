//! Accounts on the wire: roles, the signed-in user, users and audit entries as admins see them,
//! and field-level validation messages.

use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// What a signed-in user may do; each role includes everything the ones before it may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Reads, drafts own rule changes, co-authors on invitation.
    Member,
    /// A member who also records their own pledges.
    Delegate,
    /// Manages support tracking for the campaigns or CLPs they organise.
    Organiser,
    /// Editions, users, conference settings.
    Admin,
}

impl Role {
    /// Every role, least powerful first.
    pub const ALL: [Role; 4] = [Role::Member, Role::Delegate, Role::Organiser, Role::Admin];

    /// The stored and submitted form (`member`, `delegate`, `organiser`, `admin`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Delegate => "delegate",
            Role::Organiser => "organiser",
            Role::Admin => "admin",
        }
    }

    /// Parses the stored form.
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// How the role is shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Member => "Member",
            Role::Delegate => "Delegate",
            Role::Organiser => "Organiser",
            Role::Admin => "Admin",
        }
    }
}

/// The signed-in user, as the layout needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub organisation: Option<String>,
}

impl CurrentUser {
    /// Whether the user may see the admin pages (the server checks again on every call).
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// An organisation a user can belong to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSummary {
    pub id: i32,
    pub name: String,
    pub kind: String,
}

/// A user as the admin user list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub organisation: Option<String>,
    pub created_at: String,
}

/// A freshly issued password-reset token: shown once to the admin, who passes it on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    pub user_name: String,
    pub user_email: String,
    pub token: String,
    pub expires_at: String,
}

/// One audit-log entry as admins read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i32,
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<String>,
    pub detail: Option<String>,
}

/// Field-level validation messages. They travel inside [`AppError::BadRequest`] as lines of
/// `field<TAB>message`, so that forms without JavaScript (whose errors come back in the URL)
/// can still show each message beside its field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(String, String)>);

impl FieldErrors {
    /// Adds a message for a field.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push((field.to_owned(), message.into()));
    }

    /// True when nothing was wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Encodes the messages as one [`AppError::BadRequest`].
    pub fn into_error(self) -> AppError {
        AppError::BadRequest(self.encode())
    }

    /// The messages as `field<TAB>message` lines.
    pub fn encode(self) -> String {
        self.0
            .into_iter()
            .map(|(field, message)| format!("{field}\t{message}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// One message for one field, as the error to send.
    pub fn single_error(field: &str, message: impl Into<String>) -> AppError {
        AppError::BadRequest(Self::single(field, message))
    }

    /// One message for one field, encoded.
    pub fn single(field: &str, message: impl Into<String>) -> String {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        errors.encode()
    }

    /// The message for `field` in an error, if the error carries one.
    pub fn message_for(error: &AppError, field: &str) -> Option<String> {
        match error {
            AppError::BadRequest(text) => text.lines().find_map(|line| {
                line.split_once('\t')
                    .filter(|(name, _)| *name == field)
                    .map(|(_, message)| message.to_owned())
            }),
            _ => None,
        }
    }

    /// The error as a sentence for the top of a form: field messages are summarised, other
    /// errors shown as they are.
    pub fn summary(error: &AppError) -> String {
        match error {
            AppError::BadRequest(text) if text.contains('\t') => {
                "Please correct the fields marked below.".to_owned()
            }
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_messages_round_trip() {
        let mut errors = FieldErrors::default();
        errors.add("email", "Enter an e-mail address.");
        errors.add("name", "Enter your name.");
        let error = errors.into_error();
        assert_eq!(
            FieldErrors::message_for(&error, "email").as_deref(),
            Some("Enter an e-mail address.")
        );
        assert_eq!(
            FieldErrors::message_for(&error, "name").as_deref(),
            Some("Enter your name.")
        );
        assert_eq!(FieldErrors::message_for(&error, "password"), None);
        assert_eq!(
            FieldErrors::summary(&error),
            "Please correct the fields marked below."
        );
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("owner"), None);
    }
}
