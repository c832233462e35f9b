//! The `#[jsonstream(...)]` attributes, and the names that serde's own `#[serde(rename...)]`
//! and `#[serde(rename_all...)]` give, parsed into what the checks and the expansion need.

use std::fmt::Display;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Ident, LitStr, Token};

use crate::case::RenameRule;
use crate::ctxt::Ctxt;
use crate::Derive;

// Attribute names, in one place.
pub(crate) const JSONSTREAM: &str = "jsonstream";
const SERDE: &str = "serde";
const RENAME: &str = "rename";
const RENAME_ALL: &str = "rename_all";
const SERIALIZE: &str = "serialize";
const DESERIALIZE: &str = "deserialize";
const DEFAULT: &str = "default";
const SKIP: &str = "skip";
const BLOB: &str = "blob";
const SEQ: &str = "seq";
const ITEM: &str = "item";
const DENY_UNKNOWN_FIELDS: &str = "deny_unknown_fields";
const CRATE: &str = "crate";
const BOUND: &str = "bound";
const DUMP: &str = "dump";
const LOAD: &str = "load";

/// How the derives treat serde's attribute at one place (container, variant or field).
struct SerdeRules {
    /// The key whose names the derives take: `rename` or `rename_all`.
    names: &'static str,
    /// Keys that jsonstream's attribute must repeat, so that both derives agree.
    repeated: &'static [&'static str],
    /// Keys that make serde write or read another document than these derives do.
    unsupported: &'static [&'static str],
}

const SERDE_CONTAINER: SerdeRules = SerdeRules {
    names: RENAME_ALL,
    repeated: &[DENY_UNKNOWN_FIELDS],
    unsupported: &[
        "default",
        "rename_all_fields",
        "tag",
        "content",
        "untagged",
        "transparent",
        "from",
        "try_from",
        "into",
        "remote",
    ],
};

const SERDE_VARIANT: SerdeRules = SerdeRules {
    names: RENAME,
    repeated: &[],
    unsupported: &[
        "rename_all",
        "skip",
        "skip_serializing",
        "skip_deserializing",
        "untagged",
        "other",
        "with",
        "serialize_with",
        "deserialize_with",
    ],
};

const SERDE_FIELD: SerdeRules = SerdeRules {
    names: RENAME,
    repeated: &[SKIP, DEFAULT],
    unsupported: &[
        "flatten",
        "skip_serializing",
        "skip_deserializing",
        "skip_serializing_if",
        "with",
        "serialize_with",
        "deserialize_with",
        "getter",
    ],
};

/// The encodings of `blob = "..."`.
const TEXT: &str = "text";
const BASE64: &str = "base64";

/// One attribute's value, remembering where it was written to report a second one.
struct Attr<'c, T> {
    cx: &'c Ctxt,
    name: &'static str,
    value: Option<(TokenStream, T)>,
}

impl<'c, T> Attr<'c, T> {
    fn none(cx: &'c Ctxt, name: &'static str) -> Self {
        Attr {
            cx,
            name,
            value: None,
        }
    }

    fn set<A: ToTokens>(&mut self, at: A, value: T) {
        let tokens = at.into_token_stream();
        if self.value.is_some() {
            let message = format!("duplicate jsonstream attribute `{}`", self.name);
            self.cx.error_spanned_by(tokens, message);
        } else {
            self.value = Some((tokens, value));
        }
    }

    fn get(self) -> Option<T> {
        self.value.map(|(_, value)| value)
    }

    fn get_with_tokens(self) -> Option<(TokenStream, T)> {
        self.value
    }
}

/// A name or rule that may differ between writing (Dump, Serialize) and reading (Load,
/// Deserialize), as serde's `rename(serialize = "...", deserialize = "...")` allows.
#[derive(Clone, Debug)]
pub(crate) struct Both<T> {
    pub(crate) dump: Option<T>,
    pub(crate) load: Option<T>,
}

impl<T> std::default::Default for Both<T> {
    fn default() -> Self {
        Both {
            dump: None,
            load: None,
        }
    }
}

/// A field's or variant's name in the document.
#[derive(Clone, Debug)]
pub(crate) struct Name {
    pub(crate) dump: String,
    pub(crate) load: String,
}

