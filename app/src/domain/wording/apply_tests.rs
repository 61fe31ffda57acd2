//! Unit tests of applying: spacing of deletions and insertions, label sequence of new nodes.

use super::*;

#[test]
fn deletion_leaves_no_double_space() {
    let t = "Members may vote.";
    let r = tidy_deletion(t, 8..11);
    let mut out = t.to_owned();
    out.replace_range(r, "");
    assert_eq!(out, "Members vote.");
    let r = tidy_deletion(t, 0..7);
    let mut out = t.to_owned();
    out.replace_range(r, "");
    assert_eq!(out, "may vote.");
    let r = tidy_deletion(t, 12..16);
    let mut out = t.to_owned();
    out.replace_range(r, "");
    assert_eq!(out, "Members may.");
}

#[test]
fn insertion_is_spaced() {
    assert_eq!(joined("Members vote.", 7, "may"), " may");
    assert_eq!(joined("Members vote.", 12, ", if present"), ", if present");
    assert_eq!(joined("Members vote.", 8, "may"), "may ");
}

#[test]
fn new_node_label_is_checked() {
    let ins = Instruction::InsertNode {
        noun: Some(NodeKind::SubSection),
        label: "5.G".into(),
        after: Some("5.E".into()),
        text: None,
    };
    let (change, problem) = structural_change(0, &ins);
    assert_eq!(change.expected_label.as_deref(), Some("5.F"));
    assert!(matches!(problem, Some(ProblemKind::LabelSequence { .. })));
}
