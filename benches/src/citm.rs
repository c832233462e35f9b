//! Model of `citm_catalog.json`: a concert-hall catalogue with maps keyed by numeric ids
//! (JSON object keys such as `"205705993"`, deserialized as `u64` map keys) and a few hundred
//! performances with nested price and seat-category lists.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Numeric identifier used across the catalogue.
pub type Id = u64;

/// The whole document.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    /// Area id to area name.
    pub area_names: BTreeMap<Id, String>,
    /// Audience sub-category id to name.
    pub audience_sub_category_names: BTreeMap<Id, String>,
    /// Block id to block name (empty in the document).
    pub block_names: BTreeMap<Id, String>,
    /// Event id to event.
    pub events: BTreeMap<Id, Event>,
    /// All performances.
    pub performances: Vec<Performance>,
    /// Seat-category id to name.
    pub seat_category_names: BTreeMap<Id, String>,
    /// Sub-topic id to name.
    pub sub_topic_names: BTreeMap<Id, String>,
    /// Subject code to name (empty in the document).
    pub subject_names: BTreeMap<Id, String>,
    /// Topic id to name.
    pub topic_names: BTreeMap<Id, String>,
    /// Topic id to the ids of its sub-topics.
    pub topic_sub_topics: BTreeMap<Id, Vec<Id>>,
    /// Venue code to venue name.
    pub venue_names: BTreeMap<String, String>,
}

/// One event (a show that has one or more performances).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// Description, `null` throughout the document.
    pub description: Option<String>,
    /// The event id (same as its key in [`Catalog::events`]).
    pub id: Id,
    /// Logo path, when there is one.
    pub logo: Option<String>,
    /// Display name.
    pub name: String,
    /// Sub-topics of the event.
    pub sub_topic_ids: Vec<Id>,
    /// Subject code, `null` throughout the document.
    pub subject_code: Option<String>,
    /// Subtitle, `null` throughout the document.
    pub subtitle: Option<String>,
    /// Topics of the event.
    pub topic_ids: Vec<Id>,
}

/// One performance of an event.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Performance {
    /// The event performed.
    pub event_id: Id,
    /// The performance id.
    pub id: Id,
    /// Logo path, when there is one.
    pub logo: Option<String>,
    /// Name, `null` throughout the document.
    pub name: Option<String>,
    /// Prices per seat category and audience.
    pub prices: Vec<Price>,
    /// Seat categories and the areas they cover.
    pub seat_categories: Vec<SeatCategory>,
    /// Seat map image, `null` throughout the document.
    pub seat_map_image: Option<String>,
    /// Start time in milliseconds since the Unix epoch.
    pub start: u64,
    /// Code of the venue (a key of [`Catalog::venue_names`]).
    pub venue_code: String,
}

/// One price of a performance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    /// Amount in hundredths of the currency unit.
    pub amount: u64,
    /// Audience sub-category the price applies to.
    pub audience_sub_category_id: Id,
    /// Seat category the price applies to.
    pub seat_category_id: Id,
}

/// A seat category and the areas it covers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeatCategory {
    /// Areas in the category.
    pub areas: Vec<Area>,
    /// The seat-category id.
    pub seat_category_id: Id,
}

/// One area of a [`SeatCategory`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Area {
    /// The area id (a key of [`Catalog::area_names`]).
    pub area_id: Id,
    /// Blocks of the area (empty throughout the document).
    pub block_ids: Vec<Id>,
}

impl Catalog {
    /// Number of areas over all performances, a cheap summary that keeps the value alive.
    pub fn area_count(&self) -> usize {
        self.performances
            .iter()
            .flat_map(|p| &p.seat_categories)
            .map(|c| c.areas.len())
            .sum()
    }
}
