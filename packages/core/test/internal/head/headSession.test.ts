import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import {
  claimHeadSession,
  headMarkOf,
  markHeadSession,
  unmarkHeadSession,
} from "../../../src/internal/head/headSession.js";
import type { HeadMark } from "../../../src/internal/head/headSession.js";

/** The pid of a process that ran and is gone. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("claimHeadSession", () => {
  let storage: string;
  beforeEach(() => {
    storage = mkdtempSync(join(tmpdir(), "rayx-head-session-"));
  });
  afterEach(() => rmSync(storage, { recursive: true, force: true }));

  /** A session dir of head `pid`, marked unless `mark` is false. */
  function session(time: string, pid: number, startedAt: number, mark = true): string {
    const dir = join(storage, `session-${time}-${pid}`);
    mkdirSync(join(dir, "gcs"), { recursive: true });
    writeFileSync(join(dir, "node.sock"), "");
    const headMark: HeadMark = { nodeId: `node-h-${pid}`, pid, address: "ws://x:1", startedAt };
    if (mark) markHeadSession(dir, headMark);
    return dir;
  }

  test("takes over the newest marked session of a dead head, renamed after this process", () => {
    const dead = deadPid();
    session("aaa", dead, 1);
    session("bbb", dead, 2); // a newer mark: the one resumed
    const claimed = claimHeadSession(storage);
    assert.deepEqual(claimed?.previous, {
      nodeId: `node-h-${dead}`,
      pid: dead,
      address: "ws://x:1",
      startedAt: 2,
    });
    assert.equal(claimed?.sessionDir, join(storage, `session-bbb-${process.pid}`));
    assert.deepEqual(readdirSync(storage).sort(), [
      `session-aaa-${dead}`,
      `session-bbb-${process.pid}`,
    ]);
    assert.equal(existsSync(join(claimed.sessionDir, "gcs")), true);
    assert.equal(existsSync(join(claimed.sessionDir, "node.sock")), false);
  });

  test("leaves sessions of running heads and unmarked (gracefully stopped) ones alone", () => {
    session("live", process.ppid, 5);
    session("stopped", deadPid(), 9, false);
    assert.equal(claimHeadSession(storage), undefined);
    assert.equal(readdirSync(storage).length, 2);
  });

  test("finds nothing in a storage dir that does not exist", () => {
    assert.equal(claimHeadSession(join(storage, "none")), undefined);
  });

  test("unmarkHeadSession removes the mark that claimHeadSession looks for", () => {
    const dir = session("ccc", deadPid(), 3);
    assert.equal(headMarkOf(dir)?.startedAt, 3);
    unmarkHeadSession(dir);
    assert.equal(headMarkOf(dir), undefined);
    assert.equal(claimHeadSession(storage), undefined);
  });
});
