//! The readers on the real corpus (`../shared/corpus`): every file read
//! without panic, forms detected, metadata as MANIFEST.tsv says, the same
//! cable agreeing across forms. Skips with a notice when `../shared` is
//! absent.

use cablekit_forms::{CableInput, Form, ReadResult, detect, read_path};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    cablekit_testkit::shared("the corpus tests").map(|shared| shared.join("corpus"))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n == "README.txt" || n == "MANIFEST.tsv")
        })
        .collect();
    out.sort();
    out
}

fn real_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in ["html", "csv-row", "pdf-text", "other", "text", "nara"] {
        out.extend(files(&root.join("real").join(sub)));
    }
    out.extend(files(&root.join("seed")));
    out
}

fn head(path: &Path) -> Vec<u8> {
    let mut buf = Vec::new();
    std::fs::File::open(path)
        .unwrap()
        .take(64 * 1024)
        .read_to_end(&mut buf)
        .unwrap();
    buf
}

/// The form each real file is, from where the corpus keeps it.
fn expected_form(path: &Path) -> Form {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let dir = path
        .parent()
        .and_then(|p| p.file_name())
        .unwrap()
        .to_string_lossy()
        .into_owned();
    match (dir.as_str(), name.as_str()) {
        ("html", _) => Form::CablegateHtml,
        ("csv-row", _) => Form::Csv,
        ("pdf-text", n) if n.ends_with(".pdf") => Form::Pdf,
        ("pdf-text", _) => Form::PdfText,
        ("other", n) if n.ends_with(".json") => Form::Json,
        ("other", n) if n.contains("historylab") => Form::HistoryLab,
        ("text", n) if n.contains("__bodyline") => Form::BodyLines,
        ("text", _) => Form::AlxText,
        ("nara", _) => Form::Plusd,
        _ => Form::Text,
    }
}

fn read_all(path: &Path) -> Vec<ReadResult> {
    read_path(path, None).collect()
}

fn only_cable(path: &Path) -> CableInput {
    let mut out = read_all(path);
    assert_eq!(out.len(), 1, "{}: {out:?}", path.display());
    out.remove(0)
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

#[test]
fn every_real_file_yields_a_cable_or_the_expected_error() {
    let Some(root) = corpus() else { return };
    let mut cables = 0;
    for path in real_files(&root) {
        let out = read_all(&path);
        assert!(!out.is_empty(), "{}: nothing read", path.display());
        if path.ends_with("csv-row/85CAIRO6360.csv") {
            // The last row of a split chunk: no closing quote.
            let e = out[0].as_ref().unwrap_err();
            assert_eq!(out.len(), 1);
            assert_eq!(e.error.kind, "truncated");
            assert_eq!(e.error.line, Some(1));
            assert_eq!(e.source_record, Some(1));
            continue;
        }
        for r in &out {
            let c = r
                .as_ref()
                .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
            assert!(
                c.text.trim().len() > 100,
                "{}: text too short",
                path.display()
            );
            assert!(
                !c.text.contains('\u{FFFD}'),
                "{}: replacement character",
                path.display()
            );
            cables += 1;
        }
    }
    eprintln!("real corpus: {cables} cables read");
    assert!(cables >= 210, "only {cables} cables");
}

#[test]
fn forms_are_detected_on_every_real_file() {
    let Some(root) = corpus() else { return };
    let paths = real_files(&root);
    let mut wrong = Vec::new();
    let mut per_form: HashMap<&str, (usize, usize)> = HashMap::new();
    for path in &paths {
        let expected = expected_form(path);
        let got = detect(&head(path));
        let entry = per_form.entry(expected.name()).or_default();
        entry.1 += 1;
        if got == expected {
            entry.0 += 1;
        } else {
            wrong.push(format!("{}: {got} (expected {expected})", path.display()));
        }
        // What the reader says agrees with detection (PDFs: extraction is
        // slow in debug builds, and `every_real_file…` reads them).
        if expected == Form::Pdf {
            continue;
        }
        if let Some(Ok(c)) = read_path(path, None).next() {
            assert_eq!(c.form, got, "{}", path.display());
        }
    }
    let mut summary: Vec<_> = per_form.into_iter().collect();
    summary.sort();
    eprintln!(
        "detection: {}/{} real files right; per form (right, total): {summary:?}",
        paths.len() - wrong.len(),
        paths.len()
    );
    assert!(wrong.is_empty(), "misdetected:\n{}", wrong.join("\n"));
}

#[test]
fn bulk_pages_all_read_with_metadata() {
    let Some(root) = corpus() else { return };
    let paths = files(&root.join("bulk/cablegate-2010-12"));
    assert!(paths.len() > 1000);
    let mut tagged = 0;
    for path in &paths {
        let c = only_cable(path);
        assert_eq!(c.form, Form::CablegateHtml, "{}", path.display());
        let m = c.metadata.as_ref().unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy();
        assert_eq!(
            m.reference_id.as_deref(),
            Some(&*stem),
            "{}",
            path.display()
        );
        for field in [&m.created, &m.released, &m.classification, &m.origin] {
            assert!(field.is_some(), "{}: {m:?}", path.display());
        }
        assert!(
            c.text.contains("&#x000A;"),
            "{}: raw entities expected",
            path.display()
        );
        assert!(!c.text.contains("<pre"), "{}", path.display());
        tagged += usize::from(!m.tags.is_empty());
    }
    eprintln!("bulk: {} pages, {tagged} with TAG links", paths.len());
}

/// `(id, classification, created)` per file, from MANIFEST.tsv's columns
/// and notes.
fn manifest(root: &Path) -> Vec<(String, String, Option<String>, Option<String>)> {
    let text = std::fs::read_to_string(root.join("real/MANIFEST.tsv")).unwrap();
    let levels = [
        "UNCLASSIFIED",
        "LIMITED OFFICIAL USE",
        "CONFIDENTIAL",
        "SECRET",
        "TOP SECRET",
    ];
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let (file, id, notes) = (cols.first()?, cols.get(1)?, cols.get(6)?);
            let parts: Vec<&str> = notes.split("; ").map(str::trim).collect();
            let class = parts
                .iter()
                .find(|p| {
                    levels
                        .iter()
                        .any(|l| **p == *l || p.starts_with(&format!("{l}//")))
                })
                .map(|s| s.to_string());
            let created = parts.iter().find_map(|p| {
                p.strip_prefix("created ")
                    .or_else(|| p.strip_prefix("date "))
                    .map(str::to_owned)
            });
            Some((file.to_string(), id.to_string(), class, created))
        })
        .collect()
}

