//! The upskill command
