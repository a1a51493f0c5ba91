//! Helpers shared by the pipeline's integration tests.

use std::path::{Path, PathBuf};

/// `../shared/corpus` beside the workspace, or `None` (after printing a
/// notice naming what is skipped) when it is absent.
pub fn shared_corpus(skipping: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("NOTICE: {} is absent; skipping {skipping}", dir.display());
        None
    }
}

/// Every cable file under `dir`, sorted: README and MANIFEST files and
/// `snapshots` folders excluded.
pub fn cable_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy();
            if path.is_dir() {
                if name != "snapshots" {
                    stack.push(path);
                }
            } else if !(name.starts_with("README") || name.starts_with("MANIFEST")) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
