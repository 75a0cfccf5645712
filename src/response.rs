//! A client's answers to one administration of an instrument.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One answer: a value, missing, or "not applicable".
///
/// In JSON a number is a value, `null` is missing and the string `"n/a"` is
/// not applicable. An item absent from a response is missing too.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Answer {
    /// The option chosen (or the mark on a continuous line), before recoding
    /// and reverse keying.
    Value(f64),
    /// No answer.
    #[default]
    Missing,
    /// The respondent chose "does not apply".
    NotApplicable,
}

impl From<f64> for Answer {
    fn from(v: f64) -> Answer {
        Answer::Value(v)
    }
}

impl From<Option<f64>> for Answer {
    fn from(v: Option<f64>) -> Answer {
        v.map_or(Answer::Missing, Answer::Value)
    }
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::Value(v) => s.serialize_f64(*v),
            Answer::Missing => s.serialize_none(),
            Answer::NotApplicable => s.serialize_str("n/a"),
        }
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Answer, D::Error> {
        struct AnswerVisitor;
        impl Visitor<'_> for AnswerVisitor {
            type Value = Answer;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, null, or \"n/a\"")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Answer, E> {
                Ok(Answer::Value(v))
            }
            #[expect(clippy::cast_precision_loss, reason = "answers are small integers")]
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Answer, E> {
                Ok(Answer::Value(v as f64))
            }
            #[expect(clippy::cast_precision_loss, reason = "answers are small integers")]
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Answer, E> {
                Ok(Answer::Value(v as f64))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Answer, E> {
                Ok(Answer::Missing)
            }
            fn visit_none<E: de::Error>(self) -> Result<Answer, E> {
                Ok(Answer::Missing)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Answer, E> {
                if v.eq_ignore_ascii_case("n/a") {
                    Ok(Answer::NotApplicable)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
        }
        d.deserialize_any(AnswerVisitor)
    }
}

/// A response: the answers of one respondent to one administration.
///
/// ```
/// let r: bordin::Response = serde_json::from_str(
///     r#"{"instrument":"wai-sr","respondent":"c01","session":3,"answers":{"1":4,"2":null,"3":"n/a"}}"#,
/// )?;
/// assert_eq!(r.answers["1"], bordin::Answer::Value(4.0));
/// assert_eq!(r.answers["3"], bordin::Answer::NotApplicable);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// The instrument id.
    pub instrument: String,
    /// Who answered (a pseudonymous id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respondent: Option<String>,
    /// The session number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<u32>,
    /// The date of the session (ISO 8601 `YYYY-MM-DD`, not interpreted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Answers by item id. An item that is absent is missing.
    pub answers: BTreeMap<String, Answer>,
}

impl Response {
    /// An empty response for `instrument`.
    #[must_use]
    pub fn new(instrument: impl Into<String>) -> Response {
        Response {
            instrument: instrument.into(),
            ..Response::default()
        }
    }

    /// Sets the respondent.
    #[must_use]
    pub fn respondent(mut self, respondent: impl Into<String>) -> Response {
        self.respondent = Some(respondent.into());
        self
    }

    /// Sets the session number.
    #[must_use]
    pub fn session(mut self, session: u32) -> Response {
        self.session = Some(session);
        self
    }

    /// Adds (or replaces) one answer.
    #[must_use]
    pub fn answer(mut self, item: impl Into<String>, answer: impl Into<Answer>) -> Response {
        self.answers.insert(item.into(), answer.into());
        self
    }

    /// Answers items `"1"`, `"2"`, … in order with `values`.
    #[must_use]
    pub fn with_values(mut self, values: &[f64]) -> Response {
        for (i, v) in values.iter().enumerate() {
            self.answers.insert((i + 1).to_string(), Answer::Value(*v));
        }
        self
    }
}
