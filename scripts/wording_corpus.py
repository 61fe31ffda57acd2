#!/usr/bin/env python3
"""Writes app/tests/fixtures/wording/corpus.txt: the wording corpus (issue 17).

Each case is data: a base text, wording as a CLP would write it, and the exact text expected or
the kind of problem expected. The expected texts are written out by hand here, never computed by
the engine. Quote styles are multiplied out so every form is read in every quote mix.
Run: python3 scripts/wording_corpus.py
"""
from pathlib import Path

MEMB = ("A member of the Party who joins or supports a political organisation other than an "
        "official Labour group shall be ineligible to remain a Party member. The NEC shall "
        "determine any appeal. The decision of the NEC shall be final.")
CLP = ("Each CLP may submit one motion and one rule change to Annual Conference. Motions shall "
       "be no more than 250 words. The CAC shall rule on the admissibility of motions and rule "
       "changes. Rule changes shall be submitted by the closing date.")
LIST = "The NEC shall:\n(i) maintain a register of members;\n(ii) publish the register annually."
DISC = ("Disciplinary action may be taken against a member who, in the opinion of the NEC, "
        "engages in conduct which is prejudicial to the Party. The member shall be given notice "
        "of the charge, and shall have the right to be heard. No member shall be suspended for "
        "more than six months.")
BASES = {"MEMB": MEMB, "CLP": CLP, "LIST": LIST, "DISC": DISC}

STYLES = {
    "straight double": ('"', '"'),
    "straight single": ("'", "'"),
    "curly single": ("‘", "’"),
    "curly double": ("“", "”"),
    "curly open, straight close": ("‘", "'"),
    "curly double open, straight close": ("“", '"'),
    "straight open, curly close": ("'", "’"),
}

S1 = ("A member of the Party who joins or supports a political organisation other than an "
      "official Labour group shall be ineligible to remain a Party member.")
S2 = "The NEC shall determine any appeal."
S3 = "The decision of the NEC shall be final."

