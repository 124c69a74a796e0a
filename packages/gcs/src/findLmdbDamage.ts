/**
 * Checks an LMDB data file with plain `fs` reads before anything maps it: LMDB trusts
 * the file, so a damaged meta page or page header makes the process that maps it read
 * out of bounds (SIGSEGV) or past the end of the file (SIGBUS) instead of failing.
 * Meta pages are cheap to check (every opener does); walking every page reachable from
 * the newest meta page is for readers that must not die on a damaged copy (the CLI).
 * Layout: lmdb-js's 64-bit build (24-byte page header, 8-byte node header, 48-byte db record).
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** How far to look: the two meta pages, or also every page their newest one reaches. */
export type LmdbCheckDepth = "meta" | "pages";

const MAGIC = 0xbeefc0de;
const DATA_VERSION = 2;
const PAGE_HEADER = 24;
const NODE_HEADER = 8;
const DB_RECORD = 48;
const P_BRANCH = 0x01;
const P_LEAF = 0x02;
const P_OVERFLOW = 0x04;
const P_META = 0x08;
const F_BIGDATA = 0x01;
const F_SUBDATA = 0x02;
const F_DUPDATA = 0x04;
/** LMDB's `P_INVALID`: the root of an empty tree. */
const NO_PAGE = 0xffff_ffff_ffff_ffffn;
const MAX_DEPTH = 64;

interface Tree {
  readonly depth: number;
  /** `undefined` for an empty tree. */
  readonly root: number | undefined;
}

interface Meta {
  readonly txnid: bigint;
  readonly pageSize: number;
  readonly free: Tree;
  readonly main: Tree;
}

class Damage extends Error {}

/** Passes that must all find a problem: a live env's writers may reuse a page between two reads. */
const PASSES = 3;

/**
 * What is wrong with the LMDB data file `file`, or `undefined` when the checked part
 * is sound (a missing or empty file is sound: LMDB creates it). The file may be in use:
 * a problem counts only when every one of a few passes finds one.
 *
 * @example
 * ```ts
 * const problem = findLmdbDamage("/tmp/rayx/s1/gcs/gcs.mdb", "pages");
 * if (problem !== undefined) throw new Error(`gcs.mdb is damaged: ${problem}`);
 * ```
 */
export function findLmdbDamage(file: string, depth: LmdbCheckDepth = "meta"): string | undefined {
  let problem: string | undefined;
  for (let pass = 0; pass < PASSES; pass++) {
    problem = checkOnce(file, depth);
    if (problem === undefined) return undefined;
  }
  return problem;
}

function checkOnce(file: string, depth: LmdbCheckDepth): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return undefined;
    const pages = new PageFile(fd, size);
    const meta = pages.newestMeta();
    if (depth === "pages") pages.walk(meta);
    return undefined;
  } catch (error) {
    if (error instanceof Damage) return error.message;
    throw error;
  } finally {
    closeSync(fd);
  }
}

class PageFile {
  private pageSize = 0;
  private pages = 0;
  private readonly seen = new Set<number>();

  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {}

  newestMeta(): Meta {
    const first = this.meta(0, this.read(0, 4096));
    this.pageSize = first.pageSize;
    this.pages = Math.floor(this.size / this.pageSize);
    const second = this.meta(1, this.read(this.pageSize, this.pageSize));
    if (second.pageSize !== first.pageSize) {
      throw new Damage(
        `meta page 1 has page size ${second.pageSize}, meta page 0 ${first.pageSize}`,
      );
    }
    for (const meta of [first, second]) {
      this.checkRoot(`the free-page tree of txn ${meta.txnid}`, meta.free);
      this.checkRoot(`the main tree of txn ${meta.txnid}`, meta.main);
    }
    // LMDB reads from the meta page with the higher txn id.
    return second.txnid > first.txnid ? second : first;
  }

  walk(meta: Meta): void {
    this.tree("the free-page tree", meta.free, false);
    this.tree("the main tree", meta.main, true);
  }

