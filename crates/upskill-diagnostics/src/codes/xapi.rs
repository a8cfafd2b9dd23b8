//! The diagnostic codes the xAPI importer (`upskill-xapi`) reports: `X` for statements (xAPI, voiding,
//! duplicates, cmi5 sessions, crediting), `D` for durations, `M` for the
//! identity mapping file. A code keeps its meaning for ever; new meanings get
//! new codes.

use crate::code_table;

code_table! {
    #[doc = "Every code of the xAPI importer (`upskill-xapi`) and of the dataset's xAPI bridge (`upskill-dataset`), in code order."]
    /// The importer rejected the statement without saying why (a
    /// safeguard of the dataset's xAPI bridge: every rejection the importer
    /// makes carries a diagnostic of its own).
    STATEMENT_REJECTED = "X000", Error, "the statement was rejected";
    /// The input is not valid JSON.
    INVALID_JSON = "X001", Error, "the input is not valid JSON";
    /// The document is not a statement, an array of statements or an LRS result page.
    NOT_STATEMENTS = "X002", Error, "the document is not a statement, an array of statements or an LRS result page (xAPI 2.5)";
    /// A property appears twice in one object (xAPI 2.2.s2.b2).
    DUPLICATE_PROPERTY = "X003", Error, "a property appears more than once in one object (xAPI 2.2)";
    /// A required property is missing.
    MISSING_PROPERTY = "X004", Error, "a required property is missing";
    /// A `null` value outside extensions (xAPI 2.2.s4.b1.b1).
    NULL_VALUE = "X005", Error, "a null value outside extensions (xAPI 2.2)";
    /// A property the specification does not define (xAPI 2.2.s4.b1.b7).
    UNKNOWN_PROPERTY = "X006", Error, "a property the specification does not allow (xAPI 2.2)";
    /// A property written in the wrong case (xAPI 2.2.s4.b1.b5).
    PROPERTY_CASE = "X007", Error, "a property name in the wrong case (xAPI 2.2)";
    /// A value of the wrong JSON type (xAPI 2.2.s4.b1.b2, b3).
    WRONG_TYPE = "X008", Error, "a value of the wrong JSON type (xAPI 2.2)";
    /// A value that must be a UUID in standard form is not (xAPI 4.4).
    NOT_UUID = "X009", Error, "a value that must be a UUID is not one in standard form (xAPI 4.4)";
    /// An Agent or Identified Group without an inverse functional identifier (xAPI 2.4.2.1).
    NO_IDENTIFIER = "X010", Error, "an agent or identified group has no identifier (xAPI 2.4.2)";
    /// An Agent or Identified Group with more than one identifier (xAPI 2.4.2.1).
    SEVERAL_IDENTIFIERS = "X011", Error, "an agent or group has more than one identifier (xAPI 2.4.2)";
    /// `mbox` is not a `mailto:` IRI (xAPI 2.4.2.3).
    BAD_MBOX = "X012", Error, "mbox is not a `mailto:` email address (xAPI 2.4.2.3)";
    /// `mbox_sha1sum` is not 40 hexadecimal digits (xAPI 2.4.2.3).
    BAD_MBOX_SHA1SUM = "X013", Error, "mbox_sha1sum is not 40 hexadecimal digits (xAPI 2.4.2.3)";
    /// A value that must be an absolute IRI (or IRL, or URI) is not one (xAPI 2.2.s4.b1.b8, 3.1).
    NOT_IRI = "X014", Error, "a value that must be an absolute IRI is not one (xAPI 2.2, 4.3)";
    /// An extension key is not an absolute IRI (xAPI 4.1.s3.b1).
    EXTENSION_KEY = "X015", Error, "an extension key is not an absolute IRI (xAPI 4.1)";
    /// A Group lists a Group as a member (xAPI 2.4.2.2.s4.b2, s5.b2).
    GROUP_IN_GROUP = "X016", Error, "a group lists a group as a member (xAPI 2.4.2.2)";
    /// A value outside its enumeration, such as `objectType` (xAPI 2.2.s4.b1.b6).
    NOT_ALLOWED_VALUE = "X017", Error, "a value outside the values the property allows (xAPI 2.2)";
    /// An Agent or Group as object without `objectType` (xAPI 2.4.4.2).
    OBJECT_TYPE_REQUIRED = "X018", Error, "an agent or group used as the object does not state its objectType (xAPI 2.4.4.2)";
    /// A score outside its bounds (xAPI 2.4.5.1).
    SCORE_BOUNDS = "X019", Error, "a score outside its bounds (xAPI 2.4.5.1)";
    /// A timestamp that is not ISO 8601 with `T` and a time zone (xAPI 4.5).
    BAD_TIMESTAMP = "X020", Error, "a timestamp is not an ISO 8601 date and time with a time zone (xAPI 4.5)";
    /// A `version` that is not 1.0.x or 2.0.x (xAPI 2.4.10).
    BAD_VERSION = "X021", Error, "a version that is not 1.0.x or 2.0.x (xAPI 2.4.10)";
    /// A voiding statement whose object is not a StatementRef (xAPI 2.3.2).
    VOIDING_TARGET = "X022", Error, "a voiding statement whose object is not a StatementRef (xAPI 2.3.2)";
    /// A SubStatement with `id`, `stored`, `version` or `authority` (xAPI 2.4.4.3.s8.b3).
    SUBSTATEMENT_PROPERTY = "X023", Error, "a SubStatement has id, stored, version or authority (xAPI 2.4.4.3)";
    /// A SubStatement inside a SubStatement (xAPI 2.4.4.3.s8.b4).
    NESTED_SUBSTATEMENT = "X024", Error, "a SubStatement contains a SubStatement (xAPI 2.4.4.3)";
    /// A language tag that is not RFC 5646 (xAPI 2.2.s4.b2).
    BAD_LANGUAGE_TAG = "X025", Error, "a language tag is not a valid RFC 5646 tag (xAPI 2.2, 4.2)";
    /// `context.revision` or `context.platform` with an object that is not an Activity (xAPI 2.4.6).
    CONTEXT_NEEDS_ACTIVITY = "X026", Error, "context revision or platform on a statement whose object is not an activity (xAPI 2.4.6)";
    /// Two interaction components with one id (xAPI 2.4.4.1.s16.b1).
    COMPONENT_ID_REPEATED = "X027", Error, "two interaction components share an id (xAPI 2.4.4.1)";
    /// An authority Group that is not two Agents (xAPI 2.4.9).
    AUTHORITY_GROUP = "X028", Error, "an authority group does not have exactly two agents (xAPI 2.4.9)";
    /// An attachment `contentType` that is not a media type (RFC 2046).
    BAD_CONTENT_TYPE = "X029", Error, "an attachment contentType is not an Internet media type (xAPI 2.4.11, RFC 2046)";
    /// An attachment `sha2` that is not a hex SHA-2 digest.
    BAD_SHA2 = "X030", Error, "an attachment sha2 is not a SHA-2 digest in hexadecimal (xAPI 2.4.11)";
    /// One statement deeper or larger than the limits; the next is read.
    STATEMENT_TOO_LARGE = "X031", Error, "a statement is larger or more deeply nested than the reading limits; it is rejected and reading goes on";
    /// An authority Group with an identifier of its own (xAPI 2.4.9: the
    /// OAuth consumer and user pair is an anonymous Group).
    AUTHORITY_GROUP_IDENTIFIED = "X032", Error, "an authority group has an identifier of its own; an OAuth authority is an anonymous group of two agents (xAPI 2.4.9)";
    /// A UTF-16 input (told by its byte order mark), transcoded and read.
    UTF16_INPUT = "X033", Warning, "the file is UTF-16 (it starts with a UTF-16 byte order mark); it is transcoded and read, but JSON between systems is UTF-8 (RFC 8259 8.1)";
    /// The same statement id twice with the same content: counted once.
    DUPLICATE_STATEMENT = "X040", Warning, "a statement repeated with the same id and content is counted once";
    /// The same statement id with different content: neither is credited.
    CONFLICTING_STATEMENT = "X041", Error, "one statement id with different content: none of them is credited";
    /// A voiding statement that targets another voiding statement (xAPI 2.3.2).
    VOIDS_VOIDING = "X042", Warning, "a voiding statement targets a voiding statement, which cannot be voided (xAPI 2.3.2)";
    /// A statement that would credit time has neither `timestamp` nor `stored`.
    NO_TIME = "X043", Warning, "a statement with creditable time has neither timestamp nor stored, so it cannot be placed in time";
    /// A Group actor: its time is not credited to members.
    GROUP_ACTOR = "X044", Warning, "a group is the actor: the time is not credited to its members";
    /// The actor is not in the identity mapping (ledger: unknown learner).
    UNKNOWN_LEARNER = "X045", Warning, "the actor matches no learner (or several) in the identity mapping";
    /// The time cannot form a learning session (too long, out of range).
    NOT_A_SESSION = "X046", Warning, "the time cannot form a learning session (longer than 31 days, or out of range)";
    /// Statements after the session's `terminated` or `abandoned` (cmi5 9.3.8, 9.3.6).
    CMI5_AFTER_END = "X050", Warning, "a cmi5 session has statements after terminated or abandoned (cmi5 9.3)";
    /// A cmi5 session without `initialized` (cmi5 9.3.2).
    CMI5_NO_INITIALIZED = "X051", Warning, "a cmi5 session has no initialized statement (cmi5 9.3.2)";
    /// A cmi5 session where `initialized` is not the first AU statement (cmi5 9.3).
    CMI5_INITIALIZED_NOT_FIRST = "X052", Warning, "a cmi5 session has AU statements before initialized (cmi5 9.3)";
    /// A cmi5 defined verb repeated within one session (cmi5 9.3).
    CMI5_VERB_REPEATED = "X053", Warning, "a cmi5 defined verb is used twice in one session (cmi5 9.3)";
    /// Both `passed` and `failed` in one session (cmi5 9.3).
    CMI5_PASSED_AND_FAILED = "X054", Warning, "a cmi5 session has both passed and failed (cmi5 9.3)";
    /// A cmi5 session with neither `terminated` nor `abandoned`: no time credited.
    CMI5_NOT_ENDED = "X055", Warning, "a cmi5 session has neither terminated nor abandoned, so no time is credited (cmi5 9.3.6, 9.3.8)";
    /// `terminated` or `abandoned` without `result.duration` (cmi5 9.5.4).
    CMI5_NO_DURATION = "X056", Warning, "a cmi5 terminated or abandoned statement has no duration (cmi5 9.5.4)";
    /// The session's launch mode is not counted by the options.
    CMI5_MODE_NOT_COUNTED = "X057", Warning, "a cmi5 session launched in a mode the options do not count (cmi5 10.0 launchMode)";
    /// No `launched` statement (or no usable launch mode) for a session.
    CMI5_MODE_UNKNOWN = "X058", Warning, "a cmi5 session has no launched statement with a launch mode (cmi5 9.6.3.3)";
    /// A cmi5 defined statement whose actor is not an Agent with an account (cmi5 9.2).
    CMI5_ACTOR = "X059", Warning, "a cmi5 defined statement's actor is not an agent identified by account (cmi5 9.2)";
    /// A cmi5 statement timestamp not in UTC (cmi5 9.7).
    CMI5_NOT_UTC = "X060", Warning, "a cmi5 statement timestamp is not in UTC (cmi5 9.7)";
    /// A cmi5 statement without `timestamp` (cmi5 9.7).
    CMI5_NO_TIMESTAMP = "X061", Warning, "a cmi5 statement has no timestamp (cmi5 9.7)";
    /// Both `terminated` and `abandoned` in one session: `terminated` is used.
    CMI5_TWO_ENDINGS = "X062", Warning, "a cmi5 session has both terminated and abandoned; terminated is used (cmi5 9.3.6)";
    /// A cmi5 session id extension that is not a string (cmi5 9.6.3.1).
    CMI5_SESSION_ID = "X063", Warning, "the cmi5 session id extension is not a string; the statement is read as plain xAPI (cmi5 9.6.3.1)";
    /// Valid statements whose `result.duration` earned no credit, per verb.
    UNCREDITED_TIME = "X064", Warning, "statements with a duration earned no credit under the profile rules; their count and minutes are given per verb";
    /// Video Profile `played-segments` that cannot be read.
    BAD_PLAYED_SEGMENTS = "X065", Warning, "video played-segments are not `start[.]end` pairs of seconds joined by `[,]`, so they are not counted (xAPI Video Profile)";
    /// Not a valid duration in its format.
    BAD_DURATION = "D001", Error, "a duration is not valid ISO 8601 as xAPI 4.6 uses it";
    /// Years or months: valid, but no exact length.
    CALENDAR_DURATION = "D002", Warning, "a duration counts years or months, which have no exact length, so it is not credited";
    /// Too long to count.
    DURATION_OVERFLOW = "D003", Warning, "a duration is too long to count, so it is not credited";
    /// Not a SCORM 1.2 `CMITimespan`.
    BAD_SCORM12_TIME = "D004", Error, "a SCORM 1.2 session time is not `HHHH:MM:SS.SS`";
    /// Not a SCORM 2004 `timeinterval`.
    BAD_SCORM2004_TIME = "D005", Error, "a SCORM 2004 session time is not a valid timeinterval";
    /// The mapping file cannot be read as CSV.
    MAPPING_CSV = "M001", Error, "the identity mapping is not valid CSV";
    /// A mapping header problem: no `learner_id`, an unknown or repeated column.
    MAPPING_HEADER = "M002", Error, "the identity mapping header lacks learner_id or has an unknown or repeated column";
    /// A mapping row with no identifier, or half an account.
    MAPPING_NO_IDENTIFIER = "M003", Error, "an identity mapping row has no identifier, or an account without both home page and name";
    /// A mapping value that is not valid (learner id, mbox, sha1, openid, home page).
    MAPPING_BAD_VALUE = "M004", Error, "an identity mapping value is not valid";
    /// One identifier mapped to two learners: statements with it match no one.
    MAPPING_CONFLICT = "M005", Error, "an identifier is mapped to two different learners";
}
