fn main() -> std::process::ExitCode {
    waymark::run()
}
