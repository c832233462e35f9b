//! Sequence fields: the elements of an array loaded one at a time into any `Extend`
//! collection, never all held unless the collection holds them.

use crate::error::{Error, Result};
use crate::model::load::Loader;
use crate::read::reader::JsonReader;
use crate::read::shape::begin_tuple;
use crate::read::Read;

/// Reads the next value of `json`, an array, into `target` with one call of `extend` over
/// an iterator that reads each element with `load` as it is asked for. Elements that
/// `extend` leaves unasked are skipped.
pub fn load_seq<'de, 'l, E, C, S, L>(
    json: &mut JsonReader<S>,
    loader: &mut Loader<'l>,
    target: &mut C,
    load: L,
) -> Result<()>
where
    C: Extend<E>,
    S: Read<'de>,
    L: FnMut(&mut JsonReader<S>, &mut Loader<'l>) -> Result<E>,
{
    begin_tuple(json, "a sequence")?;
    let mut elements = Elements {
        json,
        loader,
        load,
        error: None,
        done: false,
    };
    target.extend(&mut elements);
    if let Some(err) = elements.error {
        return Err(err);
    }
    let json = elements.json;
    while json.has_next()? {
        json.skip_value()?;
    }
    json.end_array()
}

/// The elements of an array, read one by one; the first error ends them and is kept.
struct Elements<'j, 'l, S, L> {
    json: &'j mut JsonReader<S>,
    loader: &'j mut Loader<'l>,
    load: L,
    error: Option<Error>,
    done: bool,
}

impl<'de, 'l, S, L, E> Iterator for Elements<'_, 'l, S, L>
where
    S: Read<'de>,
    L: FnMut(&mut JsonReader<S>, &mut Loader<'l>) -> Result<E>,
{
    type Item = E;

    fn next(&mut self) -> Option<E> {
        if self.done {
            return None;
        }
        let element = match self.json.has_next() {
            Ok(true) => (self.load)(self.json, self.loader),
            Ok(false) => {
                self.done = true;
                return None;
            }
            Err(err) => Err(err),
        };
        element
            .map_err(|err| {
                self.done = true;
                self.error = Some(err);
            })
            .ok()
    }
}
