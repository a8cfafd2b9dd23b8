//! The commands the documentation shows, run as written, print what the
//! documentation shows (trycmd). Each case in `tests/cmd/` names the
//! passage of README.md or docs/ it mirrors; `.toml` cases run in a copy
//! of the example dataset (`crates/upskill-dataset/example`), as a user
//! would inside their dataset directory. After a deliberate change of
//! output, `TRYCMD=overwrite cargo test -p upskill-cli --test docs_cmd`
//! rewrites the expected outputs: review them, and the docs beside them.

#[test]
fn documented_commands() {
    trycmd::TestCases::new()
        .register_bin("upskill", trycmd::cargo::cargo_bin!("upskill"))
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.trycmd");
}
