// The data of the mapped-CSV benchmark, shared with `examples/mapped_pass.rs`.

const ROWS: usize = 20_000;

fn canonical() -> String {
    let mut out = String::from("record_id,learner_id,start,duration_minutes,activity,title\n");
    for i in 0..ROWS {
        out.push_str(&format!(
            "r{i},e{:04},2026-03-{:02}T{:02}:{:02}:00+00:00,{},e_learning,Module {}\n",
            i % 500,
            i % 28 + 1,
            i % 10 + 8,
            i % 60,
            15 + i % 60,
            i % 40
        ));
    }
    out
}

/// The canonical file with naive local start times (read with a zone).
fn canonical_local() -> String {
    canonical().replace(":00+00:00,", ":00,")
}

fn foreign() -> String {
    let mut out = String::from("ID,Employee,Started,Time spent,Type,Course\n");
    for i in 0..ROWS {
        let minutes = 15 + i % 60;
        out.push_str(&format!(
            "r{i},E{:04},{:02}/03/2026 {:02}:{:02},{}:{:02}:00,{},Module {}\n",
            i % 500,
            i % 28 + 1,
            i % 10 + 8,
            i % 60,
            minutes / 60,
            minutes % 60,
            if i % 3 == 0 { "Online Class" } else { "Video" },
            i % 40
        ));
    }
    out
}

const IDENTITY: &str = r#"
schema_version = 1
kind = "sessions"
[fields]
record_id = "record_id"
learner_id = "learner_id"
start = "start"
duration_minutes = "duration_minutes"
activity = "activity"
title = "title"
"#;

const FOREIGN: &str = r#"
schema_version = 1
kind = "sessions"
time_zone = "Europe/London"
[fields]
record_id = "ID"
learner_id = { column = "Employee", case = "lower" }
start = { column = "Started", datetime = "%d/%m/%Y %H:%M" }
duration = { column = "Time spent", duration = "hms" }
activity = { column = "Type", map = { "Online Class" = "e_learning", "Video" = "e_learning" } }
title = "Course"
"#;

