//! Model of `twitter.json`: one page of a Twitter search API response (100 statuses, most
//! of them retweets that embed the original status, many strings in Japanese).

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

/// The whole document.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Twitter {
    /// The statuses found.
    pub statuses: Vec<Status>,
    /// Paging information about the search.
    pub search_metadata: SearchMetadata,
}

/// A status (tweet). A retweet embeds the original in [`Status::retweeted_status`].
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Status {
    /// Search metadata of this result.
    pub metadata: StatusMetadata,
    /// Creation time as text (`"Sun Aug 31 00:29:15 +0000 2014"`).
    pub created_at: String,
    /// The status id.
    pub id: u64,
    /// The status id as text.
    pub id_str: String,
    /// The text of the status.
    pub text: String,
    /// The client that posted it, as an HTML link.
    pub source: String,
    /// Whether `text` was truncated.
    pub truncated: bool,
    /// Status this one replies to.
    pub in_reply_to_status_id: Option<u64>,
    /// Status this one replies to, as text.
    pub in_reply_to_status_id_str: Option<String>,
    /// Author of the status this one replies to.
    pub in_reply_to_user_id: Option<u64>,
    /// Author of the status this one replies to, as text.
    pub in_reply_to_user_id_str: Option<String>,
    /// Screen name of the author of the status this one replies to.
    pub in_reply_to_screen_name: Option<String>,
    /// The author.
    pub user: User,
    /// Deprecated geo point, `null` throughout the document.
    #[serde(serialize_with = "serialize_ignored")]
    pub geo: Option<IgnoredAny>,
    /// GeoJSON point, `null` throughout the document.
    #[serde(serialize_with = "serialize_ignored")]
    pub coordinates: Option<IgnoredAny>,
    /// Place, `null` throughout the document.
    #[serde(serialize_with = "serialize_ignored")]
    pub place: Option<IgnoredAny>,
    /// Contributors, `null` throughout the document.
    #[serde(serialize_with = "serialize_ignored")]
    pub contributors: Option<IgnoredAny>,
    /// The original status when this one is a retweet.
    #[serde(default)]
    pub retweeted_status: Option<Box<Status>>,
    /// Number of retweets.
    pub retweet_count: u64,
    /// Number of likes.
    pub favorite_count: u64,
    /// Hashtags, URLs, mentions and media in `text`.
    pub entities: StatusEntities,
    /// Whether the searching user liked it.
    pub favorited: bool,
    /// Whether the searching user retweeted it.
    pub retweeted: bool,
    /// Whether a link in it may point to sensitive content (present on some statuses).
    #[serde(default)]
    pub possibly_sensitive: Option<bool>,
    /// Language code of `text`.
    pub lang: String,
}

/// Per-result search metadata.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct StatusMetadata {
    /// `"recent"` or `"popular"`.
    pub result_type: String,
    /// Language code detected by the search.
    pub iso_language_code: String,
}

/// A user profile.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct User {
    /// The user id.
    pub id: u64,
    /// The user id as text.
    pub id_str: String,
    /// Display name.
    pub name: String,
    /// Handle without `@`.
    pub screen_name: String,
    /// Free-form location.
    pub location: String,
    /// Profile description.
    pub description: String,
    /// Profile URL.
    pub url: Option<String>,
    /// URLs in `url` and `description`.
    pub entities: UserEntities,
    /// Whether the account is protected.
    pub protected: bool,
    /// Followers.
    pub followers_count: u64,
    /// Followed accounts.
    pub friends_count: u64,
    /// Lists the user is on.
    pub listed_count: u64,
    /// Account creation time as text.
    pub created_at: String,
    /// Statuses the user liked.
    pub favourites_count: u64,
    /// Offset from UTC in seconds.
    pub utc_offset: Option<i64>,
    /// Time zone name.
    pub time_zone: Option<String>,
    /// Whether geotagging is on.
    pub geo_enabled: bool,
    /// Whether the account is verified.
    pub verified: bool,
    /// Statuses posted.
    pub statuses_count: u64,
    /// Interface language.
    pub lang: String,
    /// Whether contributor mode is on.
    pub contributors_enabled: bool,
    /// Whether the user is a translator.
    pub is_translator: bool,
    /// Whether translation is enabled.
    pub is_translation_enabled: bool,
    /// Profile background colour (hex).
    pub profile_background_color: String,
    /// Profile background image.
    pub profile_background_image_url: String,
    /// Profile background image over HTTPS.
    pub profile_background_image_url_https: String,
    /// Whether the background image is tiled.
    pub profile_background_tile: bool,
    /// Avatar.
    pub profile_image_url: String,
    /// Avatar over HTTPS.
    pub profile_image_url_https: String,
    /// Banner image (absent on some profiles).
    #[serde(default)]
    pub profile_banner_url: Option<String>,
    /// Link colour (hex).
    pub profile_link_color: String,
    /// Sidebar border colour (hex).
    pub profile_sidebar_border_color: String,
    /// Sidebar fill colour (hex).
    pub profile_sidebar_fill_color: String,
    /// Text colour (hex).
    pub profile_text_color: String,
    /// Whether the background image is shown.
    pub profile_use_background_image: bool,
    /// Whether the profile is the default one.
    pub default_profile: bool,
    /// Whether the avatar is the default one.
    pub default_profile_image: bool,
    /// Whether the searching user follows this one.
    pub following: bool,
    /// Whether a follow request is pending.
    pub follow_request_sent: bool,
    /// Whether notifications are on.
    pub notifications: bool,
}

