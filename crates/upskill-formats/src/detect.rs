//! Which kind of document a file holds, told by its content first and its
//! name second ([`DocumentKind::detect`]), so every front end (`upskill
//! validate`, the dataset reader, bindings) recognises files the same way.

use std::borrow::Cow;

use crate::options::DocumentKind;
use crate::people::{HOLIDAY_FIELDS, LEAVE_FIELDS, ROSTER_FIELDS};
use crate::sessions::SESSION_FIELDS;

/// The first bytes of an input as UTF-8, for telling its kind by content:
/// after a UTF-16 byte order mark (`FF FE` little-endian, `FE FF`
/// big-endian: Windows PowerShell 5.1 writes UTF-16LE) the text is decoded
/// without the mark, a code unit cut off at the end dropped; any other head
/// is returned as it is (a UTF-8 BOM included).
///
/// # Example
///
/// ```
/// use upskill_formats::utf8_head;
///
/// assert_eq!(&*utf8_head(b"\xFF\xFE{\0}\0"), b"{}");
/// assert_eq!(&*utf8_head(b"\xFE\xFF\0[\0]\0"), b"[]");
/// assert_eq!(&*utf8_head(b"learner_id"), b"learner_id");
/// ```
pub fn utf8_head(head: &[u8]) -> Cow<'_, [u8]> {
    let (encoding, body) = match head {
        [0xFF, 0xFE, body @ ..] => (encoding_rs::UTF_16LE, body),
        [0xFE, 0xFF, body @ ..] => (encoding_rs::UTF_16BE, body),
        _ => return Cow::Borrowed(head),
    };
    let whole = body.get(..body.len() - body.len() % 2).unwrap_or_default();
    let (text, _) = encoding.decode_without_bom_handling(whole);
    Cow::Owned(text.into_owned().into_bytes())
}

impl DocumentKind {
    /// The kind a file holds, from its name and first bytes (`head`, any
    /// length; 64 KiB is plenty).
    ///
    /// The content decides when it can ([`DocumentKind::from_content`]),
    /// else the name ([`DocumentKind::from_name`]), else
    /// [`DocumentKind::Sessions`], the kind most files are.
    ///
    /// # Example
    ///
    /// ```
    /// use upskill_formats::DocumentKind;
    ///
    /// // A roster exported as `export.csv` is still a roster.
    /// assert_eq!(DocumentKind::detect("export.csv", b"learner_id,team,fte\ne1,data,1\n"), DocumentKind::Roster);
    /// assert_eq!(DocumentKind::detect("x.json", br#"{"schema_version": 1, "organisation": {}}"#), DocumentKind::Pledge);
    /// assert_eq!(DocumentKind::detect("leave-2026.csv", b""), DocumentKind::Leave);
    /// assert_eq!(DocumentKind::detect("data.txt", b""), DocumentKind::Sessions);
    /// ```
    pub fn detect(name: &str, head: &[u8]) -> DocumentKind {
        DocumentKind::from_content(head)
            .or_else(|| DocumentKind::from_name(name))
            .unwrap_or(DocumentKind::Sessions)
    }

    /// The kind a file name suggests (the final path component, any case):
    /// `pledge*.json`, `roster*`, `leave*`, `holiday*`, `time_total*`;
    /// `None` otherwise.
    pub fn from_name(name: &str) -> Option<DocumentKind> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let base = base.to_ascii_lowercase();
        if base.starts_with("pledge") && base.ends_with(".json") {
            Some(DocumentKind::Pledge)
        } else if base.starts_with("people") && base.ends_with(".json") {
            Some(DocumentKind::People)
        } else if base.starts_with("roster") {
            Some(DocumentKind::Roster)
        } else if base.starts_with("leave") {
            Some(DocumentKind::Leave)
        } else if base.starts_with("holiday") {
            Some(DocumentKind::Holidays)
        } else if base.starts_with("time_total") || base.starts_with("time-total") {
            Some(DocumentKind::TimeTotals)
        } else {
            None
        }
    }

    /// The kind the first bytes show, or `None` when they do not tell.
    ///
    /// A UTF-16 head (told by its byte order mark) is decoded first
    /// ([`utf8_head`]).
    ///
    /// - JSON (`{` or `[` first, after a byte-order mark and white space):
    ///   the top-level keys of the document, of its first line (JSON Lines)
    ///   or of an array's first element: an LRS page's `statements`, or
    ///   `actor` with `verb`, and no `record_id`, is xAPI; session fields
    ///   (`record_id`, `start`) are sessions; `organisation`, `versions`, `minutes_per_week` or
    ///   `time_zone` a pledge; `learners` a roster document; `leave` a leave
    ///   document. A head cut short is searched for those keys anywhere.
    /// - CSV: the header row's column names (any case, quoted or not,
    ///   separated by `,`, `;` or tabs): session columns other than
    ///   `learner_id` are sessions; `learner_id` with `from` and `to` is
    ///   leave; `date` among holiday columns only is holidays; `learner_id`
    ///   with roster columns only is a roster; `learner_id` with `minutes`
    ///   or `week` and no `start` is time totals (in JSON too).
    pub fn from_content(head: &[u8]) -> Option<DocumentKind> {
        let head = utf8_head(head);
        let head = head
            .strip_prefix(b"\xEF\xBB\xBF".as_slice())
            .unwrap_or(&head);
        let text = String::from_utf8_lossy(head);
        let text = text.trim_start();
        if text.starts_with('{') || text.starts_with('[') {
            from_json(text)
        } else {
            from_header(text.lines().next().unwrap_or(""))
        }
    }
}

