//! HTML escaping for every string that did not come from this library.

use std::fmt;

/// Text escaped for HTML element content and double- or single-quoted
/// attribute values (`&`, `<`, `>`, `"` and `'` become entities).
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&html_escape::encode_quoted_attribute(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            Escaped(r#"<script>alert("x" & 'y')</script>"#).to_string(),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#x27;y&#x27;)&lt;/script&gt;"
        );
        assert_eq!(Escaped("Opendatasoft").to_string(), "Opendatasoft");
    }
}
