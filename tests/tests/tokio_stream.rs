//! The async streams (`jsonstream::tokio::{stream, stream_at, stream_values}`) against their
//! blocking twins: for valid and corrupted documents, every JSONTestSuite file in an array,
//! limits and failing inputs, delivered in one-byte, short and whole reads with a `Pending`
//! before every other read, they yield exactly the same items (values, and the error with its
//! message, offset, line, column and path, after the same elements); and over loopback TCP.

use futures_util::StreamExt;
use jsonstream::ReaderOptions;
use jsonstream_tests::readers::{blocking_iter, Hesitant, Schedule};
use jsonstream_tests::snapshot::{drain, ErrInfo};
use jsonstream_tests::strategies::{arb_doc, arb_edit, arb_style, config, Doc};
use jsonstream_tests::stream_inputs::{
    arb_input, arb_lines, arb_options, blocking_items, corrupted, lines_bytes, Input, Shape,
};
use jsonstream_tests::suite::suite_files;
use proptest::collection::vec;
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn asynchronous<T: DeserializeOwned>(
    options: &ReaderOptions,
    shape: &Shape,
    bytes: &[u8],
    input: &Input,
) -> Vec<Result<T, ErrInfo>> {
    let reader = Hesitant::new(input.wrap(bytes));
    match shape {
        Shape::Array => drain(blocking_iter(options.async_stream::<T, _>(reader))),
        Shape::At(pointer) => drain(blocking_iter(
            options.async_stream_at::<T, _>(reader, pointer),
        )),
        Shape::Values => drain(blocking_iter(options.async_stream_values::<T, _>(reader))),
    }
}

/// Asserts that the async stream gives exactly the blocking stream's items; returns them.
fn same_items<T>(
    options: &ReaderOptions,
    shape: &Shape,
    bytes: &[u8],
    input: &Input,
) -> Vec<Result<T, ErrInfo>>
where
    T: DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let want = blocking_items::<T>(options, shape, bytes, input);
    let got = asynchronous::<T>(options, shape, bytes, input);
    assert_eq!(
        got,
        want,
        "{shape:?}, {input:?}, {options:?} on {:?}",
        String::from_utf8_lossy(bytes)
    );
    want
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn arrays_give_what_stream_gives(
        elements in vec(arb_doc(), 0..10),
        style in arb_style(),
        edits in vec(arb_edit(), 0..4),
        keep in any::<bool>(),
        options in arb_options(),
        input in arb_input(),
    ) {
        let bytes = corrupted(Doc::Arr(elements), &style, &edits, keep);
        same_items::<Value>(&options, &Shape::Array, &bytes, &input);
        same_items::<u8>(&options, &Shape::Array, &bytes, &input);
    }

    #[test]
    fn arrays_at_pointers_give_what_stream_at_gives(
        members in vec((prop::sample::select(vec!["a", "b", "c"]), arb_doc()), 0..5),
        style in arb_style(),
        edits in vec(arb_edit(), 0..3),
        keep in any::<bool>(),
        pointer in prop::sample::select(vec!["/a", "/*", "/a/*", "/*/b", "/b/0", "/c/*/a"]),
        options in arb_options(),
        input in arb_input(),
    ) {
        let members = members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let bytes = corrupted(Doc::Obj(members), &style, &edits, keep);
        same_items::<Value>(&options, &Shape::At(pointer), &bytes, &input);
    }

    #[test]
    fn values_give_what_stream_values_gives(
        values in arb_lines(),
        style in arb_style(),
        edits in vec(arb_edit(), 0..3),
        keep in any::<bool>(),
        options in arb_options(),
        input in arb_input(),
    ) {
        let bytes = lines_bytes(values, &style, &edits, keep);
        same_items::<Value>(&options, &Shape::Values, &bytes, &input);
    }
}

/// Every JSONTestSuite file as the element of an array (and twice, in two elements), and as
/// JSON Lines, through each kind of reader: the same values and errors, at the same positions.
#[test]
fn every_suite_file_in_an_array_gives_what_stream_gives() {
    let schedules = [
        Schedule::Whole,
        Schedule::OneByte,
        Schedule::Sizes(vec![2, 3, 1, 7]),
    ];
    let options = ReaderOptions::new();
    let mut errors = 0;
    for (_name, file) in suite_files("") {
        let once = [&b"["[..], &file, b"]"].concat();
        let twice = [&b"[1, "[..], &file, b",\n", &file, b", 2]"].concat();
        for schedule in &schedules {
            let input = Input {
                schedule: schedule.clone(),
                fail_after: None,
            };
            let items = same_items::<Value>(&options, &Shape::Array, &once, &input);
            errors += usize::from(items.iter().any(Result::is_err));
            same_items::<Value>(&options, &Shape::Array, &twice, &input);
            same_items::<Value>(&options, &Shape::Values, &file, &input);
            same_items::<Value>(&options, &Shape::At("/0"), &twice, &input);
        }
    }
    // The `n_` files are errors, in an array as alone.
    assert!(errors > 3 * 180, "{errors}");
}

