//! OWNER: envelope helper (A). Stub.
