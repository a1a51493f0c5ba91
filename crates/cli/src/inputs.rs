//! Turning the INPUT arguments into a list of sources: files, folders walked
//! recursively in sorted order, and standard input.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Extensions read when walking a folder (lower case). Files without an
/// extension are read too; files named on the command line always are.
pub const CABLE_EXTENSIONS: &[&str] = &[
    "txt", "text", "html", "htm", "csv", "json", "jsonl", "ndjson", "pdf", "gz",
];

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file (it may turn out not to exist: reading it yields an error record).
    File(PathBuf),
    /// Standard input, named `-`.
    Stdin,
    /// A folder entry that could not be listed: yields an error record.
    Unlistable {
        /// The folder.
        path: PathBuf,
        /// Why it could not be listed.
        message: String,
    },
}

impl Source {
    /// The name written into records' `source` field: the path as given
    /// (joined with the entries under a folder), `-` for standard input.
    pub fn name(&self) -> String {
        match self {
            Source::File(path) | Source::Unlistable { path, .. } => path.display().to_string(),
            Source::Stdin => "-".to_owned(),
        }
    }

    /// The file size, when it is a file that can be inspected.
    pub fn file_size(&self) -> Option<u64> {
        match self {
            Source::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            _ => None,
        }
    }
}

/// Expand INPUT arguments: no argument means standard input; `-` is standard
/// input; a folder is walked recursively (entries sorted by name, hidden
/// entries skipped, only [`CABLE_EXTENSIONS`] and extensionless files);
/// anything else is a file.
pub fn expand(args: &[PathBuf]) -> Vec<Source> {
    expand_with_skipped(args).0
}

/// [`expand`], and the files of walked folders that were left out because
/// their extension is not one of [`CABLE_EXTENSIONS`] (so that the caller
/// can say so: nothing is left out silently).
pub fn expand_with_skipped(args: &[PathBuf]) -> (Vec<Source>, Vec<PathBuf>) {
    let mut sources = Vec::new();
    let mut skipped = Vec::new();
    if args.is_empty() {
        sources.push(Source::Stdin);
    }
    for arg in args {
        if arg.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if arg.is_dir() {
            walk(arg, &mut sources, &mut skipped, &mut HashSet::new());
        } else {
            sources.push(Source::File(arg.clone()));
        }
    }
    (sources, skipped)
}

/// Whether `args` name exactly one input that is not a folder.
pub fn is_single(args: &[PathBuf]) -> bool {
    match args {
        [] => true,
        [one] => one.as_os_str() == "-" || !one.is_dir(),
        _ => false,
    }
}

/// Walk `dir`; folders already walked (through a symbolic link) are
/// skipped, so that a link loop ends.
fn walk(
    dir: &Path,
    sources: &mut Vec<Source>,
    skipped: &mut Vec<PathBuf>,
    seen: &mut HashSet<PathBuf>,
) {
    if let Ok(canonical) = std::fs::canonicalize(dir)
        && !seen.insert(canonical)
    {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            sources.push(Source::Unlistable {
                path: dir.to_owned(),
                message: format!("cannot list folder {}: {e}", dir.display()),
            });
            return;
        }
    };
    // each path with whether it is a folder: the listing tells, but for a
    // symbolic link (followed), which spares a file its own `stat`
    let mut paths: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                if !entry.file_name().to_string_lossy().starts_with('.') {
                    let path = entry.path();
                    let is_dir = match entry.file_type() {
                        Ok(kind) if !kind.is_symlink() => kind.is_dir(),
                        _ => path.is_dir(),
                    };
                    paths.push((path, is_dir));
                }
            }
            Err(e) => sources.push(Source::Unlistable {
                path: dir.to_owned(),
                message: format!("cannot list folder {}: {e}", dir.display()),
            }),
        }
    }
    paths.sort();
    for (path, is_dir) in paths {
        if is_dir {
            walk(&path, sources, skipped, seen);
        } else if is_cable_file(&path) {
            sources.push(Source::File(path));
        } else if !is_documentation(&path) {
            skipped.push(path);
        }
    }
}

/// Files a corpus folder holds beside its cables (READMEs, manifests, test
/// snapshots): left out without a note.
fn is_documentation(path: &Path) -> bool {
    path.extension().is_some_and(|ext| {
        let ext = ext.to_string_lossy().to_ascii_lowercase();
        ["md", "tsv", "snap", "new"].contains(&ext.as_str())
    })
}

fn is_cable_file(path: &Path) -> bool {
    match path.extension() {
        None => true,
        Some(ext) => {
            let ext = ext.to_string_lossy().to_ascii_lowercase();
            CABLE_EXTENSIONS.contains(&ext.as_str())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_sorted_and_filtered() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("b")).unwrap();
        std::fs::create_dir(root.join(".hidden")).unwrap();
        for name in [
            "b/2.txt",
            "b/1.html",
            "a.csv",
            "README.md",
            ".x.txt",
            "c",
            ".hidden/d.txt",
        ] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        let got: Vec<String> = expand(&[root.to_owned()])
            .iter()
            .map(|s| {
                s.name()
                    .strip_prefix(&root.display().to_string())
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(got, ["/a.csv", "/b/1.html", "/b/2.txt", "/c"]);
    }

    #[test]
    fn files_left_out_of_a_folder_are_reported_but_not_documentation() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in ["a.txt", "blob.bin", "README.md", "x.snap", "MANIFEST.tsv"] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        let (sources, skipped) = expand_with_skipped(&[root.to_owned()]);
        assert_eq!(sources, [Source::File(root.join("a.txt"))]);
        assert_eq!(skipped, [root.join("blob.bin")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_loop_ends() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.txt"), "x").unwrap();
        std::os::unix::fs::symlink("..", root.join("a/up")).unwrap();
        let got = expand(&[root.to_owned()]);
        assert_eq!(got, [Source::File(root.join("a/x.txt"))]);
    }

    #[test]
    fn no_argument_and_dash_mean_stdin() {
        assert_eq!(expand(&[]), [Source::Stdin]);
        assert_eq!(expand(&["-".into()]), [Source::Stdin]);
        assert!(is_single(&[]));
        assert!(!is_single(&["a".into(), "b".into()]));
    }

    #[test]
    fn named_files_are_kept_even_when_missing_or_odd() {
        let got = expand(&["missing.md".into()]);
        assert_eq!(got, [Source::File("missing.md".into())]);
    }
}
