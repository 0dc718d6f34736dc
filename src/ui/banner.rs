//! The consent banner: an HTML fragment any template can place.

use std::fmt;

use askama::Template;

use crate::ui::html::filters;
use crate::ui::routes::return_to::is_local_path;
use crate::ui::style::{banner_css, stylesheet};
use crate::ui::texts::{Texts, banner_text, category_title, texts};
use crate::{Category, Consent, Lang};

/// The consent banner, as an HTML fragment: [`Consent::banner`] makes one,
/// `Display` (or `to_string()`) renders it, so any template engine can
/// place it.
///
/// It renders **nothing** once the visitor has decided (and no category's
/// grant has lapsed), so a page can always include it. While it shows:
///
/// - it works without JavaScript: two plain submit buttons in a form
///   posting to `/consent`, and a link to the policy page at `/cookies`;
/// - "Accept all" and "Reject all" are buttons of identical markup, size
///   and weight; "Customise" leads to the per-category choices;
/// - it has no checkbox at all, so nothing is pre-ticked;
/// - it is a `role="region"` landmark labelled for screen readers, every
///   control is a native button or link (keyboard reachable, with a visible
///   focus ring), and its CSS wraps down to 320 px wide;
/// - under a strict Content Security Policy, its `<style>` takes the
///   page's [`nonce`](Banner::nonce), or it links the stylesheet file
///   instead ([`stylesheet_link`](Banner::stylesheet_link));
/// - its text names the purposes of the categories the policy uses alone
///   (a category is used when a rule is in it), and it never asks about
///   another (see [`Consent::undecided`]);
/// - when the visitor decided before and only some categories changed
///   since, it names them and its buttons apply to them alone.
///
/// ```
/// use axum::{Router, response::Html, routing::get};
/// use tower_cookie_consent::{Consent, ConsentLayer, Lang, Policy};
///
/// async fn page(consent: Consent) -> Html<String> {
///     Html(format!(
///         "<!doctype html><title>Home</title>{}<h1>Welcome</h1>",
///         consent.banner().lang(Lang::En).return_to("/"),
///     ))
/// }
///
/// let app: Router = Router::new()
///     .route("/", get(page))
///     .layer(ConsentLayer::new(Policy::builder().build()?));
/// # Ok::<(), tower_cookie_consent::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Banner<'c> {
    consent: &'c Consent,
    lang: Lang,
    return_to: Option<String>,
    base_path: String,
    nonce: Option<String>,
    stylesheet_link: bool,
}

impl Consent {
    /// The consent banner for this visitor, in English, posting to
    /// `/consent`. See [`Banner`].
    pub fn banner(&self) -> Banner<'_> {
        Banner {
            consent: self,
            lang: Lang::En,
            return_to: None,
            base_path: String::new(),
            nonce: None,
            stylesheet_link: false,
        }
    }
}

