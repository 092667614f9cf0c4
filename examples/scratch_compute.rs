fn main() {
    let s = klynge::sample::national();
    let n: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    for _ in 0..n {
        std::hint::black_box(s.grants(2018, 2026).unwrap());
    }
}
