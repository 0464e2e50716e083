// Preloaded with `node --import ./bench/rusage.mjs …` so a command is measured exactly as a user
// runs it: on exit, the process's own wall time, CPU time (user + system, every thread, render
// workers included) and peak RSS go as one JSON line to the file named by BENCH_RUSAGE.
//
// On Linux it also splits the CPU time by thread (from /proc/self/task, sampled every 100 ms):
// the main thread, the threads that existed before the program started (V8's GC and compiler
// helpers) and the threads started later (worker threads, libuv's file-system pool). The main
// thread's share bounds how busy two cores can be: with 70 % of the CPU on one thread, CPU/wall
// cannot pass 1/0.7 ≈ 1.4 however idle the machine is.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const file = process.env.BENCH_RUSAGE;
const TICK_MS = 10; // Linux USER_HZ is 100 on every mainstream build

function threadTicks() {
  const ticks = new Map();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks.set(tid, Number(fields[11]) + Number(fields[12])); // utime + stime
      } catch {
        // the thread ended between listing and reading
      }
    }
  } catch {
    return undefined; // not Linux
  }
  return ticks;
}

if (file) {
  const early = new Set(threadTicks()?.keys() ?? []);
  const last = new Map();
  const sample = () => {
    for (const [tid, t] of threadTicks() ?? []) last.set(tid, t);
  };
  if (early.size > 0) setInterval(sample, 100).unref();
  process.on('exit', () => {
    const usage = process.resourceUsage();
    sample();
    const main = String(process.pid);
    // busiestMs: the one thread (main or a worker) with the most CPU time; no number of cores
    // brings the wall time below it.
    const threads = { mainMs: 0, helpersMs: 0, laterMs: 0, busiestMs: 0 };
    for (const [tid, t] of last) {
      if (tid === main) threads.mainMs += t * TICK_MS;
      else if (early.has(tid)) threads.helpersMs += t * TICK_MS;
      else threads.laterMs += t * TICK_MS;
      if (!early.has(tid) || tid === main) threads.busiestMs = Math.max(threads.busiestMs, t * TICK_MS);
    }
    writeFileSync(
      file,
      JSON.stringify({
        wallMs: process.uptime() * 1000,
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
        userMs: usage.userCPUTime / 1000,
        sysMs: usage.systemCPUTime / 1000,
        maxRssKb: usage.maxRSS,
        ...(last.size > 0 ? { threads } : {}),
      }),
    );
  });
}
