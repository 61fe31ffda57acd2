#!/usr/bin/env python3
"""Generates the import fixtures: the 2024 demo edition laid out like the printed Rule Book.

From server/demo/rulebook-2024.md this writes, into app/tests/fixtures/import/, one DOCX per
layout and its PDF (converted with LibreOffice: `soffice --headless --convert-to pdf`):

- printed      one column; cover, contents with page numbers, running header, page numbers in
               the footer, chapter headings over two lines ("Chapter 2" / "Membership rules"),
               numbers at the start of paragraphs, indented sub-sections and items, footnotes;
- two-column   the same text in two columns, one-line chapter headings, long words carrying
               soft hyphens so that LibreOffice hyphenates them at line ends;
- margin       one column with the numbers hung in the left margin (hanging indents);
- listnum      clause, section, sub-section and item numbers as Word list numbering
               (numbering.xml), not as text: only the DOCX reader's list numbering gives them.

The contents pages carry real page numbers: each layout is converted once, the page on which
each chapter starts is read back from the PDF (pdftotext), and the DOCX is written again.
The tests read the committed files and need neither LibreOffice nor this script; run it again
(`python3 scripts/import-fixtures.py`) after changing the demo edition. The DOCX files are
deterministic (fixed dates, no random ids); the PDFs differ between runs only in their creation
date. `encrypted.pdf` is a short text exported with an open password, for the bad-input test.
`--large DIR` writes the speed benchmark's 119-page book (the demo four times over) to DIR.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO = os.path.join(ROOT, "server", "demo", "rulebook-2024.md")
OUT = os.path.join(ROOT, "app", "tests", "fixtures", "import")

KINDS = {1: "root", 2: "part", 3: "clause", 4: "section", 5: "subsection", 6: "item"}


def parse_demo(path):
    """The demo edition as (meta, nodes): nodes are dicts with level, keyword, label, heading,
    paragraphs (footnote definitions split out into `notes`)."""
    text = open(path, encoding="utf-8").read()
    _, front, body = text.split("---", 2)
    meta = dict(line.split(": ", 1) for line in front.strip().splitlines())
    nodes = []
    for line in body.strip().split("\n"):
        m = re.match(r"^(#{1,6}) (?:(Chapter|Appendix|Part|Clause) )?([0-9A-Za-z]+)\.(?: (.*))?$", line)
        if m:
            nodes.append({
                "level": len(m.group(1)), "keyword": m.group(2), "label": m.group(3),
                "heading": m.group(4), "paragraphs": [], "notes": [],
            })
        elif line.strip():
            note = re.match(r"^\[\^(\w+)\]: (.*)$", line)
            if note:
                nodes[-1]["notes"].append((note.group(1), note.group(2)))
            else:
                nodes[-1]["paragraphs"].append(line.strip())
    return meta, nodes


# --- WordprocessingML ---------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

SOFT_HYPHEN_MIN = 11


def run(text, props="", soft_hyphens=False):
    if not text:
        return ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = []
    for piece in re.split(r"(\t)", text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece:
            if soft_hyphens:
                parts.append(hyphenated(piece))
            else:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


def hyphenated(text):
    """Text with a soft hyphen in the middle of every long word (LibreOffice breaks lines there
    and prints a hyphen)."""
    out = []
    for word in re.split(r"(\s+)", text):
        if len(word) >= SOFT_HYPHEN_MIN and word.isalpha():
            cut = len(word) // 2
            out.append(f'<w:t xml:space="preserve">{escape(word[:cut])}</w:t><w:softHyphen/>'
                       f'<w:t xml:space="preserve">{escape(word[cut:])}</w:t>')
        elif word:
            out.append(f'<w:t xml:space="preserve">{escape(word)}</w:t>')
    return "".join(out)


class Doc:
    def __init__(self, layout):
        self.layout = layout
        self.body = []
        self.footnotes = []

    def para(self, runs, style=None, ppr=""):
        style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
        self.body.append(f"<w:p><w:pPr>{style_xml}{ppr}</w:pPr>{runs}</w:p>")

    def text_runs(self, text, node_notes, props=""):
        """Runs for rule text, with `[^n]` markers as Word footnote references."""
        soft = self.layout.get("soft_hyphens", False)
        out = []
        for piece in re.split(r"(\[\^\w+\])", text):
            m = re.fullmatch(r"\[\^(\w+)\]", piece)
            if m:
                body = dict(node_notes)[m.group(1)]
                fid = len(self.footnotes) + 1
                self.footnotes.append(body)
                out.append(f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                           f'<w:footnoteReference w:id="{fid}"/></w:r>')
            else:
                out.append(run(piece, props, soft))
        return "".join(out)


def document(meta, nodes, layout, pages):
    doc = Doc(layout)
    year = meta["year"]
    # Cover.
    doc.para(run("The Labour Party"), "Title")
    doc.para(run(meta["title"]), "Title")
    doc.para(run("Published 15 January 2024"), "Subtitle")
    doc.para(run(f"Containing the changes carried at Annual Conference {meta['conference']}"),
             "Subtitle")
    # Contents (its own page), numbered with the pages found on the previous pass.
    doc.para(run("Contents"), "ContentsTitle", "<w:pageBreakBefore/>")
    for n in nodes:
        if n["level"] != 1:
            continue
        name = f"{n['keyword']} {n['label']}. {n['heading']}"
        page = pages.get((n["keyword"], n["label"]), 0)
        doc.para(run(f"{name}\t{page}"), "Contents")
    # The rules.
    list_num = layout.get("list_numbering", False)
    clause_num = 0
    for i, n in enumerate(nodes):
        level = n["level"]
        if level == 1:
            if layout.get("two_line_chapters"):
                doc.para(run(f"{n['keyword']} {n['label']}"), "Heading1")
                doc.para(run(n["heading"]), "Heading1Title")
            else:
                doc.para(run(f"{n['keyword']} {n['label']}. {n['heading']}"), "Heading1")
            for p in n["paragraphs"]:
                doc.para(doc.text_runs(p, n["notes"]))
        elif level == 2:
            doc.para(run(f"Part {n['label']}. {n['heading']}"), "Heading2")
            for p in n["paragraphs"]:
                doc.para(doc.text_runs(p, n["notes"]))
        elif level == 3:
            heading = n["heading"] or ""
            if list_num:
                clause_num += 1
                # A new list instance per run of clauses (restarting at I in each chapter/part).
                first = nodes[i - 1]["level"] < 3
                num_id = new_clause_list(doc, first)
                doc.para(run(heading), "Heading3",
                         f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
            else:
                doc.para(run(f"Clause {n['label']}. {heading}".rstrip()), "Heading3")
            for p in n["paragraphs"]:
                doc.para(doc.text_runs(p, n["notes"]))
        else:
            depth = level - 4  # 0 section, 1 sub-section, 2 item
            paras = n["paragraphs"] or [""]
            heading = n["heading"]
            for k, p in enumerate(paras):
                first_para = k == 0
                indent = indent_for(layout, depth, first_para)
                if first_para and list_num:
                    num_id = section_list(doc, nodes, i)
                    numpr = (f'<w:numPr><w:ilvl w:val="{depth}"/>'
                             f'<w:numId w:val="{num_id}"/></w:numPr>')
                    if heading:
                        doc.para(run(heading, "<w:b/>"), None, numpr + indent)
                        if p:
                            doc.para(doc.text_runs(p, n["notes"]), None,
                                     indent_for(layout, depth, False))
                    else:
                        doc.para(doc.text_runs(p, n["notes"]), None, numpr + indent)
                    continue
                if first_para:
                    sep = "\t" if layout.get("margin_numbers") else " "
                    label = f"{n['label']}."
                    if heading:
                        doc.para(run(f"{label}{sep}{heading}", "<w:b/>"), None, indent)
                        if p:
                            doc.para(doc.text_runs(p, n["notes"]), None,
                                     indent_for(layout, depth, False))
                    else:
                        doc.para(run(f"{label}{sep}") + doc.text_runs(p, n["notes"]), None,
                                 indent)
                else:
                    doc.para(doc.text_runs(p, n["notes"]), None, indent)
    return doc


def indent_for(layout, depth, first_line):
    """Paragraph indentation: sub-sections and items indented by 1 cm a level; with numbers
    in the margin, the first line hangs 1 cm to the left of the text."""
    left = 567 * depth
    if layout.get("margin_numbers"):
        left += 567
        if first_line:
            return f'<w:tabs><w:tab w:val="left" w:pos="{left}"/></w:tabs>' \
                   f'<w:ind w:left="{left}" w:hanging="567"/>'
        return f'<w:ind w:left="{left}"/>'
    if layout.get("list_numbering"):
        return f'<w:ind w:left="{left + 567}" w:hanging="567"/>'
    return f'<w:ind w:left="{left}"/>' if left else ""


# List numbering: one abstract definition for clauses ("Clause I."), one multi-level one for
# sections (1.), sub-sections (A.) and items (i.); a list instance (w:num) per clause (or per
# chapter without clauses), restarting at 1.
LISTS = []


CLAUSE_LIST = []


def new_clause_list(doc, restart):
    # One list instance per chapter or part: its clauses count on from each other.
    if restart or not CLAUSE_LIST:
        LISTS.append(("clause", len(LISTS) + 1))
        CLAUSE_LIST[:] = [LISTS[-1][1]]
    return CLAUSE_LIST[0]


def section_list(doc, nodes, i):
    # The nearest node above the sections' level owns the list instance.
    owner = i
    while owner >= 0 and nodes[owner]["level"] >= 4:
        owner -= 1
    key = ("sections", owner)
    for kind, num in LISTS:
        if kind == key:
            return num
    LISTS.append((key, len(LISTS) + 1))
    return LISTS[-1][1]


def numbering_xml():
    def lvl(ilvl, fmt, text, left):
        return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{left}" w:hanging="567"/></w:pPr></w:lvl>')
    clause = '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>' + \
        lvl(0, "upperRoman", "Clause %1.", 1134) + "</w:abstractNum>"
    sections = '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>' + \
        lvl(0, "decimal", "%1.", 567) + lvl(1, "upperLetter", "%2.", 1134) + \
        lvl(2, "lowerRoman", "%3.", 1701) + "</w:abstractNum>"
    nums = []
    for kind, num in LISTS:
        abstract = 0 if kind == "clause" else 1
        levels = 1 if kind == "clause" else 3
        overrides = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="1"/>'
                            f'</w:lvlOverride>' for k in range(levels))
        nums.append(f'<w:num w:numId="{num}"><w:abstractNumId w:val="{abstract}"/>'
                    f'{overrides}</w:num>')
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {W}>' \
           f'{clause}{sections}{"".join(nums)}</w:numbering>'


def styles_xml():
    def style(sid, name, ppr="", rpr="", based="Normal"):
        return (f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
                f'<w:basedOn w:val="{based}"/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')
    return f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" w:cs="Liberation Serif"/><w:sz w:val="21"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="100" w:line="252" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
{style("Title", "Title", '<w:jc w:val="center"/><w:spacing w:before="2400" w:after="240"/>', '<w:b/><w:sz w:val="56"/>')}
{style("Subtitle", "Subtitle", '<w:jc w:val="center"/><w:spacing w:after="240"/>', '<w:sz w:val="28"/>')}
{style("ContentsTitle", "Contents Heading", '<w:spacing w:after="240"/>', '<w:b/><w:sz w:val="32"/>')}
{style("Contents", "toc 1", '<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9630"/></w:tabs><w:jc w:val="left"/>')}
{style("Heading1", "heading 1", '<w:pageBreakBefore/><w:keepNext/><w:spacing w:after="60"/><w:jc w:val="left"/><w:outlineLvl w:val="0"/>', '<w:b/><w:sz w:val="32"/>')}
{style("Heading1Title", "Chapter Title", '<w:keepNext/><w:spacing w:after="240"/><w:jc w:val="left"/>', '<w:b/><w:sz w:val="32"/>')}
{style("Heading2", "heading 2", '<w:keepNext/><w:spacing w:before="240" w:after="120"/><w:jc w:val="left"/><w:outlineLvl w:val="1"/>', '<w:b/><w:sz w:val="28"/>')}
{style("Heading3", "heading 3", '<w:keepNext/><w:spacing w:before="200" w:after="100"/><w:jc w:val="left"/><w:outlineLvl w:val="2"/>', '<w:b/><w:sz w:val="24"/>')}
{style("FootnoteText", "footnote text", '<w:spacing w:after="0"/>', '<w:sz w:val="16"/>')}
{style("Header", "header", '<w:jc w:val="center"/>', '<w:i/><w:sz w:val="18"/>')}
{style("Footer", "footer", '<w:jc w:val="center"/>', '<w:sz w:val="18"/>')}
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
</w:styles>'''


def footnotes_xml(doc):
    notes = ['<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>']
    for fid, body in enumerate(doc.footnotes, start=1):
        notes.append(f'<w:footnote w:id="{fid}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                     f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                     f'{run(" " + body)}</w:p></w:footnote>')
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {W}>{"".join(notes)}</w:footnotes>'


def header_xml(title):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {W}><w:p><w:pPr>'
            f'<w:pStyle w:val="Header"/></w:pPr>{run("The Labour Party · " + title)}</w:p></w:hdr>')


def footer_xml():
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {W}><w:p><w:pPr>'
            f'<w:pStyle w:val="Footer"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>')


def write_docx(path, meta, doc, layout):
    cols = layout.get("columns", 1)
    # Section 1: cover and contents, one column, no header; section 2: the rules.
    body = doc.body
    contents_end = max(i for i, p in enumerate(body) if '"Contents"' in p or '"ContentsTitle"' in p)
    first = body[:contents_end + 1]
    rest = body[contents_end + 1:]
    page = '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1418" w:right="1134" ' \
           'w:bottom="1418" w:left="1134" w:header="709" w:footer="709" w:gutter="0"/>'
    sect1 = f'<w:p><w:pPr><w:sectPr><w:type w:val="nextPage"/>{page}<w:cols w:space="708"/></w:sectPr></w:pPr></w:p>'
    sect2 = (f'<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
             f'<w:footerReference w:type="default" r:id="rIdFooter"/><w:type w:val="nextPage"/>{page}'
             f'<w:cols w:num="{cols}" w:space="567"/></w:sectPr>')
    # The first chapter heading's page break is the section break's.
    document_xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}>'
                    f'<w:body>{"".join(first)}{sect1}{"".join(rest)}{sect2}</w:body></w:document>')
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
        '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
        '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
        '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
        '</Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>',
        "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
        '<Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
        '<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
        '<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
        '</Relationships>',
        "word/document.xml": document_xml,
        "word/styles.xml": styles_xml(),
        "word/footnotes.xml": footnotes_xml(doc),
        "word/numbering.xml": numbering_xml(),
        "word/header1.xml": header_xml(meta["title"]),
        "word/footer1.xml": footer_xml(),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 15, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))


def to_pdf(docx, outdir, profile):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", outdir, docx],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return os.path.join(outdir, os.path.basename(docx)[:-5] + ".pdf")


def chapter_pages(pdf, nodes):
    """The page on which each chapter and appendix heading is printed (after the contents)."""
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.split("\f")
    found = {}
    start = next(i for i, p in enumerate(pages) if re.search(r"^\s*Contents\s*$", p, re.M)) + 1
    for n in nodes:
        if n["level"] != 1:
            continue
        pattern = re.compile(rf"^\s*{n['keyword']} {n['label']}\b(?!.*\d\s*$)", re.M)
        for i in range(start, len(pages)):
            if pattern.search(pages[i]):
                found[(n["keyword"], n["label"])] = i + 1
                start = i
                break
    return found


def enlarged(nodes, times):
    """The demo's chapters and appendices `times` over, renumbered on (Chapters 1–10, 11–20 …),
    for the speed benchmark's 120-page book."""
    out = []
    for k in range(times):
        for n in nodes:
            m = dict(n)
            if n["level"] == 1:
                step = 10 if n["keyword"] == "Chapter" else 2
                m["label"] = str(int(n["label"]) + k * step)
            out.append(m)
    # Chapters first, then appendices, as a Rule Book orders them.
    chapters, appendices, current = [], [], None
    for m in out:
        if m["level"] == 1:
            current = chapters if m["keyword"] == "Chapter" else appendices
        current.append(m)
    return chapters + appendices


