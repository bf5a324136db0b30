fn main() -> std::process::ExitCode {
    traces::cli::main()
}
