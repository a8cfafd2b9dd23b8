//! One learner behind several identifiers (xAPI 2.4.2.3).
#![cfg(test)]

use upskill_xapi::{AgentIdentifier, IdentityMap, IdentityMatch};

fn learner<'a>(found: IdentityMatch<'a>) -> Option<&'a str> {
    match found {
        IdentityMatch::Learner(id) => Some(id.as_str()),
        _ => None,
    }
}

fn load(csv: &str) -> IdentityMap {
    let load = IdentityMap::read_csv(csv.as_bytes(), "people.csv");
    assert!(load.diagnostics.is_empty(), "{:?}", load.diagnostics);
    load.map
}

fn mbox(m: &str) -> AgentIdentifier {
    AgentIdentifier::Mbox(m.to_string())
}

fn sha1(text: &str) -> String {
    sha1_smol::Sha1::from(text).digest().to_string()
}

#[test]
fn email_domains_compare_case_insensitively_local_parts_exactly() {
    // xAPI 2.3.1.b7, 2.4.2.3.s4.b1.
    let map = load("learner_id,mbox\nann,mailto:Ann@Example.COM\n");
    assert_eq!(
        learner(map.lookup(&mbox("mailto:Ann@example.com"))),
        Some("ann")
    );
    assert_eq!(
        map.lookup(&mbox("mailto:ann@example.com")),
        IdentityMatch::Unknown
    );
}

/// An address that differs from a mapped one only in the case of its local
/// part stays unmatched (xAPI compares that part exactly), but the `X045`
/// warning names the mapped address, so the user sees why.
#[test]
fn an_address_differing_only_in_case_is_named_in_the_warning() {
    let map = load("learner_id,mbox\nann,mailto:ann.lee@example.com\n");
    let seen = mbox("mailto:Ann.Lee@EXAMPLE.com");
    assert_eq!(map.lookup(&seen), IdentityMatch::Unknown);
    assert_eq!(map.near_miss(&seen), Some("mailto:ann.lee@example.com"));
    // A match, or an address that differs in more than case, is no near miss.
    assert_eq!(map.near_miss(&mbox("mailto:ann.lee@Example.com")), None);
    assert_eq!(map.near_miss(&mbox("mailto:bob@example.com")), None);

    let line = r#"{"actor":{"mbox":"mailto:Ann.Lee@EXAMPLE.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/attended"},"object":{"id":"https://example.com/talk"},"result":{"duration":"PT45M"},"timestamp":"2026-03-02T10:15:00Z"}"#;
    let mut importer = upskill_xapi::Importer::new(upskill_xapi::ImportOptions::default());
    importer
        .read(
            line.as_bytes(),
            "export.jsonl",
            upskill_xapi::InputFormat::JsonLines,
        )
        .unwrap();
    let import = importer.finish(&map);
    assert_eq!(import.unknown_learners.len(), 1);
    let warnings: Vec<String> = import
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "X045")
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains(
            "the mapping has `mailto:ann.lee@example.com`, which differs only in the case of the part before `@`"
        ),
        "{warnings:?}"
    );
}

#[test]
fn an_mbox_matches_a_row_that_gives_only_its_sha1() {
    let sum = sha1("mailto:cara@example.com");
    let map = load(&format!(
        "learner_id,mbox_sha1sum\ncara,{}\n",
        sum.to_uppercase()
    ));
    assert_eq!(
        learner(map.lookup(&mbox("mailto:cara@EXAMPLE.com"))),
        Some("cara")
    );
    assert_eq!(
        learner(map.lookup(&AgentIdentifier::MboxSha1Sum(sum))),
        Some("cara")
    );
}

#[test]
fn a_sha1_written_from_an_uppercase_domain_still_matches() {
    // Clients SHOULD lowercase the domain before hashing; not all do.
    let sum = sha1("mailto:cara@Example.com");
    let map = load(&format!("learner_id,mbox_sha1sum\ncara,{sum}\n"));
    assert_eq!(
        learner(map.lookup(&mbox("mailto:cara@Example.com"))),
        Some("cara")
    );
}

#[test]
fn a_sha1_in_a_statement_matches_a_row_that_gives_the_mbox() {
    let map = load("learner_id,mbox\ndan,dan@Example.com\n");
    assert_eq!(
        learner(map.lookup(&AgentIdentifier::MboxSha1Sum(sha1(
            "mailto:dan@example.com"
        )))),
        Some("dan")
    );
    assert_eq!(
        learner(map.lookup(&AgentIdentifier::MboxSha1Sum(sha1(
            "mailto:dan@Example.com"
        )))),
        Some("dan")
    );
    assert_eq!(
        map.lookup(&AgentIdentifier::MboxSha1Sum(sha1(
            "mailto:Dan@example.com"
        ))),
        IdentityMatch::Unknown
    );
}

