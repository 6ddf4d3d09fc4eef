import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { errorMessage, type Clock } from '@hangar/core';
import type { Logger } from '@hangar/observability';
import { restartDelayMs } from './backoff.js';
import type { LaunchSpec } from './launch-spec.js';
import { LogBuffer } from './log-buffer.js';
import { killProcessGroup } from './process-group.js';

export type SupervisedState = 'starting' | 'ready' | 'failed' | 'stopping' | 'stopped';

export interface InstanceStatus {
  instanceId: string;
  state: SupervisedState;
  pid: number | null;
  port: number | null;
  restarts: number;
  startedAt: number | null;
  readyAt: number | null;
  lastError: string | null;
  needsReasoningSplit: boolean;
  /** Where the engine's metrics are, from its launch spec. */
  metrics: LaunchSpec['metrics'] | null;
  engine: LaunchSpec['engine'] | null;
}

/** Events in the fixed vocabulary: instance-start, instance-ready, instance-exit, instance-restart, instance-stop. */
export interface SupervisorEvent {
  type:
    | 'instance-start'
    | 'instance-ready'
    | 'instance-exit'
    | 'instance-restart'
    | 'instance-unhealthy'
    | 'instance-stop';
  message: string;
}

export interface SupervisorOptions {
  logger: Logger;
  clock: Clock;
  logsDir: string;
  /** Environment every engine inherits (the composition root passes the server's own). */
  baseEnv: Readonly<Record<string, string | undefined>>;
  onStatus: (status: InstanceStatus, event: SupervisorEvent | null) => void;
  healthPollMs?: number;
  livenessPollMs?: number;
  /** Consecutive liveness failures before a ready instance is restarted. */
  livenessFailures?: number;
  stopGraceMs?: number;
  /** A ready instance that stays up this long resets its backoff. */
  stableAfterMs?: number;
}

/** Builds a fresh launch spec each (re)start, so a restart can get a new port. */
export type LaunchFactory = () => Promise<LaunchSpec>;

interface Managed {
  status: InstanceStatus;
  launch: LaunchFactory;
  release: (spec: LaunchSpec) => void;
  child: ChildProcess | null;
  spec: LaunchSpec | null;
  logs: LogBuffer;
  logFile: WriteStream | null;
  consecutiveFailures: number;
  timers: Set<NodeJS.Timeout>;
  exited: Promise<void> | null;
  generation: number;
  /** Set while waiting for readiness: cuts the current poll interval short. */
  wakeReadinessCheck?: (() => void) | undefined;
}

/**
 * Runs engine processes: spawns each as the leader of its own process group, waits for its health check,
 * restarts it with backoff when it dies or stops answering, keeps its last log lines, and kills the whole group
 * on stop.
 */
export class Supervisor {
  private readonly managed = new Map<string, Managed>();
  private readonly logger: Logger;

  constructor(private readonly options: SupervisorOptions) {
    this.logger = options.logger.child({ scope: 'supervisor' });
    mkdirSync(options.logsDir, { recursive: true });
  }

  /** Starts supervising an instance; `release` is called with each spec whose process is gone (frees its port). */
  start(instanceId: string, launch: LaunchFactory, release: (spec: LaunchSpec) => void, restarts = 0): void {
    if (this.managed.has(instanceId)) return;
    const managed: Managed = {
      status: {
        instanceId,
        state: 'starting',
        pid: null,
        port: null,
        restarts,
        startedAt: null,
        readyAt: null,
        lastError: null,
        needsReasoningSplit: false,
        metrics: null,
        engine: null,
      },
      launch,
      release,
      child: null,
      spec: null,
      logs: new LogBuffer(),
      logFile: null,
      consecutiveFailures: 0,
      timers: new Set(),
      exited: null,
      generation: 0,
    };
    this.managed.set(instanceId, managed);
    void this.spawnInstance(managed);
  }

  supervisedIds(): string[] {
    return [...this.managed.keys()];
  }

  statuses(): InstanceStatus[] {
    return [...this.managed.values()].map((managed) => ({ ...managed.status }));
  }

  isSupervised(instanceId: string): boolean {
    return this.managed.has(instanceId);
  }

  status(instanceId: string): InstanceStatus | undefined {
    return this.managed.get(instanceId)?.status;
  }

  /** Last log lines: from memory while supervised, else from the instance's log file. */
  logs(instanceId: string, tail: number): string[] {
    const managed = this.managed.get(instanceId);
    if (managed) return managed.logs.tail(tail);
    try {
      const lines = readFileSync(this.logPath(instanceId), 'utf8').split('\n');
      if (lines.at(-1) === '') lines.pop();
      return lines.slice(Math.max(0, lines.length - tail));
    } catch {
      return [];
    }
  }

