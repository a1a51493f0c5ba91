//! Test helpers shared by cablekit's crates (a dev-dependency only): where
//! the real cables of `../shared` are, walking a corpus folder, and a seeded
//! generator for generated inputs.

use std::path::{Path, PathBuf};

/// `<workspace>/../shared`, or `None` after printing a notice naming what is
/// skipped, when it is absent (tests that need the real cables skip then).
pub fn shared(skipping: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("NOTICE: {} is absent; skipping {skipping}", dir.display());
        None
    }
}

/// Every file below `dir` (recursively), sorted; an unreadable folder
/// contributes nothing.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A small seeded generator (xorshift64) for tests that generate their
/// inputs: the same seed gives the same inputs on every run.
pub struct Xorshift(u64);

impl Xorshift {
    /// A generator from `seed` (a zero seed would only give zeros: it is
    /// taken as one).
    pub fn new(seed: u64) -> Self {
        Xorshift(seed.max(1))
    }

    /// The next number below `n` (which must not be zero).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_recursively_and_sorts() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let files = files_under(root);
        assert!(files.contains(&root.join("src/lib.rs")));
        assert!(files.contains(&root.join("Cargo.toml")));
        assert!(files.windows(2).all(|w| w[0] <= w[1]));
        assert!(files_under(&root.join("no-such-folder")).is_empty());
    }
}
