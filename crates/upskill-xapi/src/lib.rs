//! xAPI, cmi5 and SCORM learning records imported as upskill sessions
