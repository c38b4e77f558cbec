// One core held busy while a benchmark runs (`--cpu-busy`): a student's laptop in a video call has
// a core taken by something else, and the playground's figures must hold there too. The busy
// process is a child the bench starts and always stops (a plain `node -e` spin loop, so nothing
// else is needed); it runs at normal priority, the same as the bench and the browser. It spins in
// 50 ms slices so it hears its IPC channel close: if the bench dies, the spinner ends with it.
import { spawn } from 'node:child_process';

/** Starts a process that keeps one core busy; resolves once it runs, to a function that stops it. */
export async function startBusyCore() {
  const spin =
    'process.on("disconnect", () => process.exit(0)); process.send("up");' +
    '(function spin() { const end = Date.now() + 50; while (Date.now() < end); setImmediate(spin); })();';
  const child = spawn(process.execPath, ['-e', spin], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the busy-core process exited (${code}) before it started`)));
  });
  child.removeAllListeners('exit');
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
}

/** Runs `fn` with one core held busy by a child process, which is stopped afterwards whatever `fn` did. */
export async function withBusyCore(fn) {
  const stop = await startBusyCore();
  // Stop the spinner if the bench is interrupted, too (Ctrl+C would otherwise leave it running).
  const onSignal = () => {
    void stop().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  try {
    return await fn();
  } finally {
    process.off('SIGINT', onSignal);
    await stop();
  }
}
