//! The key the demo signs consent cookies with.
//!
//! - `COOKIE_CONSENT_KEY`: base64 of 64 random bytes (`openssl rand
//!   -base64 64`), the same on every server of a site;
//! - `COOKIE_CONSENT_PREVIOUS_KEYS`: keys being rotated away from, the same
//!   form, separated by commas: what they signed is still honoured;
//! - otherwise a key generated on first start and kept in
//!   `$COOKIE_CONSENT_DATA_DIR/consent-signing.key` (`data/` by default),
//!   readable by its owner only, so a restart keeps visitors' choices.
//!
//! A value that is not such a key stops the server with a message: a typo
//! must not quietly sign with a key no other server holds.

use std::ffi::OsString;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tower_cookie_consent::Key;

/// The key file's name inside the data directory.
pub const KEY_FILE: &str = "consent-signing.key";

/// The keys to sign with, and where the current one came from.
#[derive(Debug)]
pub struct SigningKeys {
    /// Signs and verifies.
    pub current: Key,
    /// Verify only.
    pub previous: Vec<Key>,
    /// Said at startup.
    pub source: String,
}

/// What the environment gives: `COOKIE_CONSENT_KEY`,
/// `COOKIE_CONSENT_PREVIOUS_KEYS` and `COOKIE_CONSENT_DATA_DIR`.
pub fn from_env() -> Result<SigningKeys, String> {
    let data_dir = std::env::var_os("COOKIE_CONSENT_DATA_DIR")
        .map_or_else(|| PathBuf::from("data"), PathBuf::from);
    load(
        std::env::var_os("COOKIE_CONSENT_KEY"),
        std::env::var_os("COOKIE_CONSENT_PREVIOUS_KEYS"),
        &data_dir,
    )
}

/// The keys from these values, or from (or into) the key file in
/// `data_dir` when `key` is absent.
pub fn load(
    key: Option<OsString>,
    previous: Option<OsString>,
    data_dir: &Path,
) -> Result<SigningKeys, String> {
    let previous = match previous {
        None => Vec::new(),
        Some(list) => {
            let list = text("COOKIE_CONSENT_PREVIOUS_KEYS", list)?;
            list.split(',')
                .enumerate()
                .map(|(i, k)| parse(k, &format!("COOKIE_CONSENT_PREVIOUS_KEYS, key {}", i + 1)))
                .collect::<Result<_, _>>()?
        }
    };
    let (current, source) = match key {
        Some(value) => {
            let value = text("COOKIE_CONSENT_KEY", value)?;
            (
                parse(&value, "COOKIE_CONSENT_KEY")?,
                "COOKIE_CONSENT_KEY".to_owned(),
            )
        }
        None => from_file(data_dir)?,
    };
    Ok(SigningKeys {
        current,
        previous,
        source,
    })
}

fn text(name: &str, value: OsString) -> Result<String, String> {
    value
        .into_string()
        .map_err(|_| format!("{name} is not UTF-8 text"))
}

/// A key from base64 of exactly 64 bytes.
fn parse(text: &str, what: &str) -> Result<Key, String> {
    let bytes = STANDARD.decode(text.trim()).map_err(|e| {
        format!("{what} is not base64 ({e}); make one with `openssl rand -base64 64`")
    })?;
    if bytes.len() != 64 {
        return Err(format!(
            "{what} holds {} bytes; a key is 64 random bytes (`openssl rand -base64 64`)",
            bytes.len()
        ));
    }
    Ok(Key::from(&bytes))
}

/// The key kept in `data_dir`, made on first use.
fn from_file(data_dir: &Path) -> Result<(Key, String), String> {
    let path = data_dir.join(KEY_FILE);
    let shown = path.display();
    match fs::read_to_string(&path) {
        Ok(text) => {
            check_private(&path)?;
            let key = parse(&text, &format!("{shown}"))?;
            Ok((key, format!("{shown}")))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = Key::try_generate().ok_or("no randomness to make a signing key from")?;
            create_private(data_dir, &path, &STANDARD.encode(key.master()))
                .map_err(|e| format!("cannot keep a new signing key in {shown}: {e}"))?;
            Ok((key, format!("{shown} (new)")))
        }
        Err(e) => Err(format!("cannot read the signing key {shown}: {e}")),
    }
}

/// Writes `contents` to a new file only its owner can read; fails if the
/// file appeared meanwhile (another server starting), rather than replace
/// a key that may already have signed cookies.
fn create_private(dir: &Path, path: &Path, contents: &str) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    fs::create_dir_all(dir)?;
    let mut file = options.open(path)?;
    writeln!(file, "{contents}")?;
    file.sync_all()
}

/// Refuses a key file others can read: whoever reads it can sign choices.
fn check_private(path: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(format!(
                "{} is open to other users (mode {:o}); `chmod 600` it",
                path.display(),
                mode & 0o777
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
