//! Cookie categories: the four built-in ones and those an application adds.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ConfigError;

/// What a cookie is for, which decides whether it needs consent.
///
/// The four built-in categories serialise as `necessary`, `statistical`,
/// `internal` and `third_party`. An application may add its own with
/// [`Category::custom`].
///
/// ```
/// use tower_cookie_consent::Category;
///
/// let marketing = Category::custom("marketing").unwrap();
/// assert_eq!(marketing.name(), "marketing");
/// // A custom name that is a built-in's gives the built-in.
/// assert_eq!(Category::custom("statistical").unwrap(), Category::Statistical);
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Category {
    /// Strictly necessary: authentication, language, CSRF, the consent cookie
    /// itself. Never asked, never stripped.
    Necessary,
    /// Audience measurement (Google Analytics, Matomo…). Opt-in.
    Statistical,
    /// First-party cookies beyond what is necessary (personalisation, history). Opt-in.
    Internal,
    /// Cookies stored by or for another site (advertising, social embeds). Opt-in.
    ThirdParty,
    /// A category the application adds. Build it with [`Category::custom`].
    Custom(CustomName),
}

/// The name of a custom category: 1 to 64 characters among `a-z`, `0-9`, `_` and `-`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CustomName(Arc<str>);

impl CustomName {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Category {
    /// The four built-in categories, in the order pages list them.
    pub const BUILT_IN: [Category; 4] = [
        Category::Necessary,
        Category::Statistical,
        Category::Internal,
        Category::ThirdParty,
    ];

    /// A category the application adds, such as `marketing`.
    ///
    /// The name must be 1 to 64 characters among `a-z`, `0-9`, `_` and `-`,
    /// so that it is safe in JSON, HTML and form field names. A built-in
    /// category's name gives that built-in category.
    pub fn custom(name: &str) -> Result<Category, ConfigError> {
        if let Some(builtin) = Self::builtin(name) {
            return Ok(builtin);
        }
        let usable = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !usable {
            return Err(ConfigError::InvalidCategory {
                name: name.to_owned(),
            });
        }
        Ok(Category::Custom(CustomName(Arc::from(name))))
    }

    fn builtin(name: &str) -> Option<Category> {
        match name {
            "necessary" => Some(Category::Necessary),
            "statistical" => Some(Category::Statistical),
            "internal" => Some(Category::Internal),
            "third_party" => Some(Category::ThirdParty),
            _ => None,
        }
    }

    /// The category's name as it appears in the consent cookie and in JSON.
    pub fn name(&self) -> &str {
        match self {
            Category::Necessary => "necessary",
            Category::Statistical => "statistical",
            Category::Internal => "internal",
            Category::ThirdParty => "third_party",
            Category::Custom(name) => name.as_str(),
        }
    }

    /// Whether this is [`Category::Necessary`], the one category that never needs consent.
    pub fn is_necessary(&self) -> bool {
        matches!(self, Category::Necessary)
    }
}

impl fmt::Debug for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Category::Custom(name) => write!(f, "Custom({:?})", name.as_str()),
            other => f.write_str(match other {
                Category::Necessary => "Necessary",
                Category::Statistical => "Statistical",
                Category::Internal => "Internal",
                _ => "ThirdParty",
            }),
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Category {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Category::custom(&name).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_names_are_checked() {
        assert!(Category::custom("marketing").is_ok());
        assert!(Category::custom("").is_err());
        assert!(Category::custom("Marketing").is_err());
        assert!(Category::custom("a b").is_err());
        assert!(Category::custom(&"x".repeat(65)).is_err());
        assert_eq!(
            Category::custom("third_party").unwrap(),
            Category::ThirdParty
        );
    }

    #[test]
    fn serialises_as_snake_case_names() {
        let json = serde_json::to_string(&Category::BUILT_IN).unwrap();
        assert_eq!(
            json,
            r#"["necessary","statistical","internal","third_party"]"#
        );
        let back: Vec<Category> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Category::BUILT_IN);
    }
}