# (name, base, wording with {X} marking a quotation, expected text)
TEMPLATES = [
    ("delete a phrase", "MEMB", "Delete {or supports}",
     S1.replace("joins or supports", "joins") + " " + S2 + " " + S3),
    ("delete and replace", "MEMB", "Delete {ineligible} and replace with {not eligible}",
     S1.replace("ineligible", "not eligible") + " " + S2 + " " + S3),
    ("replace throughout", "MEMB", "Replace {NEC} with {National Executive Committee} throughout",
     S1 + " The National Executive Committee shall determine any appeal. The decision of the "
     "National Executive Committee shall be final."),
    ("replace in both places", "MEMB",
     "Replace the word {NEC} with the words {National Executive Committee} in both places",
     S1 + " The National Executive Committee shall determine any appeal. The decision of the "
     "National Executive Committee shall be final."),
    ("replace wherever it appears", "MEMB",
     "Replace {NEC} wherever it appears with {National Executive Committee}",
     S1 + " The National Executive Committee shall determine any appeal. The decision of the "
     "National Executive Committee shall be final."),
    ("the second occurrence, replaced", "MEMB",
     "Delete the second {Party} and replace with {Labour Party}",
     S1.replace("a Party member", "a Labour Party member") + " " + S2 + " " + S3),
    ("the first occurrence of", "MEMB",
     "Replace the first occurrence of {NEC} with {National Executive Committee}",
     S1 + " The National Executive Committee shall determine any appeal. " + S3),
    ("range, inclusive", "MEMB", "Delete from {other than} to {Labour group} (inclusive)",
     S1.replace(" other than an official Labour group", "") + " " + S2 + " " + S3),
    ("range to the end of the sentence", "MEMB",
     "Delete the words from {shall be ineligible} to the end of the sentence",
     "A member of the Party who joins or supports a political organisation other than an "
     "official Labour group. " + S2 + " " + S3),
    ("all words after, and insert", "MEMB",
     "Delete all words after {The decision of the NEC} and insert {may be appealed to Conference}",
     S1 + " " + S2 + " The decision of the NEC may be appealed to Conference."),
    ("in the third sentence", "MEMB",
     "In the third sentence, delete {NEC} and replace with {Appeals Board}",
     S1 + " " + S2 + " The decision of the Appeals Board shall be final."),
    ("after the first sentence insert", "MEMB",
     "After the first sentence insert: {Membership shall lapse at once.}",
     S1 + " Membership shall lapse at once. " + S2 + " " + S3),
    ("delete the second sentence", "MEMB", "Delete the second sentence, which reads {" + S2 + "}",
     S1 + " " + S3),
    ("amend to read", "MEMB",
     "Amend to read: {A member who joins another party shall cease to be a member.}",
     "A member who joins another party shall cease to be a member."),
    ("replace the text of this clause", "MEMB",
     "Replace the text of this clause with: {Membership is open to all who accept the aims of the Party.}",
     "Membership is open to all who accept the aims of the Party."),
    ("split over two lines", "MEMB",
     "Delete: {joins or supports}\nReplace with: {joins, supports or donates to}",
     S1.replace("joins or supports", "joins, supports or donates to") + " " + S2 + " " + S3),
    ("quotation on the line after add", "MEMB",
     "Add at end:\n{Any appeal shall be heard within two months.}",
     S1 + " " + S2 + " " + S3 + " Any appeal shall be heard within two months."),
    ("line reference that is not needed", "MEMB",
     "After {appeal.} (line 2) add: {Appeals shall be heard in private.}",
     S1 + " The NEC shall determine any appeal. Appeals shall be heard in private. " + S3),
    ("ordinal anchor", "MEMB", "After the first {NEC} insert {or its Disputes Panel}",
     S1 + " The NEC or its Disputes Panel shall determine any appeal. " + S3),
    ("numbered list", "MEMB",
     "1. Delete {or supports}\n2. In the third sentence, delete {NEC} and replace with {Appeals Board}",
     S1.replace("joins or supports", "joins") + " " + S2 + " The decision of the Appeals Board shall be final."),
    ("bulleted list", "CLP",
     "• Delete {one motion and one rule change} and insert {one motion or one rule change}\n"
     "• Replace {250} with {300}",
     CLP.replace("one motion and one rule change", "one motion or one rule change").replace("250", "300")),
    ("substitute for", "CLP", "Substitute {must} for {shall} in the fourth sentence",
     CLP.replace("Rule changes shall be submitted", "Rule changes must be submitted")),
]

# (name, base, wording, problem kind)
FLAGGED = [
    ("an ordinal past the last occurrence", "MEMB", "Delete the third {NEC}", "occurrence_out_of_range"),
    ("in both places, but there are three", "MEMB", "Replace {shall} with {must} in both places", "occurrence_count"),
    ("a line reference to settle an ambiguity", "MEMB", "After {NEC} (line 3) insert {or its panel}", "line_reference"),
    ("on the third line, ambiguous", "MEMB", "Delete {shall} on the third line", "line_reference"),
    ("all words after, not in the last sentence", "MEMB", "Delete all words after {political organisation}", "range_end_unclear"),
    ("range end before its start", "MEMB", "Delete from {The NEC} to {Labour group}", "range_end_not_found"),
    ("range end ambiguous", "MEMB", "Delete from {The NEC} to {shall}", "anchor_ambiguous"),
    ("quoted words not in the rule", "MEMB", "Delete {zebra crossing}", "anchor_not_found"),
    ("quoted words twice", "MEMB", "Delete {NEC}", "anchor_ambiguous"),
    ("a sentence that is not there", "MEMB", "Delete the fifth sentence", "sentence_out_of_range"),
    ("an ordinal within a sentence, past the end", "MEMB", "In the second sentence, delete the second {NEC}", "occurrence_out_of_range"),
    ("an ordinal and throughout at once", "MEMB", "Delete the second {NEC} throughout", "unrecognised"),
    ("every occurrence of words not there", "MEMB", "Delete {zebra crossing} in both places", "anchor_not_found"),
    ("the reads text does not match", "MEMB", "Delete the second sentence, which reads {The NEC shall hear any appeal.}", "quoted_text_differs"),
    ("two instructions on the same words", "MEMB", "1. Delete {or supports}\n2. Delete {joins or supports}", "overlapping"),
    ("delete from with no end", "MEMB", "Delete from {other than}", "unrecognised"),
    ("a verb this tool does not read", "MEMB", "Strike out {or supports}", "unrecognised"),
    ("quoted with a typo", "CLP", "Delete {one motion and one rule-change}", "quoted_text_differs"),
]

