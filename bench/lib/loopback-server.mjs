// A keep-alive HTTP server on 127.0.0.1 answering every request with one audit event, run as its
// own process so the client under test has the event loop and a core to itself.
// Plain JavaScript: no TypeScript loader in the measured path. Prints the base URL, then serves.
import { readFileSync } from "node:fs";
import http from "node:http";

// The same event the tests use, sent as compact JSON.
const body = JSON.stringify(
  JSON.parse(
    readFileSync(new URL("../../test/fixtures/audit-event.json", import.meta.url), "utf8"),
  ),
);
const headers = {
  "content-type": "application/json",
  "content-length": String(Buffer.byteLength(body)),
};

const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, headers).end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
