//! What a contract's metadata says about its messages, read from its `.contract` bundle: which
//! exist, which change state, and which answer a `Result` — the messages a proposal can
//! govern, since governance counts a call as failed only when its answer is an `Err`.

use std::path::Path;

use crate::error::{file, Result};
use serde::Deserialize;

/// One message as governance sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSpec {
    /// As the metadata names it: `set_config`, or `Admin::set_code` for a trait's message.
    pub label: String,
    pub mutates: bool,
    /// The message answers `Result<_, Error>` (inside ink!'s `MessageResult`).
    pub returns_result: bool,
}

impl MessageSpec {
    /// Whether a proposal may call it: it changes state and governance can read its outcome
    /// (a bare `bool` or `Option` answer would count as success whatever it says).
    pub fn governable(&self) -> bool {
        self.mutates && self.returns_result
    }
}

#[derive(Deserialize)]
struct Bundle {
    spec: Spec,
    types: Vec<TypeEntry>,
}

#[derive(Deserialize)]
struct Source {
    source: CodeHash,
}

#[derive(Deserialize)]
struct CodeHash {
    hash: String,
}

/// The 0x-hex code hash of the bundle's Wasm, as cargo-contract recorded it: what the chain
/// will call the code once it is uploaded.
pub fn code_hash(bundle_path: &Path) -> Result<String> {
    let text = std::fs::read_to_string(bundle_path)
        .map_err(|e| file(format!("{}: {e}", bundle_path.display())))?;
    let source: Source =
        serde_json::from_str(&text).map_err(|e| file(format!("{}: {e}", bundle_path.display())))?;
    Ok(source.source.hash)
}

#[derive(Deserialize)]
struct Spec {
    messages: Vec<Message>,
}

#[derive(Deserialize)]
struct Message {
    label: String,
    mutates: bool,
    #[serde(rename = "returnType")]
    return_type: Option<TypeRef>,
}

#[derive(Deserialize)]
struct TypeRef {
    #[serde(rename = "type")]
    id: u32,
}

#[derive(Deserialize)]
struct TypeEntry {
    id: u32,
    #[serde(rename = "type")]
    ty: TypeDef,
}

#[derive(Deserialize)]
struct TypeDef {
    #[serde(default)]
    path: Vec<String>,
    #[serde(default)]
    params: Vec<TypeParam>,
}

#[derive(Deserialize)]
struct TypeParam {
    #[serde(rename = "type")]
    id: Option<u32>,
}

/// Every message of the contract whose bundle is at `bundle_path`.
pub fn messages(bundle_path: &Path) -> Result<Vec<MessageSpec>> {
    let text = std::fs::read_to_string(bundle_path)
        .map_err(|e| file(format!("{}: {e}", bundle_path.display())))?;
    parse(&text).map_err(|e| file(format!("{}: {e}", bundle_path.display())))
}

fn parse(text: &str) -> Result<Vec<MessageSpec>> {
    let bundle: Bundle = serde_json::from_str(text).map_err(|e| file(e.to_string()))?;
    let ty = |id: u32| bundle.types.iter().find(|t| t.id == id).map(|t| &t.ty);
    let is_result = |id: u32| ty(id).is_some_and(|t| t.path == ["Result"]);
    Ok(bundle
        .spec
        .messages
        .iter()
        .map(|message| {
            // ink! wraps every answer in `MessageResult<T> = Result<T, LangError>`: look at T.
            let answer = message
                .return_type
                .as_ref()
                .and_then(|r| ty(r.id))
                .and_then(|wrapper| wrapper.params.first())
                .and_then(|t| t.id);
            MessageSpec {
                label: message.label.clone(),
                mutates: message.mutates,
                returns_result: answer.is_some_and(is_result),
            }
        })
        .collect())
}

/// The message `name` names: its exact label, or the one trait message it ends
/// (`set_code` for `Admin::set_code`).
pub fn find<'a>(messages: &'a [MessageSpec], name: &str) -> Option<&'a MessageSpec> {
    messages.iter().find(|m| m.label == name).or_else(|| {
        let mut suffixed = messages
            .iter()
            .filter(|m| m.label.rsplit("::").next() == Some(name));
        match (suffixed.next(), suffixed.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifacts::bundle_path;

    #[test]
    fn the_emission_bundle_tells_governed_messages_from_reads() {
        let path = bundle_path("emission");
        if !path.exists() {
            eprintln!("SKIPPED: {} is not built", path.display());
            return;
        }
        let messages = messages(&path).unwrap();
        let by = |name: &str| find(&messages, name).unwrap().clone();
        assert!(by("set_fixed_shares").governable());
        assert!(by("set_code").governable());
        assert_eq!(by("set_code").label, "Admin::set_code");
        let read = by("config");
        assert!(!read.mutates && !read.governable());
        assert!(find(&messages, "no_such_message").is_none());
        let hash = code_hash(&path).unwrap();
        assert!(hash.starts_with("0x") && hash.len() == 66, "{hash}");
    }

    #[test]
    fn an_answer_that_is_not_a_result_is_not_governable() {
        let text = r#"{
            "spec": { "messages": [
                { "label": "flip", "mutates": true, "returnType": { "type": 1 } },
                { "label": "A::set", "mutates": true, "returnType": { "type": 3 } },
                { "label": "B::set", "mutates": true, "returnType": { "type": 3 } }
            ] },
            "types": [
                { "id": 0, "type": { "path": [], "params": [] } },
                { "id": 1, "type": { "path": ["Result"], "params": [{ "type": 0 }, { "type": 2 }] } },
                { "id": 2, "type": { "path": ["ink_primitives", "LangError"] } },
                { "id": 3, "type": { "path": ["Result"], "params": [{ "type": 1 }, { "type": 2 }] } }
            ]
        }"#;
        let messages = parse(text).unwrap();
        assert!(messages[0].mutates && !messages[0].returns_result);
        assert!(!messages[0].governable());
        assert!(messages[1].governable());
        // Two trait messages end in `set`: the short name is ambiguous.
        assert!(find(&messages, "set").is_none());
        assert_eq!(find(&messages, "B::set").unwrap().label, "B::set");
    }
}