fn has_key(json: &str, key: &str) -> bool {
    let quoted = format!("\"{key}\"");
    json.match_indices(&quoted).any(|(at, _)| {
        json.get(at + quoted.len()..)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })
}

/// The kind the top-level keys of a JSON object show.
fn from_keys(object: &serde_json::Map<String, serde_json::Value>) -> Option<DocumentKind> {
    let any = |keys: &[&str]| keys.iter().any(|k| object.contains_key(*k));
    if !object.contains_key("record_id")
        && (object.contains_key("statements")
            || (object.contains_key("actor") && object.contains_key("verb")))
    {
        Some(DocumentKind::Xapi)
    } else if any(&["minutes", "week"]) && any(&["learner_id"]) && !any(&["start"]) {
        Some(DocumentKind::TimeTotals)
    } else if any(&["record_id", "start", "actor", "verb", "statements"]) {
        Some(DocumentKind::Sessions)
    } else if any(&["organisation", "versions", "minutes_per_week", "time_zone"]) {
        Some(DocumentKind::Pledge)
    } else if any(&["learners"]) {
        Some(DocumentKind::Roster)
    } else if any(&["leave"]) {
        Some(DocumentKind::Leave)
    } else {
        None
    }
}

fn from_json(text: &str) -> Option<DocumentKind> {
    // A whole document, or the first line of JSON Lines: its top-level keys
    // (or those of an array's first element) decide.
    let first_line = text.lines().next().unwrap_or(text);
    for candidate in [text, first_line] {
        match serde_json::from_str::<serde_json::Value>(candidate) {
            Ok(serde_json::Value::Object(object)) => return from_keys(&object),
            Ok(serde_json::Value::Array(items)) => {
                return match items.first() {
                    Some(serde_json::Value::Object(object)) => from_keys(object),
                    _ => None,
                };
            }
            _ => {}
        }
    }
    // Cut short (a large file's head): any key anywhere.
    let any = |keys: &[&str]| keys.iter().any(|k| has_key(text, k));
    let all = |keys: &[&str]| keys.iter().all(|k| has_key(text, k));
    if !any(&["record_id"]) && (any(&["statements"]) || all(&["actor", "verb"])) {
        return Some(DocumentKind::Xapi);
    }
    if any(&[
        "record_id",
        "start",
        "end",
        "duration_minutes",
        "actor",
        "verb",
    ]) {
        Some(DocumentKind::Sessions)
    } else if any(&["learners"]) {
        Some(DocumentKind::Roster)
    } else if any(&["leave"]) {
        Some(DocumentKind::Leave)
    } else if any(&["organisation", "versions", "minutes_per_week", "time_zone"]) {
        Some(DocumentKind::Pledge)
    } else {
        None
    }
}

