//! Benchmarks of the wording engine on clause-sized text (about 1,000 characters): generate,
//! parse + apply, and the word diff. Target: generate and apply each well under a millisecond.

use std::hint::black_box;

use app::domain::diff::word_diff;
use app::domain::wording::{apply, generate};
use criterion::{Criterion, criterion_group, criterion_main};

const BASE: &str = "A member of the Party who joins and/ or supports a political organisation other than an \
official Labour group or other unit of the Party, or supports any candidate who stands against an official \
Labour candidate, or publicly declares their intent to stand against a Labour candidate, shall automatically \
be ineligible to be or remain a Party member, subject to the provisions of Chapter 6.I.2 of the disciplinary \
rules. Each CLP may submit one motion or one rule change to Annual Conference. Motions shall be no more than \
250 words. Rule changes shall be submitted by the closing date. Alternatively, a CLP may submit an emergency \
motion. The CAC shall rule on the admissibility of all motions. Nominations shall close two months before the \
ballot opens, and the threshold for nominations shall be 15 per cent of the PLP.";

fn edited() -> String {
    BASE.replace("joins and/ or supports", "joins")
        .replace(
            "Each CLP may submit one motion or one rule change",
            "Each CLP may submit one motion and one rule change",
        )
        .replace("two months", "six weeks")
        .replace(
            "The CAC shall rule on the admissibility of all motions.",
            "",
        )
        + " This sub-clause shall expire at the close of Annual Conference 2025."
}

fn benches(c: &mut Criterion) {
    let edited = edited();
    let generated = generate("Chapter 2, Clause I.4.B", BASE, &edited);
    assert_eq!(apply(BASE, &generated.wording).result, edited);
    c.bench_function("generate clause (5 edits)", |b| {
        b.iter(|| {
            generate(
                black_box("Chapter 2, Clause I.4.B"),
                black_box(BASE),
                black_box(&edited),
            )
        })
    });
    c.bench_function("apply clause (5 instructions)", |b| {
        b.iter(|| apply(black_box(BASE), black_box(&generated.wording)))
    });
    let messy = "Delete ‘two months\" and replace with 'six weeks'\nAt the start of the last sentence delete \"Nominations\" and replace by \"Candidacies\"\nAfter 'elections.' (line 2) add: 'x'";
    c.bench_function("apply messy wording with problems", |b| {
        b.iter(|| apply(black_box(BASE), black_box(messy)))
    });
    c.bench_function("word_diff clause", |b| {
        b.iter(|| word_diff(black_box(BASE), black_box(&edited)))
    });
}

criterion_group!(wording, benches);
criterion_main!(wording);