SPECIAL = [
    # Unquoted text that runs on into a further instruction is not taken as rule text.
    ("unquoted text that runs on into an instruction", "MEMB",
     "Add at end:\nAppeals shall be heard in private.\nDelete 'or supports'", None, "not_rule_text"),
    ("unclosed quotation", "MEMB", "Delete ‘or supports and replace with ‘or backs", None, "unbalanced_quotes"),
    ("unclosed quotation, straight", "MEMB", "Delete 'or supports and replace with 'or backs", None, "unbalanced_quotes"),
    ("a line reference in a list, ambiguous", "DISC", "1. In line 2, delete “shall”", None, "line_reference"),
    ("every occurrence, wrong count in all four places", "DISC", "Replace “member” with “Party member” in all four places", None, "occurrence_count"),
    ("range to a phrase that is not there", "DISC", "Delete from ‘in the opinion’ to ‘Disputes Panel’", None, "range_end_not_found"),
    ("nothing after the words", "DISC", "Delete all words after ‘six months.’", None, "range_end_not_found"),
    # Applied forms on other clauses.
    ("add a new item, as a new paragraph", "LIST",
     "Add at end, as a new paragraph: “(iii) report to Conference each year.”",
     LIST + "\n(iii) report to Conference each year.", None),
    ("delete an item's words by ordinal", "LIST", "Delete the second ‘register’ and insert ‘list’",
     "The NEC shall:\n(i) maintain a register of members;\n(ii) publish the list annually.", None),
    ("range across a comma", "DISC",
     "Delete the words from ‘, in the opinion of the NEC,’ to ‘engages’ and insert ‘engages’",
     DISC.replace("who, in the opinion of the NEC, engages", "who engages"), None),
    ("range to the end of the sub-clause", "DISC",
     "Delete the words from ‘suspended’ to the end of the sub-clause and insert ‘suspended for more than three months’",
     DISC.replace("suspended for more than six months", "suspended for more than three months"), None),
    ("all the words after, in the last sentence", "DISC",
     "Delete all the words after ‘No member shall be suspended’",
     DISC.replace(" for more than six months.", "."), None),
    ("before the second sentence insert", "DISC",
     "Before the second sentence insert: ‘The NEC shall act fairly.’",
     DISC.replace("Party. The member", "Party. The NEC shall act fairly. The member"), None),
    ("insert text after the last sentence", "DISC",
     "Insert ‘Any suspension shall be reviewed monthly.’ after the last sentence",
     DISC + " Any suspension shall be reviewed monthly.", None),
    ("amend the third sentence to read", "DISC",
     "Amend the third sentence to read: ‘No member shall be suspended for more than three months.’",
     DISC.replace("six months", "three months"), None),
    ("amend the sub-clause so that it reads", "CLP",
     "Amend the sub-clause so that it reads: “Each CLP may submit one motion.”",
     "Each CLP may submit one motion.", None),
    ("replace the whole of the sub-clause", "CLP",
     "Replace the whole of the sub-clause with: “Each CLP may submit one rule change.”",
     "Each CLP may submit one rule change.", None),
    ("delete throughout", "CLP", "Delete ‘and rule changes’ throughout",
     CLP.replace(" and rule changes", ""), None),
    ("split over two lines, and insert", "CLP",
     "Delete “250 words”\nand insert “300 words”", CLP.replace("250 words", "300 words"), None),
    ("split over two lines with a bullet", "CLP",
     "- Delete: ‘closing date’\n- Replace with: ‘date set by the NEC’",
     CLP.replace("closing date", "date set by the NEC"), None),
    ("split, insert in its place", "CLP",
     "Delete: ‘Annual Conference’\nInsert in its place: ‘Conference’",
     CLP.replace("Annual Conference", "Conference"), None),
    ("numbered list with quotations on the next lines", "CLP",
     "1. Delete ‘one motion and one rule change’ and replace with:\n‘one motion or one rule change’\n"
     "2. Add at end:\n“Late rule changes shall not be accepted.”",
     CLP.replace("one motion and one rule change", "one motion or one rule change")
     + " Late rule changes shall not be accepted.", None),
    ("lettered list", "CLP",
     "(a) Delete “Each CLP may” and insert “Every CLP may”\n(b) After “250 words” insert “, excluding the title”",
     CLP.replace("Each CLP may", "Every CLP may").replace("250 words", "250 words, excluding the title"), None),
    ("in the second sentence, delete", "CLP", "In the second sentence, delete ‘no ’ and insert ‘not ’",
     CLP.replace("be no more than", "be not more than"), None),
    ("the second occurrence of shall", "CLP",
     "Delete the second ‘shall’ and insert ‘must’",
     CLP.replace("The CAC shall rule", "The CAC must rule"), None),
    ("every instance of, before", "DISC", "Before every ‘member’ insert ‘individual’",
     DISC.replace("a member who", "a individual member who").replace("The member shall", "The individual member shall").replace("No member", "No individual member"), None),
    ("on each occasion", "DISC", "Replace ‘shall’ with ‘will’ on each occasion",
     DISC.replace("shall", "will"), None),
    ("in all three places", "DISC", "Replace “shall” with “will” in all three places",
     DISC.replace("shall", "will"), None),
    ("a line reference in words, not needed", "DISC",
     "Delete ‘Disciplinary’ on the first line and insert ‘Formal disciplinary’",
     DISC.replace("Disciplinary action", "Formal disciplinary action"), None),
    ("supporting argument is not wording", "CLP",
     "Delete “250” and replace with “300”.\nSupporting argument: delete 'the' would be wrong here.",
     CLP.replace("250", "300"), None),
]

