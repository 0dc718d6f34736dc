//! The layer's `Set-Cookie` reader on arbitrary bytes (including control
//! characters and non-UTF-8, which `http::HeaderValue` would refuse): it
//! never panics, what it reports obeys RFC 6265bis §5.6, and it reads the
//! line as the tests' independent reader does (`tests/common/wire.rs`):
//! the same name, value, name read back, validity and deletion.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::__fuzz::{MAX_NAME_VALUE, cookie_pairs, read_set_cookie};
use tower_cookie_consent_fuzz::{is_within, wire};

const NOW: i64 = 1_764_380_000;

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn is_trimmed(bytes: &[u8]) -> bool {
    !bytes.first().is_some_and(|&b| is_blank(b)) && !bytes.last().is_some_and(|&b| is_blank(b))
}

fuzz_target!(|line: &[u8]| {
    let read = read_set_cookie(line, NOW);
    let pair_end = line.iter().position(|&b| b == b';').unwrap_or(line.len());
    let (pair, attributes) = line.split_at(pair_end);

    // The name and value come from the name-value pair, trimmed; the name
    // holds no `=`, and a pair without `=` has the empty name.
    assert!(is_within(read.name, pair) && is_within(read.value, pair));
    assert!(is_trimmed(read.name) && is_trimmed(read.value));
    assert!(!read.name.contains(&b'='));
    if !pair.contains(&b'=') {
        assert!(read.name.is_empty());
    }

    // Valid exactly when a browser would keep the line.
    let control = line.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f);
    let empty = read.name.is_empty() && read.value.is_empty();
    let expected_valid = !control && !empty && read.name.len() + read.value.len() <= MAX_NAME_VALUE;
    assert_eq!(read.valid, expected_valid);

    // Attributes are read only after the pair.
    for attribute in [read.domain, read.path].into_iter().flatten() {
        assert!(is_within(attribute, attributes));
    }
    if read.deletion || read.secure {
        assert!(!attributes.is_empty());
    }

    // The independent reader agrees, deletions included: a line is one
    // only when every browser's reading expires the cookie.
    let spec = wire::read_line(line, NOW);
    assert_eq!(
        (read.name, read.value, read.read_back),
        (spec.name, spec.value, spec.read_back)
    );
    assert_eq!(read.valid, spec.kept_by_browser);
    assert_eq!(read.deletion, spec.deletion);
    // A nameless line is read back by the text before its value's `=`.
    if read.name.is_empty() {
        assert!(is_within(read.read_back, read.value) && !read.read_back.contains(&b'='));
    } else {
        assert_eq!(read.read_back, read.name);
    }

    // The request-side reader agrees on the name and value of a lone pair.
    if !pair.iter().all(|&b| is_blank(b)) {
        let pairs = cookie_pairs(pair);
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0], (read.name, read.value));
    }
});
