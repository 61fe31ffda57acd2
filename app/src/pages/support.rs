//! Support and procedure pages: `/rule-changes/:id/support` (and `/packages/:id/support`) with
//! the procedure status, the delegate's pledge, and for organisers the whip board with its
//! card-vote forecast, updated live (server-sent events; a page refresh without JavaScript);
//! `/conference/:year` with organisations, delegate entitlement, near-duplicates and the
//! conflict matrix.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::accounts::list_organisations;
use crate::api::support::{
    AssignDelegate, ImportOrganisations, RecordBacking, RecordPledge, RecordStep,
    conference_organisations, conference_overview, load_support_access, load_whip_board, procedure,
};
use crate::components::loaded::Loaded;
use crate::domain::conference::forecast::{Forecast, Verdict};
use crate::domain::conference::workflow::OutOfOrderReason;
use crate::error::AppError;
use crate::model::accounts::OrganisationSummary;
use crate::model::support::{
    PledgePosition, ProcedureView, ResultView, Stance, SupportAccess, WhipBoard,
};
use crate::pages::id_param;

/// `/rule-changes/:id/support`.
#[component]
pub fn RuleChangeSupportPage() -> impl IntoView {
    let id = id_param("id");
    view! { <SupportPage id package=false /> }
}

/// `/packages/:id/support`.
#[component]
pub fn PackageSupportPage() -> impl IntoView {
    let id = id_param("id");
    view! { <SupportPage id package=true /> }
}

#[component]
fn SupportPage(
    id: impl Fn() -> i32 + Copy + Send + Sync + 'static,
    package: bool,
) -> impl IntoView {
    let backing = ServerAction::<RecordBacking>::new();
    let pledge = ServerAction::<RecordPledge>::new();
    let step = ServerAction::<RecordStep>::new();
    // Bumped by the live stream whenever support is recorded anywhere.
    let live = RwSignal::new(0_i64);
    let board = Resource::new(
        move || {
            (
                id(),
                live.get(),
                backing.version().get(),
                pledge.version().get(),
            )
        },
        move |(id, ..)| async move {
            let access = load_support_access(id, package).await?;
            let board = if access.organiser {
                Some(load_whip_board(id, package).await?)
            } else {
                None
            };
            Ok::<_, AppError>((access, board))
        },
    );
    let steps = Resource::new(
        move || (id(), step.version().get()),
        move |(id, _)| async move {
            if package {
                Ok(None)
            } else {
                procedure(id).await.map(Some)
            }
        },
    );
    let organisations = Resource::new(|| (), |_| list_organisations());
    view! {
        <noscript>
            // Without JavaScript the board refreshes itself.
            <meta http-equiv="refresh" content="30" />
        </noscript>
        <Loaded loading="Loading support…">
                {move || Suspend::new(async move {
                    let (access, board) = board.await?;
                    let steps = steps.await?;
                    let organisations = organisations.await.unwrap_or_default();
                    Ok::<_, AppError>(view! {
                        <SupportBody id=id() package access board steps organisations backing pledge step live />
                    })
                })}
            </Loaded>
    }
}

