//! Large and broken inputs built in a temporary directory: cables.csv is
//! streamed, every row yields one item in order, errors are single records.

use cablekit_forms::{Form, read_path, read_reader};
use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One `cables.csv` row in the 2011 release's style (backslash escapes, raw
/// newlines), numbered `n`.
fn row(n: usize) -> String {
    format!(
        "\"{n}\",\"1/9/1985 15:30\",\"85GABORONE{n}\",\"Embassy Gaborone\",\"UNCLASSIFIED\",\"85STATE5140|85ROME1902\",\"R 091530Z JAN 85\nFM AMEMBASSY GABORONE\nTO SECSTATE WASHDC 2100\",\"UNCLAS GABORONE {n:05} \n \nE.O. 12356: N/A \nTAGS: PREL, BC \nSUBJECT: THE \\\"PARDON\\\" AND ASAD\\'S IMAGE \n \n1. ROW {n} TEXT. \\\n \nROWE\n\"\n"
    )
}

#[test]
fn five_thousand_rows_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cables.csv");
    let mut f = std::fs::File::create(&path).unwrap();
    for n in 1..=5000 {
        f.write_all(row(n).as_bytes()).unwrap();
    }
    drop(f);
    let mut count = 0;
    let lines_per_row = row(1).matches('\n').count() as u64;
    for (i, r) in read_path(&path, None).enumerate() {
        let c = r.unwrap();
        let n = i + 1;
        assert_eq!(c.form, Form::Csv);
        assert_eq!(c.source_record, Some(n as u64));
        assert_eq!(c.line, 1 + i as u64 * lines_per_row);
        let m = c.metadata.as_ref().unwrap();
        assert_eq!(m.reference_id, Some(format!("85GABORONE{n}")));
        assert_eq!(m.references, ["85STATE5140", "85ROME1902"]);
        assert!(c.text.contains(&format!("1. ROW {n} TEXT. \\\n")));
        assert!(c.text.contains("THE \\\"PARDON\\\" AND ASAD\\'S"));
        count += 1;
    }
    assert_eq!(count, 5000);
}

/// A reader that counts the bytes it hands out.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicUsize>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n, Ordering::SeqCst);
        Ok(n)
    }
}

#[test]
fn csv_is_streamed_not_slurped() {
    let data: String = (1..=20_000).map(row).collect();
    let total = data.len();
    let read = Arc::new(AtomicUsize::new(0));
    let reader = Counting {
        inner: std::io::Cursor::new(data.into_bytes()),
        read: Arc::clone(&read),
    };
    let mut records = read_reader(reader, None);
    let first = records.next().unwrap().unwrap();
    assert_eq!(first.form, Form::Csv);
    let after_first = read.load(Ordering::SeqCst);
    assert!(
        after_first < 256 * 1024 && after_first < total / 4,
        "read {after_first} of {total} bytes before the first row"
    );
    assert_eq!(records.count(), 19_999);
}

/// One cable as a pretty-printed JSON object of four lines, numbered `n`.
fn json_object(n: usize) -> String {
    format!(
        "{{\n  \"_id\": \"85GABORONE{n}\",\n  \"body\": \"UNCLAS GABORONE {n:05}\\nSUBJECT: \\\"PARDON\\\" [{n}], AND {{}}\"\n}}"
    )
}

/// A JSON array far larger than the detection prefix is read element by
/// element: the first record comes after a few kilobytes, and each element
/// has its number and line. (It used to be read whole, up to 256 MiB, and
/// refused above.)
#[test]
fn a_json_array_is_streamed_not_slurped() {
    let objects: Vec<String> = (1..=20_000).map(json_object).collect();
    let data = format!("[\n{}\n]\n", objects.join(",\n"));
    let total = data.len();
    let read = Arc::new(AtomicUsize::new(0));
    let reader = Counting {
        inner: std::io::Cursor::new(data.into_bytes()),
        read: Arc::clone(&read),
    };
    let mut records = read_reader(reader, None);
    let first = records.next().unwrap().unwrap();
    assert_eq!(first.form, Form::Json);
    assert_eq!((first.source_record, first.line), (Some(1), 2));
    let after_first = read.load(Ordering::SeqCst);
    assert!(
        after_first < 256 * 1024 && after_first < total / 4,
        "read {after_first} of {total} bytes before the first record"
    );
    let mut n = 1;
    for r in records {
        let c = r.unwrap();
        n += 1;
        assert_eq!(
            (c.source_record, c.line),
            (Some(n as u64), 2 + 4 * (n as u64 - 1))
        );
        assert_eq!(
            c.metadata.unwrap().reference_id,
            Some(format!("85GABORONE{n}"))
        );
        assert!(
            c.text.ends_with(&format!("\"PARDON\" [{n}], AND {{}}")),
            "{}",
            c.text
        );
    }
    assert_eq!(n, 20_000);
}

