import fs from 'node:fs/promises';

/** Linux only: the processes whose command line contains `marker`, with all their descendants. */
export async function processTree(marker: string): Promise<number[]> {
  const entries = (await fs.readdir('/proc')).filter((e) => /^\d+$/.test(e)).map(Number);
  const parentOf = new Map<number, number>();
  const roots: number[] = [];
  await Promise.all(
    entries.map(async (pid) => {
      try {
        const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
        // The command name may hold spaces and parentheses: fields start after the last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parentOf.set(pid, Number(fields[1]));
        const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
        if (cmdline.includes(marker)) roots.push(pid);
      } catch {
        // The process ended while we looked.
      }
    }),
  );
  const tree = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parentOf) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree];
}

/**
 * Memory of those processes in bytes: `rss` counts shared pages once per process (overstates a
 * multi-process browser), `pss` shares them out (the fair figure; from smaps_rollup).
 */
export async function memoryOf(pids: number[]): Promise<{ rss: number; pss: number }> {
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    try {
      const rollup = await fs.readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      pss += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
    } catch {
      // gone
    }
  }
  return { rss, pss };
}
