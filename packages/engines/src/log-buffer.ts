/** Keeps the last `capacity` lines of a process's output; splits chunks into lines. */
export class LogBuffer {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly capacity = 500) {}

  /** Appends a chunk; returns the complete lines it finished. */
  append(chunk: string): string[] {
    const text = this.partial + chunk;
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.push(line);
    return parts;
  }

  /** Adds a line of Hangar's own (e.g. "exited with code 1"). */
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  tail(count: number): string[] {
    const all = this.partial ? [...this.lines, this.partial] : this.lines;
    return all.slice(Math.max(0, all.length - count));
  }
}
