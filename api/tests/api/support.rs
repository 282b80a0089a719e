//! `TestApp`: starts the real app on a loopback port with a fresh database, and small
//! GraphQL and WebSocket clients.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use qiao_api::config::Config;
use qiao_api::server::Running;
use qiao_api::state::AppState;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

pub const SECRET: &str = "test-secret-test-secret-test-secret-0123";
pub const PASSWORD: &str = "Harbour-Ferry-42";

pub struct TestApp {
    pub url: String,
    pub running: Option<Running>,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
}

/// A signed-up tenant's owner session.
#[derive(Clone, Debug)]
pub struct Session {
    pub access: String,
    pub refresh: String,
    pub tenant_id: String,
    pub user_id: String,
    pub slug: String,
    pub email: String,
}

pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        &uuid::Uuid::now_v7().simple().to_string()[20..]
    )
}

/// A fresh database URL: a new PostgreSQL database under `QIAO_TEST_POSTGRES`, else SQLite.
async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("QIAO_TEST_POSTGRES") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!("qiao_t_{}", uuid::Uuid::now_v7().simple());
            let db = sea_orm::Database::connect(admin.as_str())
                .await
                .expect("admin connection");
            use sea_orm::ConnectionTrait;
            db.execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}?mode=rwc", dir.join("qiao.db").display()),
    }
}

pub fn is_postgres() -> bool {
    std::env::var("QIAO_TEST_POSTGRES").is_ok_and(|v| !v.is_empty())
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> Self {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| "warn,qiao_api=info".into()),
            )
            .with_test_writer()
            .try_init();
        let dir = tempfile::tempdir().expect("tempdir");
        let mut config = Config::default();
        config.http.addr = "127.0.0.1:0".parse().expect("addr");
        config.http.console_dir = dir.path().join("no-console");
        config.data.dir = dir.path().to_path_buf();
        config.database.url = Some(fresh_database(dir.path()).await);
        config.nats.url = std::env::var("QIAO_TEST_NATS")
            .ok()
            .filter(|v| !v.is_empty());
        config.auth.jwt_secret = Some(SECRET.into());
        tweak(&mut config);
        let state = AppState::build(config).await.expect("app state");
        let running = Running::start(state).await.expect("server");
        Self {
            url: format!("http://{}", running.addr),
            running: Some(running),
            http: reqwest::Client::new(),
            _dir: dir,
        }
    }

    pub fn state(&self) -> &AppState {
        &self.running.as_ref().expect("running").state
    }

    /// Posts a GraphQL request and returns the JSON body (whatever the status).
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut req = self
            .http
            .post(format!("{}/graphql", self.url))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json body")
    }

    /// Like `gql`, but panics unless the response has data and no errors.
    pub async fn ok(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let body = self.gql(token, query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }

    pub async fn sign_up(&self) -> Session {
        let slug = unique("t");
        let email = format!("owner@{slug}.example.com");
        let d = self
            .ok(
                None,
                "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken refreshToken user { id email role } tenant { id slug name } } }",
                json!({ "i": { "tenantName": format!("Tenant {slug}"), "tenantSlug": slug, "email": email, "password": PASSWORD } }),
            )
            .await;
        let p = &d["signUp"];
        Session {
            access: p["accessToken"].as_str().expect("access").into(),
            refresh: p["refreshToken"].as_str().expect("refresh").into(),
            tenant_id: p["tenant"]["id"].as_str().expect("tenant id").into(),
            user_id: p["user"]["id"].as_str().expect("user id").into(),
            slug,
            email,
        }
    }

    /// Invites `email` as `role` and accepts; returns the new member's session.
    pub async fn add_member(&self, by: &Session, email: &str, role: &str) -> Session {
        let inv = self
            .ok(
                Some(&by.access),
                "mutation($i: InviteUserInput!) { inviteUser(input: $i) { id token } }",
                json!({ "i": { "email": email, "role": role } }),
            )
            .await;
        let token = inv["inviteUser"]["token"].as_str().expect("token");
        let d = self
            .ok(
                None,
                "mutation($i: AcceptInviteInput!) { acceptInvite(input: $i) { accessToken refreshToken user { id role } tenant { id slug } } }",
                json!({ "i": { "token": token, "password": PASSWORD } }),
            )
            .await;
        let p = &d["acceptInvite"];
        assert_eq!(p["user"]["role"], role);
        Session {
            access: p["accessToken"].as_str().expect("access").into(),
            refresh: p["refreshToken"].as_str().expect("refresh").into(),
            tenant_id: p["tenant"]["id"].as_str().expect("tenant").into(),
            user_id: p["user"]["id"].as_str().expect("user").into(),
            slug: by.slug.clone(),
            email: email.into(),
        }
    }

    pub fn ws_url(&self) -> String {
        format!("{}/graphql", self.url.replacen("http", "ws", 1))
    }
}

