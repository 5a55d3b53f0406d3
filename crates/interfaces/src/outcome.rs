//! How a caller that cannot know a message's answer type — governance executing a proposal,
//! the deployment plan — tells a refusal from a success: every governed message answers
//! `Result<_, Error>`, whose `Err` encodes as a leading 1 followed by the error variant's
//! index. The caller reads that from the answer (after ink!'s `MessageResult` wrapper).
//!
//! A message whose answer is not a `Result` (a bare `bool`, an `Option`) would read as a
//! success whatever it said: proposals are built only for messages that answer a `Result`
//! (the `inktensor propose` command checks the target's metadata).

/// A called message's answer, as far as success goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome {
    Succeeded,
    /// The message answered `Err`; the variant's index, when the answer carried one.
    Failed(Option<u8>),
}

impl ink::scale::Decode for CallOutcome {
    fn decode<I: ink::scale::Input>(input: &mut I) -> Result<Self, ink::scale::Error> {
        let outcome = match input.read_byte() {
            Ok(1) => CallOutcome::Failed(input.read_byte().ok()),
            _ => CallOutcome::Succeeded,
        };
        // The rest of the answer is the message's business.
        let mut rest = [0u8; 1];
        while input.read(&mut rest).is_ok() {}
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::scale::{Decode, Encode};

    fn outcome_of(answer: impl Encode) -> CallOutcome {
        CallOutcome::decode(&mut &answer.encode()[..]).unwrap()
    }

    #[ink::scale_derive(Encode)]
    enum Error {
        #[allow(dead_code)]
        First,
        Third,
    }

    #[test]
    fn a_result_answer_reads_as_its_outcome() {
        assert_eq!(
            outcome_of(Ok::<(u32, [u8; 40]), Error>((7, [1; 40]))),
            CallOutcome::Succeeded
        );
        assert_eq!(
            outcome_of(Err::<(), Error>(Error::Third)),
            CallOutcome::Failed(Some(1))
        );
        assert_eq!(outcome_of(()), CallOutcome::Succeeded);
    }

    /// Why governed messages must answer a `Result`: a bare `true` reads as a refusal and a
    /// `Some` as a refusal too, `false` and `None` as successes — the answer means nothing.
    #[test]
    fn a_bare_bool_or_option_is_misread() {
        assert_eq!(outcome_of(true), CallOutcome::Failed(None));
        assert_eq!(outcome_of(false), CallOutcome::Succeeded);
        assert_eq!(outcome_of(Some(3u8)), CallOutcome::Failed(Some(3)));
        assert_eq!(outcome_of(None::<u8>), CallOutcome::Succeeded);
    }
}
