/**
 * The embedded cluster's dashboard: `init({ dashboard: true })` serves it on
 * loopback, prints its URL and shows the cluster's actors over its ws; `shutdown()`
 * stops serving it.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { describe, it } from "node:test";
import { init, inspect, shutdown, spawn } from "@rayx/core";
import { WebSocket } from "ws";
import { Counter } from "../fixtures/actors.js";

describe("init({ dashboard })", () => {
  it("serves the embedded cluster's dashboard, prints its URL, and stops it at shutdown", async (t) => {
    const printed: string[] = [];
    t.mock.method(console, "log", (line: string) => printed.push(line));
    t.after(() => shutdown());
    const runtime = await init({ numWorkers: 1, dashboard: true });
    const url = runtime.dashboardUrl ?? "";
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.deepEqual(printed, [`rayx dashboard: ${url}`]);
    assert.equal((await fetch(url)).status, 200);

    const counter = await spawn(Counter);
    await counter.add(1);
    const { actorId } = await inspect(counter);
    const ws = new WebSocket(`${url.replace("http", "ws")}ws`);
    const seen = new Promise<void>((resolve) => {
      ws.on("message", (data: Buffer) => {
        const message = JSON.parse(data.toString("utf8")) as {
          view?: { actors: { actorId: string; state: string; logLength: number }[] };
        };
        const row = message.view?.actors.find((a) => a.actorId === actorId);
        if (row?.state === "alive" && row.logLength === 1) resolve();
      });
    });
    await once(ws, "open");
    await seen;
    ws.close();

    await shutdown();
    await assert.rejects(fetch(url), /fetch failed/);
  });
});
