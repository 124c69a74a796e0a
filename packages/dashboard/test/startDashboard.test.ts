/**
 * startDashboard over a real http server and real ws on loopback, on a GCS in
 * memory and a recording control: the token gate (query → cookie, refused
 * without), the origin check, pictures pushed when records change, and the
 * buttons' requests reaching the control — or answered with what was wrong.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect as connectTcp } from "node:net";
import { after, describe, test } from "node:test";
import { Gcs, createMemoryStore, type ActorInfo } from "@rayx/gcs";
import { WebSocket } from "ws";
import { startDashboard, type Dashboard } from "../src/index.js";

const actor: ActorInfo = {
  actorId: "Counter-1-7",
  jobId: "job-1",
  className: "Counter",
  module: "file:///app/counter.ts",
  ownerId: "job-1",
  state: "alive",
  restarts: 0,
  maxRestarts: 3,
  namespace: "default",
  updatedAt: 1_700_000_000_000,
};

/** A ws client that queues what it receives, to await the next message of a type. */
async function connect(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url.replace(/^http/, "ws") + "ws", { headers });
  const inbox: Record<string, unknown>[] = [];
  const waiting: (() => void)[] = [];
  ws.on("message", (data: Buffer) => {
    inbox.push(JSON.parse(data.toString("utf8")) as Record<string, unknown>);
    for (const wake of waiting.splice(0)) wake();
  });
  await once(ws, "open");
  return {
    ws,
    send: (message: unknown) => ws.send(JSON.stringify(message)),
    async next(type: string, deadlineMs = 5_000): Promise<Record<string, unknown>> {
      const end = Date.now() + deadlineMs;
      for (;;) {
        const i = inbox.findIndex((m) => m["type"] === type);
        if (i >= 0) return inbox.splice(i, 1)[0] as Record<string, unknown>;
        if (Date.now() > end) throw new Error(`no '${type}' message within ${deadlineMs} ms`);
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          setTimeout(resolve, 100).unref();
        });
      }
    },
  };
}

function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  const ws = new WebSocket(url.replace(/^http/, "ws") + "ws", { headers });
  return new Promise((resolve, reject) => {
    ws.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on("open", () => reject(new Error("the upgrade was accepted")));
    ws.on("error", () => undefined);
  });
}

describe("startDashboard", () => {
  const opened: Dashboard[] = [];
  const gcs = new Gcs(createMemoryStore());
  const kills: [string, boolean][] = [];
  const control = {
    kill: (actorId: string, options: { noRestart: boolean }) => {
      kills.push([actorId, options.noRestart]);
      return Promise.resolve();
    },
  };
  after(async () => {
    await Promise.all(opened.map((d) => d.close()));
    await gcs.close();
  });
  const open = async (token?: string) => {
    const dashboard = await startDashboard({
      gcs,
      control,
      ...(token === undefined ? {} : { token }),
    });
    opened.push(dashboard);
    return dashboard;
  };

  test("with a token, refuses pages and ws without it, and keeps it in a cookie once given", async () => {
    const { url } = await open("s3cret");
    assert.equal((await fetch(url)).status, 401);
    assert.equal((await fetch(`${url}?token=wrong`)).status, 401);
    const given = await fetch(`${url}?token=s3cret`, { redirect: "manual" });
    assert.equal(given.status, 303);
    assert.equal(given.headers.get("location"), "/");
    const cookie = (given.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    assert.equal(cookie, "rayx_token=s3cret");
    const page = await fetch(url, { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="importmap">/);
    assert.equal((await fetch(`${url}vendor/preact.mjs`, { headers: { cookie } })).status, 200);
    assert.equal((await fetch(`${url}../package.json`, { headers: { cookie } })).status, 404);
    assert.equal(await upgradeStatus(url), 401);
    const client = await connect(url, { cookie });
    const { view } = (await client.next("cluster")) as { view: { actors: unknown[] } };
    assert.ok(Array.isArray(view.actors));
    client.ws.close();
  });

  test("answers a request whose headers never end with 408 and closes it", async () => {
    const dashboard = await startDashboard({ gcs, control, limits: { headersTimeoutMs: 400 } });
    opened.push(dashboard);
    const socket = connectTcp(dashboard.port, "127.0.0.1");
    socket.on("error", () => undefined);
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    await once(socket, "connect");
    socket.write("GET / HTTP/1.1\r\nHost: dashboard\r\n"); // and never the blank line
    const closed = once(socket, "close");
    const deadline = new Promise((_, reject) =>
      setTimeout(() => reject(new Error("still open after 5000 ms")), 5_000).unref(),
    );
    await Promise.race([closed, deadline]).finally(() => socket.destroy());
    assert.equal(answer.split("\r\n")[0], "HTTP/1.1 408 Request Timeout");
  });

  test("refuses a ws opened by a page of another origin", async () => {
    const { url } = await open();
    assert.equal(await upgradeStatus(url, { origin: "http://evil.example" }), 400);
  });

  test("refuses to listen beyond loopback without a token", async () => {
    await assert.rejects(
      startDashboard({ gcs, control, host: "0.0.0.0" }),
      /beyond loopback\) needs the cluster's token/,
    );
  });

  test("pushes a new picture when an actor record changes", async () => {
    await gcs.putActor(actor);
    const { url } = await open();
    const client = await connect(url);
    const first = (await client.next("cluster"))["view"] as { actors: ActorInfo[] };
    assert.deepEqual(
      first.actors.map((a) => [a.actorId, a.state, a.restarts]),
      [["Counter-1-7", "alive", 0]],
    );
    await gcs.putActor({ ...actor, restarts: 1, lastError: "worker died" });
    const second = (await client.next("cluster"))["view"] as { actors: ActorInfo[] };
    assert.deepEqual(
      second.actors.map((a) => [a.actorId, a.restarts, a.lastError]),
      [["Counter-1-7", 1, "worker died"]],
    );
    client.ws.close();
  });

  test("sends restart and kill to the control, and names what is wrong with a bad request", async () => {
    const { url } = await open();
    const client = await connect(url);
    client.send({ type: "restart", actorId: "Counter-1-7" });
    assert.equal((await client.next("restart"))["done"], true);
    client.send({ type: "kill", actorId: "Counter-1-7" });
    assert.equal((await client.next("kill"))["done"], true);
    assert.deepEqual(kills, [
      ["Counter-1-7", false],
      ["Counter-1-7", true],
    ]);
    client.send({ type: "kill", actorId: 5 });
    assert.equal(
      (await client.next("error"))["error"],
      "a 'kill' request names its actor: { actorId: string }",
    );
    client.ws.send("not json");
    assert.equal((await client.next("error"))["error"], "a dashboard request is one JSON object");
    client.send({ type: "format-disk" });
    assert.match(
      String((await client.next("error"))["error"]),
      /unknown dashboard request type "format-disk"/,
    );
    client.ws.close();
  });
});
