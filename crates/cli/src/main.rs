//! The `cablekit` binary: see the library crate for the commands.

/// mimalloc: the pipeline allocates many small strings per cable; the
/// system allocator cost about a tenth of the run time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    no_huge_pages();
    cablekit_cli::run(std::env::args_os())
}

/// No transparent huge pages for this process. mimalloc hands freed memory
/// back to the system and maps it again as the batch goes on; with huge
/// pages, every new mapping has the kernel zero two megabytes, which took
/// from 2% to 20% of the CPU time of `cablekit parse` over a `cables.csv`
/// (measured with perf; docs/performance.md). mimalloc is built without its
/// own request for them (the `no_thp` feature); this also turns them off
/// where the system gives them to every process (`always`). Failing is
/// harmless: the run is only slower.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}
