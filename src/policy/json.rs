//! The JSON form of a policy, read by `Policy::from_json` and served as
//! `/cookies.json`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{CookieRule, NameMatch, Policy, UnknownCookies};
use crate::{Category, ConfigError};

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyDoc {
    #[serde(default = "strip")]
    unknown: String,
    rules: Vec<RuleDoc>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    revisions: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sale_or_sharing: Vec<Category>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    categories: Vec<Category>,
}

fn strip() -> String {
    "strip".to_owned()
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pattern: Option<String>,
    category: Category,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    function: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    purpose: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lifetime: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    domains: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
}

pub(super) fn from_json(json: &str) -> Result<Policy, ConfigError> {
    let doc: PolicyDoc = serde_json::from_str(json).map_err(|e| ConfigError::Json {
        message: e.to_string(),
        line: e.line(),
        column: e.column(),
    })?;
    let mut builder = Policy::builder().unknown(match doc.unknown.as_str() {
        "strip" => UnknownCookies::Strip,
        "allow" => UnknownCookies::Allow,
        other => UnknownCookies::As(Category::custom(other)?),
    });
    for (index, rule) in doc.rules.into_iter().enumerate() {
        let matcher = match (rule.name, rule.pattern) {
            (Some(name), None) => NameMatch::Exact(name),
            (None, Some(pattern)) => NameMatch::Pattern(pattern),
            (name, _) => {
                return Err(ConfigError::InvalidName {
                    name: name.unwrap_or_else(|| format!("rules[{index}]")),
                    reason: "a rule has exactly one of `name` (exact) and `pattern` (glob)",
                });
            }
        };
        builder = builder.rule(CookieRule {
            matcher,
            category: rule.category,
            service: rule.service,
            provider: rule.provider,
            function: rule.function,
            purpose: rule.purpose,
            lifetime: rule.lifetime,
            domains: rule.domains,
            path: rule.path,
        });
    }
    for (category, revision) in doc.revisions {
        builder = builder.revision(Category::custom(&category)?, revision);
    }
    for category in doc.sale_or_sharing {
        builder = builder.sale_or_sharing(category);
    }
    for category in doc.categories {
        builder = builder.category(category);
    }
    builder.build()
}

pub(super) fn to_json(policy: &Policy) -> String {
    let inner = &policy.inner;
    let doc = PolicyDoc {
        unknown: match &inner.unknown {
            UnknownCookies::Strip => "strip".to_owned(),
            UnknownCookies::Allow => "allow".to_owned(),
            UnknownCookies::As(c) => c.name().to_owned(),
        },
        rules: inner
            .rules
            .iter()
            .map(|r| {
                let (name, pattern) = match &r.matcher {
                    NameMatch::Exact(n) => (Some(n.clone()), None),
                    NameMatch::Pattern(p) => (None, Some(p.clone())),
                };
                RuleDoc {
                    name,
                    pattern,
                    category: r.category.clone(),
                    service: r.service.clone(),
                    provider: r.provider.clone(),
                    function: r.function.clone(),
                    purpose: r.purpose.clone(),
                    lifetime: r.lifetime.clone(),
                    domains: r.domains.clone(),
                    path: r.path.clone(),
                }
            })
            .collect(),
        revisions: inner
            .categories
            .iter()
            .map(|c| (c.category.name().to_owned(), c.revision.clone()))
            .collect(),
        sale_or_sharing: inner
            .categories
            .iter()
            .filter(|c| c.sale_or_sharing && c.category != Category::ThirdParty)
            .map(|c| c.category.clone())
            .collect(),
        categories: inner
            .categories
            .iter()
            .map(|c| c.category.clone())
            .filter(|c| matches!(c, Category::Custom(_)))
            .collect(),
    };
    serde_json::to_string_pretty(&doc).expect("a policy document always serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_where() {
        let err = Policy::from_json(
            "{\"rules\": [\n {\"name\": \"a\", \"category\": \"internal\", \"purpse\": \"x\"}]}",
        )
        .unwrap_err();
        match err {
            ConfigError::Json { line, message, .. } => {
                assert_eq!(line, 2);
                assert!(message.contains("purpse"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(Policy::from_json(r#"{"rules":[{"category":"internal"}]}"#).is_err());
        assert!(
            Policy::from_json(r#"{"rules":[{"name":"a","pattern":"b*","category":"internal"}]}"#)
                .is_err()
        );
        assert!(Policy::from_json(r#"{"rules":[{"name":"a","category":"Bad Name"}]}"#).is_err());
    }

    #[test]
    fn round_trips() {
        let policy = Policy::from_json(
            r#"{"unknown":"marketing","sale_or_sharing":["marketing"],"rules":[
              {"name":"sessionid","category":"necessary","provider":"Opendatasoft"},
              {"pattern":"_ga_*","category":"statistical","service":"google-analytics",
               "domains":[".example.com"],"path":"/"}]}"#,
        )
        .unwrap();
        let again = Policy::from_json(&policy.to_json()).unwrap();
        assert_eq!(again.rules(), policy.rules());
        assert_eq!(again.to_json(), policy.to_json());
        let marketing = Category::custom("marketing").unwrap();
        assert!(again.is_sale_or_sharing(&marketing));
        assert_eq!(again.unknown(), &UnknownCookies::As(marketing));
    }
}
