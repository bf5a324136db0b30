//! Transport errors keep the HTTP status as data and their cause as the source.

use std::error::Error as _;
use std::time::Duration;

use super::Error;
use super::hub::{http_client, request_error, status_error};

/// One HTTP answer from a listener on loopback, then the listener is gone.
fn answer_once(response: &'static str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/x", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        let (mut socket, _) = listener.accept().unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request);
        socket.write_all(response.as_bytes()).unwrap();
    });
    url
}

fn failure_for(response: &'static str) -> Error {
    let url = answer_once(response);
    let answer = http_client(Duration::from_secs(10))
        .get(&url)
        .send()
        .unwrap();
    status_error("read the refs", answer)
}

#[test]
fn a_refused_token_is_known_by_its_status_not_its_words() {
    let error = failure_for(
        "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: 31\r\nconnection: close\r\n\r\n{\"error\":\"Invalid credentials\"}",
    );
    assert_eq!(error.status(), Some(401));
    assert!(error.is_refused_credentials());
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "read the refs: HTTP 401 Unauthorized: Invalid credentials"
    );
    // Wrapped in what was being done, the status is still there.
    let wrapped = Error::Context {
        what: "could not learn the Hugging Face user name".into(),
        source: Box::new(error),
    };
    assert_eq!(wrapped.status(), Some(401));
    assert!(wrapped.is_refused_credentials());
}

#[test]
fn a_busy_server_is_retried_after_the_wait_it_asked_for() {
    let error = failure_for(
        "HTTP/1.1 429 Too Many Requests\r\nretry-after: 120\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
    );
    assert_eq!(error.status(), Some(429));
    assert!(error.is_retryable());
    assert!(!error.is_refused_credentials());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    let error =
        failure_for("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    assert_eq!(error.status(), Some(404));
    assert!(!error.is_retryable());
}

#[test]
fn a_request_without_an_answer_keeps_its_cause() {
    // A port nothing listens on: bound, then closed again.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let failed = http_client(Duration::from_secs(10))
        .get(format!("http://127.0.0.1:{port}/x"))
        .send()
        .unwrap_err();
    let error = request_error("read the refs", failed);
    assert!(matches!(error, Error::Network { .. }));
    assert_eq!(error.status(), None);
    assert!(error.is_retryable());
    assert!(
        error.to_string().contains("connection refused (127.0.0.1:"),
        "{error}"
    );
    let source = error.source().expect("the reqwest error is kept");
    assert!(source.downcast_ref::<reqwest::Error>().is_some());
}
