//! IRIs the import gives meaning to: ADL verbs, cmi5 verbs, categories and
//! extensions, and activity types.

/// ADL `voided`: the one verb xAPI itself reserves (xAPI 2.3.2).
pub const VOIDED: &str = "http://adlnet.gov/expapi/verbs/voided";
/// ADL `launched` (cmi5 9.3.1, issued by the LMS).
pub const LAUNCHED: &str = "http://adlnet.gov/expapi/verbs/launched";
/// ADL `initialized` (cmi5 9.3.2).
pub const INITIALIZED: &str = "http://adlnet.gov/expapi/verbs/initialized";
/// ADL `completed` (cmi5 9.3.3).
pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
/// ADL `passed` (cmi5 9.3.4).
pub const PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
/// ADL `failed` (cmi5 9.3.5).
pub const FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
/// ADL `abandoned` (cmi5 9.3.6, issued by the LMS).
pub const ABANDONED: &str = "https://w3id.org/xapi/adl/verbs/abandoned";
/// ADL `waived` (cmi5 9.3.7, issued by the LMS).
pub const WAIVED: &str = "https://w3id.org/xapi/adl/verbs/waived";
/// ADL `terminated` (cmi5 9.3.8).
pub const TERMINATED: &str = "http://adlnet.gov/expapi/verbs/terminated";
/// ADL `satisfied` (cmi5 9.3.9, issued by the LMS).
pub const SATISFIED: &str = "https://w3id.org/xapi/adl/verbs/satisfied";
/// ADL `attended`.
pub const ATTENDED: &str = "http://adlnet.gov/expapi/verbs/attended";
/// ADL `experienced`.
pub const EXPERIENCED: &str = "http://adlnet.gov/expapi/verbs/experienced";

/// The cmi5 category activity that marks a "cmi5 defined" statement (cmi5 9.6.2.1).
pub const CMI5_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
/// The cmi5 session id context extension (cmi5 9.6.3.1).
pub const CMI5_SESSION_ID: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
/// The cmi5 launch mode context extension of `launched` (cmi5 9.6.3.3).
pub const CMI5_LAUNCH_MODE: &str = "https://w3id.org/xapi/cmi5/context/extensions/launchmode";

/// Verbs the LMS issues rather than the AU (cmi5 9.3): they do not take part
/// in the AU's ordering rules.
pub(crate) const LMS_VERBS: &[&str] = &[LAUNCHED, ABANDONED, WAIVED, SATISFIED];

/// ADL `suspended`: in the ADL xAPI SCORM Profile, a sitting ends with it
/// and its `result.duration` is that sitting's session time.
pub const SUSPENDED: &str = "http://adlnet.gov/expapi/verbs/suspended";
/// ADL `resumed`: a later sitting of a suspended SCORM attempt begins.
pub const RESUMED: &str = "http://adlnet.gov/expapi/verbs/resumed";
/// ADL `attempted`.
pub const ATTEMPTED: &str = "http://adlnet.gov/expapi/verbs/attempted";
/// The category activity of the ADL xAPI SCORM Profile
/// (`adlnet/xAPI-SCORM-Profile`, `scorm.profile.session.time.schema.json`).
pub const SCORM_CATEGORY: &str = "https://w3id.org/xapi/scorm";
/// The xAPI Video Profile's session id context extension (Video Profile 1.0,
/// statement data model).
pub const VIDEO_SESSION_ID: &str = "https://w3id.org/xapi/video/extensions/session-id";
/// The xAPI Video Profile's watched segments result extension:
/// `start[.]end` pairs in seconds joined by `[,]`, cumulative over the session (Video Profile 1.0, statement
/// data model). Read from `result.extensions`, or `context.extensions` where
/// some players put it.
pub const VIDEO_PLAYED_SEGMENTS: &str = "https://w3id.org/xapi/video/extensions/played-segments";
/// The xAPI Video Profile's `played` verb.
pub const VIDEO_PLAYED: &str = "https://w3id.org/xapi/video/verbs/played";
