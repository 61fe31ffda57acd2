//! The HTML shell, the router and the site-wide layout.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{A, Route, Router, Routes},
    path,
};

use crate::components::escape::page_title;
use crate::components::not_found::NotFoundPage;
use crate::components::user_nav::UserNav;
use crate::pages::account::{
    admin::AdminUsersPage, audit::AuditLogPage, password::ChangePasswordPage,
    reset::ResetPasswordPage, sign_in::SignInPage, sign_up::SignUpPage,
};
use crate::pages::{
    compare::ComparePage,
    drafts::{DraftEditorPage, DraftsPage},
    go::GoToRulePage,
    history::HistoryPage,
    home::HomePage,
    packages::PackagePage,
    publication::{
        AsItWouldReadPage, ConferencesPage, EditionsAdminPage, PublishedPackagePage,
        PublishedRuleChangePage, ReadingPackPage,
    },
    rules::{RulePermalinkPage, RulesFirstSegmentPage, RulesIndexPage},
    search::SearchPage,
    support::{ConferencePage, PackageSupportPage, RuleChangeSupportPage},
};

/// The full HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" href="/pkg/redline.css" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: layout, navigation and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    crate::providers::session::provide_session();
    // Tests wait for this attribute before they click: it is set once the wasm has hydrated.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Title formatter=page_title />
        <Router>
            <a class="skip-link" href="#content">"Skip to content"</a>
            <header class="site-header">
                <div class="site-header__inner">
                    <A href="/" attr:class="site-header__brand">
                        "redline"
                    </A>
                    <nav class="site-nav" aria-label="Main">
                        <A href="/">"Home"</A>
                        <A href="/rules">"Rule Book"</A>
                        <A href="/compare?from=2023&to=2024">"Compare"</A>
                        <A href="/search">"Search"</A>
                        <A href="/conference">"Conference"</A>
                        <A href="/drafts">"My rule changes"</A>
                    </nav>
                    <UserNav />
                </div>
            </header>
            <main id="content" class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/go") view=GoToRulePage ssr=SsrMode::Async />
                    <Route path=path!("/rules") view=RulesIndexPage ssr=SsrMode::Async />
                    <Route path=path!("/rules/:first") view=RulesFirstSegmentPage ssr=SsrMode::Async />
                    <Route path=path!("/rules/:edition/:key") view=RulePermalinkPage ssr=SsrMode::Async />
                    <Route path=path!("/rules/:edition/:key/history") view=HistoryPage ssr=SsrMode::Async />
                    <Route path=path!("/compare") view=ComparePage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/drafts") view=DraftsPage ssr=SsrMode::Async />
                    <Route path=path!("/drafts/:id") view=DraftEditorPage ssr=SsrMode::Async />
                    <Route path=path!("/packages/:id") view=PackagePage ssr=SsrMode::Async />
                    <Route path=path!("/packages/:id/support") view=PackageSupportPage ssr=SsrMode::Async />
                    <Route path=path!("/packages/:id/read") view=PublishedPackagePage ssr=SsrMode::Async />
                    <Route path=path!("/rule-changes/:id/support") view=RuleChangeSupportPage ssr=SsrMode::Async />
                    <Route path=path!("/rule-changes/:id") view=PublishedRuleChangePage ssr=SsrMode::Async />
                    <Route path=path!("/conference/:year/reading-pack") view=ReadingPackPage ssr=SsrMode::Async />
                    <Route path=path!("/as-it-would-read") view=AsItWouldReadPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/editions") view=EditionsAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/conference") view=ConferencesPage ssr=SsrMode::Async />
                    <Route path=path!("/conference/:year") view=ConferencePage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/sign-up") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/account/password") view=ChangePasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/account/reset") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=AuditLogPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>
                    "redline drafts, tracks and publishes rule changes. The demo Rule Book is illustrative, not the Labour Party's text."
                </p>
            </footer>
        </Router>
    }
}