/// The real JSON exports of the corpus, put in one array (and in one
/// array gzipped), give each the cable the file gives alone.
#[test]
fn real_exports_in_one_array_read_as_alone() {
    let Some(shared) = cablekit_testkit::shared("real JSON exports in one array") else {
        return;
    };
    let files: Vec<_> = cablekit_testkit::files_under(&shared.join("corpus"))
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "json"))
        .collect();
    assert!(files.len() >= 10, "{} JSON exports", files.len());
    let alone: Vec<_> = files
        .iter()
        .map(|f| read_path(f, None).next().unwrap().unwrap())
        .collect();
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    // many times over, past the prefix read whole
    let (mut joined, mut elements) = (texts.join(",\n"), texts.len());
    while joined.len() < 200 * 1024 {
        joined = format!("{joined},\n{joined}");
        elements *= 2;
    }
    let data = format!("[{joined}]");
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("export.json");
    std::fs::write(&plain, &data).unwrap();
    let gz = dir.path().join("export.json.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data.as_bytes()).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    for path in [&plain, &gz] {
        let mut count = 0;
        for (i, r) in read_path(path, None).enumerate() {
            let c = r.unwrap();
            let want = &alone[i % alone.len()];
            assert_eq!(c.text, want.text, "{} element {i}", path.display());
            assert_eq!(c.metadata, want.metadata, "{} element {i}", path.display());
            assert_eq!(
                c.diagnostics,
                want.diagnostics,
                "{} element {i}",
                path.display()
            );
            assert_eq!(c.source_record, Some(i as u64 + 1));
            count += 1;
        }
        assert_eq!(count, elements, "{}", path.display());
    }
}

#[test]
fn truncated_last_row_gets_an_error_record_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chunk.csv");
    let mut data: String = (1..=3).map(row).collect();
    let fourth = row(4);
    data.push_str(&fourth[..fourth.len() / 2]);
    std::fs::write(&path, data).unwrap();
    let out: Vec<_> = read_path(&path, None).collect();
    assert_eq!(out.len(), 4);
    assert!(out[..3].iter().all(Result::is_ok));
    let e = out[3].as_ref().unwrap_err();
    assert_eq!(e.error.kind, "truncated");
    assert_eq!(e.source_record, Some(4));
    let lines_per_row = row(1).matches('\n').count() as u64;
    assert_eq!(e.error.line, Some(1 + 3 * lines_per_row));
}

#[test]
fn empty_binary_and_missing_files_are_error_records() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"\n  \r\n", "empty"),
        (
            "image.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "binary",
        ),
        (
            "noise.txt",
            &[0xC3u8, 0xA9, 0xFF, 0xFE, 0xE0, 0x80, 0x81, 0x90, 0xD0, 0xF8],
            "undecodable",
        ),
    ];
    for (name, bytes, kind) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out: Vec<_> = read_path(&path, None).collect();
        assert_eq!(out.len(), 1, "{name}");
        let e = out[0].as_ref().unwrap_err();
        assert_eq!(e.error.kind, kind, "{name}: {e:?}");
        assert!(!e.error.message.is_empty());
    }
    let out: Vec<_> = read_path(&dir.path().join("missing.csv"), None).collect();
    assert_eq!(out[0].as_ref().unwrap_err().error.kind, "io");
    let out: Vec<_> = read_path(dir.path(), None).collect();
    assert_eq!(out[0].as_ref().unwrap_err().error.kind, "io");
}

