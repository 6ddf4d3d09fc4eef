import { ValidationError, type Clock, type EngineName } from '@hangar/core';
import { detectEngines, installHint, type EngineCommandRunner, type EngineInfo } from '@hangar/engines';

const CACHE_MS = 30_000;

/** Which engines this node has (PATH, configured paths, venvs), cached briefly. */
export class EnginesService {
  private cached: { at: number; engines: EngineInfo[] } | null = null;

  constructor(
    private readonly options: {
      run: EngineCommandRunner;
      env: Readonly<Record<string, string | undefined>>;
      paths: Partial<Record<EngineName, string>>;
      nodeEntries: Partial<Record<'llama-cpp' | 'simulator', string>>;
      clock: Clock;
    },
  ) {}

  async list(): Promise<EngineInfo[]> {
    const now = this.options.clock.now();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.engines;
    const engines = await detectEngines({
      run: this.options.run,
      env: this.options.env,
      paths: this.options.paths,
      nodeEntries: this.options.nodeEntries,
    });
    this.cached = { at: now, engines };
    return engines;
  }

  /** The engine's executable; a deployment on an engine that is not here fails early, saying how to install it. */
  async require(engine: EngineName): Promise<EngineInfo> {
    const info = (await this.list()).find((candidate) => candidate.engine === engine);
    if (!info?.installed) {
      throw new ValidationError(
        info?.installHint ?? installHint(engine),
        { engine, problem: info?.problem ?? null },
        'engine_not_installed',
      );
    }
    return info;
  }
}
