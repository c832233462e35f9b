//! Sets `cfg(vector_kernels)` on the targets whose baseline has the 16-byte vectors the kernels
//! are written over (SSE2 on x86-64, NEON on aarch64: `kernel::vector`), so that each kernel
//! names that condition once rather than both architectures everywhere.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(vector_kernels)");
    println!("cargo::rerun-if-changed=build.rs");
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let features = std::env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    let has = |feature: &str| features.split(',').any(|f| f == feature);
    if (arch == "x86_64" && has("sse2")) || (arch == "aarch64" && has("neon")) {
        println!("cargo::rustc-cfg=vector_kernels");
    }
}
