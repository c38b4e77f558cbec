/**
 * One client's script, reactive: the messages and how they run, and the progress of a run
 * (./client-script.ts paces it). Owned by a ClientSession, which hands it its `send`.
 */
import {
  DEFAULT_SCRIPT,
  Pacer,
  scriptMessage,
  scriptTotal,
  type ClientScript,
  type PacerTimers,
} from './client-script';

/** A scripted client's progress. */
export interface ScriptProgress {
  running: boolean;
  sent: number;
  total: number;
  /** How the last run ended ('' while none has): "done: 10 sent", "stopped after 3 of 10"… */
  ended: string;
}

const pageTimers: PacerTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export class ScriptRunner {
  #script = $state.raw<ClientScript>(DEFAULT_SCRIPT);
  #progress = $state.raw<ScriptProgress>({ running: false, sent: 0, total: 0, ended: '' });
  #pacer: Pacer | null = null;
  readonly #timers: PacerTimers;

  constructor(timers: PacerTimers = pageTimers) {
    this.#timers = timers;
  }

  get script(): ClientScript {
    return this.#script;
  }
  get progress(): ScriptProgress {
    return this.#progress;
  }
  get running(): boolean {
    return this.#progress.running;
  }

  set(script: Partial<ClientScript>): void {
    this.#script = { ...this.#script, ...script };
  }

  /**
   * Sends the script at its rate (real time). `send` sends one message and answers whether it
   * went; the run ends at the first that did not (the socket closed).
   */
  start(name: string, send: (text: string) => boolean): void {
    if (this.#progress.running || this.#script.messages.length === 0) return;
    const script = this.#script;
    const total = scriptTotal(script);
    this.#progress = { running: true, sent: 0, total, ended: '' };
    const pacer = new Pacer({
      total,
      rate: script.rate,
      timers: this.#timers,
      send: (i) => {
        if (!send(scriptMessage(script, i, name))) return false;
        this.#progress = { ...this.#progress, sent: i + 1 };
        return true;
      },
      end: (sent, complete) => {
        this.#pacer = null;
        this.#progress = {
          running: false,
          sent,
          total,
          ended: complete ? `done: ${sent} sent` : `stopped after ${sent} of ${total}: the connection is not open`,
        };
      },
    });
    this.#pacer = pacer;
    pacer.start();
  }

  stop(why = 'stopped'): void {
    const pacer = this.#pacer;
    if (!pacer) return;
    pacer.stop();
    this.#pacer = null;
    const { sent, total } = this.#progress;
    this.#progress = { running: false, sent, total, ended: `${why} after ${sent} of ${total}` };
  }
}
