//! The stable codes of data warnings (letter `W`): what in a dataset could
//! make a verdict mislead (`upskill-dataset`'s trust checks).

use crate::code_table;

code_table! {
    #[doc = "Every data-warning code, in code order."]
    /// More than half of the records fall outside the period.
    MOST_OUTSIDE_PERIOD = "W001", Warning, "most records fall outside the period judged";
    /// More than a tenth of the records were rejected.
    MANY_REJECTED = "W002", Warning, "a large share of the records was rejected";
    /// Records name learners the roster does not hold.
    UNKNOWN_LEARNERS = "W003", Warning, "records name learners the roster does not hold";
    /// Weeks of the period hold no credited learning at all.
    EMPTY_WEEKS = "W004", Warning, "weeks of the period hold no credited learning at all";
    /// The pledge's zone has no daylight saving time while the records' offsets change like a zone that has.
    ZONE_WITHOUT_DST = "W005", Warning, "the pledge's zone has no daylight saving time, but the records' offsets change like a zone that has";
    /// No record of a rostered learner was found to choose the period from.
    NO_DATA_FOR_PERIOD = "W006", Warning, "no record of a rostered learner was found, so the period is the default ten weeks";
    /// A week at the edge of the data holds few records: a sparse lead-in left out of a period chosen from the data, or a sparse last week kept in it.
    SPARSE_EDGE_WEEKS = "W007", Warning, "a week at the edge of the data holds few records";
    /// The as-of instant is before the first record: no week of the data is over at as-of.
    AS_OF_BEFORE_DATA = "W008", Warning, "the as-of instant is before the data's first record";
}
