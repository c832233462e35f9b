//! The item that holds the generated impl: an anonymous `const`, so that its `use` of the
//! crate and anything else it names stay out of the user's namespace.

use proc_macro2::TokenStream;
use quote::quote;

/// `const _: () = { use krate as __jsonstream; impl … };`, with the lints that generated
/// code may trip (an empty enum's match, a user's naming) allowed.
pub(crate) fn wrap_in_const(krate: &syn::Path, code: TokenStream) -> TokenStream {
    quote! {
        #[doc(hidden)]
        #[allow(
            non_upper_case_globals,
            unreachable_code,
            unused_attributes,
            unused_qualifications,
            clippy::all
        )]
        const _: () = {
            use #krate as __jsonstream;

            #code
        };
    }
}
