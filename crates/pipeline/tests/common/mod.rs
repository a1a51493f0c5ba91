//! Helpers shared by the pipeline's integration tests.

use std::path::{Path, PathBuf};

/// `../shared/corpus` beside the workspace, or `None` (after printing a
/// notice naming what is skipped) when it is absent.
pub fn shared_corpus(skipping: &str) -> Option<PathBuf> {
    cablekit_testkit::shared(skipping).map(|shared| shared.join("corpus"))
}

/// Every cable file under `dir`, sorted: README and MANIFEST files and
/// `snapshots` folders excluded.
pub fn cable_files(dir: &Path) -> Vec<PathBuf> {
    cablekit_testkit::files_under(dir)
        .into_iter()
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            let in_snapshots = path
                .strip_prefix(dir)
                .is_ok_and(|rel| rel.components().any(|c| c.as_os_str() == "snapshots"));
            !(in_snapshots || name.starts_with("README") || name.starts_with("MANIFEST"))
        })
        .collect()
}
