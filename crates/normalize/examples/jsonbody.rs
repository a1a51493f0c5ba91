//! Debug: print the body of a JSON export record.
fn main() {
    let p = std::env::args().nth(1).expect("path");
    let s = std::fs::read_to_string(p).expect("read");
    let v: serde_json::Value = serde_json::from_str(&s).expect("json");
    print!("{}", v["body"].as_str().unwrap_or(""));
}
