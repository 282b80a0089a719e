//! Prompts end to end: upload and TTS, normalised audio read back through expiring links,
//! on the local store and on a real S3 protocol server (moto).

use serde_json::json;

use crate::support::{MotoServer, TestApp, code, tone_wav};

fn wav_spec(bytes: &[u8]) -> hound::WavSpec {
    hound::WavReader::new(std::io::Cursor::new(bytes))
        .expect("a WAV file")
        .spec()
}

async fn upload_and_read_back(app: &TestApp) {
    let s = app.sign_up().await;
    let body = app
        .upload_prompt(
            &s.access,
            "Greeting",
            "greeting.wav",
            tone_wav(44_100, 2, 1.0, 440.0),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let p = &body["data"]["uploadPrompt"];
    assert_eq!(p["kind"], "UPLOAD");
    assert_eq!(p["sourceName"], "greeting.wav");
    let ms = p["durationMs"].as_i64().unwrap();
    assert!((990..=1010).contains(&ms), "{ms} ms");

    let url = format!("{}{}", app.url, p["url"].as_str().unwrap());
    let res = app.http.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "audio/wav");
    let audio = res.bytes().await.unwrap();
    let spec = wav_spec(&audio);
    assert_eq!(
        (spec.sample_rate, spec.channels, spec.bits_per_sample),
        (8000, 1, 16)
    );

    // A tampered link is refused.
    let tampered = url.replace("sig=", "sig=00");
    assert_eq!(app.http.get(&tampered).send().await.unwrap().status(), 403);
}

#[tokio::test]
async fn uploads_are_normalised_stored_and_served_by_signed_links() {
    let app = TestApp::spawn().await;
    upload_and_read_back(&app).await;
}

#[tokio::test]
async fn prompts_live_in_s3_when_configured() {
    let moto = MotoServer::start().await;
    let endpoint = moto.endpoint.clone();
    let app = TestApp::spawn_with(|c| {
        c.objects.backend = "s3".into();
        c.objects.s3_endpoint = Some(endpoint);
        c.objects.s3_bucket = Some("qiao-test".into());
        c.objects.s3_access_key_id = Some("test".into());
        c.objects.s3_secret_access_key = Some(qiao_api::config::Secret("test".into()));
        c.objects.s3_create_bucket = true;
    })
    .await;
    let ready: serde_json::Value = app
        .http
        .get(format!("{}/readyz", app.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["objectsKind"], "s3");
    assert_eq!(ready["objects"], true);
    upload_and_read_back(&app).await;
    // The object is in the bucket under the tenant's prefix.
    let listing = reqwest::get(format!(
        "{}/qiao-test?list-type=2&prefix=tenants/",
        moto.endpoint
    ))
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    assert!(
        listing.contains("/prompts/") && listing.contains(".wav</Key>"),
        "{listing}"
    );
}

#[tokio::test]
async fn bad_audio_is_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    for (file, bytes) in [
        ("notes.txt", b"hello".to_vec()),
        ("fake.wav", b"RIFF....this is not audio".to_vec()),
        ("silence.wav", tone_wav(8000, 1, 1.0, 0.0)),
    ] {
        let body = app.upload_prompt(&s.access, "Bad", file, bytes).await;
        assert_eq!(code(&body), "BAD_USER_INPUT", "{file}: {body:#}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "file");
    }
    let big = app
        .upload_prompt(&s.access, "Big", "big.wav", vec![0u8; 11 * 1024 * 1024])
        .await;
    assert_eq!(code(&big), "BAD_USER_INPUT", "{big:#}");
    let listed = app
        .ok(Some(&s.access), "{ prompts { id } }", json!({}))
        .await;
    assert_eq!(listed["prompts"], json!([]));
    let stored = walk(&app.state().config.objects_dir());
    assert!(stored.is_empty(), "objects left behind: {stored:?}");

    // Names are unique per tenant.
    app.upload_prompt(
        &s.access,
        "Hold music",
        "a.wav",
        tone_wav(8000, 1, 0.5, 300.0),
    )
    .await;
    let dup = app
        .upload_prompt(
            &s.access,
            "Hold music",
            "b.wav",
            tone_wav(8000, 1, 0.5, 300.0),
        )
        .await;
    assert_eq!(code(&dup), "CONFLICT");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            if e.path().is_dir() {
                walk(&e.path())
            } else {
                vec![e.path()]
            }
        })
        .collect()
}