#[test]
fn metadata_matches_the_manifest() {
    let Some(root) = corpus() else { return };
    let mut checked = (0, 0, 0);
    for (file, id, class, created) in manifest(&root) {
        if !(file.starts_with("html/") || file.starts_with("csv-row/")) {
            continue;
        }
        if file.ends_with("85CAIRO6360.csv") || !(file.ends_with(".html") || file.ends_with(".csv"))
        {
            continue;
        }
        let c = only_cable(&root.join("real").join(&file));
        let m = c.metadata.as_ref().unwrap();
        assert_eq!(m.reference_id.as_deref(), Some(id.as_str()), "{file}");
        checked.0 += 1;
        if let Some(class) = class {
            assert_eq!(m.classification.as_deref(), Some(class.as_str()), "{file}");
            checked.1 += 1;
        }
        if let Some(created) = created {
            assert_eq!(m.created.as_deref(), Some(created.as_str()), "{file}");
            checked.2 += 1;
        }
    }
    eprintln!(
        "manifest: ids {}, classifications {}, created {}",
        checked.0, checked.1, checked.2
    );
    assert!(
        checked.0 >= 150 && checked.1 >= 140 && checked.2 >= 140,
        "{checked:?}"
    );
}

#[test]
fn one_cable_in_four_forms_has_one_reference_id() {
    let Some(root) = corpus() else { return };
    let real = root.join("real");
    let forms = [
        (
            "html/66BUENOSAIRES2481__snap2010-12.html",
            Form::CablegateHtml,
        ),
        (
            "html/66BUENOSAIRES2481__snap2011-04.html",
            Form::CablegateHtml,
        ),
        ("csv-row/66BUENOSAIRES2481.csv", Form::Csv),
        ("other/66BUENOSAIRES2481.json", Form::Json),
    ];
    for (file, form) in forms {
        let c = only_cable(&real.join(file));
        assert_eq!(c.form, form, "{file}");
        let m = c.metadata.as_ref().unwrap();
        assert_eq!(
            m.reference_id.as_deref(),
            Some("66BUENOSAIRES2481"),
            "{file}"
        );
        assert_eq!(m.origin.as_deref(), Some("Embassy Buenos Aires"), "{file}");
        assert_eq!(m.classification.as_deref(), Some("UNCLASSIFIED"), "{file}");
        // The body block starts with the classification line in every
        // form (after a site-added date line in the Dec 2010 build).
        let body = &c.text[c.body_start.expect("header and body kept apart")..];
        let head: String = body.chars().take(80).collect();
        assert!(
            head.contains("UNCLASSIFIED BUENOS AIRES 2481"),
            "{file}: {head}"
        );
        assert!(
            c.text[..c.body_start.unwrap()].contains("FM AMEMBASSY BUENOS AIRES"),
            "{file}"
        );
    }
}

