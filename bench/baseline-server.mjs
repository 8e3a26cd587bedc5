// The yardstick: a bare node:http server answering one constant JSON body, no framework, no database.
import http from "node:http";

const body = Buffer.from(process.env.BASELINE_BODY ?? "{}");
const server = http.createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
  res.end(body);
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