/// URL entities of a [`User`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct UserEntities {
    /// URLs in the profile URL (absent when there is none).
    #[serde(default)]
    pub url: Option<UrlList>,
    /// URLs in the description.
    pub description: UrlList,
}

/// A list of URL entities.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct UrlList {
    /// The URLs.
    pub urls: Vec<Url>,
}

/// A shortened URL inside a text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Url {
    /// The t.co URL.
    pub url: String,
    /// The URL it expands to.
    pub expanded_url: String,
    /// The URL as displayed.
    pub display_url: String,
    /// Start and end offsets in the text.
    pub indices: Indices,
}

/// `[start, end)` character offsets of an entity in its text.
pub type Indices = (u32, u32);

/// Entities of a [`Status`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct StatusEntities {
    /// Hashtags.
    pub hashtags: Vec<Hashtag>,
    /// Cashtags (empty throughout the document).
    pub symbols: Vec<Hashtag>,
    /// URLs.
    pub urls: Vec<Url>,
    /// Mentioned users.
    pub user_mentions: Vec<UserMention>,
    /// Attached media (absent when there is none).
    #[serde(default)]
    pub media: Option<Vec<Media>>,
}

/// A hashtag (or cashtag).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Hashtag {
    /// The tag without `#`.
    pub text: String,
    /// Where it is in the text.
    pub indices: Indices,
}

/// A mentioned user.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct UserMention {
    /// Handle without `@`.
    pub screen_name: String,
    /// Display name.
    pub name: String,
    /// The user id.
    pub id: u64,
    /// The user id as text.
    pub id_str: String,
    /// Where it is in the text.
    pub indices: Indices,
}

/// An attached photo.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Media {
    /// The media id.
    pub id: u64,
    /// The media id as text.
    pub id_str: String,
    /// Where its URL is in the text.
    pub indices: Indices,
    /// Image URL.
    pub media_url: String,
    /// Image URL over HTTPS.
    pub media_url_https: String,
    /// The t.co URL.
    pub url: String,
    /// The URL as displayed.
    pub display_url: String,
    /// The URL it expands to.
    pub expanded_url: String,
    /// Media type (`"photo"`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Available sizes.
    pub sizes: Sizes,
    /// Status the media was first posted with (present on re-used media).
    #[serde(default)]
    pub source_status_id: Option<u64>,
    /// Same, as text.
    #[serde(default)]
    pub source_status_id_str: Option<String>,
}

/// Available sizes of a [`Media`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Sizes {
    /// Medium.
    pub medium: Size,
    /// Small.
    pub small: Size,
    /// Thumbnail.
    pub thumb: Size,
    /// Large.
    pub large: Size,
}

/// One size of a [`Media`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Size {
    /// Width in pixels.
    pub w: u32,
    /// Height in pixels.
    pub h: u32,
    /// `"fit"` or `"crop"`.
    pub resize: String,
}

/// Search paging information.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct SearchMetadata {
    /// Seconds the search took.
    pub completed_in: f64,
    /// Highest status id in the page.
    pub max_id: u64,
    /// Same, as text.
    pub max_id_str: String,
    /// Query string of the next page.
    pub next_results: String,
    /// The (URL-encoded) query.
    pub query: String,
    /// Query string to refresh the results.
    pub refresh_url: String,
    /// Page size.
    pub count: u64,
    /// Lowest status id asked for.
    pub since_id: u64,
    /// Same, as text.
    pub since_id_str: String,
}

impl Twitter {
    /// Total length of all status texts (retweeted originals included), a cheap summary that
    /// keeps the value alive.
    pub fn text_len(&self) -> usize {
        fn status_len(s: &Status) -> usize {
            s.text.len() + s.retweeted_status.as_deref().map_or(0, status_len)
        }
        self.statuses.iter().map(status_len).sum()
    }
}

/// Serializes a field kept as [`IgnoredAny`] (no content) as `null`, which is what it holds
/// throughout the document; used by the writing benches.
fn serialize_ignored<S: serde::Serializer>(
    _value: &Option<IgnoredAny>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_none()
}