LAYOUTS = {
    "printed": {"columns": 1, "two_line_chapters": True},
    "two-column": {"columns": 2, "soft_hyphens": True},
    "margin": {"columns": 1, "margin_numbers": True, "two_line_chapters": True},
    "listnum": {"columns": 1, "list_numbering": True},
    "large": {"columns": 1, "two_line_chapters": True},
}


def encrypted_pdf(out, profile):
    """A PDF that needs a password to open (LibreOffice's PDF export with EncryptFile)."""
    with tempfile.TemporaryDirectory() as tmp:
        txt = os.path.join(tmp, "encrypted.txt")
        with open(txt, "w", encoding="utf-8") as f:
            f.write("Chapter 1. Rules\n\n1. A rule behind a password.\n")
        options = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                   '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", options, "--outdir", out, txt],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        sys.exit("needs soffice (libreoffice-writer-nogui) and pdftotext (poppler-utils)")
    meta, demo_nodes = parse_demo(DEMO)
    args = sys.argv[1:]
    out = OUT
    if args[:1] == ["--large"]:
        # `--large DIR`: the benchmark's book (the demo four times over) into DIR, not committed.
        out, args = args[1], ["large"]
    os.makedirs(out, exist_ok=True)
    only = args or [n for n in LAYOUTS if n != "large"]
    with tempfile.TemporaryDirectory() as tmp:
        profile = os.path.join(tmp, "profile")
        for name in only:
            layout = LAYOUTS[name]
            nodes = enlarged(demo_nodes, 4) if name == "large" else demo_nodes
            docx = os.path.join(out, f"rulebook-2024-{name}.docx")
            pages = {}
            for _ in range(2):
                LISTS.clear()
                CLAUSE_LIST.clear()
                doc = document(meta, nodes, layout, pages)
                write_docx(docx, meta, doc, layout)
                pdf = to_pdf(docx, out, profile)
                pages = chapter_pages(pdf, nodes)
            print(f"{name}: {os.path.getsize(docx)} bytes DOCX, {os.path.getsize(pdf)} bytes PDF, "
                  f"{len(pages)} chapters and appendices")
        if not args:
            encrypted_pdf(out, profile)
            print("encrypted.pdf")


if __name__ == "__main__":
    main()