#[test]
fn openid_and_account_match_exactly_and_rows_add_up() {
    let map = load(
        "learner_id,openid,account_home_page,account_name\n\
         eve,https://id.example.org/eve,,\n\
         eve,,https://lms.example.com,E.Eve\n\
         eve,,https://intranet.example.com,eve\n",
    );
    assert_eq!(map.learner_count(), 1);
    assert_eq!(
        learner(map.lookup(&AgentIdentifier::OpenId(
            "https://id.example.org/eve".into()
        ))),
        Some("eve")
    );
    let account = |home: &str, name: &str| AgentIdentifier::Account {
        home_page: home.into(),
        name: name.into(),
    };
    assert_eq!(
        learner(map.lookup(&account("https://lms.example.com", "E.Eve"))),
        Some("eve")
    );
    assert_eq!(
        learner(map.lookup(&account("https://intranet.example.com", "eve"))),
        Some("eve")
    );
    assert_eq!(
        map.lookup(&account("https://lms.example.com", "e.eve")),
        IdentityMatch::Unknown
    );
    assert_eq!(
        map.lookup(&account("https://lms.example.com/", "E.Eve")),
        IdentityMatch::Unknown
    );
}

#[test]
fn an_identifier_of_two_learners_matches_neither() {
    let load = IdentityMap::read_csv(
        "learner_id,mbox\nann,mailto:shared@example.com\nbob,mailto:SHARED@example.com\nbob,mailto:shared@EXAMPLE.com\n".as_bytes(),
        "people.csv",
    );
    let codes: Vec<(&str, u64)> = load
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.location.line.unwrap()))
        .collect();
    assert_eq!(codes, [("M005", 4)]);
    assert!(
        matches!(load.map.lookup(&mbox("mailto:shared@example.com")), IdentityMatch::Ambiguous(l) if l.len() == 2)
    );
    assert!(
        matches!(load.map.lookup(&mbox("mailto:SHARED@example.com")), IdentityMatch::Learner(l) if l.as_str() == "bob")
    );
}

#[test]
fn mapping_problems_are_located() {
    let load = IdentityMap::read_csv(
        "learner_id,mbox,mbox_sha1sum,account_home_page,account_name,team\n\
         ann,mailto:ann@example.com,,,,x\n\
         ,mailto:nobody@example.com,,,,\n\
         cara,cara.example.com,,,,\n\
         dan,,abc,,,\n\
         eve,,,https://lms.example.com,,\n\
         fay,,,,,\n\
         gus,mailto:gus@example.com\n"
            .as_bytes(),
        "people.csv",
    );
    let found: Vec<String> = load.diagnostics.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(found.join("\n"), @r"
    people.csv:1:6: error[M002]: unknown column `team`; expected learner_id, mbox, mbox_sha1sum, openid, account_home_page, account_name
    people.csv:3: error[M004]: learner_id: learner id is empty
    people.csv:4: error[M004]: mbox `cara.example.com` is not valid: it has no `@`
    people.csv:5: error[M004]: mbox_sha1sum `abc` is not 40 hexadecimal digits
    people.csv:6: error[M003]: an account needs both account_home_page and account_name
    people.csv:7: error[M003]: the row for learner `fay` gives no identifier
    people.csv:8: error[M001]: the row has 2 fields, but the header has 6
    ");
    assert!(load.has_errors());
    assert_eq!(load.map.learner_count(), 1, "only ann's row is whole");
}

#[test]
fn a_mapping_needs_learner_id_and_an_identifier_column() {
    let load = IdentityMap::read_csv("id,mbox\n1,mailto:a@example.com\n".as_bytes(), "people.csv");
    let codes: Vec<&str> = load.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["M002", "M002"]);
    let load = IdentityMap::read_csv("learner_id\nann\n".as_bytes(), "people.csv");
    let codes: Vec<&str> = load.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["M002"]);
}

/// Field case `excel-de-csv`, of the identity mapping: an HR export saved by
/// German Excel (BOM, `;`, CRLF), with a `sep=` line, or as UTF-16 was
/// refused whole (`M002`: one unknown column `learner_id;mbox`; `M001`: not
/// UTF-8). It is read like every other CSV input, each guess a warning.
#[test]
fn a_mapping_saved_by_excel_is_read_in_its_dialect() {
    let lookup = |load: &upskill_xapi::MappingLoad| {
        learner(load.map.lookup(&mbox("mailto:ann@example.com"))).map(str::to_string)
    };
    let excel_de = "\u{feff}learner_id;mbox\r\nann;mailto:ann@example.com\r\n";
    let load = IdentityMap::read_csv(excel_de.as_bytes(), "people.csv");
    assert!(!load.has_errors(), "{:?}", load.diagnostics);
    assert_eq!(lookup(&load).as_deref(), Some("ann"));
    let codes: Vec<&str> = load.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["F017", "F018"]);

    // A `sep=` line is skipped and counted in the lines of what follows.
    let sep = "sep=;\nlearner_id;mbox\nann;mailto:ann@example.com\nbob;bob.example.com\n";
    let load = IdentityMap::read_csv(sep.as_bytes(), "people.csv");
    assert_eq!(lookup(&load).as_deref(), Some("ann"));
    let found: Vec<String> = load.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        found.contains(
            &"people.csv:4: error[M004]: mbox `bob.example.com` is not valid: it has no `@`"
                .to_string()
        ),
        "{found:?}"
    );

    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "learner_id,mbox\nann,mailto:ann@example.com\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let load = IdentityMap::read_csv(utf16.as_slice(), "people.csv");
    assert!(!load.has_errors(), "{:?}", load.diagnostics);
    assert_eq!(lookup(&load).as_deref(), Some("ann"));
}