  /** Stops an instance: SIGTERM to its process group, SIGKILL after the grace period. */
  async stop(instanceId: string): Promise<void> {
    const managed = this.managed.get(instanceId);
    if (!managed) return;
    managed.generation++;
    for (const timer of managed.timers) clearTimeout(timer);
    managed.timers.clear();
    this.setState(managed, 'stopping', null);
    await this.terminate(managed);
    this.setState(managed, 'stopped', { type: 'instance-stop', message: 'Instance stopped' });
    managed.logFile?.end();
    this.managed.delete(instanceId);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.managed.keys()].map((id) => this.stop(id)));
  }

  close(): Promise<void> {
    return this.stopAll();
  }

  private logPath(instanceId: string): string {
    return join(this.options.logsDir, `${instanceId}.log`);
  }

  private async spawnInstance(managed: Managed): Promise<void> {
    const generation = managed.generation;
    let spec: LaunchSpec;
    try {
      spec = await managed.launch();
    } catch (error) {
      this.fail(managed, `Could not prepare the engine: ${errorMessage(error)}`);
      return;
    }
    if (generation !== managed.generation) {
      managed.release(spec);
      return;
    }
    managed.spec = spec;
    try {
      writeLaunchFiles(spec);
    } catch (error) {
      managed.release(spec);
      this.fail(managed, `Could not write the engine's files: ${errorMessage(error)}`);
      return;
    }
    managed.logFile ??= createWriteStream(this.logPath(managed.status.instanceId), { flags: 'a' });
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...this.options.baseEnv, ...spec.env, HANGAR_INSTANCE_ID: managed.status.instanceId },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    managed.child = child;
    const onOutput = (chunk: Buffer): void => {
      // While starting, engine output (e.g. "model loaded") is a good moment to check readiness again.
      managed.wakeReadinessCheck?.();
      managed.logs.append(chunk.toString('utf8'));
      managed.logFile?.write(chunk);
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    managed.exited = new Promise((resolve) => child.once('close', () => resolve()));
    child.once('error', (error) => this.onExit(managed, child, null, null, error));
    child.once('exit', (code, signal) => this.onExit(managed, child, code, signal, null));
    Object.assign(managed.status, {
      pid: child.pid ?? null,
      port: spec.port,
      startedAt: this.options.clock.now(),
      readyAt: null,
      needsReasoningSplit: spec.needsReasoningSplit,
      metrics: spec.metrics ?? null,
      engine: spec.engine ?? null,
    });
    this.setState(managed, 'starting', {
      type: 'instance-start',
      message: `Started ${spec.command} (pid ${child.pid ?? '?'}) on port ${spec.port}`,
    });
    void this.waitUntilReady(managed, child, spec, generation);
  }

  private async waitUntilReady(
    managed: Managed,
    child: ChildProcess,
    spec: LaunchSpec,
    generation: number,
  ): Promise<void> {
    const deadline = this.options.clock.now() + spec.startTimeoutMs;
    const pollMs = this.options.healthPollMs ?? 100;
    while (generation === managed.generation && managed.child === child && child.exitCode === null) {
      if (spec.readiness === 'process' || (await this.isReady(spec))) {
        managed.status.readyAt = this.options.clock.now();
        this.setState(managed, 'ready', { type: 'instance-ready', message: `Ready on port ${spec.port}` });
        this.watchLiveness(managed, child, spec, generation);
        return;
      }
      if (this.options.clock.now() > deadline) {
        managed.logs.push(`[hangar] not ready after ${spec.startTimeoutMs} ms: restarting`);
        killProcessGroup(child.pid ?? 0, 'SIGKILL');
        return;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        managed.timers.add(timer);
        function done(): void {
          clearTimeout(timer);
          managed.timers.delete(timer);
          managed.wakeReadinessCheck = undefined;
          resolve();
        }
        managed.wakeReadinessCheck = done;
      });
    }
    managed.wakeReadinessCheck = undefined;
  }

  private watchLiveness(managed: Managed, child: ChildProcess, spec: LaunchSpec, generation: number): void {
    const pollMs = this.options.livenessPollMs ?? 5000;
    const allowed = this.options.livenessFailures ?? 3;
    let failures = 0;
    const tick = async (): Promise<void> => {
      if (generation !== managed.generation || managed.child !== child || child.exitCode !== null) return;
      if (
        managed.status.readyAt !== null &&
        this.options.clock.now() - managed.status.readyAt > (this.options.stableAfterMs ?? 60_000)
      ) {
        managed.consecutiveFailures = 0;
      }
      failures = (await this.isHealthy(spec)) ? 0 : failures + 1;
      if (failures >= allowed) {
        this.emit(managed, {
          type: 'instance-unhealthy',
          message: `No answer to ${allowed} health checks: restarting`,
        });
        killProcessGroup(child.pid ?? 0, 'SIGKILL');
        return;
      }
      this.schedule(managed, pollMs, tick);
    };
    this.schedule(managed, pollMs, tick);
  }

  /** Health plus the engine's extra readiness paths (vLLM: `/v1/models`). */
  private async isReady(spec: LaunchSpec): Promise<boolean> {
    for (const path of [spec.healthPath, ...(spec.readinessPaths ?? [])]) {
      if (!(await this.isHealthy(spec, path))) return false;
    }
    return true;
  }

  private async isHealthy(spec: LaunchSpec, path = spec.healthPath): Promise<boolean> {
    if (spec.readiness === 'process') return true;
    try {
      const response = await fetch(`http://127.0.0.1:${spec.port}${path}`, {
        signal: AbortSignal.timeout(2000),
      });
      await response.body?.cancel();
      return response.status === 200;
    } catch {
      return false;
    }
  }

  private onExit(
    managed: Managed,
    child: ChildProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
    error: Error | null,
  ): void {
    if (managed.child !== child) return;
    managed.child = null;
    if (managed.spec) managed.release(managed.spec);
    // The group may still hold helpers the engine started.
    if (child.pid !== undefined) killProcessGroup(child.pid, 'SIGKILL');
    if (managed.status.state === 'stopping' || managed.status.state === 'stopped') return;
    const how = error
      ? `could not start: ${error.message}`
      : signal
        ? `was killed by ${signal}`
        : `exited with code ${code}`;
    const generation = managed.generation;
    // 'exit' can come before the last output is read from the pipes: wait for them (bounded) before explaining.
    const drained = new Promise<void>((resolve) => setTimeout(resolve, 250).unref());
    void Promise.race([managed.exited ?? Promise.resolve(), drained]).then(() => {
      if (generation !== managed.generation || managed.child !== null) return;
      const lastLines = managed.logs.tail(3).join(' | ');
      const explanation = managed.spec?.explainFailure?.(managed.logs.tail(200)) ?? null;
      const what = explanation ? `Engine ${how}: ${explanation}` : `Engine ${how}`;
      managed.logs.push(`[hangar] engine ${how}`);
      this.emit(managed, {
        type: 'instance-exit',
        message: `${what}${lastLines ? `; last output: ${lastLines}` : ''}`,
      });
      this.fail(managed, what);
    });
  }

  private fail(managed: Managed, reason: string): void {
    managed.consecutiveFailures++;
    managed.status.lastError = reason;
    managed.status.pid = null;
    this.setState(managed, 'failed', null);
    const delayMs = restartDelayMs(managed.consecutiveFailures);
    const generation = managed.generation;
    this.schedule(managed, delayMs, () => {
      if (generation !== managed.generation) return;
      managed.status.restarts++;
      this.emit(managed, {
        type: 'instance-restart',
        message: `Restarting (restart ${managed.status.restarts}) after ${delayMs} ms`,
      });
      void this.spawnInstance(managed);
    });
  }

  private async terminate(managed: Managed): Promise<void> {
    const child = managed.child;
    if (!child || child.pid === undefined) return;
    killProcessGroup(child.pid, 'SIGTERM');
    const grace = this.options.stopGraceMs ?? 5000;
    const killed = await Promise.race([
      (managed.exited ?? Promise.resolve()).then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), grace).unref()),
    ]);
    if (killed) {
      this.logger.warn({ instanceId: managed.status.instanceId, graceMs: grace }, 'instance-kill');
      killProcessGroup(child.pid, 'SIGKILL');
      await managed.exited;
    }
    // Helpers left in the group after the leader exited.
    killProcessGroup(child.pid, 'SIGKILL');
    if (managed.spec) managed.release(managed.spec);
    managed.child = null;
  }

  private setState(managed: Managed, state: SupervisedState, event: SupervisorEvent | null): void {
    managed.status.state = state;
    if (event) this.logger.info({ instanceId: managed.status.instanceId, event: event.type }, event.message);
    this.options.onStatus({ ...managed.status }, event);
  }

  private emit(managed: Managed, event: SupervisorEvent): void {
    this.logger.info({ instanceId: managed.status.instanceId, event: event.type }, event.message);
    this.options.onStatus({ ...managed.status }, event);
  }

  private schedule(managed: Managed, delayMs: number, work: () => void | Promise<void>): void {
    const timer = setTimeout(() => {
      managed.timers.delete(timer);
      void work();
    }, delayMs);
    managed.timers.add(timer);
  }
}

/** Writes an engine's config files (MindIE's config.json) and creates its working directory. */
function writeLaunchFiles(spec: LaunchSpec): void {
  if (spec.cwd !== undefined) mkdirSync(spec.cwd, { recursive: true });
  for (const file of spec.files ?? []) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.content);
  }
}
