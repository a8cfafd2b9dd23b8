//! Sessions
