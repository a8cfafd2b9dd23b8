//! The `upskill` command (see `docs/cli.md`).

/// mimalloc instead of the system allocator: the xAPI import allocates many
/// small strings and vectors per statement (`docs/performance.md`, "xAPI
/// import and validation", has the figures with and without it).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    upskill_cli::main()
}
