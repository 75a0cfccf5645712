//! Lists the built-in instrument catalog.
//!
//! `cargo run --example list`

fn main() {
    for entry in bordin::Catalog::builtin().list(bordin::CatalogFilter::default()) {
        println!(
            "{:<10} {:<10} {:>3} items  {:<12} {}",
            entry.id,
            format!("{:?}", entry.confidence).to_lowercase(),
            entry.items,
            entry.scales.join(","),
            entry.title
        );
    }
}
