//! No input makes a reader panic: random bytes, and real-looking inputs cut
//! and damaged at random places, read as every form.

use cablekit_forms::{Form, read_bytes};

/// A small deterministic generator (xorshift64*), so failures replay.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SEEDS: [&str; 7] = [
    "\"1\",\"12/28/1966 18:48\",\"66BUENOSAIRES2481\",\"Embassy Buenos Aires\",\"UNCLASSIFIED\",\"66STATE106206\",\"P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\",\"UNCLASSIFIED BUENOS AIRES 2481 \nTHE \\\"PARDON\\\" ASAD\\'S \\\n\"\n",
    "<html><table class='cable'>\n<tr><td><a href='/cable/x.html'>00HARARE5461</a></td><td>2000-09-27 14:02</td></tr></table>\n<code><pre>FM AMEMBASSY HARARE&#x000A;TO SECSTATE</pre></code>\n<code><pre>2005-11-14 10:58:00\t00HARARE5461\tEmbassy\tC\t\tH\tC O N F &#x000A;TAGS: <a href='/tag/PGOV_0.html'>PGOV</a>&#x000A;&#x000A;50133  2006-01-19  06THEHAGUE131  Embassy</pre></code></html>",
    "{\"_id\":\"04BAGHDAD1\",\"origin\":\"Embassy Baghdad\",\"date_time\":\"7/2/2004 17:37\",\"body\":\"C O N F I D E N T I A L BAGHDAD 000017\",\"header\":\"O 111328Z\"}\n[{\"body\":\"x\"}]",
    "[{\"_id\":\"04BAGHDAD1\",\"date_time\":\"7/2/2004 17:37\",\"references\":[\"a\",\"b]\"],\"body\":\"C O N F I D E N T I A L BAGHDAD 000017\"},\n{\"body\":\"y \\\"q\\\" \\\\ [{,}]\"}]\n",
    "02ADANA386\nSOUTHEAST TURKEY PRESS SUMMARY\nWed Nov 20 00:00:00 +0100 2002\nUNCLASSIFIED\nConsulate Adana\nUNCLAS SECTION 01 OF 02 ADANA 0386 \n",
    "1. HUGO BANZER        PER.INDIVIDUAL\n\n@@@\n\n[[ [[US || 8]] CINC [[ SO || 10]] ||  9]] FOR [[POLAD || 11 ]]\n*** Current Classification *** UNCLASSIFIED",
    "<div class=\"pane-header\">Raw content</div><div class=\"pane-content\"><div class=\"text-content\">\nLIMITED OFFICIAL USE ATHENS 2959\n</div></div><div class=\"s_key\"><a class=\"i\" title=\"TAGS\">TAGS:</a></div><div class=\"s_val\" title=\"x\"><a href=\"/plusd/\">GR<span> - Greece</span></a></div>",
];

fn read_as_everything(bytes: &[u8]) {
    let _ = read_bytes(bytes.to_vec(), None).count();
    for form in Form::ALL {
        let _ = read_bytes(bytes.to_vec(), Some(form)).count();
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..300 {
        let len = rng.below(600);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        read_as_everything(&bytes);
    }
}

#[test]
fn damaged_seeds_never_panic() {
    let mut rng = Rng(42);
    let specials = b"\"\\,\n\r\t<>[]|{}&#\x00\xB6\xE2\x80\x99";
    for seed in SEEDS {
        let seed = seed.as_bytes();
        read_as_everything(seed);
        for _ in 0..150 {
            let mut bytes = seed.to_vec();
            // Cut at a random place (often mid UTF-8 sequence or mid markup).
            bytes.truncate(rng.below(bytes.len() + 1));
            // Overwrite or insert a few special bytes.
            for _ in 0..rng.below(4) {
                let b = specials[rng.below(specials.len())];
                let at = rng.below(bytes.len() + 1);
                if rng.below(2) == 0 && at < bytes.len() {
                    bytes[at] = b;
                } else {
                    bytes.insert(at, b);
                }
            }
            read_as_everything(&bytes);
        }
    }
}

#[test]
fn damaged_gzip_never_panics() {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(SEEDS[0].repeat(50).as_bytes()).unwrap();
    let bytes = gz.finish().unwrap();
    let mut rng = Rng(7);
    for _ in 0..100 {
        let mut b = bytes.clone();
        b.truncate(3 + rng.below(b.len()));
        if b.len() > 12 {
            let at = 10 + rng.below(b.len() - 10);
            b[at] ^= 1 << rng.below(8);
        }
        read_as_everything(&b);
    }
}
