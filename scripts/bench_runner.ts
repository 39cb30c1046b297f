/**
 * Runs benchmark commands in interleaved rounds and measures each run's wall time, CPU time and
 * peak memory, for `bench.ts`.
 *
 * @module
 */

/** One finished run of a command. */
export interface RunSample {
  wallMs: number;
  /**
   * User and system CPU time in ms of the command, its threads and the processes it waited for
   * (git), in steps of 10 ms, or null when it could not be measured. Divided by the number of
   * cores, it is the least wall time the same work could take.
   */
  cpuMs: number | null;
  /** Peak resident set size in KiB, or null when it could not be measured. */
  peakKiB: number | null;
  code: number;
  stdout: string;
  stderr: string;
}

/** A command to run: program, arguments, folder; `before` runs untimed ahead of each run. */
export interface CommandLine {
  command: string;
  args: string[];
  cwd: string;
  before?: () => void;
}

/** Every round of a group: one sample per command label. */
export interface RoundsResult {
  labels: string[];
  /** The untimed first round (page cache, module cache), kept for its output. */
  warmUp: Record<string, RunSample>;
  rounds: Record<string, RunSample>[];
}

const GNU_TIME = "/usr/bin/time";

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

let gnuTime: boolean | undefined;

/** What GNU time writes: user and system seconds, and the peak resident set size in KiB. */
const GNU_TIME_FORMAT = "%U %S %M";

/** Whether GNU time is there and understands `-f FORMAT -o FILE`. */
function hasGnuTime(): boolean {
  if (gnuTime !== undefined) return gnuTime;
  try {
    gnuTime = new Deno.Command(GNU_TIME, {
      args: ["-f", GNU_TIME_FORMAT, "-o", "/dev/null", "true"],
      stdout: "null",
      stderr: "null",
    }).outputSync().success;
  } catch {
    gnuTime = false;
  }
  return gnuTime;
}

/**
 * The CPU time and peak memory of GNU time's last line (earlier lines are its notes, such as a
 * command's exit status); nulls for what it does not hold.
 */
export function parseGnuTime(text: string): Pick<RunSample, "cpuMs" | "peakKiB"> {
  const [user, system, peak] = (text.trim().split("\n").at(-1) ?? "").split(" ").map(Number);
  const cpu = (user + system) * 1000;
  return {
    cpuMs: Number.isFinite(cpu) && cpu >= 0 ? cpu : null,
    peakKiB: Number.isFinite(peak) && peak > 0 ? peak : null,
  };
}

/**
 * Runs a command once and measures its wall time and, through GNU time when present, its CPU
 * time and peak memory. Output is piped and read in full: GNU grep stops at the first match when its output is
 * /dev/null, which would flatter it.
 */
export async function runOnce(line: CommandLine): Promise<RunSample> {
  const timeFile = hasGnuTime() ? Deno.makeTempFileSync() : null;
  const [program, programArgs] = timeFile === null
    ? [line.command, line.args]
    : [GNU_TIME, ["-f", GNU_TIME_FORMAT, "-o", timeFile, line.command, ...line.args]];
  const started = performance.now();
  const output = await new Deno.Command(program, {
    args: programArgs,
    cwd: line.cwd,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const wallMs = performance.now() - started;
  let measured: Pick<RunSample, "cpuMs" | "peakKiB"> = { cpuMs: null, peakKiB: null };
  if (timeFile !== null) {
    measured = parseGnuTime(Deno.readTextFileSync(timeFile));
    Deno.removeSync(timeFile);
  }
  const decoder = new TextDecoder();
  return {
    wallMs,
    ...measured,
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/**
 * One warm-up round, then `rounds` timed ones; each round runs every command once, in the order
 * given, so load from elsewhere falls on all of them alike. Throws when a run fails.
 */
export async function interleave(
  commands: Record<string, CommandLine>,
  rounds: number,
  log: (line: string) => void,
): Promise<RoundsResult> {
  const labels = Object.keys(commands);
  const round = async () => {
    const samples: Record<string, RunSample> = {};
    for (const label of labels) {
      commands[label].before?.();
      const sample = await runOnce(commands[label]);
      if (sample.code !== 0) {
        throw new Error(`${label} failed (exit ${sample.code}): ${sample.stderr.slice(0, 800)}`);
      }
      samples[label] = sample;
    }
    return samples;
  };
  const warmUp = await round();
  const timed: Record<string, RunSample>[] = [];
  for (let i = 0; i < rounds; i++) {
    timed.push(await round());
    log(`  round ${i + 1}/${rounds}`);
  }
  return { labels, warmUp, rounds: timed };
}
