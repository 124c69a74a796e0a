/**
 * The GCS service on an http server someone else owns (the head node's one port):
 * upgrade requests handed over are served like `startGcsServer`'s — the same
 * operations, the token checked before any frame, other protocols refused.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import WebSocket from "ws";
import { Gcs, GcsClient, createMemoryStore, handleGcsUpgrades } from "@rayx/gcs";
import type { GcsUpgradeHandler } from "@rayx/gcs";
import { node } from "../fixtures.js";

describe("handleGcsUpgrades", () => {
  const gcs = new Gcs(createMemoryStore());
  const server = createServer();
  let service: GcsUpgradeHandler;
  let url: string;

  before(async () => {
    service = handleGcsUpgrades({ gcs, token: "s3cret" });
    server.on("upgrade", (req, socket, head) => service.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await service.close();
    await new Promise((resolve) => server.close(resolve));
    await gcs.close();
  });

  test("serves the GCS to a client with the token", async () => {
    const client = await GcsClient.connect(url, { token: "s3cret" });
    try {
      await client.putNode(node("n1"));
      assert.equal((await gcs.getNode("n1"))?.nodeId, "n1");
      assert.deepEqual(
        (await client.listNodes()).map((n) => n.nodeId),
        ["n1"],
      );
    } finally {
      await client.close();
    }
    assert.equal(service.protocol, "rayx.gcs.v1");
  });

  test("refuses a client without the token, or speaking another protocol, before any frame", async () => {
    await assert.rejects(
      GcsClient.connect(url, { token: "wrong" }),
      /cannot connect to the GCS at .*: 401 missing or wrong GCS token \(RAYX_TOKEN\)/,
    );
    const other = new WebSocket(url, "rayx.other.v1", {
      headers: { authorization: "Bearer s3cret" },
    });
    const status = await new Promise<number | undefined>((resolve) => {
      other.once("unexpected-response", (_req, res) => resolve(res.statusCode));
      other.once("open", () => resolve(undefined));
    });
    other.on("error", () => undefined); // the refusal also ends the socket
    other.terminate();
    assert.equal(status, 400);
  });
});
