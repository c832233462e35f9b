//! Shared helpers for the jsonstream integration tests live in `tests/tests/common/`.
