#!/usr/bin/env python3
"""Seeds submitted rule changes into a running demo server, through its server functions.

Usage:
  seed_proposals.py URL spread --until N [--year 2027] [--skip KEY]
      rule changes on other clauses, one each, spread over the Rule Book, until the reading
      pack for YEAR lists N rule changes;
  seed_proposals.py URL clause KEY --count N [--year 2027]
      N rule changes that all amend the clause KEY (varied edits: some overlap, so they
      conflict, some touch different words, so they can both be carried).

Each rule change goes through the same steps as a member in the browser: create_draft, open
the clause (draft_clause: base text and revision), save_draft_edit, update_draft_details
(proposer: Riverside CLP), record_step event=submit. It signs in as member@example.org (the
demo's published password). Standard library only; prints one summary line to stdout.
"""

import argparse
import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

EMAIL = "member@example.org"
PASSWORD = "member-demo-pass"
PROPOSER = "Riverside CLP"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Server functions may set Location; the JSON answer is what we want, not the page."""

    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, url):
        self.url = url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.requests = 0

    def call(self, method, endpoint, **args):
        """Calls /api/ENDPOINT (form-urlencoded POST, or GET with a query); returns the JSON."""
        data = urllib.parse.urlencode({k: v for k, v in args.items() if v is not None})
        url = f"{self.url}/api/{endpoint}"
        headers = {"Accept": "application/json", "Origin": self.url}
        if method == "GET":
            req = urllib.request.Request(f"{url}?{data}", headers=headers)
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            req = urllib.request.Request(url, data=data.encode(), headers=headers, method="POST")
        self.requests += 1
        try:
            with self.opener.open(req, timeout=120) as res:
                body = res.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            if e.code in (301, 302, 303, 307, 308):
                body = e.read().decode("utf-8")
            else:
                sys.exit(f"seed: {method} /api/{endpoint} {args}: HTTP {e.code}: "
                         f"{e.read().decode('utf-8', 'replace')[:500]}")
        return json.loads(body) if body.strip() else None


def revision_of(outcome, what):
    """SaveOutcome is {"Saved": {"revision": n}} or {"Conflict": {...}}."""
    if isinstance(outcome, dict) and "Saved" in outcome:
        return outcome["Saved"]["revision"]
    sys.exit(f"seed: {what} did not save: {json.dumps(outcome)[:500]}")


def propose(client, proposer, year, key, title, edit):
    """One submitted rule change amending the clause KEY; `edit` maps base text to new text."""
    draft = client.call("POST", "create_draft", title=title, conference_year=year)
    clause = client.call("GET", "draft_clause", id=draft, clause=key)
    text = edit(clause["base_text"])
    if text == clause["base_text"]:
        sys.exit(f"seed: the edit for {key} changed nothing")
    saved = client.call("POST", "save_draft_edit", id=draft, revision=clause["revision"],
                        key=clause["key"], text=text)
    revision = revision_of(saved, "save_draft_edit")
    details = client.call(
        "POST", "update_draft_details", id=draft, revision=revision, title=title,
        supporting_argument="Seeded by scripts/seed_proposals.py for the benchmarks.",
        summary=title, proposer=proposer,
    )
    revision_of(details, "update_draft_details")
    client.call("POST", "record_step", id=draft, event="submit")
    return draft


def replace_first(old, new):
    def edit(text):
        if old not in text:
            return text + " " + new
        return text.replace(old, new, 1)
    return edit


def clause_edits(n):
    """n varied edits of a clause like 6.I.1.C ("… the NEC shall review it within six months
    and at least once in every six months thereafter, and shall lift it where the investigation
    does not justify its continuation."): several families, each overlapping itself (the same
    words replaced differently: they conflict) and not the others (compatible)."""
    numbers = ["one", "two", "three", "four", "five", "seven", "eight", "nine", "ten",
               "eleven", "twelve", "eighteen"]
    bodies = ["the NEC Disputes Panel", "the General Secretary", "a panel of three NEC members",
              "the Chair of the NEC", "the Disputes Committee", "an independent reviewer"]
    verbs = ["end it", "withdraw it", "revoke it", "lift it at once", "set it aside"]
    tails = ["The member shall be told of each review in writing.",
             "The member may make written representations to each review.",
             "Each review shall be recorded in the member's file.",
             "The CLP secretary shall be told of the outcome of each review."]
    families = [
        lambda i: replace_first("within six months",
                                f"within {numbers[i % len(numbers)]} months"),
        lambda i: replace_first("every six months thereafter",
                                f"every {numbers[(i + 3) % len(numbers)]} months thereafter"),
        lambda i: replace_first("the NEC shall review", f"{bodies[i % len(bodies)]} shall review"),
        lambda i: replace_first("shall lift it", f"shall {verbs[i % len(verbs)]}"),
        lambda i: replace_first("does not justify", "no longer justifies"
                                if i % 2 else "cannot justify"),
        lambda i: (lambda text: text.rstrip() + " " + tails[i % len(tails)]),
    ]
    return [(f"family {k % len(families) + 1}", families[k % len(families)](k // len(families)))
            for k in range(n)]


def reading_pack_count(client, year):
    return len(client.call("GET", "reading_pack", year=year)["rule_changes"])


def spread_keys(client, skip):
    """Clauses with some text, spread over every chapter of the newest edition."""
    toc = client.call("GET", "edition_toc")
    chapters = [e["key"] for e in toc["entries"] if e["depth"] == 1]
    per_chapter = []
    for chapter in chapters:
        rule = client.call("GET", "rule", key=chapter)
        keys = [n["key"] for n in rule["nodes"]
                if len(n["text"].split()) >= 12 and n["key"] not in skip
                and re.search(r"\bshall\b|\bthe\b", n["text"])]
        per_chapter.append(keys)
    # Round-robin over the chapters, so that every chapter gets some.
    out = []
    while any(per_chapter):
        for keys in per_chapter:
            if keys:
                out.append(keys.pop(0))
    return out


def spread_edit(i):
    """Small edits of the kind CLPs propose: a word replaced, or a sentence added."""
    choices = [
        (" shall ", " must "),
        (" the Party ", " the Labour Party "),
        (" may ", " shall "),
    ]
    old, new = choices[i % len(choices)]

    def edit(text):
        if i % 4 != 3 and old in text:
            return text.replace(old, new, 1)
        return text.rstrip() + " This rule shall be reviewed by the NEC every two years."
    return edit


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("url")
    sub = p.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("spread")
    s.add_argument("--until", type=int, required=True)
    s.add_argument("--skip", action="append", default=[])
    c = sub.add_parser("clause")
    c.add_argument("key")
    c.add_argument("--count", type=int, required=True)
    for q in (s, c):
        q.add_argument("--year", type=int, default=2027)
    args = p.parse_args()

    client = Client(args.url)
    client.call("POST", "sign_in", email=EMAIL, password=PASSWORD)
    if not any(c.name == "redline_session" for c in client.jar):
        sys.exit("seed: signing in set no redline_session cookie")
    orgs = client.call("GET", "organisations")
    proposer = next((o["id"] for o in orgs if o["name"] == PROPOSER), None)
    if proposer is None:
        sys.exit(f"seed: no organisation named {PROPOSER} (is this the demo?)")

    start = time.monotonic()
    made = []
    if args.mode == "spread":
        have = reading_pack_count(client, args.year)
        keys = spread_keys(client, set(args.skip))
        need = max(0, args.until - have)
        if need > len(keys):
            sys.exit(f"seed: only {len(keys)} clauses to spread {need} rule changes over")
        for i, key in enumerate(keys[:need]):
            made.append(propose(client, proposer, args.year, key,
                                f"Bench: amend {key} ({i + 1})", spread_edit(i)))
    else:
        for i, (family, edit) in enumerate(clause_edits(args.count)):
            made.append(propose(client, proposer, args.year, args.key,
                                f"Bench: {args.key} proposal {i + 1} ({family})", edit))
    seconds = time.monotonic() - start
    total = reading_pack_count(client, args.year)
    print(json.dumps({
        "mode": args.mode, "created": len(made), "first_id": made[0] if made else None,
        "last_id": made[-1] if made else None, "seconds": round(seconds, 1),
        "requests": client.requests, "reading_pack_total": total, "year": args.year,
    }))


if __name__ == "__main__":
    main()