impl Name {
    /// The name that `derive` writes or reads.
    pub(crate) fn of(&self, derive: Derive) -> &str {
        match derive {
            Derive::Dump => &self.dump,
            Derive::Load => &self.load,
        }
    }
}

/// Attributes of the struct or enum.
pub(crate) struct Container {
    pub(crate) rename_all: Both<RenameRule>,
    pub(crate) deny_unknown_fields: bool,
    /// `bound = "..."`: the where-predicates that replace all the inferred ones.
    pub(crate) bound: Both<Vec<syn::WherePredicate>>,
    /// The path of this crate in generated code: `::jsonstream` unless `crate = "..."`.
    pub(crate) krate: syn::Path,
}

/// What a field's default is when it is absent from the document.
pub(crate) enum Default {
    None,
    /// `Default::default()`.
    Trait,
    /// A function to call.
    Path(syn::ExprPath),
}

/// How a field's value is written and read.
pub(crate) enum Mode {
    /// Through `Dump`/`Serialize` and `Load`/`Deserialize`.
    Value,
    /// A string streamed from an `io::Read` and into a `BlobSink`.
    Blob(Encoding),
    /// An array written element by element from an `IntoIterator`, read into an `Extend`;
    /// `item` is the element type when it is not the collection's `IntoIterator::Item`.
    Seq { item: Option<Box<syn::Type>> },
}

#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) enum Encoding {
    Text,
    Base64,
}

/// Attributes of a field.
pub(crate) struct Field {
    pub(crate) name: Name,
    /// Where `rename` was written, to reject it on tuple fields.
    pub(crate) rename: Option<TokenStream>,
    pub(crate) skip: bool,
    pub(crate) default: Default,
    pub(crate) mode: Mode,
    /// Where `blob` or `seq` was written, for the checks.
    pub(crate) mode_tokens: Option<TokenStream>,
    /// Where `item` was written, if it was.
    pub(crate) item_tokens: Option<TokenStream>,
    /// `bound = "..."`: the where-predicates that replace this field's inferred ones.
    pub(crate) bound: Both<Vec<syn::WherePredicate>>,
}

/// Attributes of an enum variant.
pub(crate) struct Variant {
    pub(crate) name: Name,
}

impl Container {
    pub(crate) fn from_ast(cx: &Ctxt, input: &syn::DeriveInput) -> Self {
        let mut rename_all_dump = Attr::none(cx, RENAME_ALL);
        let mut rename_all_load = Attr::none(cx, RENAME_ALL);
        let mut deny = Attr::none(cx, DENY_UNKNOWN_FIELDS);
        let mut krate = Attr::none(cx, CRATE);
        let mut bound_dump = Attr::none(cx, BOUND);
        let mut bound_load = Attr::none(cx, BOUND);
        let mut serde = SerdeSays::default();

        for attr in &input.attrs {
            if attr.path().is_ident(JSONSTREAM) {
                let parsed = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident(RENAME_ALL) {
                        let lit = string(&meta)?;
                        if let Some(rule) = rule(cx, &lit) {
                            rename_all_dump.set(&meta.path, rule);
                            rename_all_load.set(&meta.path, rule);
                        }
                    } else if meta.path.is_ident(DENY_UNKNOWN_FIELDS) {
                        deny.set(&meta.path, ());
                    } else if meta.path.is_ident(BOUND) {
                        bounds(&meta, &mut bound_dump, &mut bound_load)?;
                    } else if meta.path.is_ident(CRATE) {
                        let lit = string(&meta)?;
                        match lit.parse::<syn::Path>() {
                            Ok(path) => krate.set(&meta.path, path),
                            Err(_) => {
                                cx.error_spanned_by(&lit, "expected a path to the jsonstream crate")
                            }
                        }
                    } else {
                        unknown(cx, &meta, "container")?;
                    }
                    Ok(())
                });
                record(cx, parsed);
            } else if attr.path().is_ident(SERDE) {
                serde_attr(cx, attr, &SERDE_CONTAINER, &mut serde);
            }
        }
        serde.check_repeated(cx, &[(DENY_UNKNOWN_FIELDS, deny.value.is_some())]);
        let serde = serde.names;
        let serde_rule = |lit: Option<LitStr>| {
            let lit = lit?;
            // An unknown rule is serde's error to report.
            let rule = RenameRule::from_str(&lit.value()).ok()?;
            Some((lit, rule))
        };

        Container {
            rename_all: Both {
                dump: merge(cx, rename_all_dump, serde_rule(serde.dump)),
                load: merge(cx, rename_all_load, serde_rule(serde.load)),
            },
            deny_unknown_fields: deny.get().is_some(),
            bound: Both {
                dump: bound_dump.get(),
                load: bound_load.get(),
            },
            krate: krate
                .get()
                .unwrap_or_else(|| syn::parse_quote!(::jsonstream)),
        }
    }
}

