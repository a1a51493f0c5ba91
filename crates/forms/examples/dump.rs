//! Print the cable text(s) the readers make of a file.
//! `cargo run -p cablekit-forms --example dump -- FILE`

fn main() {
    for arg in std::env::args().skip(1) {
        for r in cablekit_forms::read_path(std::path::Path::new(&arg), None) {
            match r {
                Ok(c) => println!(
                    "--- {} line {} record {:?}\n{}",
                    c.form, c.line, c.source_record, c.text
                ),
                Err(e) => println!("--- error {:?}", e),
            }
        }
    }
}
