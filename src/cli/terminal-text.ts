import type { CliIo } from './io.js';

/**
 * Characters a terminal acts on instead of showing: C0 controls but tab and newline (ESC starts
 * cursor moves and screen clears, CR overwrites a line), DEL, C1 controls (U+009B is a one-byte
 * CSI), and the bidi overrides that reorder what is shown.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// The ones JSON.stringify leaves raw inside strings (it escapes C0 itself).
const RAW_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text safe to print: control characters removed, newlines and tabs kept. */
export function printable(text: string): string {
  return text.replace(CONTROL, '');
}

/** Text for one row of a listing: printable, and a newline in it cannot start a forged row. */
export function oneLine(text: string): string {
  return printable(text).replace(/[\n\t]+/g, ' ');
}

/** JSON for a terminal: the same value, with the characters JSON leaves raw written as escapes. */
export function terminalJson(text: string): string {
  return text.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A stream that cleans everything written to it, so no command can print a customer's words
 * raw: printable text, or (for `--json`) the same JSON with nothing a terminal would act on.
 */
export function terminalStream(stream: CliIo['stdout'], json: boolean): CliIo['stdout'] {
  const clean = json ? terminalJson : printable;
  return {
    write: (text: string) => stream.write(clean(String(text))),
    ...(stream.isTTY === undefined ? {} : { isTTY: stream.isTTY }),
  };
}
