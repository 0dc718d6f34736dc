//! The words of the banner and the policy page, in English and French.
//!
//! These are the library's own texts, written as trusted HTML. Everything
//! that comes from the registry is escaped where it is inserted.

use crate::{Category, CategoryState, Lang};

/// One language's texts.
pub(crate) struct Texts {
    pub(crate) banner_label: &'static str,
    pub(crate) banner_title: &'static str,
    pub(crate) banner_text: &'static str,
    pub(crate) banner_lapsed: &'static str,
    pub(crate) accept_all: &'static str,
    pub(crate) reject_all: &'static str,
    pub(crate) customise: &'static str,

    pub(crate) page_title: &'static str,
    pub(crate) other_language: &'static str,
    pub(crate) what_is_a_cookie: &'static str,
    pub(crate) what_is_a_cookie_text: &'static str,
    pub(crate) kinds_title: &'static str,
    pub(crate) kinds_intro: &'static str,
    pub(crate) columns: [&'static str; 5],
    pub(crate) no_cookie: &'static str,
    pub(crate) pattern_note: &'static str,
    pub(crate) domains: &'static str,
    pub(crate) service: &'static str,
    pub(crate) choice_title: &'static str,
    pub(crate) no_choice_yet: &'static str,
    pub(crate) choice_made_on: &'static str,
    pub(crate) choice_reference: &'static str,
    pub(crate) gpc_honoured: &'static str,
    pub(crate) gpc_granted: &'static str,
    pub(crate) change_title: &'static str,
    pub(crate) change_help: &'static str,
    pub(crate) always_active: &'static str,
    pub(crate) allow_category: &'static str,
    pub(crate) allow_own_cookies: &'static str,
    pub(crate) except: &'static str,
    pub(crate) services_of: &'static str,
    pub(crate) save: &'static str,
    pub(crate) withdraw_title: &'static str,
    pub(crate) withdraw_text: &'static str,
    pub(crate) withdraw: &'static str,
}

const EN: Texts = Texts {
    banner_label: "Cookie consent",
    banner_title: "Cookies on this site",
    banner_text: "We use cookies that are necessary for the site to work. With your \
        consent we would also use cookies to measure the audience, to remember what \
        you viewed, and for our partners. You can accept them, refuse them, or choose \
        one by one; refusing is as easy as accepting, and you can change your mind at \
        any time.",
    banner_lapsed: "The cookies of these kinds changed since your last choice, \
        so we ask again about them only:",
    accept_all: "Accept all",
    reject_all: "Reject all",
    customise: "Customise",

    page_title: "Cookie policy",
    other_language: "Français",
    what_is_a_cookie: "What is a cookie?",
    what_is_a_cookie_text: "A cookie is a small text file that a website stores on your \
        device (computer, tablet or phone) through your browser. It lets the site \
        recognise your device from one page to the next, or on a later visit: to keep \
        you signed in, to remember your language or your choices. Some cookies are \
        necessary for the site to work. All the others are stored only with your \
        consent, which you can give, refuse or withdraw at any time on this page.",
    kinds_title: "The kinds of cookies we use",
    kinds_intro: "Every cookie this site may store belongs to one of the kinds below. \
        The tables list each cookie, who stores it, why and for how long.",
    columns: [
        "Service provider's name",
        "Function and location",
        "Cookie name(s)",
        "Purposes",
        "Lifetime",
    ],
    no_cookie: "No cookie of this kind is used.",
    pattern_note: "An asterisk (*) in a cookie name stands for any characters.",
    domains: "domains",
    service: "service",
    choice_title: "Your current choice",
    no_choice_yet: "You have not made a choice yet: only necessary cookies are used.",
    choice_made_on: "Choice made on",
    choice_reference: "Reference of your choice",
    gpc_honoured: "Your browser sends the Global Privacy Control signal. We honour it as \
        a request to opt out of the sale or sharing of your data: third-party cookies \
        are refused.",
    gpc_granted: "Your browser sends the Global Privacy Control signal; you explicitly \
        accepted third-party cookies while it was on.",
    change_title: "Change your choice",
    change_help: "Tick what you accept: each box stands for the cookies listed under it. \
        What you leave unticked is refused.",
    always_active: "Always active: these cookies are exempt from consent.",
    allow_category: "Accept",
    allow_own_cookies: "Accept the other cookies of this kind",
    except: "except",
    services_of: "Services",
    save: "Save my choices",
    withdraw_title: "Withdraw your consent",
    withdraw_text: "Withdrawing is as easy as giving: this button refuses every optional \
        kind of cookie and deletes the cookies of those kinds that your browser holds.",
    withdraw: "Withdraw my consent",
};

const FR: Texts = Texts {
    banner_label: "Consentement aux cookies",
    banner_title: "Les cookies de ce site",
    banner_text: "Nous utilisons des cookies nécessaires au fonctionnement du site. Avec \
        votre accord, nous utiliserions aussi des cookies pour mesurer l'audience, \
        retenir ce que vous avez consulté et pour nos partenaires. Vous pouvez les \
        accepter, les refuser ou choisir un par un ; refuser est aussi simple \
        qu'accepter, et vous pouvez changer d'avis à tout moment.",
    banner_lapsed: "Les cookies de ces catégories ont changé depuis votre dernier choix ; \
        nous vous interrogeons à nouveau sur elles seules :",
    accept_all: "Tout accepter",
    reject_all: "Tout refuser",
    customise: "Personnaliser",

    page_title: "Politique de cookies",
    other_language: "English",
    what_is_a_cookie: "Qu'est-ce qu'un cookie ?",
    what_is_a_cookie_text: "Un cookie est un petit fichier texte qu'un site web dépose \
        sur votre appareil (ordinateur, tablette ou téléphone) par l'intermédiaire de \
        votre navigateur. Il permet au site de reconnaître votre appareil d'une page à \
        l'autre, ou lors d'une visite ultérieure : pour vous garder connecté, retenir \
        votre langue ou vos choix. Certains cookies sont nécessaires au fonctionnement \
        du site. Tous les autres ne sont déposés qu'avec votre consentement, que vous \
        pouvez donner, refuser ou retirer à tout moment sur cette page.",
    kinds_title: "Les catégories de cookies que nous utilisons",
    kinds_intro: "Chaque cookie que ce site peut déposer appartient à l'une des catégories \
        ci-dessous. Les tableaux indiquent pour chacun qui le dépose, pourquoi et pour \
        combien de temps.",
    columns: [
        "Nom du fournisseur de service",
        "Fonction et emplacement",
        "Nom(s) du cookie",
        "Finalités",
        "Durée de vie",
    ],
    no_cookie: "Aucun cookie de cette catégorie n'est utilisé.",
    pattern_note: "Un astérisque (*) dans un nom de cookie remplace n'importe quels caractères.",
    domains: "domaines",
    service: "service",
    choice_title: "Votre choix actuel",
    no_choice_yet: "Vous n'avez pas encore fait de choix : seuls les cookies nécessaires \
        sont utilisés.",
    choice_made_on: "Choix fait le",
    choice_reference: "Référence de votre choix",
    gpc_honoured: "Votre navigateur envoie le signal Global Privacy Control. Nous le \
        respectons comme une demande d'opposition à la vente ou au partage de vos \
        données : les cookies tiers sont refusés.",
    gpc_granted: "Votre navigateur envoie le signal Global Privacy Control ; vous avez \
        explicitement accepté les cookies tiers pendant qu'il était actif.",
    change_title: "Modifier votre choix",
    change_help: "Cochez ce que vous acceptez : chaque case vaut pour les cookies listés \
        sous elle. Ce que vous laissez décoché est refusé.",
    always_active: "Toujours actifs : ces cookies sont exemptés de consentement.",
    allow_category: "Accepter",
    allow_own_cookies: "Accepter les autres cookies de cette catégorie",
    except: "sauf",
    services_of: "Services",
    save: "Enregistrer mes choix",
    withdraw_title: "Retirer votre consentement",
    withdraw_text: "Retirer son consentement est aussi simple que le donner : ce bouton \
        refuse toutes les catégories facultatives et supprime les cookies de ces \
        catégories que votre navigateur conserve.",
    withdraw: "Retirer mon consentement",
};

/// The texts of one language.
pub(crate) fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

/// A category's title, e.g. "Statistical cookies". Custom categories show
/// their name (which is restricted to `a-z0-9_-`, so safe in HTML).
pub(crate) fn category_title(lang: Lang, category: &Category) -> String {
    let builtin = match (lang, category) {
        (Lang::En, Category::Necessary) => "Necessary cookies",
        (Lang::En, Category::Statistical) => "Statistical cookies",
        (Lang::En, Category::Internal) => "Internal (first-party) cookies",
        (Lang::En, Category::ThirdParty) => "Third-party cookies",
        (Lang::Fr, Category::Necessary) => "Cookies nécessaires",
        (Lang::Fr, Category::Statistical) => "Cookies statistiques",
        (Lang::Fr, Category::Internal) => "Cookies internes (propriétaires)",
        (Lang::Fr, Category::ThirdParty) => "Cookies tiers",
        (Lang::En, other) => return format!("Cookies: {}", other.name()),
        (Lang::Fr, other) => return format!("Cookies : {}", other.name()),
    };
    builtin.to_owned()
}

/// What a category is for.
pub(crate) fn category_description(lang: Lang, category: &Category) -> &'static str {
    match (lang, category) {
        (Lang::En, Category::Necessary) => {
            "Strictly necessary cookies make the site work: authentication, the choice of \
             language, protection against forged requests (CSRF), and the cookie that \
             remembers your choice about cookies. They are exempt from consent and cannot \
             be turned off."
        }
        (Lang::En, Category::Statistical) => {
            "Statistical cookies measure the audience of the site (visits, pages viewed) \
             so that we can improve it. They are stored only if you accept them."
        }
        (Lang::En, Category::Internal) => {
            "Internal, or first-party, cookies are stored by this site for features beyond \
             what is strictly necessary, such as remembering what you viewed. They are \
             stored only if you accept them."
        }
        (Lang::En, Category::ThirdParty) => {
            "Third-party cookies are stored by or for other sites, such as advertising \
             partners or social networks whose content appears in our pages. They are \
             stored only if you accept them."
        }
        (Lang::En, _) => "They are stored only if you accept them.",
        (Lang::Fr, Category::Necessary) => {
            "Les cookies strictement nécessaires font fonctionner le site : \
             authentification, choix de la langue, protection contre les requêtes \
             falsifiées (CSRF) et cookie qui retient votre choix en matière de cookies. \
             Ils sont exemptés de consentement et ne peuvent pas être désactivés."
        }
        (Lang::Fr, Category::Statistical) => {
            "Les cookies statistiques mesurent l'audience du site (visites, pages vues) \
             afin de l'améliorer. Ils ne sont déposés que si vous les acceptez."
        }
        (Lang::Fr, Category::Internal) => {
            "Les cookies internes, ou propriétaires, sont déposés par ce site pour des \
             fonctions qui vont au-delà du strict nécessaire, comme retenir ce que vous \
             avez consulté. Ils ne sont déposés que si vous les acceptez."
        }
        (Lang::Fr, Category::ThirdParty) => {
            "Les cookies tiers sont déposés par ou pour d'autres sites, comme des \
             partenaires publicitaires ou des réseaux sociaux dont le contenu apparaît \
             dans nos pages. Ils ne sont déposés que si vous les acceptez."
        }
        (Lang::Fr, _) => "Ils ne sont déposés que si vous les acceptez.",
    }
}

/// How a category's state reads on the page.
pub(crate) fn state_label(lang: Lang, state: CategoryState) -> &'static str {
    match (lang, state) {
        (Lang::En, CategoryState::Accepted) => "accepted",
        (Lang::En, CategoryState::Refused) => "refused",
        (Lang::En, CategoryState::Lapsed) => "to be confirmed again (its cookies changed)",
        (Lang::En, _) => "not decided",
        (Lang::Fr, CategoryState::Accepted) => "acceptés",
        (Lang::Fr, CategoryState::Refused) => "refusés",
        (Lang::Fr, CategoryState::Lapsed) => "à confirmer (ses cookies ont changé)",
        (Lang::Fr, _) => "non décidé",
    }
}
