//! The uniffi bindings generator, at the uniffi version this crate is built with:
//! `cargo run -p klynge-uniffi --bin uniffi-bindgen -- generate --library <lib> --language kotlin ...`
//! (see `scripts/uniffi-bindings.sh`).

fn main() {
    uniffi::uniffi_bindgen_main()
}
