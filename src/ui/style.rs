//! The stylesheets of the banner and the policy page, from `assets/`,
//! compacted once on first use so the files can keep their layout and
//! comments.
//!
//! The banner's goes out inline by default (it is a fragment any page
//! places, so it cannot count on a stylesheet link); the whole sheet is
//! also a file, `GET /consent.css`, which the policy page links so that it
//! needs no inline style under a strict Content Security Policy.

use std::hash::Hasher;
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

/// The stylesheet `GET /consent.css` serves: the shared rules first, then
/// the page's, every one under a `tcc-` class so a banner may link it from
/// the application's pages too.
pub(crate) struct Stylesheet {
    pub(crate) css: String,
    /// A strong `ETag`: the content's FNV-1a hash, quoted.
    pub(crate) etag: String,
    /// The same hash unquoted: the `?v=` of the links, so a page that
    /// links the current sheet never reads an old one from a cache.
    pub(crate) version: String,
}

/// The stylesheet file, built once.
pub(crate) fn stylesheet() -> &'static Stylesheet {
    static SHEET: OnceLock<Stylesheet> = OnceLock::new();
    SHEET.get_or_init(|| {
        let css = compact(CONSENT) + &compact(POLICY_PAGE);
        // FNV is stable across builds and machines, so servers behind one
        // cache agree on the tag of the same content.
        let mut hasher = fnv::FnvHasher::default();
        hasher.write(css.as_bytes());
        let version = format!("{:016x}", hasher.finish());
        Stylesheet {
            etag: format!("\"{version}\""),
            version,
            css,
        }
    })
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
    fn no_rule_styles_the_host_pages_elements() {
        // Outside `tcc-` classes a rule would restyle the application's
        // page: the banner's inline style and the file it may link alike.
        let sheet = &stylesheet().css;
        for rule in sheet.split('}').filter(|r| !r.is_empty()) {
            let (selectors, _) = rule.split_once('{').unwrap();
            for selector in selectors.split(',') {
                assert!(selector.starts_with(".tcc-"), "{selector}");
            }
        }
        assert!(sheet.starts_with(banner_css()));
    }

    #[test]
    fn the_tag_is_a_quoted_hash() {
        let sheet = stylesheet();
        assert_eq!(sheet.etag, format!("\"{}\"", sheet.version));
        assert_eq!(sheet.version.len(), 16);
        assert!(sheet.version.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}
