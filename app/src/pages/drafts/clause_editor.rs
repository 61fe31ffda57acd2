//! The clause being edited: its text in a plain form that works without JavaScript, and once
//! hydrated the word diff and formal wording as you type and an autosave with the optimistic
//! revision.

use super::editor::StructureForms;
use super::*;

/// How long typing must pause before the editor saves, in milliseconds.
const AUTOSAVE_DELAY_MS: u64 = 800;

/// The text editor for one clause, with live diff and wording and autosave.
#[component]
pub(super) fn ClauseEditor(
    id: i32,
    clause: ClauseForEdit,
    pasted: String,
    structure: ServerAction<SaveStructuralEdit>,
    draft_revision: i32,
) -> impl IntoView {
    let structure_forms = clause.can_restructure.then(|| {
        view! { <StructureForms id revision=draft_revision clause=clause.clone() structure /> }
    });
    let save = ServerAction::<SaveDraftEdit>::new();
    // "Paste wording": wording a CLP already has, applied to the clause as it stands, in the
    // browser as you type (and on the server for the plain form).
    let has_pasted = !pasted.trim().is_empty();
    let wording_in = RwSignal::new(pasted.clone());
    let text = RwSignal::new(clause.edited_text.clone());
    let revision = RwSignal::new(clause.revision);
    let status = RwSignal::new(String::new());
    let base = StoredValue::new(clause.base_text.clone());
    let citation = StoredValue::new(clause.citation.clone());
    let key = StoredValue::new(clause.key.clone());
    let diff = Memo::new(move |_| base.with_value(|b| word_diff(b, &text.get())));
    let applied = Memo::new(move |_| {
        let wording = wording_in.get();
        (!wording.trim().is_empty()).then(|| base.with_value(|b| apply(b, &wording)))
    });
    let wording = Memo::new(move |_| {
        let edited = text.get();
        base.with_value(|b| citation.with_value(|c| generate(c, b, &edited).wording))
    });

    // Autosave: a moment after typing stops, save with the revision the editor holds.
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let schedule_save = move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        status.set("Unsaved changes…".into());
        let handle = set_timeout_with_handle(
            move || {
                status.set("Saving…".into());
                save.dispatch(SaveDraftEdit {
                    id,
                    revision: revision.get_untracked(),
                    key: key.get_value(),
                    text: text.get_untracked(),
                });
            },
            std::time::Duration::from_millis(AUTOSAVE_DELAY_MS),
        )
        .ok();
        pending.set_value(handle);
    };
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(SaveOutcome::Saved { revision: next }) => {
                    revision.set(next);
                    status.set("Saved".into());
                }
                Ok(SaveOutcome::Conflict { current }) => {
                    revision.set(current.revision);
                    let theirs = current
                        .edits
                        .iter()
                        .find(|e| e.key == key.get_value())
                        .map(|e| e.edited_text.clone())
                        .unwrap_or_else(|| base.get_value());
                    status.set(format!(
                        "Not saved: someone else saved this draft first. Their text for this clause is: “{theirs}”. Your text is still in the box; save again to replace theirs."
                    ));
                }
                Err(error) => status.set(format!("Not saved: {error}")),
            }
        }
    });

    view! {
        <section class="editor" aria-labelledby="editor-heading">
            <h2 id="editor-heading" data-testid="editor-citation">{clause.citation.clone()}</h2>
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="revision" value=move || revision.get().to_string() />
                <input type="hidden" name="key" value=key.get_value() />
                <label for="clause-text">"The clause as your rule change would have it"</label>
                <textarea
                    id="clause-text"
                    name="text"
                    rows="10"
                    data-testid="clause-text"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        schedule_save();
                    }
                >
                    {textarea_text(&clause.edited_text)}
                </textarea>
                <p class="muted" role="status" aria-live="polite" data-testid="save-status">
                    {move || status.get()}
                </p>
                <button class="button" type="submit" data-testid="save">"Save"</button>
            </ActionForm>
            <h3>"Changes"</h3>
            <div data-testid="live-diff">{move || view! { <DiffPair spans=diff.get() /> }}</div>
            <h3>"Wording for this clause"</h3>
            <pre class="wording" data-testid="live-wording">{move || wording.get()}</pre>
            <details class="paste" open=has_pasted>
                <summary>"Paste wording you already have"</summary>
                <Form method="GET" action=format!("/drafts/{id}") attr:class="form">
                    <input type="hidden" name="clause" value=key.get_value() />
                    <label for="paste-wording">
                        "The rule change's instructions, as written (e.g. Delete ‘two months’ and replace with ‘six weeks’)"
                    </label>
                    <textarea
                        id="paste-wording"
                        name="wording"
                        rows="5"
                        data-testid="paste-wording"
                        prop:value=move || wording_in.get()
                        on:input=move |ev| wording_in.set(event_target_value(&ev))
                    >
                        {textarea_text(&pasted)}
                    </textarea>
                    <button class="button button--secondary" type="submit">"Apply to the clause"</button>
                </Form>
                {move || {
                    applied
                        .get()
                        .map(|a| {
                            let problems = a.problems.clone();
                            let result = a.result.clone();
                            view! {
                                <div data-testid="paste-result">
                                    <h4>"The clause with this wording applied"</h4>
                                    <DiffPair spans=a.diff.clone() />
                                    {if problems.is_empty() {
                                        view! { <p class="muted" data-testid="paste-ok">"Every instruction applies unambiguously."</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="notice notice--error" data-testid="paste-problems">
                                                {problems.into_iter().map(|p| view! { <li>{p.message}</li> }).collect_view()}
                                            </ul>
                                        }
                                            .into_any()
                                    }}
                                    <ActionForm action=save>
                                        <input type="hidden" name="id" value=id />
                                        <input type="hidden" name="revision" value=move || revision.get().to_string() />
                                        <input type="hidden" name="key" value=key.get_value() />
                                        <input type="hidden" name="text" value=result />
                                        <button class="button" type="submit" data-testid="paste-use">
                                            "Use this as my amendment"
                                        </button>
                                    </ActionForm>
                                </div>
                            }
                        })
                }}
            </details>
            {structure_forms}
        </section>
    }
}
