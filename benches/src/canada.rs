//! Model of `canada.json`: one GeoJSON `FeatureCollection` holding the outline of Canada
//! as polygons of `[longitude, latitude]` pairs (about 111k numbers, mostly floats with many
//! digits, a few integers).

use serde::{Deserialize, Serialize};

/// The whole document.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Canada {
    /// Always `"FeatureCollection"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The features (a single one, the country).
    pub features: Vec<Feature>,
}

/// One GeoJSON feature.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Feature {
    /// Always `"Feature"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Free-form properties of the feature.
    pub properties: Properties,
    /// The shape.
    pub geometry: Geometry,
}

/// Properties of a [`Feature`].
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Properties {
    /// The feature's name (`"Canada"`).
    pub name: String,
}

/// A polygon geometry: a list of rings, each a list of points.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Geometry {
    /// Always `"Polygon"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Rings of points.
    pub coordinates: Vec<Vec<Point>>,
}

/// A `[longitude, latitude]` pair.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
pub struct Point(pub f64, pub f64);

impl Canada {
    /// Number of points over all rings, a cheap summary that keeps the value alive.
    pub fn point_count(&self) -> usize {
        self.features
            .iter()
            .flat_map(|f| &f.geometry.coordinates)
            .map(Vec::len)
            .sum()
    }
}