/// Long arrays in many small pieces: the elements in order, and an error far in as `stream`
/// says it.
#[test]
fn long_arrays_in_small_pieces() {
    let elements: Vec<String> = (0..5000)
        .map(|i| format!(r#"{{"id": {i}, "name": "n\"{i}", "tags": [{i}, [], {{}}]}}"#))
        .collect();
    let valid = format!("[\n{}\n]", elements.join(",\n"));
    let mut late_error = elements.clone();
    late_error[4321] = r#"{"id": 4321, "name": "x", "tags": [1,]}"#.to_owned();
    let late_error = format!("[\n{}\n]", late_error.join(",\n"));
    let truncated = &valid[..valid.len() - 100];
    let options = ReaderOptions::new();
    for schedule in [Schedule::Sizes(vec![1000, 3, 77]), Schedule::OneByte] {
        let input = Input {
            schedule,
            fail_after: None,
        };
        let items = same_items::<Value>(&options, &Shape::Array, valid.as_bytes(), &input);
        let ids: Vec<u64> = items
            .iter()
            .map(|v| v.as_ref().unwrap()["id"].as_u64().unwrap())
            .collect();
        assert_eq!(ids, (0..5000).collect::<Vec<u64>>());
        let items = same_items::<Value>(&options, &Shape::Array, late_error.as_bytes(), &input);
        assert_eq!(items.len(), 4322);
        assert_eq!(items[4321].as_ref().unwrap_err().path, "$[4321].tags[1]");
        let items = same_items::<Value>(&options, &Shape::Array, truncated.as_bytes(), &input);
        assert!(items.last().unwrap().is_err());
    }
}

/// A live feed: each element is yielded as soon as its bytes have come, before the sender
/// sends the next one (it waits for the element to be received).
#[test]
fn elements_come_as_soon_as_their_bytes_do() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        for values in [false, true] {
            let (mut tx, rx) = tokio::io::duplex(64);
            let (ack_tx, mut ack_rx) = tokio::sync::mpsc::channel::<u64>(1);
            let sender = tokio::spawn(async move {
                use tokio::io::AsyncWriteExt;
                if !values {
                    tx.write_all(b"[").await.unwrap();
                }
                for id in 0..20u64 {
                    let separator = if values || id == 0 { "" } else { "," };
                    let element = format!(
                        "{separator}{{\"id\": {id}, \"pad\": \"{}\"}}\n",
                        "x".repeat(id as usize * 10)
                    );
                    tx.write_all(element.as_bytes()).await.unwrap();
                    // The next element only after this one was received.
                    assert_eq!(ack_rx.recv().await, Some(id));
                }
                if !values {
                    tx.write_all(b"]").await.unwrap();
                }
            });
            let mut elements = if values {
                jsonstream::tokio::stream_values::<Value, _>(rx).boxed()
            } else {
                jsonstream::tokio::stream::<Value, _>(rx).boxed()
            };
            for id in 0..20u64 {
                let element = elements.next().await.unwrap().unwrap();
                assert_eq!(element["id"], id);
                ack_tx.send(id).await.unwrap();
            }
            sender.await.unwrap();
            assert!(elements.next().await.is_none());
        }
    });
}

#[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
struct Record {
    id: u64,
    name: String,
    tags: Vec<String>,
}

#[test]
fn records_over_loopback_tcp() {
    const COUNT: u64 = 20_000;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let sender = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            let mut records = jsonstream::tokio::ArrayWriter::new(socket);
            for id in 0..COUNT {
                let record = Record {
                    id,
                    name: format!("record \"{id}\""),
                    tags: vec!["a".into(); (id % 4) as usize],
                };
                records.push(&record).await.unwrap();
            }
            let mut socket = records.finish().await.unwrap();
            tokio::io::AsyncWriteExt::shutdown(&mut socket)
                .await
                .unwrap();
        });
        let socket = tokio::net::TcpStream::connect(address).await.unwrap();
        let mut records = jsonstream::tokio::stream::<Record, _>(socket);
        let mut next_id = 0;
        while let Some(record) = records.next().await {
            let record = record.unwrap();
            assert_eq!(record.id, next_id);
            assert_eq!(record.tags.len(), (next_id % 4) as usize);
            next_id += 1;
        }
        assert_eq!(next_id, COUNT);
        sender.await.unwrap();
    });
}