# New nodes: the text of the node, without its own label.
NODES = [
    ("new sub-clause text on the next line keeps no label", "CLP",
     "Add a new sub-clause F after sub-clause E:\n‘F. Emergency motions shall be submitted by the deadline.’",
     "Emergency motions shall be submitted by the deadline."),
    ("new sub-clause with a dotted label in its text", "CLP",
     "Add a new sub-clause 5.F after sub-clause 5.E: “5.F. The CAC shall publish its rulings.”",
     "The CAC shall publish its rulings."),
    ("new item with its label in brackets", "LIST",
     "Add a new item iii after item ii: '(iii) report annually.'", "report annually."),
    ("new sub-clause whose quotation starts on the next line", "CLP",
     "Add a new sub-clause F after sub-clause E, to read:\n“Affiliates may submit two rule changes.”",
     "Affiliates may submit two rule changes."),
]


def quoted(template, style):
    o, c = style
    out, i = "", 0
    while i < len(template):
        ch = template[i]
        if ch == "{":
            j = template.index("}", i)
            out += o + template[i + 1:j] + c
            i = j + 1
        else:
            out += ch
            i += 1
    return out


def block(name, base, wording, kind, value):
    return f"=== CASE {name}\nbase: {base}\n--- wording\n{wording}\n--- {kind}\n{value}\n"


def main():
    out = ["# The wording corpus (issue 17): written by scripts/wording_corpus.py; see there.\n"]
    for k, v in BASES.items():
        out.append(f"=== BASE {k}\n{v}\n")
    n = 0
    for name, base, w, exp in TEMPLATES:
        for sname, style in STYLES.items():
            out.append(block(f"{name} ({sname})", base, quoted(w, style), "expect", exp))
            n += 1
    for name, base, w, kind in FLAGGED:
        for sname in ["curly single", "straight double"]:
            out.append(block(f"{name} ({sname})", base, quoted(w, STYLES[sname]), "problem", kind))
            n += 1
    for name, base, w, exp, kind in SPECIAL:
        if kind:
            out.append(block(name, base, w, "problem", kind))
        else:
            out.append(block(name, base, w, "expect", exp))
        n += 1
    for name, base, w, text in NODES:
        out.append(block(name, base, w, "node-text", text))
        n += 1
    path = Path(__file__).resolve().parent.parent / "app/tests/fixtures/wording/corpus.txt"
    path.write_text("".join(out))
    print(f"{n} cases written to {path}")


main()