fn from_header(line: &str) -> Option<DocumentKind> {
    let separator = [',', ';', '\t']
        .into_iter()
        .max_by_key(|s| line.matches(*s).count())
        .unwrap_or(',');
    let columns: Vec<String> = line
        .split(separator)
        .map(|c| c.trim().trim_matches('"').trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty())
        .collect();
    let has = |name: &str| columns.iter().any(|c| c == name);
    let only = |known: &[&str]| columns.iter().all(|c| known.contains(&c.as_str()));
    let session_only = SESSION_FIELDS
        .iter()
        .filter(|f| **f != "learner_id")
        .any(|f| has(f));
    if columns.is_empty() {
        None
    } else if has("learner_id") && has("from") && has("to") {
        Some(DocumentKind::Leave)
    } else if has("learner_id") && (has("minutes") || has("week")) && !has("start") {
        Some(DocumentKind::TimeTotals)
    } else if session_only && !has("date") {
        Some(DocumentKind::Sessions)
    } else if has("date") && only(HOLIDAY_FIELDS) {
        Some(DocumentKind::Holidays)
    } else if has("learner_id") && only(ROSTER_FIELDS) {
        Some(DocumentKind::Roster)
    } else if has("learner_id") && only(LEAVE_FIELDS) {
        Some(DocumentKind::Leave)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Windows PowerShell 5.1 saves in UTF-16LE: the kind is told all the same.
    #[test]
    fn utf16_heads_tell_the_kind() {
        let utf16 = |text: &str, big_endian: bool| {
            let mut bytes = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for unit in text.encode_utf16() {
                bytes.extend(if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            bytes
        };
        for big_endian in [false, true] {
            let xapi = utf16(
                r#"{"statements":[{"actor":{},"verb":{}}],"more":""}"#,
                big_endian,
            );
            assert_eq!(DocumentKind::from_content(&xapi), Some(DocumentKind::Xapi));
            // A head cut inside a code unit.
            assert_eq!(
                DocumentKind::from_content(&xapi[..41]),
                Some(DocumentKind::Xapi)
            );
            let roster = utf16("learner_id;team;fte\r\ne1;data;1\r\n", big_endian);
            assert_eq!(
                DocumentKind::detect("export.csv", &roster),
                DocumentKind::Roster
            );
        }
    }

    #[test]
    fn csv_headers_tell_the_kind() {
        let k = |h: &str| DocumentKind::from_content(h.as_bytes());
        assert_eq!(
            k("learner_id,start_date,fte,team\n"),
            Some(DocumentKind::Roster)
        );
        assert_eq!(
            k("\u{feff}\"Learner_ID\";\"Team\"\n"),
            Some(DocumentKind::Roster)
        );
        assert_eq!(k("learner_id,from,to,kind\n"), Some(DocumentKind::Leave));
        assert_eq!(
            k("date,name\n2026-01-01,New Year\n"),
            Some(DocumentKind::Holidays)
        );
        assert_eq!(
            k("record_id,learner_id,start,end,activity\n"),
            Some(DocumentKind::Sessions)
        );
        assert_eq!(k("learner_id\tteam\n"), Some(DocumentKind::Roster));
        assert_eq!(k("foo,bar\n"), None);
        assert_eq!(k(""), None);
    }

    #[test]
    fn json_keys_tell_the_kind() {
        let k = |h: &str| DocumentKind::from_content(h.as_bytes());
        assert_eq!(
            k(r#"{"schema_version": 1, "organisation": {"id": "a"}, "time_zone": "UTC"}"#),
            Some(DocumentKind::Pledge)
        );
        assert_eq!(
            k(r#"{"schema_version": 1, "learners": [{"learner_id": "e1"}]}"#),
            Some(DocumentKind::Roster)
        );
        assert_eq!(
            k(r#"{"schema_version": 1, "leave": []}"#),
            Some(DocumentKind::Leave)
        );
        assert_eq!(
            k("{\"record_id\": \"r1\", \"learner_id\": \"e1\"}\n"),
            Some(DocumentKind::Sessions)
        );
        assert_eq!(
            k(r#"[{"actor": {"mbox": "mailto:a@b"}, "verb": {}}]"#),
            Some(DocumentKind::Xapi)
        );
        assert_eq!(
            k("{\n  \"statements\": [\n    {\"id\": \"6f70\","),
            Some(DocumentKind::Xapi)
        );
        assert_eq!(
            k("\u{feff}{\"actor\": {}, \"verb\": {}, \"object\": {}}\n{\"actor\""),
            Some(DocumentKind::Xapi)
        );
        // A session record that names an actor is still a session record.
        assert_eq!(
            k(r#"{"record_id": "r1", "actor": "a", "verb": "v"}"#),
            Some(DocumentKind::Sessions)
        );
        // A value that happens to read "leave" is no key.
        assert_eq!(k(r#"{"kind": "leave"}"#), None);
        // Top-level keys decide: a leave document whose entries have no
        // session key, a pledge whose versions nest other keys.
        assert_eq!(
            k(
                r#"{"schema_version": 1, "organisation": {"id": "a"}, "versions": [{"from": "2026-W01", "learners": 1}]}"#
            ),
            Some(DocumentKind::Pledge)
        );
        // A JSON Lines file: the first line decides.
        assert_eq!(
            k("{\"record_id\": \"r1\", \"learner_id\": \"e1\"}\n{\"record_id\": \"r2\"}\n"),
            Some(DocumentKind::Sessions)
        );
        // A head cut short still tells by any key.
        assert_eq!(
            k(r#"{"schema_version": 1, "learners": [{"learner_id": "e1"}, {"learner_"#),
            Some(DocumentKind::Roster)
        );
    }

    #[test]
    fn content_wins_over_the_name_and_the_name_over_nothing() {
        assert_eq!(
            DocumentKind::detect("roster.csv", b"record_id,learner_id,start,end\n"),
            DocumentKind::Sessions
        );
        assert_eq!(
            DocumentKind::detect("dir/Roster-2026.csv", b"x,y\n"),
            DocumentKind::Roster
        );
        assert_eq!(
            DocumentKind::detect("pledge.json", b"{}"),
            DocumentKind::Pledge
        );
        assert_eq!(
            DocumentKind::detect("holidays.csv", b""),
            DocumentKind::Holidays
        );
        assert_eq!(
            DocumentKind::detect("export.jsonl", b""),
            DocumentKind::Sessions
        );
    }
}