#[test]
fn csv_variants_read_like_the_original_row() {
    let Some(root) = corpus() else { return };
    let dir = root.join("real/csv-row");
    for (variant, original) in [
        ("73TEHRAN2077__nlp-doubled-eol.csv", "73TEHRAN2077.csv"),
        ("7575LIBREVILLE1895__crlf.csv", "7575LIBREVILLE1895.csv"),
    ] {
        let v = only_cable(&dir.join(variant));
        let o = only_cable(&dir.join(original));
        assert_eq!(v.metadata, o.metadata, "{variant}");
        let squash = |s: &str| s.replace(['\r', '\n'], "");
        assert_eq!(squash(&v.text), squash(&o.text), "{variant}");
        assert!(
            v.text.contains('\r'),
            "{variant}: CRLF is left for the normalizer"
        );
    }
}

#[test]
fn html_run_on_and_dump_rows_are_reported() {
    let Some(root) = corpus() else { return };
    let c = only_cable(&root.join("real/html/73TEHRAN2077.html"));
    let d = c
        .diagnostics
        .iter()
        .find(|d| d.kind == "html-run-on")
        .expect("run-on diagnostic");
    assert!(c.text[d.start..].starts_with("50133  2006-01-19  06THEHAGUE131"));
    let c = only_cable(&root.join("real/html/07BERN881.html"));
    assert!(c.diagnostics.iter().any(|d| d.kind == "html-dump-row"));
    // Header block, blank line, then the body field of the dump row.
    assert!(
        c.text.contains(
            "WASHINGTON DC PRIORITY\n\nS E C R E T SECTION 01 OF 02 BERN 000881 \\&#x000A;"
        )
    );
    assert!(!c.text.contains("2007-09-11 09:44:00\t07BERN881"));
}

#[test]
fn windows_1252_pdf_text_is_decoded() {
    let Some(root) = corpus() else { return };
    let c = only_cable(&root.join("real/pdf-text/09PARIS1052.txt"));
    assert_eq!(c.form, Form::PdfText);
    assert!(
        c.text.contains("\u{b6}1.  (SBU) SUMMARY"),
        "pilcrow decoded"
    );
    assert!(c.text.contains("\r\n"), "CRLF left for the normalizer");
    assert!(
        c.diagnostics
            .iter()
            .any(|d| d.kind == "decoded-windows-1252")
    );
}

#[test]
fn pdfs_are_extracted() {
    let Some(root) = corpus() else { return };
    let c = only_cable(&root.join("real/pdf-text/00ATHENS1501.pdf"));
    assert_eq!(c.form, Form::Pdf);
    assert!(c.text.contains("UNCLAS ATHENS 001501"));
    assert!(c.text.contains("SUBJECT: GREEK RESPONSE ON URGENT SUPPORT"));
}

#[test]
fn plusd_pages_give_raw_content_and_metadata() {
    let Some(root) = corpus() else { return };
    let c = only_cable(&root.join("real/nara/1974ATHENS02959_b.html"));
    let m = c.metadata.as_ref().unwrap();
    assert_eq!(m.reference_id.as_deref(), Some("1974ATHENS02959"));
    assert_eq!(m.classification.as_deref(), Some("LIMITED OFFICIAL USE"));
    assert_eq!(m.created.as_deref(), Some("1974 May 17, 16:00 (Friday)"));
    assert_eq!(
        m.tags,
        ["AMBATIELOS, ANTHONY", "GR", "KALOUDIS, NICK", "PINS"]
    );
    assert!(c.text.contains("LIMITED OFFICIAL USE ATHENS 2959"));
    assert!(c.text.trim_end().ends_with("NNN"));
    // The text appears twice on the page; the reader takes it once.
    assert_eq!(c.text.matches("SUBJECT: ARRESTS OF KALOUDIS").count(), 1);
}

