// One process of file-mutex.test.ts's race: it takes the mutex again and again, checks that no other
// process is inside at the same time, and between takes leaves behind a holder that "died" holding
// the mutex (a file naming an ended process), so that many processes remove dead holders at once,
// and sometimes also a remover of that holder that died while removing it.

import { randomBytes } from "node:crypto";
import { closeSync, openSync, unlinkSync, writeSync } from "node:fs";
import { takeFileMutex } from "./file-mutex.js";

const [file = "", rounds = "0", deadPid = "0"] = process.argv.slice(2);
let overlaps = 0;

function createExclusive(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch {
    return false;
  }
  writeSync(fd, text);
  closeSync(fd);
  return true;
}

for (let round = 0; round < Number(rounds); round++) {
  if (Math.random() < 0.5) {
    const take = randomBytes(6).toString("base64url");
    const dead = (id: string) => JSON.stringify({ pid: Number(deadPid), take: id });
    // The remover first: once the holder exists, live processes may remove it and its remover.
    const remover = Math.random() < 0.25 && createExclusive(`${file}.lock~${take}`, dead("remover"));
    if (!createExclusive(`${file}.lock`, dead(take)) && remover) unlinkSync(`${file}.lock~${take}`);
  }
  const release = await takeFileMutex(file);
  if (!createExclusive(`${file}.inside`, String(process.pid))) overlaps++;
  const until = performance.now() + Math.random() * 0.5;
  while (performance.now() < until);
  try {
    unlinkSync(`${file}.inside`);
  } catch {
    // The other process inside removed it.
  }
  release();
}
process.stdout.write(JSON.stringify({ overlaps }));
