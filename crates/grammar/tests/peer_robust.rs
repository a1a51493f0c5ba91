//! The vocabulary functions never panic, whatever the input: a deterministic
//! stream of strings over an alphabet of ASCII, punctuation and multi-byte
//! characters goes through each of them.

use cablekit_grammar::id::{canonical_origin, canonicalize_id, station_origin};
use cablekit_grammar::tagdb::{split_tags, tag_kind};
use cablekit_grammar::titlecase::{name_case, titlefy};

const ALPHABET: &[&str] = &[
    "A", "E", "K", "Q", "S", "X", "Z", "0", "1", "7", " ", ",", ";", "(", ")", "'", "’", "-", "/",
    ":", ".", "\n", "ü", "É", "ß", "€", "ǅ", "SECTION", "OF", "TAGS", "OVIP", "PREL", "EFTO",
];

#[test]
fn never_panics() {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..20_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 24) as usize;
        let mut s = String::new();
        let mut k = state;
        for _ in 0..len {
            k = k.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            s.push_str(ALPHABET[(k >> 33) as usize % ALPHABET.len()]);
        }
        let _ = canonicalize_id(&s);
        let _ = canonicalize_id(&format!("08{s}"));
        let _ = canonical_origin(&s);
        let _ = station_origin(&s);
        let _ = split_tags(&s);
        let _ = tag_kind(&s);
        let _ = titlefy(&s);
        let _ = name_case(&s);
    }
}