#[tokio::test]
async fn tts_prompts_are_spoken_and_usable_in_flows() {
    let app = TestApp::spawn().await;
    let s = app.sign_up().await;
    let q = "mutation($i: TtsPromptInput!) { createTtsPrompt(input: $i) { id kind language text durationMs url } }";
    let d = app
        .ok(
            Some(&s.access),
            q,
            json!({"i": {"name": "欢迎", "text": "您好，欢迎致电客服中心。", "language": "zh-CN"}}),
        )
        .await;
    let p = &d["createTtsPrompt"];
    assert_eq!(p["kind"], "TTS");
    assert!(p["durationMs"].as_i64().unwrap() > 500);
    let audio = app
        .http
        .get(format!("{}{}", app.url, p["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(wav_spec(&audio).sample_rate, 8000);
    let fr = app
        .gql(
            Some(&s.access),
            q,
            json!({"i": {"name": "FR", "text": "Bonjour", "language": "fr"}}),
        )
        .await;
    assert_eq!(code(&fr), "BAD_USER_INPUT");

    // A flow may play the stored prompt; then the prompt cannot be deleted.
    let flow = app
        .ok(
            Some(&s.access),
            crate::center::FLOW,
            json!({"i": {"name": "F"}}),
        )
        .await;
    let fid = flow["createIvrFlow"]["id"].as_str().unwrap();
    let graph = json!({"start": "a", "nodes": [
        {"id": "a", "type": "play", "prompt": {"promptId": p["id"]}, "next": "b"},
        {"id": "b", "type": "hangup"}
    ]});
    let saved = app
        .ok(
            Some(&s.access),
            crate::center::SAVE_FLOW,
            json!({"id": fid, "g": graph}),
        )
        .await;
    assert_eq!(saved["saveIvrFlowDraft"]["issues"], json!([]));
    let del = app
        .gql(
            Some(&s.access),
            "mutation($id: ID!) { deletePrompt(id: $id) }",
            json!({"id": p["id"]}),
        )
        .await;
    assert_eq!(code(&del), "CONFLICT");
}

#[tokio::test]
async fn other_tenants_cannot_see_or_delete_prompts() {
    let app = TestApp::spawn().await;
    let a = app.sign_up().await;
    let b = app.sign_up().await;
    let up = app
        .upload_prompt(
            &a.access,
            "A prompt",
            "a.wav",
            tone_wav(8000, 1, 0.5, 440.0),
        )
        .await;
    let id = up["data"]["uploadPrompt"]["id"].as_str().unwrap();
    for q in [
        "query($id: ID!) { prompt(id: $id) { id } }",
        "mutation($id: ID!) { deletePrompt(id: $id) }",
    ] {
        assert_eq!(
            code(&app.gql(Some(&b.access), q, json!({"id": id})).await),
            "NOT_FOUND",
            "{q}"
        );
    }
    assert_eq!(
        app.ok(Some(&b.access), "{ prompts { id } }", json!({}))
            .await["prompts"],
        json!([])
    );
    // A's prompt id in B's flow is an unknown reference.
    let flow = app
        .ok(
            Some(&b.access),
            crate::center::FLOW,
            json!({"i": {"name": "B"}}),
        )
        .await;
    let graph = json!({"start": "a", "nodes": [{"id": "a", "type": "play", "prompt": {"promptId": id}, "next": "b"}, {"id": "b", "type": "hangup"}]});
    let saved = app
        .ok(
            Some(&b.access),
            crate::center::SAVE_FLOW,
            json!({"id": flow["createIvrFlow"]["id"], "g": graph}),
        )
        .await;
    assert!(saved.to_string().contains("UNKNOWN_REFERENCE"));
}
