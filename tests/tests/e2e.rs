//! Black-box tests of the built `qiao` binary: the CLI, configuration errors, the demo seed,
//! graceful shutdown, and two nodes sharing PostgreSQL and NATS.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const PASSWORD: &str = "Harbour-Ferry-42";

#[path = "e2e/agents.rs"]
mod agents;
#[path = "e2e/softphone.rs"]
mod softphone;
#[path = "e2e/transfers.rs"]
mod transfers;
#[path = "e2e/voice.rs"]
mod voice;

/// The `qiao` binary: `QIAO_BIN`, else next to this test in the target directory.
fn qiao_bin() -> PathBuf {
    if let Ok(p) = std::env::var("QIAO_BIN") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("test exe");
    let dir = exe.parent().and_then(|d| d.parent()).expect("target dir");
    let bin = dir.join("qiao");
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build -p qiao-api` first",
        bin.display()
    );
    bin
}

/// A running `qiao serve`, killed on drop.
struct Node {
    child: Child,
    url: String,
    stdout_lines: Vec<String>,
    data_dir: std::path::PathBuf,
}

impl Node {
    fn start(data_dir: &std::path::Path, env: &[(&str, String)], args: &[&str]) -> Node {
        let mut cmd = Command::new(qiao_bin());
        cmd.arg("serve")
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("QIAO_DATA_DIR", data_dir)
            .env("QIAO_HTTP_ADDR", "127.0.0.1:0")
            .env("QIAO_SIP_ADDR", "127.0.0.1:0")
            .env("QIAO_HTTP_CONSOLE_DIR", data_dir.join("no-console"))
            .env("QIAO_LOG_FORMAT", "json")
            .current_dir(data_dir)
            .stdout(Stdio::piped())
            // The server's log, for a failing test to show.
            .stderr(
                std::fs::File::create(data_dir.join("qiao.log"))
                    .map_or_else(|_| Stdio::null(), Stdio::from),
            );
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn qiao");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // Keep reading after start-up (lines nobody waits for any more are dropped), so
            // the server never writes into a closed pipe.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut lines = Vec::new();
        let want_demo = args.contains(&"--demo");
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let line = rx.recv_timeout(left).unwrap_or_else(|_| {
                let log = std::fs::read_to_string(data_dir.join("qiao.log")).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(15).collect();
                panic!(
                    "qiao did not start: {lines:?}\nits log ends:\n{}",
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                )
            });
            lines.push(line);
            let started = lines.iter().any(|l| l.starts_with("Qiao is running at "));
            let demo_done = !want_demo || lines.iter().any(|l| l.starts_with("Demo tenant:"));
            if started && demo_done {
                break;
            }
        }
        let url = lines
            .iter()
            .find_map(|l| l.strip_prefix("Qiao is running at "))
            .expect("url line")
            .trim_end_matches('/')
            .to_owned();
        Node {
            child,
            url,
            stdout_lines: lines,
            data_dir: data_dir.to_owned(),
        }
    }

    /// The demo tenant's password that `qiao serve --demo` printed.
    fn demo_password(&self) -> String {
        self.stdout_lines
            .iter()
            .find(|l| l.starts_with("Demo tenant:"))
            .and_then(|l| l.rsplit(' ').next())
            .expect("qiao printed the demo log-in")
            .to_owned()
    }

    /// The SIP address `qiao serve` printed.
    fn sip_addr(&self) -> String {
        self.stdout_lines
            .iter()
            .find_map(|l| l.strip_prefix("SIP is listening on "))
            .and_then(|l| l.split(' ').next())
            .expect("qiao printed its SIP address")
            .to_owned()
    }

    async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut req = reqwest::Client::new()
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
            .expect("json")
    }

    async fn ok(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let body = self.gql(token, query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }

    /// Sends SIGTERM and waits for a clean exit.
    fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "qiao did not stop after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // A failing test shows the end of the server's log.
        if std::thread::panicking() {
            let log = std::fs::read_to_string(self.data_dir.join("qiao.log")).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("--- qiao.log (last 40 lines) ---");
            for l in tail.iter().rev() {
                eprintln!("{l}");
            }
        }
    }
}

fn run_qiao(
    data_dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    Command::new(qiao_bin())
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("QIAO_DATA_DIR", data_dir)
        .envs(env.iter().copied())
        .current_dir(data_dir)
        .output()
        .expect("run qiao")
}

#[test]
fn bad_configuration_fails_fast_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_qiao(
        dir.path(),
        &["serve"],
        &[("QIAO_HTTP_ADDR", "not-an-address")],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).to_lowercase();
    assert!(err.contains("http.addr") && err.contains("qiao_"), "{err}");

    std::fs::write(
        dir.path().join("qiao.toml"),
        "[http]\nadress = \"127.0.0.1:1\"\n",
    )
    .unwrap();
    let out = run_qiao(dir.path(), &["serve"], &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("adress"), "{err}");

    let out = run_qiao(dir.path(), &["serve", "--config", "missing.toml"], &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.toml"));
}

#[test]
fn migrate_creates_the_embedded_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_qiao(dir.path(), &["migrate"], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("migrations applied"));
    assert!(dir.path().join("qiao.db").exists());
    // Twice is fine.
    assert!(run_qiao(dir.path(), &["migrate"], &[]).status.success());
}

#[test]
fn schema_subcommand_prints_the_committed_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_qiao(dir.path(), &["schema"], &[]);
    assert!(out.status.success());
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.graphql")).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), committed);
}

#[tokio::test]
async fn demo_seed_logs_in_survives_restart_and_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let node = Node::start(dir.path(), &[], &["--demo"]);
    let demo = node
        .stdout_lines
        .iter()
        .find(|l| l.starts_with("Demo tenant:"))
        .unwrap()
        .clone();
    let password = demo.rsplit(' ').next().unwrap().to_owned();
    assert!(
        demo.contains("'demo'") && demo.contains("owner@demo"),
        "{demo}"
    );
    let login = "mutation($p: String!) { logIn(input: {tenantSlug: \"demo\", email: \"owner@demo\", password: $p}) { accessToken user { role } } }";
    let d = node.ok(None, login, json!({"p": password})).await;
    assert_eq!(d["logIn"]["user"]["role"], "OWNER");
    let ready = reqwest::get(format!("{}/readyz", node.url)).await.unwrap();
    assert_eq!(ready.status(), 200);
    let status = node.terminate();
    assert!(status.success(), "exit status {status}");

    // The embedded database and the demo password persist across restarts.
    let node = Node::start(dir.path(), &[], &["--demo"]);
    assert!(node.stdout_lines.iter().any(|l| l.ends_with(&password)));
    node.ok(None, login, json!({"p": password})).await;
    assert!(node.terminate().success());
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn subscribe_events(node: &Node, token: &str) -> Ws {
    let mut req = format!("{}/graphql", node.url.replacen("http", "ws", 1))
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    let init =
        json!({"type": "connection_init", "payload": {"authorization": format!("Bearer {token}")}});
    ws.send(Message::text(init.to_string())).await.unwrap();
    let ack = next_json(&mut ws, Duration::from_secs(5))
        .await
        .expect("ack");
    assert_eq!(ack["type"], "connection_ack");
    let sub = json!({"id": "1", "type": "subscribe", "payload": {"query": "subscription { tenantEvents { kind data } }"}});
    ws.send(Message::text(sub.to_string())).await.unwrap();
    ws
}

async fn next_json(ws: &mut Ws, wait: Duration) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let msg = tokio::time::timeout_at(deadline, ws.next())
            .await
            .ok()??
            .ok()?;
        if let Message::Text(t) = msg {
            let v: Value = serde_json::from_str(&t).ok()?;
            if v["type"] != "ping" {
                return Some(v);
            }
        }
    }
}

/// A fresh PostgreSQL database under the admin URL.
async fn fresh_postgres(admin: &str) -> String {
    let name = format!("qiao_e2e_{}", uuid::Uuid::now_v7().simple());
    let out = Command::new("psql")
        .args([admin, "-qc", &format!("CREATE DATABASE {name}")])
        .output()
        .expect("psql");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
    format!("{base}/{name}")
}

#[tokio::test]
#[ignore = "needs PostgreSQL and NATS: run by the PostgreSQL pass (QIAO_TEST_POSTGRES, QIAO_TEST_NATS)"]
async fn a_mutation_on_node_a_reaches_a_subscriber_on_node_b() {
    let (Ok(pg), Ok(nats)) = (
        std::env::var("QIAO_TEST_POSTGRES"),
        std::env::var("QIAO_TEST_NATS"),
    ) else {
        panic!("QIAO_TEST_POSTGRES and QIAO_TEST_NATS must name the servers for this test");
    };
    let db = fresh_postgres(&pg).await;
    let env = [
        ("QIAO_DATABASE_URL", db),
        ("QIAO_NATS_URL", nats),
        (
            "QIAO_AUTH_JWT_SECRET",
            "shared-cluster-secret-shared-cluster-secret".to_owned(),
        ),
    ];
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = Node::start(dir_a.path(), &env, &[]);
    let b = Node::start(dir_b.path(), &env, &[]);
    let ready: Value = reqwest::get(format!("{}/readyz", b.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["busKind"], "nats");

    let slug = format!("multi-{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
    let signup = "mutation($s: String!, $p: String!) { signUp(input: {tenantName: \"Multi\", tenantSlug: $s, email: \"owner@multi.example\", password: $p}) { accessToken } }";
    let on_a = a.ok(None, signup, json!({"s": slug, "p": PASSWORD})).await;
    let token_a = on_a["signUp"]["accessToken"].as_str().unwrap().to_owned();
    // The same user logs in on node B (shared database) and subscribes there.
    let login = "mutation($s: String!, $p: String!) { logIn(input: {tenantSlug: $s, email: \"owner@multi.example\", password: $p}) { accessToken } }";
    let on_b = b.ok(None, login, json!({"s": slug, "p": PASSWORD})).await;
    let mut ws = subscribe_events(&b, on_b["logIn"]["accessToken"].as_str().unwrap()).await;
    // Another tenant listening on node B.
    let other = b
        .ok(
            None,
            signup,
            json!({"s": format!("{slug}-x"), "p": PASSWORD}),
        )
        .await;
    let mut ws_other = subscribe_events(&b, other["signUp"]["accessToken"].as_str().unwrap()).await;

    let invite = "mutation($e: String!) { inviteUser(input: {email: $e, role: AGENT}) { id } }";
    let mut got = None;
    for i in 0..50 {
        a.ok(
            Some(&token_a),
            invite,
            json!({"e": format!("n{i}@multi.example")}),
        )
        .await;
        if let Some(msg) = next_json(&mut ws, Duration::from_millis(200)).await {
            got = Some(msg);
            break;
        }
    }
    let msg = got.expect("node B's subscriber never got node A's event");
    assert_eq!(
        msg["payload"]["data"]["tenantEvents"]["kind"], "USER_INVITED",
        "{msg:#}"
    );
    assert!(
        msg["payload"]["data"]["tenantEvents"]["data"]["email"]
            .as_str()
            .unwrap()
            .ends_with("@multi.example")
    );
    assert!(
        next_json(&mut ws_other, Duration::from_millis(700))
            .await
            .is_none(),
        "another tenant got the event"
    );
    assert!(a.terminate().success());
    assert!(b.terminate().success());
}

#[test]
fn the_example_config_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../infra/qiao.example.toml");
    let out = run_qiao(dir.path(), &["migrate", "--config", example], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