impl Banner<'_> {
    /// The banner's language. The default value is [`Lang::En`]; pick it
    /// per request with [`Lang::negotiate`].
    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The local path the visitor comes back to after choosing, usually
    /// the current page's path and query. The default is none: the
    /// endpoint sends them to `/`. A value that is not a local path
    /// (another site, `//host`, control characters) is ignored.
    pub fn return_to(mut self, path: &str) -> Self {
        self.return_to = is_local_path(path).then(|| path.to_owned());
        self
    }

    /// Where the consent routes are mounted, when they are nested under a
    /// prefix (`/privacy` for `/privacy/consent` and `/privacy/cookies`).
    /// The default value is the empty prefix.
    pub fn base_path(mut self, prefix: &str) -> Self {
        self.base_path = prefix.trim_end_matches('/').to_owned();
        self
    }

    /// The nonce of the page's Content Security Policy
    /// (`style-src 'nonce-…'`), put on the banner's `<style>` (or on its
    /// `<link>`, with [`Banner::stylesheet_link`]) so a strict policy
    /// applies it. The default is none. A value that is not a base64 or
    /// base64url token, as CSP nonces are, is left out (and logged at
    /// debug level), never written into an attribute it could break out
    /// of; a nonce-only policy then blocks the style.
    ///
    /// ```
    /// # use tower_cookie_consent::Consent;
    /// # fn page(consent: Consent, nonce: &str) -> String {
    /// // With `Content-Security-Policy: style-src 'nonce-{nonce}'`:
    /// let banner = consent.banner().nonce(nonce).to_string();
    /// // `<style nonce="…">` while the banner shows.
    /// # banner }
    /// ```
    pub fn nonce(mut self, nonce: &str) -> Self {
        self.nonce = if is_nonce(nonce) {
            Some(nonce.to_owned())
        } else {
            tracing::debug!(
                target: "tower_cookie_consent",
                length = nonce.len(),
                "the banner's nonce is not a base64 token: left out"
            );
            None
        };
        self
    }

    /// Whether the banner links the stylesheet `GET /consent.css` (served
    /// by [`ConsentRoutes`](crate::ConsentRoutes), under
    /// [`Banner::base_path`]) instead of carrying its rules in an inline
    /// `<style>`, so it needs only `style-src 'self'`. The default value
    /// is `false`: inline, so the banner is styled wherever it is placed,
    /// even without the routes.
    ///
    /// ```
    /// # use tower_cookie_consent::Consent;
    /// # fn page(consent: Consent) -> String {
    /// let banner = consent.banner().stylesheet_link(true).to_string();
    /// // `<link rel="stylesheet" href="/consent.css?v=…">` while it shows.
    /// # banner }
    /// ```
    pub fn stylesheet_link(mut self, link: bool) -> Self {
        self.stylesheet_link = link;
        self
    }
}

/// A CSP nonce: a base64 or base64url value (`1*( ALPHA / DIGIT / "+" /
/// "/" / "-" / "_" )*2( "=" )`, CSP Level 3), which also cannot leave a
/// quoted attribute.
fn is_nonce(value: &str) -> bool {
    let token = value.trim_end_matches('=');
    !token.is_empty()
        && value.len() - token.len() <= 2
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'))
}

impl fmt::Display for Banner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let consent = self.consent;
        if !consent.needs_banner() {
            return Ok(());
        }
        // A visitor who decided before is asked about what changed only.
        let scope = if consent.is_decided() {
            consent.undecided()
        } else {
            Vec::new()
        };
        let policy = consent.policy();
        let html = BannerHtml {
            t: texts(self.lang),
            lang: self.lang,
            text: banner_text(self.lang, policy.categories().filter(|c| consent.uses(c))),
            css: (!self.stylesheet_link).then(banner_css),
            css_version: &stylesheet().version,
            nonce: self.nonce.as_deref(),
            base: &self.base_path,
            return_to: self.return_to.as_deref(),
            lapsed: scope.iter().map(|c| category_title(self.lang, c)).collect(),
            scope: &scope,
        };
        html.render_into(f).map_err(|_| fmt::Error)
    }
}

/// What `templates/banner.html` shows.
#[derive(Template)]
#[template(path = "banner.html")]
struct BannerHtml<'a> {
    t: &'static Texts,
    lang: Lang,
    /// What the site's optional cookies are for, and what the visitor can do.
    text: String,
    /// The inline rules, or `None` to link `/consent.css` instead.
    css: Option<&'static str>,
    /// The `?v=` of that link.
    css_version: &'static str,
    /// The CSP nonce of the `<style>` or `<link>`, already checked.
    nonce: Option<&'a str>,
    /// The prefix the consent routes are nested under.
    base: &'a str,
    return_to: Option<&'a str>,
    /// The titles of the categories asked about again, if any.
    lapsed: Vec<String>,
    /// Those categories, which the buttons apply to alone.
    scope: &'a [Category],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_base64_tokens() {
        for good in ["r4nd0m", "YWJj+/Zz==", "a-b_c=", "x"] {
            assert!(is_nonce(good), "{good}");
        }
        for bad in ["", "==", "a===", "a=b", "\"><script>", "a b", "a'b", "é"] {
            assert!(!is_nonce(bad), "{bad}");
        }
    }
}
