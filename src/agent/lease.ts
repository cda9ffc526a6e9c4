import { hostname } from 'node:os';

/** An owner name that says where the executor runs: `host/pid/id`. */
export function leaseOwner(id: string): string {
  return `${hostname()}/${process.pid}/${id}`;
}

/**
 * Whether the executor that holds a lease still runs: on this host its process is asked
 * (signal 0); an owner on another host is taken to be alive until its lease expires.
 */
export function ownerAlive(owner: string): boolean {
  const [host, pid] = owner.split('/');
  if (host !== hostname()) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