/// The `extensions.code` of the first error.
pub fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {body:#}"))
}

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens a graphql-transport-ws connection; returns the socket and the server's reply to
/// `connection_init`.
pub async fn ws_connect(url: &str, token: Option<&str>) -> (Ws, Value) {
    let mut req = url.into_client_request().expect("ws request");
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(req)
        .await
        .expect("ws connect");
    let payload = token.map_or(
        json!({}),
        |t| json!({ "authorization": format!("Bearer {t}") }),
    );
    ws.send(Message::text(
        json!({ "type": "connection_init", "payload": payload }).to_string(),
    ))
    .await
    .expect("init");
    let ack = next_json(&mut ws, Duration::from_secs(5))
        .await
        .expect("ack");
    (ws, ack)
}

pub async fn ws_subscribe(ws: &mut Ws, id: &str, query: &str) {
    ws.send(Message::text(
        json!({ "id": id, "type": "subscribe", "payload": { "query": query } }).to_string(),
    ))
    .await
    .expect("subscribe");
}

/// The next JSON message within `wait`, skipping pings.
pub async fn next_json(ws: &mut Ws, wait: Duration) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let msg = tokio::time::timeout_at(deadline, ws.next())
            .await
            .ok()??
            .ok()?;
        if let Message::Text(t) = msg {
            let v: Value = serde_json::from_str(&t).expect("json message");
            if v["type"] == "ping" {
                continue;
            }
            return Some(v);
        }
    }
}

/// A moto S3 server on a free loopback port, stopped on drop. `./test.sh` installs moto.
pub struct MotoServer {
    child: std::process::Child,
    pub endpoint: String,
}

impl MotoServer {
    pub async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = std::process::Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("moto_server on PATH (pip install 'moto[server]'; ./test.sh does)");
        // Owned by `Self` at once, so a failed start still stops the process (Drop).
        let server = Self {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..100 {
            if reqwest::get(&server.endpoint).await.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("moto_server did not start on {}", server.endpoint);
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WAV file: `seconds` of a `freq` tone at `rate` Hz with `channels` channels.
pub fn tone_wav(rate: u32, channels: u16, seconds: f32, freq: f32) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = hound::WavWriter::new(&mut out, spec).expect("wav");
    for i in 0..(rate as f32 * seconds) as usize {
        let v = (2.0 * std::f32::consts::PI * freq * i as f32 / rate as f32).sin() * 0.5;
        for _ in 0..channels {
            w.write_sample((v * f32::from(i16::MAX)) as i16)
                .expect("sample");
        }
    }
    w.finalize().expect("finalize");
    out.into_inner()
}

impl TestApp {
    /// Uploads a prompt through the GraphQL multipart request spec.
    pub async fn upload_prompt(
        &self,
        token: &str,
        name: &str,
        filename: &str,
        bytes: Vec<u8>,
    ) -> Value {
        let operations = json!({
            "query": "mutation($name: String!, $file: Upload!) { uploadPrompt(name: $name, file: $file) { id name kind durationMs sourceName url } }",
            "variables": { "name": name, "file": null }
        });
        let form = reqwest::multipart::Form::new()
            .text("operations", operations.to_string())
            .text("map", json!({ "0": ["variables.file"] }).to_string())
            .part(
                "0",
                reqwest::multipart::Part::bytes(bytes).file_name(filename.to_owned()),
            );
        self.http
            .post(format!("{}/graphql", self.url))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("upload")
            .json()
            .await
            .expect("json")
    }
}
