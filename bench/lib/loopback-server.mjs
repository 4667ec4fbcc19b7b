// A keep-alive HTTP server on 127.0.0.1 answering every request with one audit event, run as its
// own process so the client under test has the event loop and a core to itself.
// Plain JavaScript: no TypeScript loader in the measured path. Prints the base URL, then serves.
import http from "node:http";

const body = JSON.stringify({
  audit_id: "audit_123",
  timestamp: "2026-11-25T10:00:00Z",
  resource_type: "namespace",
  resource_id: "ns_42",
  action: "delete",
  actor_id: "user_7",
  actor_type: "user",
  status: "success",
  changes: { name: ["old", "new"] },
  ip_address: "203.0.113.7",
  user_agent: "curl/8.5",
  actor_name: "Ada Lovelace",
  actor_email: "ada@example.com",
  actor_key_name: null,
});
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
