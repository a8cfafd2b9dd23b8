//! JSON Schemas of upskill interchange documents and document validation
