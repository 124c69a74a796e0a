import assert from "node:assert/strict";
import { hostname, networkInterfaces } from "node:os";
import { describe, test } from "node:test";
import { advertisedHost } from "../../src/internal/advertisedHost.js";

describe("advertisedHost", () => {
  test("advertises a specific host as it is", () => {
    assert.equal(advertisedHost("127.0.0.1"), "127.0.0.1");
    assert.equal(advertisedHost("10.1.2.3"), "10.1.2.3");
  });

  test("advertises a server bound to every interface at this host's first external IPv4", () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i !== undefined && i.family === "IPv4" && !i.internal);
    const expected = external?.address ?? hostname();
    assert.equal(advertisedHost("0.0.0.0"), expected);
    assert.equal(advertisedHost("::"), expected);
    assert.notEqual(expected, "0.0.0.0");
  });
});
