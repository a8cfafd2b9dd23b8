//! The codes only the validator (`upskill-schema`) reports: rules across
//! records and against other inputs (duplicates, ids, leave overlaps, the
//! `as_of` instant, pledge settings without effect), numbered with the
//! [reader codes](super::reader).

use crate::code_table;

code_table! {
    #[doc = "The codes only the validator reports (rules across records and against other inputs), in code order. The readers' codes are `upskill_formats::codes::CODES`; `upskill_schema::all_codes` has both."]
    LEAVE_OVERLAPS = "L008", Warning, "a leave range overlaps another of the same learner; a day away counts once";
    LEAVE_UNKNOWN_LEARNER = "L009", Warning, "leave is given for a learner not in the roster";
    PLEDGE_NO_EFFECT = "P020", Warning, "a pledge setting has no effect under the options chosen (`full_time_hours` under `pro_rata: none`, a cap no day or session reaches, a holiday on a day off)";
    SESSION_LONG = "S020", Warning, "the session is implausibly long (over 12 hours by default); it is kept";
    SESSION_STARTS_AFTER_AS_OF = "S021", Error, "the session starts after the `as_of` instant the data was exported at";
    SESSION_ENDS_AFTER_AS_OF = "S022", Warning, "the session ends after the `as_of` instant (it was still running)";
    SESSION_DUPLICATE_ID = "S023", Warning, "a record repeats the id and interval of an earlier record of the same learner; it counts once";
    SESSION_CONFLICTING_ID = "S024", Error, "a record reuses the id of an earlier record of the same learner for a different interval";
    SESSION_DUPLICATE_CONTENT = "S025", Warning, "a record has the same learner, start and duration as an earlier one under another id; it counts once";
    SESSION_UNKNOWN_LEARNER = "S026", Warning, "the session's learner is not in the roster, so it credits no one";
    /// A record id is the primary key of a record in its source system, so
    /// it names one learner's record: ids are unique per `(source,
    /// record_id)` (`docs/formats.md`, "Record ids").
    SESSION_ID_OF_ANOTHER_LEARNER = "S027", Error, "a record reuses the id of an earlier record of a different learner from the same source";
}