impl Field {
    /// `index` names a tuple field (`0`, `1`, …).
    pub(crate) fn from_ast(
        cx: &Ctxt,
        index: usize,
        field: &syn::Field,
        rules: &Both<RenameRule>,
    ) -> Self {
        let mut rename_dump = Attr::none(cx, RENAME);
        let mut rename_load = Attr::none(cx, RENAME);
        let mut skip = Attr::none(cx, SKIP);
        let mut default = Attr::none(cx, DEFAULT);
        let mut mode = Attr::none(cx, "blob` or `seq");
        let mut item = Attr::none(cx, ITEM);
        let mut bound_dump = Attr::none(cx, BOUND);
        let mut bound_load = Attr::none(cx, BOUND);
        let mut serde = SerdeSays::default();

        for attr in &field.attrs {
            if attr.path().is_ident(JSONSTREAM) {
                let parsed = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident(RENAME) {
                        let lit = string(&meta)?;
                        rename_dump.set(&meta.path, lit.value());
                        rename_load.set(&meta.path, lit.value());
                    } else if meta.path.is_ident(SKIP) {
                        skip.set(&meta.path, ());
                    } else if meta.path.is_ident(DEFAULT) {
                        if meta.input.peek(Token![=]) {
                            let lit = string(&meta)?;
                            match lit.parse::<syn::ExprPath>() {
                                Ok(path) => default.set(&meta.path, Default::Path(path)),
                                Err(_) => {
                                    cx.error_spanned_by(&lit, "expected the path of a function")
                                }
                            }
                        } else {
                            default.set(&meta.path, Default::Trait);
                        }
                    } else if meta.path.is_ident(BLOB) {
                        let encoding = if meta.input.peek(Token![=]) {
                            let lit = string(&meta)?;
                            match lit.value().as_str() {
                                TEXT => Encoding::Text,
                                BASE64 => Encoding::Base64,
                                _ => {
                                    cx.error_spanned_by(
                                        &lit,
                                        "expected `blob`, `blob = \"text\"` or `blob = \"base64\"`",
                                    );
                                    Encoding::Text
                                }
                            }
                        } else {
                            Encoding::Text
                        };
                        mode.set(&meta.path, Mode::Blob(encoding));
                    } else if meta.path.is_ident(SEQ) {
                        mode.set(&meta.path, Mode::Seq { item: None });
                    } else if meta.path.is_ident(BOUND) {
                        bounds(&meta, &mut bound_dump, &mut bound_load)?;
                    } else if meta.path.is_ident(ITEM) {
                        let lit = string(&meta)?;
                        match lit.parse::<syn::Type>() {
                            Ok(ty) => item.set(&meta.path, Box::new(ty)),
                            Err(_) => cx.error_spanned_by(&lit, "expected the element type"),
                        }
                    } else {
                        unknown(cx, &meta, "field")?;
                    }
                    Ok(())
                });
                record(cx, parsed);
            } else if attr.path().is_ident(SERDE) {
                serde_attr(cx, attr, &SERDE_FIELD, &mut serde);
            }
        }
        serde.check_repeated(
            cx,
            &[
                (SKIP, skip.value.is_some()),
                (DEFAULT, default.value.is_some()),
            ],
        );
        let serde = serde.names;

        let rust_name = match &field.ident {
            Some(ident) => unraw(ident),
            None => index.to_string(),
        };
        let name_with = |rename: Option<String>, rule: Option<RenameRule>| match (rename, rule) {
            (Some(name), _) => name,
            (None, Some(rule)) if field.ident.is_some() => rule.apply_to_field(&rust_name),
            (None, _) => rust_name.clone(),
        };
        let rename = rename_dump.value.as_ref().map(|(tokens, _)| tokens.clone());
        let name = Name {
            dump: name_with(merge(cx, rename_dump, serde_lit(serde.dump)), rules.dump),
            load: name_with(merge(cx, rename_load, serde_lit(serde.load)), rules.load),
        };
        let item = item.get_with_tokens();
        let (mode_tokens, mut mode) = match mode.get_with_tokens() {
            Some((tokens, mode)) => (Some(tokens), mode),
            None => (None, Mode::Value),
        };
        let item_tokens = item.as_ref().map(|(tokens, _)| tokens.clone());
        if let (Mode::Seq { item: slot }, Some((_, ty))) = (&mut mode, item) {
            *slot = Some(ty);
        }
        let skip = skip.get().is_some();
        let default = default.get().unwrap_or(Default::None);
        Field {
            bound: Both {
                dump: bound_dump.get(),
                load: bound_load.get(),
            },
            name,
            rename,
            skip,
            default,
            mode,
            mode_tokens,
            item_tokens,
        }
    }
}

