//! The stable codes of mapped-row problems (letter `I`, for import).
//!
//! A mapped row is decoded by the canonical decoder after its cells are
//! parsed, so it may also carry any [reader code](super::reader); these
//! are the problems of the parsing a mapping adds.

use crate::code_table;

code_table! {
    #[doc = "Every code a mapped reader reports, in code order."]
    BAD_DATE_TIME = "I001", Error, "a cell does not hold a date-time in the mapping's pattern";
    BAD_DATE = "I002", Error, "a cell does not hold a date in the mapping's pattern";
    BAD_DURATION = "I003", Error, "a cell does not hold a duration in the mapping's unit";
    BAD_NUMBER = "I004", Error, "a cell does not hold a number the mapping can scale";
    UNKNOWN_LOOKUP = "I005", Error, "a cell's value is not in the directory column the mapping looks learner ids up in";
    #[doc = "Mappings read CSV tables; a columnar file has the canonical columns (docs/formats.md)."]
    NOT_APPLIED_TO_COLUMNAR = "I006", Warning, "a mapping of the input's kind was given, but the input is a Parquet or Arrow file, read by its canonical columns";
}
