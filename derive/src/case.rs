//! `rename_all` rules: the case conventions of serde's attribute of the same name, with the
//! same results, so that a type deriving both names its members alike.

use std::fmt;

use self::RenameRule::*;

/// A case convention that names are converted to.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

/// Every rule with its name in the attribute.
const RULES: &[(&str, RenameRule)] = &[
    ("lowercase", Lower),
    ("UPPERCASE", Upper),
    ("PascalCase", Pascal),
    ("camelCase", Camel),
    ("snake_case", Snake),
    ("SCREAMING_SNAKE_CASE", ScreamingSnake),
    ("kebab-case", Kebab),
    ("SCREAMING-KEBAB-CASE", ScreamingKebab),
];

impl fmt::Display for RenameRule {
    /// The rule's name in the attribute.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, _) = RULES
            .iter()
            .find(|(_, rule)| rule == self)
            .expect("every rule is named");
        f.write_str(name)
    }
}

impl RenameRule {
    /// The rule named `name`, or an error message listing the names.
    pub(crate) fn from_str(name: &str) -> Result<Self, String> {
        RULES
            .iter()
            .find(|(rule_name, _)| *rule_name == name)
            .map(|&(_, rule)| rule)
            .ok_or_else(|| {
                let names: Vec<String> = RULES.iter().map(|(n, _)| format!("\"{n}\"")).collect();
                format!(
                    "unknown rename rule `rename_all = \"{name}\"`, expected one of {}",
                    names.join(", ")
                )
            })
    }

    /// A field name, written in snake_case in Rust, in this case.
    pub(crate) fn apply_to_field(self, field: &str) -> String {
        match self {
            Lower | Snake => field.to_owned(),
            Upper | ScreamingSnake => field.to_ascii_uppercase(),
            Pascal => {
                let mut pascal = String::with_capacity(field.len());
                let mut capitalize = true;
                for ch in field.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(ch.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(ch);
                    }
                }
                pascal
            }
            Camel => lower_first(&Pascal.apply_to_field(field)),
            Kebab => field.replace('_', "-"),
            ScreamingKebab => ScreamingSnake.apply_to_field(field).replace('_', "-"),
        }
    }

    /// A variant name, written in PascalCase in Rust, in this case.
    pub(crate) fn apply_to_variant(self, variant: &str) -> String {
        match self {
            Pascal => variant.to_owned(),
            Lower => variant.to_ascii_lowercase(),
            Upper => variant.to_ascii_uppercase(),
            Camel => lower_first(variant),
            Snake => {
                let mut snake = String::with_capacity(variant.len() + 4);
                for (i, ch) in variant.char_indices() {
                    if i > 0 && ch.is_uppercase() {
                        snake.push('_');
                    }
                    snake.push(ch.to_ascii_lowercase());
                }
                snake
            }
            ScreamingSnake => Snake.apply_to_variant(variant).to_ascii_uppercase(),
            Kebab => Snake.apply_to_variant(variant).replace('_', "-"),
            ScreamingKebab => ScreamingSnake.apply_to_variant(variant).replace('_', "-"),
        }
    }
}

fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        let cases = [
            (Lower, "outcome_id"),
            (Upper, "OUTCOME_ID"),
            (Pascal, "OutcomeId"),
            (Camel, "outcomeId"),
            (Snake, "outcome_id"),
            (ScreamingSnake, "OUTCOME_ID"),
            (Kebab, "outcome-id"),
            (ScreamingKebab, "OUTCOME-ID"),
        ];
        for (rule, expected) in cases {
            assert_eq!(rule.apply_to_field("outcome_id"), expected, "{rule:?}");
        }
    }

    #[test]
    fn variants() {
        let cases = [
            (Lower, "veryalive"),
            (Upper, "VERYALIVE"),
            (Pascal, "VeryAlive"),
            (Camel, "veryAlive"),
            (Snake, "very_alive"),
            (ScreamingSnake, "VERY_ALIVE"),
            (Kebab, "very-alive"),
            (ScreamingKebab, "VERY-ALIVE"),
        ];
        for (rule, expected) in cases {
            assert_eq!(rule.apply_to_variant("VeryAlive"), expected, "{rule:?}");
        }
    }

    #[test]
    fn unknown_rule() {
        let err = RenameRule::from_str("Title Case").unwrap_err();
        assert!(err.starts_with("unknown rename rule `rename_all = \"Title Case\"`"));
    }
}
