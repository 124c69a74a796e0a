/**
 * The counter each comedy actor runs (the actors suite's peer). comedy ships a forked
 * actor's class to its process as source text, so it is plain JavaScript: tsx would add
 * helpers (`__name`) to a TypeScript class that the forked process does not have.
 */
export class ComedyCounter {
  constructor() {
    this.count = 0;
  }

  add(n) {
    return (this.count += n);
  }

  /** comedy's IPC is JSON (a byte array would travel as a 10 MB array of numbers), so bytes go as text. */
  addText(text) {
    return (this.count += text.length);
  }
}
