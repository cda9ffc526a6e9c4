import type { CliIo } from './io.js';
import { main } from './main.js';

/**
 * A process stream whose reader may leave early (`keel workflows show ID | head -1`): EPIPE means
 * nobody reads any more, so the rest of the output is dropped and the command still finishes
 * (a `recover` piped into `head` recovers everything), instead of dying with a stack trace.
 */
function readerMayLeave(stream: NodeJS.WriteStream): CliIo['stdout'] {
  let gone = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    gone = true;
  });
  return { write: (text: string) => gone || stream.write(text), isTTY: stream.isTTY };
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: readerMayLeave(process.stdout),
  stderr: readerMayLeave(process.stderr),
  env: process.env,
  cwd: process.cwd(),
});
