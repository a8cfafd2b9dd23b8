//! Quota
