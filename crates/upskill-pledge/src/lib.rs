//! Pledges
