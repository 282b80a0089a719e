//! Qiao's audio and voice: prompt normalisation to the telephony format and text-to-speech.
//! Pure transformations (bytes in, bytes out) except `tts`, which runs espeak-ng.

pub mod audio;
pub mod tts;

pub use audio::{NormalisedAudio, TELEPHONY_RATE, normalise};