  private meta(index: number, page: Buffer): Meta {
    const where = `meta page ${index}`;
    if (page.length < PAGE_HEADER + 136)
      throw new Damage(`${where} is cut short (file of ${this.size} bytes)`);
    const flags = page.readUInt16LE(18);
    const magic = page.readUInt32LE(PAGE_HEADER);
    if ((flags & P_META) === 0 || magic !== MAGIC || page.readBigUInt64LE(0) !== BigInt(index)) {
      throw new Damage(
        `${where} has a bad header (flags 0x${flags.toString(16)}, magic 0x${magic.toString(16)})`,
      );
    }
    const version = page.readUInt32LE(PAGE_HEADER + 4) & 0xffff;
    if (version !== DATA_VERSION) {
      throw new Damage(
        `${where} has data version ${version}, this lmdb reads version ${DATA_VERSION}`,
      );
    }
    const dbs = PAGE_HEADER + 24;
    const pageSize = page.readUInt32LE(dbs);
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
      throw new Damage(`${where} has page size ${pageSize}`);
    }
    return {
      txnid: page.readBigUInt64LE(dbs + 2 * DB_RECORD + 8),
      pageSize,
      free: this.dbRecord(where, page, dbs),
      main: this.dbRecord(where, page, dbs + DB_RECORD),
    };
  }

  private dbRecord(where: string, page: Buffer, at: number): Tree {
    if (at + DB_RECORD > page.length) throw new Damage(`${where}: a db record runs off the page`);
    const depth = page.readUInt16LE(at + 6);
    const root = page.readBigUInt64LE(at + 40);
    if (root === NO_PAGE) return { depth, root: undefined };
    if (root > BigInt(Number.MAX_SAFE_INTEGER)) throw new Damage(`${where}: root page ${root}`);
    return { depth, root: Number(root) };
  }

  private checkRoot(what: string, tree: Tree): void {
    if (tree.root === undefined) return;
    if (tree.depth < 1 || tree.depth > MAX_DEPTH)
      throw new Damage(`${what} has depth ${tree.depth}`);
    this.checkPageNumber(what, tree.root);
  }

  private checkPageNumber(what: string, pgno: number): void {
    if (pgno < 2 || pgno >= this.pages) {
      throw new Damage(`${what} points at page ${pgno}, outside the file's ${this.pages} pages`);
    }
  }

  private tree(what: string, tree: Tree, named: boolean): void {
    if (tree.root === undefined) return;
    this.checkRoot(what, tree);
    const stack: { pgno: number; level: number }[] = [{ pgno: tree.root, level: 1 }];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const { pgno, level } = next;
      const page = this.page(what, pgno);
      const kind = page.readUInt16LE(18) & 0x7f;
      const leaf = level === tree.depth;
      if (kind !== (leaf ? P_LEAF : P_BRANCH)) {
        throw new Damage(`page ${pgno} (${what}, level ${level}) has flags 0x${kind.toString(16)}`);
      }
      for (const node of this.nodes(what, pgno, page)) {
        if (!leaf) {
          const child =
            page.readUInt16LE(node) +
            page.readUInt16LE(node + 2) * 0x1_0000 +
            page.readUInt16LE(node + 4) * 0x1_0000_0000;
          this.checkPageNumber(`page ${pgno} (${what})`, child);
          stack.push({ pgno: child, level: level + 1 });
          continue;
        }
        this.leafNode(what, pgno, page, node, named);
      }
    }
  }

  private leafNode(what: string, pgno: number, page: Buffer, node: number, named: boolean): void {
    const flags = page.readUInt16LE(node + 4);
    const dataSize = page.readUInt16LE(node) + page.readUInt16LE(node + 2) * 0x1_0000;
    const data = node + NODE_HEADER + page.readUInt16LE(node + 6);
    const where = `page ${pgno} (${what})`;
    if ((flags & F_DUPDATA) !== 0) throw new Damage(`${where} has a duplicate-data node`);
    if ((flags & F_BIGDATA) !== 0) {
      if (data + 8 > page.length) throw new Damage(`${where}: an overflow node runs off the page`);
      this.overflow(where, Number(page.readBigUInt64LE(data)), dataSize);
      return;
    }
    if (data + dataSize > page.length) throw new Damage(`${where}: a value runs off the page`);
    if ((flags & F_SUBDATA) === 0) return;
    if (!named || dataSize !== DB_RECORD) throw new Damage(`${where}: a bad sub-database record`);
    const name = page.toString("latin1", node + NODE_HEADER, data).replace(/\0$/, "");
    this.tree(`table '${name}'`, this.dbRecord(where, page, data), false);
  }

  private overflow(where: string, first: number, bytes: number): void {
    this.checkPageNumber(where, first);
    const page = this.page(where, first);
    const count = page.readUInt32LE(20);
    if ((page.readUInt16LE(18) & P_OVERFLOW) === 0 || count < 1 || first + count > this.pages) {
      throw new Damage(`overflow page ${first} (from ${where}) has a bad header`);
    }
    if (count * this.pageSize - PAGE_HEADER < bytes) {
      throw new Damage(`overflow page ${first} holds ${count} pages, too few for ${bytes} bytes`);
    }
  }

  /** Offsets of the nodes of a branch or leaf page, each checked to lie inside it. */
  private nodes(what: string, pgno: number, page: Buffer): number[] {
    const lower = page.readUInt16LE(20);
    const upper = page.readUInt16LE(22);
    if (lower % 2 !== 0 || lower > upper || PAGE_HEADER + upper > page.length) {
      throw new Damage(`page ${pgno} (${what}) has free-space bounds ${lower}..${upper}`);
    }
    const out: number[] = [];
    for (let i = 0; i < lower / 2; i++) {
      const node = PAGE_HEADER + page.readUInt16LE(PAGE_HEADER + 2 * i);
      if (node < PAGE_HEADER + upper || node + NODE_HEADER > page.length) {
        throw new Damage(`page ${pgno} (${what}): node ${i} at offset ${node} is outside the page`);
      }
      if (node + NODE_HEADER + page.readUInt16LE(node + 6) > page.length) {
        throw new Damage(`page ${pgno} (${what}): the key of node ${i} runs off the page`);
      }
      out.push(node);
    }
    return out;
  }

  private page(what: string, pgno: number): Buffer {
    if (this.seen.has(pgno)) throw new Damage(`page ${pgno} (${what}) is reached twice`);
    this.seen.add(pgno);
    const page = this.read(pgno * this.pageSize, this.pageSize);
    if (page.length < this.pageSize)
      throw new Damage(`page ${pgno} (${what}) is past the end of the file`);
    const stored = page.readBigUInt64LE(0);
    if (stored !== BigInt(pgno)) {
      throw new Damage(`page ${pgno} (${what}) has a bad header (it says page ${stored})`);
    }
    return page;
  }

  private read(offset: number, length: number): Buffer {
    const buffer = Buffer.alloc(length);
    const got = readSync(this.fd, buffer, 0, length, offset);
    return buffer.subarray(0, got);
  }
}
