/**
 * Checks on PNG screenshots, so a browser test asserts what was drawn and not only
 * the DOM: the image's size, that it is not blank (how many distinct colours it
 * has), and the colour at a point (a status badge's fill).
 */
import { PNG } from "pngjs";

export interface Screenshot {
  readonly width: number;
  readonly height: number;
  /** `[r, g, b]` at `(x, y)`. */
  rgb(x: number, y: number): [number, number, number];
  /** Distinct colours in the image (quantised to 4 bits per channel). */
  colours(): number;
}

export function readScreenshot(png: Buffer): Screenshot {
  const image = PNG.sync.read(png);
  const at = (x: number, y: number) => (Math.round(y) * image.width + Math.round(x)) * 4;
  return {
    width: image.width,
    height: image.height,
    rgb: (x, y) => {
      const i = at(x, y);
      return [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
    },
    colours: () => {
      const seen = new Set<number>();
      for (let i = 0; i < image.data.length; i += 4) {
        const [r, g, b] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
        seen.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
      }
      return seen.size;
    },
  };
}

/** `#rrggbb` as `[r, g, b]`. */
export function hex(colour: string): [number, number, number] {
  const n = Number.parseInt(colour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** True when every channel of `actual` is within `tolerance` of `expected`. */
export function near(
  actual: readonly number[],
  expected: readonly number[],
  tolerance = 12,
): boolean {
  return actual.every((v, i) => Math.abs(v - (expected[i] ?? 0)) <= tolerance);
}
