/**
 * Everything the CLI prints goes through here: text is made inert (control characters from the
 * estate escaped, lib/reports/text.ts escapeControls), and a closed stdout (`vmaudit … | head`) is a
 * normal end, not a crash: further output is dropped and the command finishes with its own exit code.
 */
import { escapeControls } from '../reports/text';

interface Sink {
  write(s: string): unknown;
  on?(event: 'error', listener: (err: NodeJS.ErrnoException) => void): unknown;
}

const closed = new WeakSet<object>();

/** The colour codes picocolors writes (SGR: they set colours, never move the cursor or clear the screen). */
const SGR = /(\u001b\[[0-9;]*m)/;

/** Escapes controls as escapeControls does, except colour codes, which pass as they are. */
export function escapeKeepingColour(s: string): string {
  return s
    .split(SGR)
    .map((part, i) => (i % 2 === 1 ? part : escapeControls(part, true)))
    .join('');
}

function writer(stream: () => Sink, keepColour = false): (s: string) => void {
  return (s: string) => {
    const target = stream();
    if (closed.has(target)) return;
    try {
      target.write(keepColour ? escapeKeepingColour(s) : escapeControls(s, true));
    } catch (err) {
      if (!isClosedPipe(err)) throw err;
      closed.add(target);
    }
  };
}

export function isClosedPipe(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END';
}

/** Standard output, inert; silent once the reader has gone. */
export const out = writer(() => process.stdout);
/** Standard error, inert. */
export const err = writer(() => process.stderr);
/** The same, letting colour codes through: for text whose estate strings were already made one-line and control-free. */
export const outColoured = writer(() => process.stdout, true);
export const errColoured = writer(() => process.stderr, true);

/**
 * Installed once by the binary: EPIPE on a stream arrives as an 'error' event, which unhandled
 * would print a stack trace and exit 1. Any other stream error is still raised.
 */
export function endQuietlyOnClosedPipe(stream: Sink & object): void {
  stream.on?.('error', (e) => {
    if (!isClosedPipe(e)) throw e;
    closed.add(stream);
  });
}
