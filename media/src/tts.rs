//! Text-to-speech with espeak-ng (a real engine, installed by the project's scripts), rendered
//! to the telephony format. Languages: `zh-CN` (Mandarin voice `cmn`) and `en`.

use std::time::Duration;

use crate::audio::{AudioError, NormalisedAudio, normalise};

#[derive(Debug, thiserror::Error)]
pub enum TtsError {
    #[error("speech language '{0}' is not supported; use zh-CN or en")]
    Language(String),
    #[error("the text to speak is empty or longer than 2000 characters")]
    Text,
    #[error("the speech engine is not installed (espeak-ng): {0}")]
    Missing(String),
    #[error("the speech engine failed: {0}")]
    Failed(String),
    #[error(transparent)]
    Audio(#[from] AudioError),
}

/// The espeak-ng voice for a language tag.
pub fn voice(lang: &str) -> Result<&'static str, TtsError> {
    match lang {
        "zh-CN" | "zh" | "cmn" => Ok("cmn"),
        "en" | "en-US" | "en-GB" => Ok("en"),
        other => Err(TtsError::Language(other.to_owned())),
    }
}

/// Speaks `text` in `lang` and returns it as 8 kHz mono WAV.
pub async fn speak(text: &str, lang: &str) -> Result<NormalisedAudio, TtsError> {
    let voice = voice(lang)?;
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 2000 {
        return Err(TtsError::Text);
    }
    let path = std::env::temp_dir().join(format!("qiao-tts-{}.wav", uuid::Uuid::now_v7().simple()));
    let run = tokio::process::Command::new("espeak-ng")
        .args(["-v", voice, "-s", "150", "-w"])
        .arg(&path)
        .arg("--")
        .arg(text)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(30), run)
        .await
        .map_err(|_| TtsError::Failed("timed out after 30 s".into()))?
        .map_err(|e| TtsError::Missing(e.to_string()))?;
    let result = if output.status.success() {
        tokio::fs::read(&path)
            .await
            .map_err(|e| TtsError::Failed(e.to_string()))
            .and_then(|wav| Ok(normalise(&wav, Some("wav"))?))
    } else {
        Err(TtsError::Failed(
            String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        ))
    };
    let _ = tokio::fs::remove_file(&path).await;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn speaks_mandarin_and_english_and_refuses_other_languages() {
        for (text, lang) in [
            ("您好，欢迎致电桥客服中心。", "zh-CN"),
            ("Welcome to Qiao.", "en"),
        ] {
            let audio = speak(text, lang)
                .await
                .expect("espeak-ng installed (./test.sh installs it)");
            assert!(
                audio.duration_ms() > 500,
                "{lang}: {} ms",
                audio.duration_ms()
            );
        }
        assert!(matches!(
            speak("Bonjour", "fr").await,
            Err(TtsError::Language(_))
        ));
        assert!(matches!(speak("  ", "en").await, Err(TtsError::Text)));
    }
}