impl Variant {
    pub(crate) fn from_ast(cx: &Ctxt, variant: &syn::Variant, rules: &Both<RenameRule>) -> Self {
        let mut rename_dump = Attr::none(cx, RENAME);
        let mut rename_load = Attr::none(cx, RENAME);
        let mut serde = SerdeSays::default();
        for attr in &variant.attrs {
            if attr.path().is_ident(JSONSTREAM) {
                let parsed = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident(RENAME) {
                        let lit = string(&meta)?;
                        rename_dump.set(&meta.path, lit.value());
                        rename_load.set(&meta.path, lit.value());
                    } else {
                        unknown(cx, &meta, "variant")?;
                    }
                    Ok(())
                });
                record(cx, parsed);
            } else if attr.path().is_ident(SERDE) {
                serde_attr(cx, attr, &SERDE_VARIANT, &mut serde);
            }
        }
        let serde = serde.names;
        let rust_name = unraw(&variant.ident);
        let name_with = |rename: Option<String>, rule: Option<RenameRule>| match (rename, rule) {
            (Some(name), _) => name,
            (None, Some(rule)) => rule.apply_to_variant(&rust_name),
            (None, None) => rust_name.clone(),
        };
        Variant {
            name: Name {
                dump: name_with(merge(cx, rename_dump, serde_lit(serde.dump)), rules.dump),
                load: name_with(merge(cx, rename_load, serde_lit(serde.load)), rules.load),
            },
        }
    }
}

/// A name in serde's attribute, with the literal to point at.
fn serde_lit(lit: Option<LitStr>) -> Option<(LitStr, String)> {
    lit.map(|lit| {
        let value = lit.value();
        (lit, value)
    })
}

/// `bound = "P, …"` (both derives) or `bound(dump = "P, …", load = "P, …")`.
fn bounds(
    meta: &ParseNestedMeta<'_>,
    dump: &mut Attr<'_, Vec<syn::WherePredicate>>,
    load: &mut Attr<'_, Vec<syn::WherePredicate>>,
) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let predicates = predicates(&string(meta)?)?;
        dump.set(&meta.path, predicates.clone());
        load.set(&meta.path, predicates);
        return Ok(());
    }
    meta.parse_nested_meta(|side| {
        if side.path.is_ident(DUMP) {
            dump.set(&side.path, predicates(&string(&side)?)?);
        } else if side.path.is_ident(LOAD) {
            load.set(&side.path, predicates(&string(&side)?)?);
        } else {
            return Err(side.error("expected `bound(dump = \"...\", load = \"...\")`"));
        }
        Ok(())
    })
}

fn predicates(lit: &LitStr) -> syn::Result<Vec<syn::WherePredicate>> {
    use syn::punctuated::Punctuated;
    let parsed = lit.parse_with(Punctuated::<syn::WherePredicate, Token![,]>::parse_terminated)?;
    Ok(parsed.into_iter().collect())
}

/// A name without its `r#`.
fn unraw(ident: &Ident) -> String {
    syn::ext::IdentExt::unraw(ident).to_string()
}

/// The string literal after `=`.
fn string(meta: &ParseNestedMeta<'_>) -> syn::Result<LitStr> {
    meta.value()?.parse()
}

