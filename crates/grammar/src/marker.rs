//! Section and page markers in the three layouts of telegram-format.md §4.
//! OWNER: normalizer helper (C). Stub.
