//! The words of the banner and the policy page: one TOML file per
//! language in `texts/`, built into the crate and parsed once, on first use.
//!
//! The files are plain text for translators; the templates escape them.
//! Their shape is the structs below, so a key missing from a file, or one
//! no struct knows, fails the tests here, before any visitor asks.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::{Category, CategoryState, Lang};

/// The source of one language's texts.
fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../../texts/en.toml"),
        Lang::Fr => include_str!("../../texts/fr.toml"),
    }
}

/// One language's texts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Texts {
    pub(crate) banner: BannerTexts,
    pub(crate) actions: ActionTexts,
    pub(crate) page: PageTexts,
    pub(crate) columns: ColumnTexts,
    pub(crate) choice: ChoiceTexts,
    pub(crate) form: FormTexts,
    categories: CategoryTexts,
    states: StateTexts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BannerTexts {
    pub(crate) label: String,
    pub(crate) title: String,
    pub(crate) text: String,
    pub(crate) lapsed: String,
    pub(crate) customise: String,
    /// Joins two purposes.
    and: String,
    /// Comes before the last of three or more purposes, after the commas.
    and_last: String,
    purposes: PurposeTexts,
}

/// What the banner says each optional category's cookies are for, in the
/// sentence of `banner.text`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PurposeTexts {
    statistical: String,
    internal: String,
    third_party: String,
    /// `{name}` is the category's name.
    custom: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActionTexts {
    pub(crate) accept_all: String,
    pub(crate) reject_all: String,
    pub(crate) save: String,
    pub(crate) withdraw: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageTexts {
    pub(crate) title: String,
    pub(crate) other_language: String,
    pub(crate) what_is_a_cookie: String,
    pub(crate) what_is_a_cookie_text: String,
    pub(crate) kinds_title: String,
    pub(crate) kinds_intro: String,
    pub(crate) no_cookie: String,
    pub(crate) pattern_note: String,
    pub(crate) service: String,
    pub(crate) domains: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ColumnTexts {
    pub(crate) provider: String,
    pub(crate) function: String,
    pub(crate) names: String,
    pub(crate) purposes: String,
    pub(crate) lifetime: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChoiceTexts {
    pub(crate) title: String,
    pub(crate) none_yet: String,
    pub(crate) made_on: String,
    pub(crate) reference: String,
    pub(crate) except: String,
    pub(crate) gpc_honoured: String,
    pub(crate) gpc_granted: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FormTexts {
    pub(crate) title: String,
    pub(crate) help: String,
    pub(crate) always_active: String,
    pub(crate) accept_category: String,
    pub(crate) accept_own_cookies: String,
    pub(crate) services: String,
    pub(crate) withdraw_title: String,
    pub(crate) withdraw_text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryTexts {
    necessary: CategoryText,
    statistical: CategoryText,
    internal: CategoryText,
    third_party: CategoryText,
    /// A category the application adds: `{name}` in the title is its name.
    custom: CategoryText,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryText {
    title: String,
    description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateTexts {
    accepted: String,
    refused: String,
    lapsed: String,
    undecided: String,
}

fn parse(source: &str) -> Result<Texts, basic_toml::Error> {
    basic_toml::from_str(source)
}

/// The texts of one language.
pub(crate) fn texts(lang: Lang) -> &'static Texts {
    static EN: OnceLock<Texts> = OnceLock::new();
    static FR: OnceLock<Texts> = OnceLock::new();
    let cell = match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    };
    // The files are part of the crate and `every_language_file_parses`
    // reads each of them, so this cannot fail in a tested build.
    cell.get_or_init(|| parse(source(lang)).unwrap_or_else(|e| panic!("texts/{lang}.toml: {e}")))
}

impl Texts {
    fn category(&self, category: &Category) -> &CategoryText {
        let c = &self.categories;
        match category {
            Category::Necessary => &c.necessary,
            Category::Statistical => &c.statistical,
            Category::Internal => &c.internal,
            Category::ThirdParty => &c.third_party,
            Category::Custom(_) => &c.custom,
        }
    }
}

/// A category's title, e.g. "Statistical cookies"; a custom category's
/// is the language's pattern with its name.
pub(crate) fn category_title(lang: Lang, category: &Category) -> String {
    let title = &texts(lang).category(category).title;
    match category {
        Category::Custom(name) => title.replace("{name}", name.as_str()),
        _ => title.clone(),
    }
}

/// The banner's text, which names the purposes of the given categories
/// alone (`a`, `a and b`, `a, b, and c`), so it never speaks of cookies
/// the site does not use.
pub(crate) fn banner_text<'c>(
    lang: Lang,
    categories: impl IntoIterator<Item = &'c Category>,
) -> String {
    let b = &texts(lang).banner;
    let purposes: Vec<String> = categories
        .into_iter()
        .filter_map(|category| {
            let p = &b.purposes;
            Some(match category {
                Category::Necessary => return None,
                Category::Statistical => p.statistical.clone(),
                Category::Internal => p.internal.clone(),
                Category::ThirdParty => p.third_party.clone(),
                Category::Custom(name) => p.custom.replace("{name}", name.as_str()),
            })
        })
        .collect();
    let joined = match purposes.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, [first])) => format!("{first} {} {last}", b.and),
        Some((last, rest)) => format!("{}{} {last}", rest.join(", "), b.and_last),
    };
    b.text.replace("{purposes}", &joined)
}

/// What a category is for.
pub(crate) fn category_description(lang: Lang, category: &Category) -> &'static str {
    &texts(lang).category(category).description
}

