//! Real text for tests that check a fast helper against the slow form it
//! replaces (test-only).

/// Up to `max` texts from `../shared/corpus` (HTML and text files, read as
/// they are), each also as a second copy with its hard wraps joined (the
/// one-line paragraphs of the clean text). Empty, after a notice, when
/// `../shared` is absent.
pub fn corpus_texts(max: usize) -> Vec<String> {
    let Some(shared) = cablekit_testkit::shared("the comparison over real text") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for f in cablekit_testkit::files_under(&shared.join("corpus")) {
        if out.len() >= 2 * max {
            break;
        }
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "html" | "txt" | "csv") {
            continue;
        }
        let Ok(t) = std::fs::read_to_string(&f) else {
            continue;
        };
        let joined = t
            .replace("\n\n", "\u{0}")
            .replace('\n', " ")
            .replace('\u{0}', "\n\n");
        out.push(t);
        out.push(joined);
    }
    out
}

/// `edges` (the cases a test writes out), then [`corpus_texts`]`(max)`.
pub fn edges_and_corpus(edges: &[&str], max: usize) -> Vec<String> {
    let mut texts: Vec<String> = edges.iter().map(|s| s.to_string()).collect();
    texts.extend(corpus_texts(max));
    texts
}

/// `edges` (the lines a test writes out), then every line of
/// [`corpus_texts`]`(max)`.
pub fn edges_and_corpus_lines(edges: &[&str], max: usize) -> Vec<String> {
    let mut lines: Vec<String> = edges.iter().map(|s| s.to_string()).collect();
    for t in corpus_texts(max) {
        lines.extend(t.lines().map(str::to_owned));
    }
    lines
}
