//! CSV, JSON Lines and JSON readers and writers for upskill documents
