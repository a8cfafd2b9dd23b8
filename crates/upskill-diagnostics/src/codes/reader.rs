//! The stable codes of every problem the readers of `upskill-formats` report.
//!
//! A code is a letter for the area and three digits:
//!
//! | letter | area |
//! |---|---|
//! | `F` | the file itself: reading, encoding, limits, JSON and CSV syntax, CSV headers, document shape |
//! | `S` | learning-session records |
//! | `R` | roster rows |
//! | `L` | leave rows |
//! | `H` | public-holiday rows |
//! | `P` | the pledge file |
//! | `E` | the People-principle evidence file (`people.json`) |
//!
//! Codes are never reused or renumbered: a code that is retired stays
//! reserved. The validator adds codes of its own
//! ([`validator`](super::validator)) to the same numbering; the table in
//! `docs/validation-codes.md` is generated from both lists.

use crate::code_table;

code_table! {
    #[doc = "Every code the readers of `upskill-formats` report, in code order."]
    PEOPLE_MISSING_FIELD = "E001", Error, "a required field of the People-principle file is missing";
    PEOPLE_UNKNOWN_FIELD = "E002", Error, "the People-principle file has a field the format does not define";
    PEOPLE_INVALID = "E003", Error, "a value of the People-principle file is of the wrong type or breaks its rule (an empty or over-long name, a group given twice, a threshold of 0, ...)";
    PEOPLE_OTHER_ORGANISATION = "E004", Error, "the People-principle file names another organisation than the pledge";

    IO_ERROR = "F001", Error, "the input could not be read";
    NOT_UTF8 = "F002", Error, "the text is not valid UTF-8";
    LINE_TOO_LONG = "F003", Error, "a line or record is longer than the limit (1 MiB by default); it is skipped and reading goes on";
    TOO_DEEP = "F004", Error, "a JSON record or document is nested deeper than the limit (64 levels by default)";
    MALFORMED_JSON = "F005", Error, "the JSON is malformed";
    MALFORMED_CSV = "F006", Error, "the CSV is malformed: a quoted field is never closed";
    FIELD_COUNT = "F007", Error, "a CSV row has a different number of fields than the header";
    MISSING_COLUMN = "F008", Error, "the CSV header lacks a required column; no row can be read";
    UNKNOWN_COLUMN = "F009", Error, "the CSV header has a column this format does not define (a warning in lenient mode; the column is ignored)";
    DUPLICATE_COLUMN = "F010", Error, "the CSV header names a column twice; the later one is ignored";
    UNSUPPORTED_VERSION = "F011", Error, "the document's `schema_version` is missing or not one this version reads";
    WRONG_SHAPE = "F012", Error, "the document is not of the expected shape (an array of records, or an object)";
    EMPTY_INPUT = "F013", Warning, "the input holds no records";
    DOCUMENT_TOO_LARGE = "F014", Error, "a JSON document is larger than the limit (64 MiB by default)";
    UNSUPPORTED_FORMAT = "F015", Error, "the format is not one this kind of document is read from";
    GUESSED_ENCODING = "F016", Warning, "the CSV file is not plain UTF-8: the encoding was detected (UTF-16 by its byte-order mark, Windows-1252 when the bytes are not UTF-8) and is named once; `--encoding` overrides it";
    GUESSED_DELIMITER = "F017", Warning, "the CSV delimiter is not `,`: it was detected (from an Excel `sep=` line or the header row) and is named once; `--delimiter` overrides it";
    GUESSED_DECIMAL_COMMA = "F018", Warning, "numbers are read with `,` as the decimal mark because the delimiter is `;`; `--decimal-comma` overrides it";
    COLUMNAR_UNREADABLE = "F019", Error, "a Parquet or Arrow IPC file cannot be read: truncated, corrupt, or not the format its name or first bytes say (the rows of an unreadable row group are skipped; reading goes on with the next)";
    COLUMNAR_COLUMN_TYPE = "F020", Error, "a column of a Parquet or Arrow IPC file has a type the field cannot be read from (see docs/formats.md for the types each column accepts); no row can be read";

    HOLIDAY_MISSING_DATE = "H001", Error, "a holiday row has no date";
    HOLIDAY_BAD_DATE = "H002", Error, "a holiday date is not a calendar date written `YYYY-MM-DD`";
    HOLIDAY_UNKNOWN_FIELD = "H003", Error, "a holiday row has a field the format does not define (a warning in lenient mode)";

    LEAVE_MISSING_FIELD = "L001", Error, "a required field of a leave row is missing or empty";
    LEAVE_UNKNOWN_FIELD = "L002", Error, "a leave row or document has a field the format does not define (a warning in lenient mode)";
    LEAVE_WRONG_TYPE = "L003", Error, "a field of a leave row has the wrong JSON type, or the row is not an object";
    LEAVE_BAD_ID = "L004", Error, "a learner id is over-long or holds a control character";
    LEAVE_BAD_DATE = "L005", Error, "a date is not a calendar date written `YYYY-MM-DD`";
    LEAVE_UNKNOWN_KIND = "L006", Error, "the leave kind is not annual, sick, parental or other";
    LEAVE_INVERTED = "L007", Error, "a leave range ends before it starts";

    PLEDGE_MISSING_FIELD = "P001", Error, "a required field of the pledge is missing";
    PLEDGE_UNKNOWN_FIELD = "P002", Error, "the pledge has a field the format does not define";
    PLEDGE_WRONG_TYPE = "P003", Error, "a field of the pledge has the wrong type or a value out of its range";
    PLEDGE_UNKNOWN_ZONE = "P004", Error, "the time zone is not an IANA time zone name such as `Europe/London`";
    PLEDGE_INVALID_RULE = "P005", Error, "a rule of the pledge is invalid (versions out of order, bands inverted, a number finer than the engine keeps, ...)";

    ROSTER_MISSING_FIELD = "R001", Error, "a required field of a roster row is missing or empty";
    ROSTER_UNKNOWN_FIELD = "R002", Error, "a roster row or document has a field the format does not define (a warning in lenient mode)";
    ROSTER_WRONG_TYPE = "R003", Error, "a field of a roster row has the wrong JSON type, or the row is not an object";
    ROSTER_BAD_ID = "R004", Error, "a learner id is over-long or holds a control character";
    ROSTER_BAD_DATE = "R005", Error, "a date is not a calendar date written `YYYY-MM-DD`";
    ROSTER_FTE_OUT_OF_RANGE = "R006", Error, "FTE is not a number above 0 and at most 1 with at most 6 decimal places";
    ROSTER_HOURS_OUT_OF_RANGE = "R007", Error, "contracted hours are not a number above 0 and at most 168, to the minute";
    ROSTER_BOTH_WORKLOADS = "R008", Error, "a roster row gives both `fte` and `contracted_hours`";
    ROSTER_ENDS_BEFORE_START = "R009", Error, "employment ends before it starts";
    ROSTER_DUPLICATE_LEARNER = "R010", Error, "a learner appears more than once in the roster; the first row is kept";

    SESSION_MISSING_FIELD = "S001", Error, "a required field of a session record is missing or empty";
    SESSION_UNKNOWN_FIELD = "S002", Error, "a session record has a field the format does not define (a warning in lenient mode)";
    SESSION_WRONG_TYPE = "S003", Error, "a field of a session record has the wrong JSON type, or the record is not an object";
    SESSION_BAD_ID = "S004", Error, "a record or learner id is over-long or holds a control character";
    SESSION_BAD_TIMESTAMP = "S005", Error, "a timestamp is not an RFC 3339 date and time such as `2026-03-02T09:30:00+00:00`, or is a leap second";
    SESSION_NAIVE_TIMESTAMP = "S006", Error, "a timestamp has no UTC offset, so the instant it names is unknown";
    SESSION_UNKNOWN_ACTIVITY = "S007", Error, "the activity is not one of the ten activity kinds";
    SESSION_NO_LENGTH = "S008", Error, "the record gives none of `end`, `duration` and `duration_minutes`";
    SESSION_TWO_LENGTHS = "S009", Error, "the record gives more than one of `end`, `duration` and `duration_minutes`";
    SESSION_BAD_DURATION = "S010", Error, "a duration is not an ISO 8601 duration (`PT45M`) or a non-negative number of minutes, to the millisecond";
    SESSION_INEXACT_DURATION = "S011", Error, "an ISO 8601 duration uses years or months, which have no exact length";
    SESSION_END_BEFORE_START = "S012", Error, "the session ends before it starts";
    SESSION_ZERO_DURATION = "S013", Error, "the session lasts no time at all";
    SESSION_TOO_LONG = "S014", Error, "the session lasts longer than 31 days, the most any session may";
    SESSION_BAD_FLAG = "S015", Error, "`self_reported` is not true, false, yes, no, 1 or 0";
    SESSION_LOCAL_TIME_GAP = "S016", Error, "a local date-time falls in the gap when clocks go forward in the named zone, so no instant has it";
    SESSION_LOCAL_TIME_AMBIGUOUS = "S017", Warning, "a local date-time falls in the hour repeated when clocks go back in the named zone; the earlier instant is taken";

    TOTAL_MISSING_FIELD = "T001", Error, "a required field of a time total is missing or empty";
    TOTAL_UNKNOWN_FIELD = "T002", Error, "a time total has a field the format does not define (a warning in lenient mode)";
    TOTAL_WRONG_TYPE = "T003", Error, "a field of a time total has the wrong JSON type, or the record is not an object";
    TOTAL_BAD_ID = "T004", Error, "a record or learner id is over-long or holds a control character";
    TOTAL_BAD_DATE = "T005", Error, "a time total's `date` is not a calendar date written `YYYY-MM-DD`";
    TOTAL_DAY_OR_WEEK = "T006", Error, "a time total gives neither or both of `date` and `week`";
    TOTAL_BAD_WEEK = "T007", Error, "a time total's `week` is not an ISO 8601 week label such as `2026-W10`";
    TOTAL_BAD_TIME = "T008", Error, "a time total gives neither or both of `minutes` and `duration`, or one is not an exact non-negative time";
    TOTAL_UNKNOWN_ACTIVITY = "T009", Error, "the activity is not one of the ten activity kinds";
    TOTAL_TOO_LONG = "T010", Error, "a time total is longer than its day (25 hours) or week (169 hours) can hold";
    TOTAL_BAD_FLAG = "T011", Error, "`self_reported` is not true, false, yes, no, 1 or 0";
}
