//! Accounts at the command line and at start-up: `create-admin`, `lock-demo-users`, the demo
//! accounts `serve --demo` creates, and the production check that refuses to serve while demo
//! accounts still accept their published passwords.

use std::io::BufRead;

use anyhow::{Context, anyhow, bail};
use app::model::accounts::Role;
use app::ssr::services::accounts::{self, NewUser};
use sea_orm::DatabaseConnection;

/// Demo organisations: (name, kind, region, membership).
pub const DEMO_ORGANISATIONS: [(&str, &str, Option<&str>, Option<i32>); 5] = [
    ("Riverside CLP", "clp", Some("London"), Some(1_240)),
    ("Northgate CLP", "clp", Some("North West"), Some(860)),
    (
        "Eastfield CLP",
        "clp",
        Some("Yorkshire and the Humber"),
        Some(530),
    ),
    ("Example Workers' Union", "affiliate", None, None),
    ("National Executive Committee", "nec", None, None),
];

/// One demo account per role: (e-mail, name, role, published password, organisation). These
/// passwords are documented in the README; they exist only for demos.
pub const DEMO_USERS: [(&str, &str, Role, &str, &str); 5] = [
    (
        "member@example.org",
        "Mo Member",
        Role::Member,
        "member-demo-pass",
        "Riverside CLP",
    ),
    (
        "delegate@example.org",
        "Dee Delegate",
        Role::Delegate,
        "delegate-demo-pass",
        "Riverside CLP",
    ),
    (
        "delegate2@example.org",
        "Dev Delegate",
        Role::Delegate,
        "delegate2-demo-pass",
        "Northgate CLP",
    ),
    (
        "organiser@example.org",
        "Olu Organiser",
        Role::Organiser,
        "organiser-demo-pass",
        "Northgate CLP",
    ),
    (
        "admin@example.org",
        "Ada Admin",
        Role::Admin,
        "admin-demo-pass",
        "National Executive Committee",
    ),
];

/// Creates the demo organisations and demo accounts that are missing.
pub async fn ensure_demo_accounts(db: &DatabaseConnection) -> anyhow::Result<()> {
    for (name, kind, region, membership) in DEMO_ORGANISATIONS {
        accounts::ensure_organisation(db, name, kind, region, membership)
            .await
            .with_context(|| format!("cannot create the demo organisation {name}"))?;
    }
    for (email, name, role, password, organisation) in DEMO_USERS {
        if accounts::find_by_email(db, email).await?.is_some() {
            continue;
        }
        let organisation_id =
            accounts::ensure_organisation(db, organisation, "clp", None, None).await?;
        accounts::create_user(
            db,
            NewUser {
                name: name.to_owned(),
                email: email.to_owned(),
                password: password.to_owned(),
                organisation_id: Some(organisation_id),
                role,
                is_demo: true,
            },
            None,
        )
        .await
        .map_err(|e| anyhow!("cannot create the demo account {email}: {e}"))?;
        tracing::info!(email, role = role.as_str(), "created demo account");
    }
    Ok(())
}

/// Refuses to serve in production while a demo account still has its published password.
pub async fn refuse_demo_accounts(db: &DatabaseConnection) -> anyhow::Result<()> {
    let published: Vec<(&str, &str)> = DEMO_USERS
        .iter()
        .map(|(email, _, _, password, _)| (*email, *password))
        .collect();
    let found = accounts::demo_accounts_with_password(db, &published)
        .await
        .context("cannot check for demo accounts")?;
    if !found.is_empty() {
        bail!(
            "refusing to start in production mode: demo accounts with their published passwords exist ({}). \
             Create a real admin with `redline create-admin`, then run `redline lock-demo-users`, or serve without --production",
            found.join(", ")
        );
    }
    Ok(())
}

/// `redline create-admin`: creates an admin account. The password comes from
/// `REDLINE_ADMIN_PASSWORD` or the first line of standard input (never a command-line argument,
/// which other users of the machine could see).
pub async fn create_admin(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    organisation: Option<&str>,
) -> anyhow::Result<()> {
    let password = match std::env::var("REDLINE_ADMIN_PASSWORD") {
        Ok(password) if !password.is_empty() => password,
        _ => {
            eprintln!("Password for {email} (one line, at least 10 characters):");
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .context("cannot read the password from standard input")?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let organisation_id = match organisation {
        Some(name) => Some(accounts::ensure_organisation(db, name, "clp", None, None).await?),
        None => None,
    };
    let created = accounts::create_user(
        db,
        NewUser {
            name: name.to_owned(),
            email: email.to_owned(),
            password,
            organisation_id,
            role: Role::Admin,
            is_demo: false,
        },
        None,
    )
    .await
    .map_err(|e| {
        anyhow!(
            "cannot create the admin: {}",
            e.to_string().replace('\t', ": ").replace('\n', "; ")
        )
    })?;
    println!("Created admin {} <{}>.", created.name, created.email);
    Ok(())
}

/// `redline lock-demo-users`: makes the demo accounts unusable.
pub async fn lock_demo_users(db: &DatabaseConnection) -> anyhow::Result<()> {
    let count = accounts::lock_demo_accounts(db)
        .await
        .map_err(|e| anyhow!("cannot lock the demo accounts: {e}"))?;
    println!("Locked {count} demo account(s).");
    Ok(())
}