/// Opens the live stream in the browser; each event bumps `live`, which reloads the board.
fn listen_for_support(id: i32, package: bool, live: RwSignal<i64>) {
    #[cfg(feature = "hydrate")]
    {
        use send_wrapper::SendWrapper;
        use wasm_bindgen::{JsCast, closure::Closure};
        Effect::new(move |_| {
            let url = if package {
                format!("/live/package-support/{id}")
            } else {
                format!("/live/support/{id}")
            };
            let Ok(source) = web_sys::EventSource::new(&url) else {
                return;
            };
            let on_support = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |event: web_sys::MessageEvent| {
                    if let Some(revision) = event.data().as_string().and_then(|d| d.parse().ok()) {
                        live.set(revision);
                    }
                },
            );
            let _ = source
                .add_event_listener_with_callback("support", on_support.as_ref().unchecked_ref());
            let held = SendWrapper::new((source, on_support));
            on_cleanup(move || held.0.close());
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, package, live);
}

#[component]
#[allow(clippy::too_many_arguments)]
fn SupportBody(
    id: i32,
    package: bool,
    access: SupportAccess,
    board: Option<WhipBoard>,
    steps: Option<ProcedureView>,
    organisations: Vec<OrganisationSummary>,
    backing: ServerAction<RecordBacking>,
    pledge: ServerAction<RecordPledge>,
    step: ServerAction<RecordStep>,
    live: RwSignal<i64>,
) -> impl IntoView {
    // Only organisers see the board, so only they listen for its updates.
    if board.is_some() {
        listen_for_support(id, package, live);
    }
    let title = board
        .as_ref()
        .map(|b| b.title.clone())
        .or_else(|| steps.as_ref().map(|s| s.title.clone()))
        .unwrap_or_else(|| format!("Rule change {id}"));
    let back = if package {
        format!("/packages/{id}")
    } else {
        format!("/drafts/{id}")
    };
    view! {
        <Title text=format!("Support: {title}") />
        <p class="breadcrumbs">
            <A href=back>"← The rule change"</A>
        </p>
        <h1 data-testid="support-title">{title}</h1>
        {steps.map(|s| view! { <ProcedureSection view=s step /> })}
        <PledgeSection id package access=access.clone() pledge />
        {board.map(|b| view! { <WhipBoardSection id package board=b organisations backing pledge /> })}
    }
}

/// The error of an action's last call, if it failed.
fn error_notice<S>(action: ServerAction<S>) -> impl IntoView
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <p class="notice notice--error" role="alert">{e.to_string()}</p> })
    }
}

