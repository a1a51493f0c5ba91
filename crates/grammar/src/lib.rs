//! The telegram grammar: one small nom parser per element of a US State
//! Department telegram, and a lenient driver, [`parse`], that walks a cable's
//! lines, tries the element parsers in the order the format allows, and
//! returns every field it could read plus diagnostics.
//!
//! The grammar knows telegrams and nothing about containers (HTML, CSV) or
//! repairs (that is the normalizer's job). It does no I/O, never fails and
//! never panics.

pub mod address;
pub mod body;
pub mod classification;
pub mod dtg;
pub mod envelope;
pub mod id;
pub mod lines;
pub mod marker;
pub mod parahead;
pub mod tagdb;
pub mod titlecase;

mod driver;
#[cfg(test)]
mod testtext;

pub use driver::parse;
