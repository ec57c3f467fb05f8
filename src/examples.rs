//! Scenarios shipped inside the binary, so `cargo install` users have them too:
//! `ccsim example <name>` prints one, `ccsim init` prints a commented starter.
//!
//! Every file of `scenarios/` is shipped (a test checks the list is complete). A
//! scenario that names a file beside it (a forecast CSV, an empirical distribution)
//! would not load once printed elsewhere: ship such a file too, or leave the scenario
//! out; none of `scenarios/` names one today (a test checks that as well).

use crate::error::{Error, Result};

/// (name, what it shows, text) of every shipped scenario.
pub const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "mmc",
        "a single M/M/c queue for teaching: Erlang C, 14 agents for 80/20",
        include_str!("../scenarios/mmc.toml"),
    ),
    (
        "w1",
        "a plain Erlang-A month: 160,000 calls, patience 2 minutes, 14 agents",
        include_str!("../scenarios/w1.toml"),
    ),
    (
        "olymp",
        "a 24/7 broker support desk: 11 languages, chat, phone and e-mail, three tiers",
        include_str!("../scenarios/olymp.toml"),
    ),
    (
        "desk",
        "a small phone and e-mail desk with shift templates, for `ccsim plan`",
        include_str!("../scenarios/desk.toml"),
    ),
    (
        "pooling_split",
        "the same demand served by one team per language",
        include_str!("../scenarios/pooling_split.toml"),
    ),
    (
        "pooling_pooled",
        "the same demand served by one multilingual pool",
        include_str!("../scenarios/pooling_pooled.toml"),
    ),
];

/// A commented starter scenario: it loads, `staff` and `simulate` run on it.
pub const STARTER: &str = include_str!("starter.toml");

/// The text of a shipped scenario.
pub fn example(name: &str) -> Option<&'static str> {
    EXAMPLES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, _, text)| *text)
}

/// The list printed by `ccsim example` without a name.
pub fn list() -> String {
    let width = EXAMPLES.iter().map(|(n, _, _)| n.len()).max().unwrap_or(0);
    let mut out = String::from(
        "Scenarios shipped with ccsim (print one with `ccsim example NAME > NAME.toml`):\n",
    );
    for (name, what, _) in EXAMPLES {
        out.push_str(&format!("  {name:width$}  {what}\n"));
    }
    out.push_str("A commented starter to edit: `ccsim init > my.toml`.\n");
    out
}

/// `ccsim example [NAME]`.
pub fn example_command(name: Option<&str>) -> Result<()> {
    match name {
        None => crate::cli::print_bytes(list().as_bytes()),
        Some(name) => match example(name) {
            Some(text) => crate::cli::print_bytes(text.as_bytes()),
            None => Err(Error::Input(format!(
                "error: no shipped scenario is called `{name}`\nhelp: use one of {}",
                EXAMPLES
                    .iter()
                    .map(|(n, _, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_scenario_file_is_shipped_and_names_no_file_beside_it() {
        let mut files: Vec<String> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .map(|n| n.trim_end_matches(".toml").to_string())
                .collect();
        files.sort();
        let mut shipped: Vec<String> = EXAMPLES.iter().map(|(n, _, _)| n.to_string()).collect();
        shipped.sort();
        assert_eq!(files, shipped);
        for (name, _, text) in EXAMPLES {
            // loaded from a folder without any other file: nothing beside it is needed
            let path = Path::new("/nonexistent-ccsim-folder").join(format!("{name}.toml"));
            let s = crate::scenario::load_str(text, &path);
            assert!(s.is_ok(), "{name}: {:?}", s.err());
        }
    }

    #[test]
    fn the_starter_loads_and_staffs() {
        let path = Path::new("/nonexistent-ccsim-folder/my.toml");
        let s = crate::scenario::load_str(STARTER, path).expect("the starter loads");
        let plan = crate::plan::staff(&s).expect("the starter staffs");
        assert!(!plan.cells.is_empty());
    }

    #[test]
    fn unknown_name_lists_the_names() {
        let e = example_command(Some("nope")).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert_eq!(
            e.to_string(),
            "error: no shipped scenario is called `nope`\nhelp: use one of mmc, w1, olymp, desk, pooling_split, pooling_pooled"
        );
    }
}
