import { readFileSync } from 'node:fs';

/** Sends `signal` to the whole process group led by `pid` (engines are spawned detached, as group leaders). */
export function killProcessGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` is a live process; a zombie (exited, not yet reaped by its parent or init) counts as dead. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..." where S is the state; comm may contain spaces, so split after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * Whether `pid` is still the engine process Hangar started for `instanceId` (pids are reused): Hangar puts
 * `HANGAR_INSTANCE_ID` into every engine's environment, and this reads it back from /proc.
 */
export function isInstanceProcess(pid: number, instanceId: string): boolean {
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    return environ.split('\0').includes(`HANGAR_INSTANCE_ID=${instanceId}`);
  } catch {
    return false;
  }
}
