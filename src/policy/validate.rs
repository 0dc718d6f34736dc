//! The checks a policy passes before it is built: each rule on its own,
//! rules that may govern the same name, and the consent cookie's own rule.

use super::names::{check_cookie_name, check_domain, check_path, check_service};
use super::{CookieRule, DEFAULT_COOKIE_NAME, NameMatch};
use crate::{Category, ConfigError};

/// One rule: a name, service, domains and path that fit in a header, and
/// the `__Host-` prefix's constraints.
pub(super) fn check_rule(index: usize, rule: &CookieRule) -> Result<(), ConfigError> {
    let name = rule.matcher.as_str();
    if name.is_empty() {
        return Err(ConfigError::EmptyName { index });
    }
    let invalid = |reason| ConfigError::InvalidName {
        name: name.to_owned(),
        reason,
    };
    check_cookie_name(name).map_err(invalid)?;
    if let Some(service) = &rule.service {
        check_service(service).map_err(invalid)?;
    }
    for domain in &rule.domains {
        check_domain(domain).map_err(invalid)?;
    }
    if let Some(path) = &rule.path {
        check_path(path).map_err(invalid)?;
    }
    if name.starts_with("__Host-") && (!rule.domains.is_empty() || rule.cookie_path() != "/") {
        return Err(invalid("a __Host- cookie has no Domain and Path=/"));
    }
    Ok(())
}

/// Two rules that may govern the same name must say the same thing.
pub(super) fn check_agree(rules: &[CookieRule], a: usize, b: usize) -> Result<(), ConfigError> {
    let (ra, rb) = (&rules[a], &rules[b]);
    if ra.category == rb.category && ra.service == rb.service {
        return Ok(());
    }
    Err(ConfigError::Ambiguous {
        first: ra.matcher.as_str().to_owned(),
        second: rb.matcher.as_str().to_owned(),
    })
}

/// The consent cookie is necessary, registered or not.
pub(super) fn ensure_consent_cookie_rule(rules: &mut Vec<CookieRule>) -> Result<(), ConfigError> {
    match rules
        .iter()
        .find(|r| r.matcher == NameMatch::Exact(DEFAULT_COOKIE_NAME.to_owned()))
    {
        Some(rule) if rule.category != Category::Necessary => Err(ConfigError::InvalidName {
            name: DEFAULT_COOKIE_NAME.to_owned(),
            reason: "the consent cookie is always necessary",
        }),
        Some(_) => Ok(()),
        None => {
            rules.push(
                CookieRule::exact(DEFAULT_COOKIE_NAME, Category::Necessary)
                    .function("Choices related to your cookie preferences")
                    .purpose("To remember the visitor's cookie preferences"),
            );
            Ok(())
        }
    }
}