#[test]
fn real_files_as_every_form_and_cut_short_never_panic() {
    let Some(root) = corpus() else { return };
    for path in real_files(&root) {
        let bytes = std::fs::read(&path).unwrap();
        // PDF extraction is slow in debug builds: PDFs are read as PDF by
        // `every_real_file…`, and cut once here.
        let is_pdf = expected_form(&path) == Form::Pdf;
        for form in Form::ALL {
            if is_pdf && form == Form::Pdf {
                continue;
            }
            let n = cablekit_forms::read_bytes(bytes.clone(), Some(form)).count();
            assert!(n >= 1, "{} as {form}", path.display());
        }
        let cuts = if is_pdf {
            vec![bytes.len() / 2]
        } else {
            vec![bytes.len() / 3, bytes.len() / 2 + 1, bytes.len() - 1]
        };
        for cut in cuts {
            let n = cablekit_forms::read_bytes(bytes[..cut].to_vec(), None).count();
            assert!(n >= 1, "{} cut at {cut}", path.display());
        }
    }
}

#[test]
fn file_lines_of_csv_text_match_the_file() {
    let Some(root) = corpus() else { return };
    let mut checked = 0;
    for path in files(&root.join("real/csv-row")) {
        if path.ends_with("85CAIRO6360.csv") {
            continue;
        }
        let c = only_cable(&path);
        let raw = std::fs::read(&path).unwrap();
        let raw = String::from_utf8_lossy(&raw);
        let file_lines: Vec<&str> = raw.split('\n').collect();
        for (i, l) in file_lines.iter().enumerate() {
            let l = l.trim_end_matches('\r');
            // Lines that occur once in the file and once in the text.
            if l.trim().len() < 12 || raw.matches(l).count() != 1 {
                continue;
            }
            if let Some(pos) = c.text.find(l)
                && c.text.matches(l).count() == 1
            {
                assert_eq!(c.file_line(pos), i as u64 + 1, "{}: {l}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn text_family_and_json_on_real_files() {
    let Some(root) = corpus() else { return };
    let real = root.join("real");

    let c = only_cable(&real.join("text/02ADANA386.txt"));
    assert_eq!(c.form, Form::AlxText);
    let m = c.metadata.as_ref().unwrap();
    assert_eq!(m.reference_id.as_deref(), Some("02ADANA386"));
    assert_eq!(m.classification.as_deref(), Some("UNCLASSIFIED"));
    assert_eq!(m.origin.as_deref(), Some("Consulate Adana"));
    assert_eq!(c.line, 6);
    assert!(c.text.starts_with("This record is a partial extract"));

    let path = real.join("text/86ISLAMABAD15762__bodyline.txt");
    let c = only_cable(&path);
    assert_eq!(c.form, Form::BodyLines);
    let raw = std::fs::read_to_string(&path).unwrap();
    assert_eq!(c.text, raw.trim_end_matches(['\r', '\n']));

    let c = only_cable(&real.join("other/1973LAPAZ03608__historylab-annotated.txt"));
    assert_eq!(c.form, Form::HistoryLab);
    assert!(c.text.contains("US CINC SO FOR POLAD"));
    assert!(c.text.contains("MEETING WITH MNINTERIOR CASTRO WHEN"));
    assert!(!c.text.contains("[[") && !c.text.contains("||") && !c.text.contains("***"));
    assert!(!c.text.contains("PER.INDIVIDUAL"), "entity list dropped");

    // A cables.csv-derived export: `_id` holds another column.
    let c = only_cable(&real.join("other/04BAGHDAD17.json"));
    let m = c.metadata.as_ref().unwrap();
    assert_eq!(m.reference_id, None);
    assert_eq!(m.created.as_deref(), Some("7/2/2004 17:37"));
    assert!(c.diagnostics.iter().any(|d| d.kind == "json-id-not-used"));
    assert!(c.text.starts_with("C O N F I D E N T I A L BAGHDAD 000017"));
    assert_eq!(c.body_start, Some(0));

    // A first-release export: header and body fields.
    let c = only_cable(&real.join("other/10STATE17263.json"));
    let m = c.metadata.as_ref().unwrap();
    assert_eq!(m.reference_id.as_deref(), Some("10STATE17263"));
    assert!(c.text.starts_with("R 242212Z FEB 10FM SECSTATE WASHDC"));
    assert!(c.text[c.body_start.unwrap()..].starts_with("S E C R E T STATE 017263"));
}
