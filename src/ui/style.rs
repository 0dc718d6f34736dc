//! The stylesheets of the banner and the policy page, from `assets/`.
//!
//! Both go out inline (the banner is a fragment any page places, so it
//! cannot count on a stylesheet link), compacted once on first use so the
//! files can keep their layout and comments.

use std::sync::OnceLock;

/// The banner and the controls it shares with the page, all under `tcc-`
/// classes.
const CONSENT: &str = include_str!("../../assets/consent.css");

/// The rules that style the policy page's whole document.
const POLICY_PAGE: &str = include_str!("../../assets/policy_page.css");

/// The banner's `<style>`.
pub(crate) fn banner_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| compact(CONSENT))
}

/// The policy page's `<style>`: the shared rules first, then the page's.
pub(crate) fn page_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| compact(CONSENT) + &compact(POLICY_PAGE))
}

/// A stylesheet without comments, and with whitespace only where CSS needs
/// it (between the words of a value or a selector).
///
/// Made for our own stylesheets, which hold no strings, escapes or `url()`
/// (a test keeps it so): there, whitespace is never part of a value.
fn compact(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);

    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let joined = out.ends_with(['{', '}', ';', ',', ':']) || word.starts_with(['{', '}', ';']);
        if !out.is_empty() && !joined {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.replace(";}", "}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compaction_keeps_only_the_spaces_css_needs() {
        let css = "/* a note */\n.a *,\n.b:focus-visible {\n  font: 1rem/1.5 system-ui, sans-serif;\n  \
                   margin: 0 auto; /* why */\n}\n.c { color: #fff; }\n";
        assert_eq!(
            compact(css),
            ".a *,.b:focus-visible{font:1rem/1.5 system-ui,sans-serif;margin:0 auto}.c{color:#fff}"
        );
    }

    #[test]
    fn the_stylesheets_stay_within_what_compaction_handles() {
        for (file, css) in [("consent.css", CONSENT), ("policy_page.css", POLICY_PAGE)] {
            assert_eq!(
                css.matches("/*").count(),
                css.matches("*/").count(),
                "{file}"
            );
            let out = compact(css);
            for unsupported in ["\"", "'", "\\", "url(", "<", "/*"] {
                assert!(!out.contains(unsupported), "{file} holds {unsupported}");
            }
            assert_eq!(out.matches('{').count(), out.matches('}').count(), "{file}");
        }
    }

    #[test]
    fn the_banner_takes_no_rule_for_the_host_pages_elements() {
        // Outside `tcc-` classes a rule would restyle the application's page.
        for rule in banner_css().split('}').filter(|r| !r.is_empty()) {
            let (selectors, _) = rule.split_once('{').unwrap();
            for selector in selectors.split(',') {
                assert!(selector.starts_with(".tcc-"), "{selector}");
            }
        }
        assert!(page_css().starts_with(banner_css()));
    }
}
