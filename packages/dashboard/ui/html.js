// The dashboard's templates: htm's tagged templates bound to Preact's `h`, so
// views read like JSX with no build step.
import { h } from "preact";
import htm from "htm";

export const html = htm.bind(h);
