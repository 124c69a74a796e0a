/**
 * The web dashboard of a head started with `rayx start --head`, driven in a real
 * headless Chromium while this test process is a driver of the cluster: an actor
 * shows up alive, comes back after `kill -9` of its worker with its restart count
 * pushed live (no reload), shows its call history and its worker's logs, and its
 * restart and kill buttons act on it. Screenshots are checked by their pixels.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { get, inspect, spawn } from "@rayx/core";
import type { Page } from "playwright-core";
import { Counter } from "../fixtures/actors.js";
import { useLiveCluster } from "../fixtures/liveCluster.js";
import { filled, readWhere } from "../fixtures/scenarioTasks.js";
import { launchChromium, type Chromium } from "./launchChromium.js";
import { hex, near, readScreenshot } from "./screenshotPixels.js";

const VIEWPORT = { width: 1280, height: 800 };
/** The badge colours of `ui/style.css` (`--ok`, `--bad`). */
const GREEN = hex("#1f9d55");
const RED = hex("#d62f2f");
/** Every wait of the page is bounded by this. */
const WAIT_MS = 30_000;

describe("the dashboard in a browser", () => {
  const cluster = useLiveCluster("dashboard", { joined: [] });
  const shots = process.env["RAYX_KEEP_SCREENSHOTS"] ?? mkdtempSync(join(tmpdir(), "rayx-shots-"));
  let browser: Chromium;
  let page: Page;

  before(async () => {
    browser = await launchChromium(VIEWPORT);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(WAIT_MS);
  });
  after(async () => {
    await browser?.close();
    if (process.env["RAYX_KEEP_SCREENSHOTS"] === undefined)
      rmSync(shots, { recursive: true, force: true });
  });

  /** Takes a screenshot, keeps it under `name`, and checks its size and that it is not blank. */
  async function screenshot(name: string) {
    const png = await page.screenshot();
    writeFileSync(join(shots, `${name}.png`), png);
    const shot = readScreenshot(png);
    assert.deepEqual({ width: shot.width, height: shot.height }, VIEWPORT);
    assert.ok(shot.colours() > 20, `${name}.png has ${shot.colours()} colours: blank?`);
    return shot;
  }

  /** The colour drawn inside the left edge of the actor's state badge, off its text. */
  async function badgeColour(actorId: string, shot: ReturnType<typeof readScreenshot>) {
    const box = await page.locator(`tr[data-key="${actorId}"] .badge`).boundingBox();
    assert.ok(box !== null, "the badge is drawn");
    return shot.rgb(box.x + 3, box.y + box.height / 2);
  }

  test("shows an actor alive, its restart after kill -9 pushed live, its history, logs and buttons", async () => {
    const counter = await spawn(Counter, [], { name: "dash-counter" });
    assert.equal(await counter.add(1), 1);
    assert.equal(await counter.add(2), 3);
    assert.equal(await counter.add(3), 6);
    const { actorId, pid } = await inspect(counter);
    assert.ok(pid !== undefined);
    const url = (cluster.head as { dashboardUrl?: string }).dashboardUrl;
    assert.match(url ?? "", /^http:\/\/127\.0\.0\.1:\d+\/$/);

    await page.goto(url as string);
    const leaf = page.locator(`li[data-actor="${actorId}"]`);
    await leaf.locator('.badge[data-state="alive"]').waitFor();
    assert.equal(await leaf.locator(".restarts").textContent(), "restarts 0");
    await screenshot("1-forest");

    await page.click('button[data-tab="actors"]');
    const row = page.locator(`tr[data-key="${actorId}"]`);
    await row.locator('.badge[data-state="alive"]').waitFor();
    assert.equal(await row.locator(".restarts").textContent(), "0");
    const alive = await screenshot("2-actors-alive");
    assert.ok(near(await badgeColour(actorId, alive), GREEN), "the alive badge is green");

    // Marks this page: a reload would lose it.
    await page.evaluate("window.marked = true");
    process.kill(pid, "SIGKILL");
    await row.locator(".restarts", { hasText: /^1$/ }).waitFor();
    await row.locator('.badge[data-state="alive"]').waitFor();
    assert.equal(await page.evaluate("window.marked"), true, "the page was not reloaded");
    const rebuilt = await inspect(counter);
    assert.equal(rebuilt.restarts, 1);
    assert.notEqual(rebuilt.pid, pid);
    const restarted = await screenshot("3-actors-restarted");
    assert.ok(
      near(await badgeColour(actorId, restarted), GREEN),
      "the rebuilt actor's badge is green",
    );

    await row.click();
    const detail = page.locator('[data-testid="actor-detail"]');
    await detail.locator("tbody tr").nth(2).waitFor();
    const cells = (n: number) => detail.locator(`tbody tr td:nth-child(${n})`).allTextContents();
    assert.deepEqual(await cells(1), ["1", "2", "3"]);
    assert.deepEqual(await cells(3), ["add(1)", "add(2)", "add(3)"]);
    assert.deepEqual(await cells(4), ["ok", "ok", "ok"]);
    for (const text of await cells(5)) assert.match(text, /^\d+(\.\d+)? (µs|ms)$/);
    const detailShot = readScreenshot(await detail.screenshot());
    assert.ok(detailShot.width > 300 && detailShot.colours() > 20, "the history panel is drawn");
    await screenshot("4-history");

    assert.equal(await counter.say("hello from the dashboard test"), rebuilt.pid);
    await page.click('button[data-tab="logs"]');
    await page.selectOption('[data-testid="log-source"]', `actor:${actorId}`);
    await page
      .locator('[data-testid="log-text"]', { hasText: "hello from the dashboard test" })
      .waitFor();
    await screenshot("5-logs");

    await page.click('button[data-tab="actors"]');
    await detail.locator("button.restart").click();
    await row.locator(".restarts", { hasText: /^2$/ }).waitFor();
    await row.locator('.badge[data-state="alive"]').waitFor();
    assert.equal((await inspect(counter)).restarts, 2);
    assert.equal(await counter.read(), 6);

    await detail.locator("button.kill").click();
    await row.locator('.badge[data-state="dead"]').waitFor();
    assert.equal((await inspect(counter)).state, "dead");
    const dead = await screenshot("6-actor-killed");
    assert.ok(near(await badgeColour(actorId, dead), RED), "the dead badge is red");
  });

  test("shows tasks with their lineage, and the nodes with their workers", async () => {
    const [length] = await get(readWhere.remote(filled.remote(4, 2)));
    assert.equal(length, 4);
    await page.click('button[data-tab="tasks"]');
    const graph = page.locator("svg.lineage");
    // Task records are written behind (≤ 100 ms), so they show pending first.
    await graph.locator("g.task.stopped").nth(1).waitFor();
    assert.deepEqual((await graph.locator("g.task text").allTextContents()).sort(), [
      "filled · stopped",
      "readWhere · stopped",
    ]);
    // The reader is drawn a column right of the task whose result it read, an arrow between.
    const x = async (name: string) =>
      (await graph.locator("g.task", { hasText: name }).boundingBox())?.x ?? NaN;
    assert.ok((await x("readWhere")) > (await x("filled")) + 100, "readWhere sits right of filled");
    assert.equal(await graph.locator("line").count(), 1);
    await screenshot("7-tasks");

    await page.click('button[data-tab="timeline"]');
    // A bar per call each ran: the two tasks, and the actor's calls of the first test.
    await page.locator("svg.timeline rect.slice").nth(2).waitFor();
    await screenshot("8-timeline");

    await page.click('button[data-tab="nodes"]');
    const head = page.locator(`tr[data-key="${cluster.head.nodeId}"]`);
    await head.locator('.badge[data-state="alive"]').waitFor();
    assert.match((await head.textContent()) ?? "", /cpu \d+\/2/);
    // The head's two workers, listed with their resident memory.
    const workers = page
      .locator("tr", { hasText: cluster.head.nodeId })
      .filter({ hasText: /^pid/ });
    await workers.nth(1).waitFor();
    assert.equal(await workers.count(), 2);
    for (const text of await workers.allTextContents()) assert.match(text, /\d+\.\d MiB$/);
    await screenshot("9-nodes");
  });
});