/// A folder given as a file is one error record that says so (asked of
/// the file system only when reading fails).
#[test]
fn a_folder_is_one_error_record() {
    let dir = tempfile::tempdir().unwrap();
    let out: Vec<_> = read_path(dir.path(), None).collect();
    assert_eq!(out.len(), 1);
    let e = out[0].as_ref().unwrap_err();
    assert_eq!(e.error.kind, "io");
    assert!(
        e.error.message.contains("is a directory"),
        "{}",
        e.error.message
    );
}

#[test]
fn a_big_binary_file_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("archive.zip");
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend((0..200_000u32).map(|i| (i * 7 % 256) as u8));
    std::fs::write(&path, bytes).unwrap();
    let out: Vec<_> = read_path(&path, None).collect();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].as_ref().unwrap_err().error.kind, "binary");
}

#[test]
fn windows_1252_text_file_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cable.txt");
    std::fs::write(
        &path,
        b"UNCLAS PARIS 001052 \r\n\xB61.  (SBU) France\x92s \x93view\x94.\r\n",
    )
    .unwrap();
    let c = read_path(&path, None).next().unwrap().unwrap();
    assert_eq!(
        c.text,
        "UNCLAS PARIS 001052 \r\n\u{b6}1.  (SBU) France\u{2019}s \u{201c}view\u{201d}.\r\n"
    );
}

#[test]
fn big_body_lines_dump_and_json_lines_stream() {
    let dir = tempfile::tempdir().unwrap();
    let body = "S E C R E T ISLAMABAD 15762   E. O. 12356:  DECL:  OADR TAGS:  IR IZ PK ".repeat(6);
    let path = dir.path().join("dump.txt");
    let data: String = (0..3000).map(|i| format!("{body} {i}\n")).collect();
    std::fs::write(&path, data).unwrap();
    let out: Vec<_> = read_path(&path, None).map(Result::unwrap).collect();
    assert_eq!(out.len(), 3000);
    assert_eq!(out[2999].line, 3000);
    assert!(out.iter().all(|c| c.form == Form::BodyLines));

    let path = dir.path().join("export.json");
    let data: String = (0..3000)
        .map(|i| format!("{{\"_id\":\"09ANKARA{i}\",\"date_time\":\"2009-11-05 11:11\",\"body\":\"{body}\"}}\n"))
        .collect();
    std::fs::write(&path, data).unwrap();
    let out: Vec<_> = read_path(&path, None).map(Result::unwrap).collect();
    assert_eq!(out.len(), 3000);
    let last = &out[2999];
    assert_eq!((last.line, last.source_record), (3000, Some(3000)));
    assert_eq!(
        last.metadata.as_ref().unwrap().reference_id.as_deref(),
        Some("09ANKARA2999")
    );
}

#[test]
fn gzip_is_decompressed_and_streamed() {
    use flate2::Compression;
    use flate2::write::GzEncoder;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cables.csv.gz");
    let mut gz = GzEncoder::new(std::fs::File::create(&path).unwrap(), Compression::fast());
    for n in 1..=5000 {
        gz.write_all(row(n).as_bytes()).unwrap();
    }
    gz.finish().unwrap();
    let mut count = 0;
    for (i, r) in read_path(&path, None).enumerate() {
        let c = r.unwrap();
        assert_eq!(c.form, Form::Csv);
        assert_eq!(c.source_record, Some(i as u64 + 1));
        count += 1;
    }
    assert_eq!(count, 5000);

    // A small gzip'd text, from memory; a corrupt one is one error.
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(b"UNCLAS PARIS 001052 \nSIPDIS\n").unwrap();
    let bytes = gz.finish().unwrap();
    let c = cablekit_forms::read_bytes(bytes.clone(), None)
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(
        (c.form, c.text.as_str()),
        (Form::Text, "UNCLAS PARIS 001052 \nSIPDIS\n")
    );
    let mut corrupt = bytes;
    let mid = corrupt.len() / 2;
    corrupt[mid..].iter_mut().for_each(|b| *b = !*b);
    let out: Vec<_> = cablekit_forms::read_bytes(corrupt, None).collect();
    assert_eq!(out.len(), 1);
    assert!(out[0].is_err(), "{out:?}");
}

#[test]
fn archives_are_named_in_the_error() {
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend_from_slice(b"cable.txt UNCLAS");
    let e = cablekit_forms::read_bytes(zip, None)
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(e.error.kind, "binary");
    assert!(
        e.error.message.contains("zip archive"),
        "{}",
        e.error.message
    );
}
