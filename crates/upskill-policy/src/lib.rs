//! The upskill policy engine: assessment, verdict, ledger, mergeable state
