//! Configuration errors, reported when a policy or layer is built.

use std::fmt;

/// A mistake in the configuration, found while building a [`Policy`](crate::Policy)
/// or a [`ConsentLayer`](crate::ConsentLayer).
///
/// Every variant says what is wrong and names the rule or setting involved,
/// so the message can be shown to the developer as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A rule's name or pattern is empty.
    EmptyName {
        /// Position of the rule in the order it was added (0-based).
        index: usize,
    },
    /// A rule's name or pattern contains a byte that is not allowed in a cookie name.
    InvalidName {
        /// The rule's name or pattern, as given.
        name: String,
        /// Why it is not a valid cookie name.
        reason: &'static str,
    },
    /// Two rules can match the same cookie name with the same precedence but
    /// disagree on its category or service.
    Ambiguous {
        /// The first rule.
        first: String,
        /// The second rule.
        second: String,
    },
    /// A category name given to [`Category::custom`](crate::Category::custom) is not usable.
    InvalidCategory {
        /// The name as given.
        name: String,
    },
    /// The policy uses more categories or services than a [`Consent`](crate::Consent) can hold.
    TooMany {
        /// What there are too many of (`"categories"` or `"services"`).
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// A JSON policy could not be read.
    Json {
        /// serde_json's message, with line and column.
        message: String,
        /// Line of the error (1-based).
        line: usize,
        /// Column of the error (1-based).
        column: usize,
    },
    /// A layer setting is out of range.
    InvalidSetting {
        /// The setting's name.
        setting: &'static str,
        /// What is wrong with the value.
        reason: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyName { index } => write!(f, "cookie rule #{index} has an empty name"),
            Self::InvalidName { name, reason } => {
                write!(
                    f,
                    "cookie rule {name:?} is not a valid cookie name: {reason}"
                )
            }
            Self::Ambiguous { first, second } => write!(
                f,
                "cookie rules {first:?} and {second:?} can match the same name with equal \
                 precedence but give different categories or services"
            ),
            Self::InvalidCategory { name } => write!(
                f,
                "category name {name:?} is not usable: use 1-64 characters among a-z, 0-9, '_' and '-'"
            ),
            Self::TooMany { what, limit } => {
                write!(f, "the policy has more than {limit} {what}")
            }
            Self::Json {
                message,
                line,
                column,
            } => write!(f, "policy JSON, line {line} column {column}: {message}"),
            Self::InvalidSetting { setting, reason } => write!(f, "{setting}: {reason}"),
        }
    }
}

impl std::error::Error for ConfigError {}