/// How a category's state reads on the page.
pub(crate) fn state_label(lang: Lang, state: CategoryState) -> &'static str {
    let s = &texts(lang).states;
    match state {
        CategoryState::Accepted => &s.accepted,
        CategoryState::Refused => &s.refused,
        CategoryState::Lapsed => &s.lapsed,
        _ => &s.undecided,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Every text of a file by its dotted key (`banner.title`).
    fn flatten(lang: Lang) -> BTreeMap<String, String> {
        fn walk(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
            match value {
                serde_json::Value::Object(table) => {
                    for (key, value) in table {
                        let key = if prefix.is_empty() {
                            key.clone()
                        } else {
                            format!("{prefix}.{key}")
                        };
                        walk(&key, value, out);
                    }
                }
                serde_json::Value::String(text) => {
                    out.insert(prefix.to_owned(), text.clone());
                }
                other => panic!("{prefix} is {other}, not a text"),
            }
        }
        let value: serde_json::Value =
            basic_toml::from_str(source(lang)).unwrap_or_else(|e| panic!("texts/{lang}.toml: {e}"));
        let mut out = BTreeMap::new();
        walk("", &value, &mut out);
        out
    }

    #[test]
    fn every_language_file_parses() {
        for lang in Lang::ALL {
            if let Err(e) = parse(source(lang)) {
                panic!("texts/{lang}.toml: {e}");
            }
        }
    }

    #[test]
    fn every_language_has_the_keys_of_english_and_no_empty_text() {
        let english = flatten(Lang::En);
        for lang in Lang::ALL {
            let texts = flatten(lang);
            let missing: Vec<_> = english.keys().filter(|k| !texts.contains_key(*k)).collect();
            let unknown: Vec<_> = texts.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(missing.is_empty(), "texts/{lang}.toml lacks {missing:?}");
            assert!(
                unknown.is_empty(),
                "texts/{lang}.toml has unknown {unknown:?}"
            );
            for (key, text) in &texts {
                assert!(!text.trim().is_empty(), "texts/{lang}.toml: {key} is empty");
            }
        }
    }

    #[test]
    fn placeholders_are_where_the_code_fills_them() {
        for lang in Lang::ALL {
            for (key, text) in flatten(lang) {
                let placeholder = match key.as_str() {
                    "categories.custom.title" | "banner.purposes.custom" => Some("{name}"),
                    "banner.text" => Some("{purposes}"),
                    _ => None,
                };
                let expected = usize::from(placeholder.is_some());
                if let Some(placeholder) = placeholder {
                    assert_eq!(text.matches(placeholder).count(), 1, "{lang}: {key}");
                }
                assert_eq!(text.matches('{').count(), expected, "{lang}: {key}");
            }
        }
    }

    #[test]
    fn the_banner_text_names_the_given_purposes_alone() {
        let statistical = banner_text(Lang::En, &[Category::Statistical]);
        assert!(
            statistical.contains("cookies to measure the audience. "),
            "{statistical}"
        );
        for other in ["remember what you viewed", "partners", "{"] {
            assert!(!statistical.contains(other), "{statistical}");
        }
        let marketing = Category::custom("marketing").unwrap();
        let all = [
            Category::Necessary,
            Category::Statistical,
            Category::Internal,
            Category::ThirdParty,
            marketing.clone(),
        ];
        assert!(
            banner_text(Lang::En, &all).contains(
                "to measure the audience, to remember what you viewed, for our partners, \
                 and for \"marketing\". "
            ),
            "{}",
            banner_text(Lang::En, &all)
        );
        let english = banner_text(Lang::En, &[Category::Internal, marketing.clone()]);
        assert!(
            english.contains("to remember what you viewed and for \"marketing\". "),
            "{english}"
        );
        let french = banner_text(Lang::Fr, &all);
        assert!(
            french.contains(
                "pour mesurer l'audience, pour retenir ce que vous avez consulté, pour nos \
                 partenaires et pour « marketing »."
            ),
            "{french}"
        );
    }

    #[test]
    fn a_malformed_file_is_refused() {
        let english = source(Lang::En);
        let missing = english.replace("withdraw = ", "withdrew = ");
        assert!(parse(&missing).is_err(), "a misspelt key");
        let unclosed = english.replacen("\"Cookie consent\"", "\"Cookie consent", 1);
        assert!(parse(&unclosed).is_err(), "an unclosed string");
        let extra = english.replace("[states]\n", "[states]\nmaybe = \"maybe\"\n");
        assert!(parse(&extra).is_err(), "a key no struct knows");
    }

    #[test]
    fn custom_categories_read_with_their_name() {
        let marketing = Category::custom("marketing").unwrap();
        assert_eq!(category_title(Lang::En, &marketing), "Cookies: marketing");
        assert_eq!(category_title(Lang::Fr, &marketing), "Cookies : marketing");
        assert_eq!(
            category_title(Lang::Fr, &Category::ThirdParty),
            "Cookies tiers"
        );
        assert_eq!(state_label(Lang::Fr, CategoryState::Refused), "refusés");
    }
}
