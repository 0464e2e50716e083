// Preloaded with `node --import ./bench/rusage.mjs …` so a command is measured exactly as a user
// runs it: on exit, the process's own wall time, CPU time (user + system, every thread, render
// workers included) and peak RSS go as one JSON line to the file named by BENCH_RUSAGE.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RUSAGE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({
        wallMs: process.uptime() * 1000,
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
        userMs: usage.userCPUTime / 1000,
        sysMs: usage.systemCPUTime / 1000,
        maxRssKb: usage.maxRSS,
      }),
    );
  });
}
