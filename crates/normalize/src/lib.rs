//! The normalizer: repairs the damage scraping and conversion did to a cable,
//! plans every edit against the original text, and applies the plan in one
//! pass. OWNER: normalizer helper (C). Stub: returns the input unchanged.

use cablekit_record::{Edit, Redaction, SectionMarker};

/// Which rules run, and how the clean text is laid out.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Rule ids switched off (`comma-apostrophe`, …).
    pub disabled: Vec<String>,
    /// Wrap paragraphs at this many columns (`None`: one line per paragraph).
    pub wrap: Option<usize>,
}

/// The result of normalizing one cable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Normalized {
    /// The clean text; equals `apply_edits(input, &edits)`.
    pub text: String,
    /// Every edit, sorted by `start`, non-overlapping, spans into the input.
    pub edits: Vec<Edit>,
    /// Redactions found (spans into the input).
    pub redactions: Vec<Redaction>,
    /// Section and page markers removed (spans into the input).
    pub section_markers: Vec<SectionMarker>,
}

impl Normalized {
    /// Map a byte offset of the clean text back to the input text.
    pub fn input_offset(&self, clean: usize) -> usize {
        let mut delta: isize = 0;
        for e in &self.edits {
            let clean_start = (e.start as isize + delta) as usize;
            if clean < clean_start {
                break;
            }
            let clean_end = clean_start + e.after.len();
            if clean < clean_end {
                return e.start;
            }
            delta += e.after.len() as isize - (e.end - e.start) as isize;
        }
        (clean as isize - delta).max(0) as usize
    }
}

/// Normalize `input`.
pub fn normalize(input: &str, options: &Options) -> Normalized {
    let _ = options;
    Normalized {
        text: input.to_owned(),
        ..Normalized::default()
    }
}
