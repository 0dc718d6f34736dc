//! HTML escaping for the templates in `templates/`: every value they print
//! is escaped unless it says otherwise.

use std::fmt;

use askama::filters::{Escaper, Safe};

/// The templates' escaper (named in `askama.toml`): `&`, `<`, `>`, `"` and
/// `'` become entities, so a value is safe in element content and in
/// double- or single-quoted attributes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Html;

impl Escaper for Html {
    fn write_escaped_str<W: fmt::Write>(&self, dest: W, text: &str) -> fmt::Result {
        write_escaped(dest, text, true)
    }
}

/// The templates' own filters.
pub(crate) mod filters {
    use super::*;

    /// `{{ t.some_text|text }}`: one of the library's texts, escaped like
    /// any value except for its apostrophes, which every attribute the
    /// templates write (double-quoted) holds as they are and which read
    /// better in the page's source.
    pub(crate) fn text<'a>(
        text: &'a str,
        _: &dyn askama::Values,
    ) -> askama::Result<Safe<TextEscaped<'a>>> {
        Ok(Safe(TextEscaped(text)))
    }
}

/// A library text, escaped by [`filters::text`].
pub(crate) struct TextEscaped<'a>(&'a str);

impl fmt::Display for TextEscaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaped(f, self.0, false)
    }
}

fn write_escaped(mut dest: impl fmt::Write, text: &str, apostrophes: bool) -> fmt::Result {
    let mut written = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' if apostrophes => "&#x27;",
            _ => continue,
        };
        // The escaped bytes are ASCII, so `i` is a character boundary.
        dest.write_str(&text[written..i])?;
        dest.write_str(entity)?;
        written = i + 1;
    }
    dest.write_str(&text[written..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        Html.write_escaped_str(&mut out, text).unwrap();
        out
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escaped(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#x27;y&#x27;)&lt;/script&gt;"
        );
        assert_eq!(escaped("Opendatasoft"), "Opendatasoft");
        assert_eq!(escaped("été & «x»"), "été &amp; «x»");
    }

    #[test]
    fn templates_escape_by_default_and_texts_keep_their_apostrophes() {
        #[derive(askama::Template)]
        #[template(source = "<p title=\"{{ value }}\">{{ text|text }}</p>", ext = "html")]
        struct Probe<'a> {
            value: &'a str,
            text: &'a str,
        }
        let html = askama::Template::render(&Probe {
            value: "\"><script>x('1')</script>",
            text: "Qu'est-ce & <b>?",
        })
        .unwrap();
        assert_eq!(
            html,
            "<p title=\"&quot;&gt;&lt;script&gt;x(&#x27;1&#x27;)&lt;/script&gt;\">\
             Qu'est-ce &amp; &lt;b&gt;?</p>"
        );
    }

    #[test]
    fn texts_keep_their_apostrophes() {
        assert_eq!(
            TextEscaped(r#"Qu'est-ce qu'un "cookie" <b> & co ?"#).to_string(),
            "Qu'est-ce qu'un &quot;cookie&quot; &lt;b&gt; &amp; co ?"
        );
    }
}