fn rule(cx: &Ctxt, lit: &LitStr) -> Option<RenameRule> {
    RenameRule::from_str(&lit.value())
        .map_err(|message| cx.error_spanned_by(lit, message))
        .ok()
}

/// Records an unknown attribute and skips it, so that the attributes after it are still
/// checked.
fn unknown(cx: &Ctxt, meta: &ParseNestedMeta<'_>, place: &str) -> syn::Result<()> {
    let path = meta.path.to_token_stream().to_string().replace(' ', "");
    cx.error_spanned_by(
        &meta.path,
        format!("unknown jsonstream {place} attribute `{path}`"),
    );
    skip_value(meta)
}

/// Skips what follows an attribute's name: `= value` or `(…)`.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|nested| skip_value(&nested))?;
    }
    Ok(())
}

fn record(cx: &Ctxt, parsed: syn::Result<()>) {
    if let Err(err) = parsed {
        cx.syn_error(err);
    }
}

/// What serde's attributes at one place say that the derives must know.
#[derive(Default)]
struct SerdeSays {
    names: Both<LitStr>,
    /// The keys of [`SerdeRules::repeated`] written, with where.
    repeated: Vec<(&'static str, TokenStream)>,
}

impl SerdeSays {
    /// An error for each key of serde's that jsonstream's attribute does not repeat;
    /// `written` tells which of the repeated keys jsonstream's attribute has.
    fn check_repeated(&self, cx: &Ctxt, written: &[(&str, bool)]) {
        for (key, tokens) in &self.repeated {
            if written.iter().any(|(ours, is)| ours == key && !is) {
                let message = format!(
                    "#[serde({key})] needs #[jsonstream({key})] too: the serde and jsonstream \
                     derives must write and read the same document"
                );
                cx.error_spanned_by(tokens, message);
            }
        }
    }
}

/// Reads serde's attribute: the names of `#[serde(key = "…")]` or `#[serde(key(serialize =
/// "…", deserialize = "…"))]`, the keys to repeat, and an error for each unsupported key.
/// Everything else in serde's attribute is serde's business, and so are its syntax errors.
fn serde_attr(cx: &Ctxt, attr: &syn::Attribute, rules: &SerdeRules, says: &mut SerdeSays) {
    let SerdeSays { names, repeated } = says;
    let _ = attr.parse_nested_meta(|meta| {
        if let Some(&key) = rules.repeated.iter().find(|key| meta.path.is_ident(key)) {
            repeated.push((key, meta.path.to_token_stream()));
        } else if let Some(key) = rules.unsupported.iter().find(|key| meta.path.is_ident(key)) {
            let message = format!(
                "#[serde({key})] is not supported by the jsonstream derives: \
                 serde's derive would write or read another document than theirs"
            );
            cx.error_spanned_by(&meta.path, message);
        }
        if !meta.path.is_ident(rules.names) {
            return skip_value(&meta);
        }
        if meta.input.peek(Token![=]) {
            let lit = string(&meta)?;
            names.dump = Some(lit.clone());
            names.load = Some(lit);
            return Ok(());
        }
        meta.parse_nested_meta(|side| {
            if side.path.is_ident(SERIALIZE) {
                names.dump = Some(string(&side)?);
            } else if side.path.is_ident(DESERIALIZE) {
                names.load = Some(string(&side)?);
            } else {
                skip_value(&side)?;
            }
            Ok(())
        })
    });
}

/// The value of jsonstream's attribute or of serde's, which must agree if both are written:
/// the two derives must give the same name.
fn merge<T: PartialEq + Display>(
    cx: &Ctxt,
    ours: Attr<'_, T>,
    serde: Option<(LitStr, T)>,
) -> Option<T> {
    let name = ours.name;
    match (ours.get(), serde) {
        (Some(ours), Some((lit, theirs))) if ours != theirs => {
            let message = format!(
                "#[serde({name})] says \"{theirs}\" but #[jsonstream({name})] says \"{ours}\": \
                 the serde and jsonstream derives must use the same names"
            );
            cx.error_spanned_by(lit, message);
            Some(ours)
        }
        (Some(ours), _) => Some(ours),
        (None, serde) => serde.map(|(_, theirs)| theirs),
    }
}