#[component]
fn ProcedureSection(view: ProcedureView, step: ServerAction<RecordStep>) -> impl IntoView {
    let id = view.id;
    let warnings = (!view.warnings.is_empty()).then(|| {
        view! {
            <div class="notice" data-testid="procedure-warnings">
                <p class="notice__title">"Procedure checks"</p>
                <ul>
                    {view.warnings.iter().map(|w| view! { <li>{w.message.clone()}</li> }).collect_view()}
                </ul>
            </div>
        }
    });
    let events = view.allowed_events.clone();
    let form = (!events.is_empty()).then(|| {
        view! {
            <ActionForm action=step attr:class="form" attr:data-testid="step-form">
                <input type="hidden" name="id" value=id />
                <label for="step-event">"Record the next step"</label>
                <select id="step-event" name="event" data-testid="step-event">
                    {events
                        .iter()
                        .map(|e| view! { <option value=e.as_str()>{e.label()}</option> })
                        .collect_view()}
                </select>
                <label for="step-ruling-reason">"The CAC's reason (out of order)"</label>
                <select id="step-ruling-reason" name="ruling_reason" data-testid="step-ruling-reason">
                    <option value="">"Another reason (give it below)"</option>
                    {OutOfOrderReason::ALL
                        .into_iter()
                        .filter(|r| *r != OutOfOrderReason::Other)
                        .map(|r| view! { <option value=r.as_str()>{sentence(r.label())}</option> })
                        .collect_view()}
                </select>
                <label for="step-reason">"Reason or grounds (out of order, appeal)"</label>
                <textarea id="step-reason" name="reason" rows="2"></textarea>
                <fieldset class="votes">
                    <legend>"Card vote (for a result)"</legend>
                    <label>"CLPs for " <input type="number" name="clp_for" min="0" data-testid="vote-clp-for" /></label>
                    <label>"CLPs against " <input type="number" name="clp_against" min="0" data-testid="vote-clp-against" /></label>
                    <label>"Affiliates for " <input type="number" name="affiliates_for" min="0" data-testid="vote-aff-for" /></label>
                    <label>"Affiliates against " <input type="number" name="affiliates_against" min="0" data-testid="vote-aff-against" /></label>
                </fieldset>
                <fieldset class="votes">
                    <legend>"As printed on the result sheet (optional: enter what was printed, and redline checks it adds up)"</legend>
                    <label>"CLP total votes " <input type="number" name="clp_total" min="0" data-testid="printed-clp-total" /></label>
                    <label>"CLPs for, % " <input type="number" name="clp_for_pct" min="0" max="100" step="0.01" data-testid="printed-clp-for" /></label>
                    <label>"CLPs against, % " <input type="number" name="clp_against_pct" min="0" max="100" step="0.01" /></label>
                    <label>"Affiliates total votes " <input type="number" name="affiliates_total" min="0" data-testid="printed-aff-total" /></label>
                    <label>"Affiliates for, % " <input type="number" name="affiliates_for_pct" min="0" max="100" step="0.01" data-testid="printed-aff-for" /></label>
                    <label>"Affiliates against, % " <input type="number" name="affiliates_against_pct" min="0" max="100" step="0.01" /></label>
                    <label>"Total for, % " <input type="number" name="total_for_pct" min="0" max="100" step="0.01" data-testid="printed-total-for" /></label>
                    <label>"Total against, % " <input type="number" name="total_against_pct" min="0" max="100" step="0.01" /></label>
                </fieldset>
                <button class="button" type="submit" data-testid="step-record">"Record"</button>
            </ActionForm>
        }
    });
    view! {
        <section aria-labelledby="procedure-heading">
            <h2 id="procedure-heading">"Conference procedure"</h2>
            <p data-testid="procedure-status">
                "Status: " <strong>{view.status_label.clone()}</strong>
                {view.debate_year.map(|y| format!(" · debated at Annual Conference {y}"))}
                {view.nec_recommendation.clone().map(|r| format!(" · NEC recommends: {r}"))}
                {view.proposer.clone().map(|p| format!(" · proposed by {p}"))}
            </p>
            {warnings}
            {(!view.history.is_empty()).then(|| view! {
                <table class="table" data-testid="procedure-history">
                    <thead><tr><th>"When"</th><th>"Step"</th><th>"By"</th></tr></thead>
                    <tbody>
                        {view.history.iter().map(|h| view! {
                            <tr>
                                <td>{h.at.chars().take(16).collect::<String>().replace('T', " ")}</td>
                                <td>{format!("{} → {}: {}", h.from, h.to, h.detail)}</td>
                                <td>{h.actor.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {view.result.clone().map(|result| view! { <CardVoteResult result /> })}
            {form}
            {error_notice(step)}
        </section>
    }
}

/// A recorded card-vote result: the votes, the percentages they give beside those printed,
/// and a warning listing every printed figure that does not add up.
#[component]
fn CardVoteResult(result: ResultView) -> impl IntoView {
    let outcome = if result.carried {
        "The votes carry the change."
    } else {
        "The votes do not carry the change."
    };
    let printed = result.printed;
    let flags = result.flags.clone();
    view! {
        <h3>"Card-vote result"</h3>
        <table class="table" data-testid="card-vote-result">
            <thead>
                <tr>
                    <th>"Section"</th><th>"For"</th><th>"Against"</th>
                    <th>"For, % of the whole"</th><th>"Against, %"</th>
                    {printed.then(|| view! { <th>"Printed total"</th> })}
                </tr>
            </thead>
            <tbody>
                {result
                    .rows
                    .into_iter()
                    .map(|row| {
                        let shown = |computed: String, printed: Option<String>| match printed {
                            Some(p) if p != computed => format!("{computed} (printed {p})"),
                            _ => computed,
                        };
                        view! {
                            <tr>
                                <th scope="row">{row.section}</th>
                                <td>{row.for_votes}</td>
                                <td>{row.against}</td>
                                <td>{shown(row.for_pct, row.printed_for_pct)}</td>
                                <td>{shown(row.against_pct, row.printed_against_pct)}</td>
                                {printed.then(|| view! { <td>{row.stated_total.unwrap_or_default()}</td> })}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <p>{outcome}</p>
        {if !printed {
            None
        } else if flags.is_empty() {
            Some(view! { <p class="muted" data-testid="result-checked">"The printed figures add up."</p> }.into_any())
        } else {
            Some(
                view! {
                    <div class="notice notice--error" role="alert" data-testid="result-flags">
                        <p class="notice__title">"The published figures do not add up"</p>
                        <ul>{flags.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                    </div>
                }
                    .into_any(),
            )
        }}
    }
}

#[component]
fn PledgeSection(
    id: i32,
    package: bool,
    access: SupportAccess,
    pledge: ServerAction<RecordPledge>,
) -> impl IntoView {
    let body = match access.delegation {
        Some(delegation) => {
            let current = access.own_pledge;
            let option = move |position: PledgePosition| {
                let selected = current == Some(position);
                view! { <option value=position.as_str() selected=selected>{position.as_str()}</option> }
            };
            view! {
                <p data-testid="own-pledge">
                    {format!("You are a delegate of {delegation}. ")}
                    {match &access.own_pledge {
                        Some(p) => format!("Your pledge: {p}."),
                        None => "You have not pledged yet.".to_owned(),
                    }}
                </p>
                <ActionForm action=pledge attr:class="compare-form" attr:data-testid="pledge-form">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="package" value=package.to_string() />
                    <label for="pledge-position">"I will vote "</label>
                    <select id="pledge-position" name="position" data-testid="pledge-position">
                        {PledgePosition::ALL
                            .iter()
                            .map(|p| option(*p))
                            .collect_view()}
                    </select>
                    <label><input type="checkbox" name="mandated" value="true" />" mandated by my CLP"</label>
                    <button class="button" type="submit" data-testid="pledge-save">"Pledge"</button>
                </ActionForm>
            }
            .into_any()
        }
        None if access.organiser => ().into_any(),
        None => view! {
            <p class="muted">"Only delegates to the conference that debates this rule change can pledge."</p>
        }
        .into_any(),
    };
    view! {
        <h2>"Your pledge"</h2>
        {body}
        {error_notice(pledge)}
    }
}

fn forecast_text(f: &Forecast) -> String {
    let verdict = match f.verdict {
        Verdict::Carried => "carried",
        Verdict::Lost => "lost",
        Verdict::TooCloseToCall => "too close to call",
        Verdict::NoVotes => "no votes known yet",
    };
    format!(
        "{:.2}% for (CLPs {:.2}% + affiliates {:.2}%); from {:.2}% if every undecided vote goes against to {:.2}% if all go for: {verdict}",
        f.total_for, f.clp_for, f.affiliates_for, f.lowest_for, f.highest_for
    )
}

#[component]
fn WhipBoardSection(
    id: i32,
    package: bool,
    board: WhipBoard,
    organisations: Vec<OrganisationSummary>,
    backing: ServerAction<RecordBacking>,
    pledge: ServerAction<RecordPledge>,
) -> impl IntoView {
    let export = (!package).then(|| {
        view! {
            <p>
                <a href=format!("/export/support/{id}") data-testid="support-csv" rel="external">
                    "Download backing and pledges (CSV)"
                </a>
            </p>
        }
    });
    let org_options = organisations
        .into_iter()
        .filter(|o| o.kind != "nec")
        .map(|o| view! { <option value=o.id.to_string()>{format!("{} ({})", o.name, o.kind)}</option> })
        .collect_view();
    view! {
        <section aria-labelledby="whip-heading" data-testid="whip-board" data-revision=board.revision>
            <h2 id="whip-heading">"Whip board"</h2>
            <p class="notice" data-testid="forecast">
                <strong>"Card-vote forecast: "</strong>
                {if board.backing.is_empty() && board.pledges.is_empty() {
                    "no votes known yet: no backing or pledges have been recorded.".to_owned()
                } else {
                    forecast_text(&board.forecast)
                }}
            </p>
            <h3>"Organisations"</h3>
            <table class="table" data-testid="backing">
                <thead><tr><th>"Organisation"</th><th>"Stance"</th><th>"Meeting"</th><th>"Evidence"</th></tr></thead>
                <tbody>
                    {board.backing.iter().map(|b| view! {
                        <tr>
                            <td>{b.organisation.clone()}{b.region.clone().map(|r| format!(" ({r})"))}</td>
                            <td>{b.stance.as_str()}</td>
                            <td>{b.meeting.clone()}{b.decided_on.clone().map(|d| format!(", {d}"))}</td>
                            <td>{b.evidence.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3>"Pledges by region"</h3>
            <table class="table" data-testid="tallies">
                <thead><tr><th>"Region"</th><th>"For"</th><th>"Against"</th><th>"Undecided"</th><th>"Mandated"</th><th>"Collected"</th></tr></thead>
                <tbody>
                    {board.tallies.iter().map(|t| view! {
                        <tr>
                            <td>{t.region.clone()}</td>
                            <td>{t.for_}</td>
                            <td>{t.against}</td>
                            <td>{t.undecided}</td>
                            <td>{t.mandated}</td>
                            <td>{t.collected}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <ul data-testid="pledges">
                {board.pledges.iter().map(|p| view! {
                    <li>
                        {format!("{} ({}): {}", p.delegate, p.organisation, p.position)}
                        {p.mandated.then_some(", mandated")}
                        {p.collected_by.clone().map(|c| format!(" — collected by {c}"))}
                    </li>
                }).collect_view()}
            </ul>
            {export}
            <h3>"Record backing"</h3>
            <ActionForm action=backing attr:class="form" attr:data-testid="backing-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="package" value=package.to_string() />
                <label for="backing-org">"Organisation"</label>
                <select id="backing-org" name="organisation_id" data-testid="backing-org">{org_options}</select>
                <label for="backing-stance">"Decision"</label>
                <select id="backing-stance" name="stance" data-testid="backing-stance">
                    {Stance::ALL
                        .iter()
                        .map(|s| view! { <option value=s.as_str()>{s.label()}</option> })
                        .collect_view()}
                </select>
                <label for="backing-meeting">"Meeting"</label>
                <input id="backing-meeting" type="text" name="meeting" maxlength="200" placeholder="e.g. All-member meeting" />
                <label for="backing-date">"Date"</label>
                <input id="backing-date" type="date" name="decided_on" />
                <label for="backing-evidence">"Evidence (link or note)"</label>
                <input id="backing-evidence" type="text" name="evidence" maxlength="2000" />
                <button class="button" type="submit" data-testid="backing-save">"Record"</button>
            </ActionForm>
            {error_notice(backing)}
            <h3>"Record a pledge you collected"</h3>
            <ActionForm action=pledge attr:class="compare-form" attr:data-testid="collected-pledge-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="package" value=package.to_string() />
                <label for="collected-email">"Delegate's e-mail "</label>
                <input id="collected-email" type="email" name="delegate_email" maxlength="254" />
                <select name="position" aria-label="Position">
                    {PledgePosition::ALL
                        .iter()
                        .map(|p| view! { <option value=p.as_str()>{p.as_str()}</option> })
                        .collect_view()}
                </select>
                <label><input type="checkbox" name="mandated" value="true" />" mandated"</label>
                <button class="button button--secondary" type="submit">"Record pledge"</button>
            </ActionForm>
        </section>
    }
}

/// `/conference/:year`: organisations and entitlement, delegations, and the overview.
#[component]
pub fn ConferencePage() -> impl IntoView {
    let year = id_param("year");
    let import = ServerAction::<ImportOrganisations>::new();
    let assign = ServerAction::<AssignDelegate>::new();
    let organisations = Resource::new(
        move || (year(), import.version().get()),
        |(year, _)| conference_organisations(year),
    );
    let overview = Resource::new(year, conference_overview);
    view! {
        <Title text=format!("Annual Conference {}", year()) />
        <h1>{move || format!("Annual Conference {}", year())}</h1>
        <Loaded loading="Loading the conference…">
                {move || Suspend::new(async move {
                    let overview = overview.await?;
                    let organisations = organisations.await?;
                    let titles: std::collections::HashMap<i32, String> = overview
                        .rule_changes
                        .iter()
                        .map(|r| (r.id, r.title.clone()))
                        .collect();
                    let name = move |id: i32| titles.get(&id).cloned().unwrap_or_else(|| format!("Rule change {id}"));
                    Ok::<_, AppError>(view! {
                        <h2>"Rule changes"</h2>
                        <table class="table" data-testid="conference-rule-changes">
                            <thead><tr><th>"Rule change"</th><th>"Proposer"</th><th>"Status"</th><th>"Clauses"</th></tr></thead>
                            <tbody>
                                {overview.rule_changes.clone().into_iter().map(|r| view! {
                                    <tr>
                                        <td><A href=format!("/rule-changes/{}/support", r.id)>{r.title.clone()}</A></td>
                                        <td>{r.proposer.clone().unwrap_or_default()}</td>
                                        <td>{r.status.clone()}</td>
                                        <td>{r.clauses.join(", ")}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <h2>"Near-duplicates"</h2>
                        <ul data-testid="duplicates">
                            {overview.duplicates.clone().into_iter().map(|g| view! {
                                <li>{g.rule_change_ids.iter().map(|id| name(*id)).collect::<Vec<_>>().join(" · ")}</li>
                            }).collect_view()}
                        </ul>
                        <h2>"Clauses amended by more than one rule change"</h2>
                        <ul data-testid="conflicts">
                            {overview.conflicts.clone().into_iter().map(|c| view! {
                                <li>
                                    <strong>{c.node_key.clone()}</strong>
                                    <ul>
                                        {c.pairs.iter().map(|p| view! {
                                            <li>{format!("{:?} and {:?}: {}", p.a, p.b, p.verdict.summary())}</li>
                                        }).collect_view()}
                                    </ul>
                                </li>
                            }).collect_view()}
                        </ul>
                        <h2>"Organisations and delegate entitlement"</h2>
                        <table class="table" data-testid="organisations">
                            <thead><tr><th>"Organisation"</th><th>"Kind"</th><th>"Region"</th><th>"Members / card vote"</th><th>"Delegates"</th></tr></thead>
                            <tbody>
                                {organisations.clone().into_iter().map(|o| view! {
                                    <tr>
                                        <td>{o.name.clone()}</td>
                                        <td>{o.kind.clone()}</td>
                                        <td>{o.region.clone().unwrap_or_default()}</td>
                                        <td>{o.membership.map(i64::from).or(o.card_vote_weight).map(|n| n.to_string()).unwrap_or_default()}</td>
                                        <td>{o.delegates.map(|d| d.to_string()).unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })
                })}
            </Loaded>
        <h2>"Admin: import organisations"</h2>
        <ActionForm action=import attr:class="form" attr:data-testid="import-form">
            <label for="import-csv">"CSV with the columns name,kind,region,membership,card_vote_weight"</label>
            <textarea id="import-csv" name="csv" rows="6" data-testid="import-csv"></textarea>
            <button class="button" type="submit" data-testid="import-save">"Import"</button>
        </ActionForm>
        {move || import.value().get().map(|r| match r {
            Ok(report) => view! {
                <div class="notice" role="status" data-testid="import-report">
                    <p>{format!("{} created, {} updated, {} rows not imported.", report.created, report.updated, report.rejected.len())}</p>
                    <ul>
                        {report.rejected.into_iter().map(|(line, reason)| view! { <li>{format!("Line {line}: {reason}")}</li> }).collect_view()}
                    </ul>
                </div>
            }.into_any(),
            Err(e) => view! { <p class="notice notice--error" role="alert">{e.to_string()}</p> }.into_any(),
        })}
        <h2>"Admin: seat a delegate"</h2>
        <ActionForm action=assign attr:class="compare-form" attr:data-testid="assign-form">
            <input type="hidden" name="year" value=move || year().to_string() />
            <label for="assign-org">"Organisation id "</label>
            <input id="assign-org" type="number" name="organisation_id" min="1" />
            <label for="assign-email">"Delegate's e-mail "</label>
            <input id="assign-email" type="email" name="email" maxlength="254" />
            <button class="button button--secondary" type="submit">"Seat delegate"</button>
        </ActionForm>
        {error_notice(assign)}
    }
}

/// A label as the start of a sentence: its first letter upper-case.
fn sentence(label: &str) -> String {
    let mut chars = label.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
